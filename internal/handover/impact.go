// Package handover answers what a team member's rotation would do to the
// relationships (issue 16, point 4): every contact who would be left
// uncovered, weakly covered or single-threaded, the open decision chains
// and account plans that name them, and who could take each one over.
package handover

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"

	"rapport/ent"
	"rapport/ent/accountplan"
	"rapport/ent/contact"
	"rapport/ent/contactrole"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/layers"
	"rapport/internal/roster"
	"rapport/internal/semijoin"
)

// Risk is what a contact's coverage becomes without the team member.
type Risk string

const (
	// Uncovered: nobody else of ours knows them.
	Uncovered Risk = "UNCOVERED"
	// Weak: others know them, none at working strength.
	Weak Risk = "WEAK"
	// SingleThreaded: one other person of ours knows them.
	SingleThreaded Risk = "SINGLE_THREADED"
)

// Suggestions bounds the account-team successors suggested per contact.
const Suggestions = 3

// Cover is one of our team members and how well they know a contact (for
// the account team: how many of the account's people they cover).
type Cover struct {
	TeamMember *ent.TeamMember
	Strength   int
	Contacts   int
}

// ContactImpact is a contact the rotation puts at risk.
type ContactImpact struct {
	Contact *ent.Contact
	// Strength is the leaving member's coverage of them.
	Strength int
	Risk     Risk
	// Others are our other active team members who cover them, strongest
	// first: the first successors to ask.
	Others []Cover
	// AccountTeam are other members covering the most people of the
	// contact's account, or of an account where the contact holds a role
	// (issue 16 point 7), who do not cover them yet.
	AccountTeam []Cover
}

// Impact is what a rotation of TeamMember puts at risk.
type Impact struct {
	TeamMember *ent.TeamMember
	// Covered counts the contacts the member covers; Contacts lists those at
	// risk, uncovered first, then weak, then single-threaded, by name.
	Covered       int
	Contacts      []*ContactImpact
	Opportunities []*ent.Opportunity
	Plans         []*ent.AccountPlan
}

// Load measures the impact through the caller's client (contacts the
// viewer may not read are left out). Statements do not grow with the
// contacts: a fixed number per chunk.Size of them.
func Load(ctx context.Context, client *ent.Client, memberID int) (*Impact, error) {
	member, err := client.TeamMember.Get(ctx, memberID)
	if err != nil {
		return nil, err
	}
	own, err := client.Coverage.Query().
		Where(coverage.TeamMemberID(memberID), coverage.StrengthGT(0),
			coverage.HasContactWith(contact.StatusEQ(contact.StatusACTIVE))).
		WithContact(func(q *ent.ContactQuery) { q.WithAccount() }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("handover: coverage of member %d: %w", memberID, err)
	}
	out := &Impact{TeamMember: member, Covered: len(own)}
	if len(own) == 0 {
		return out, nil
	}
	ids := make([]int, 0, len(own))
	accounts := map[int]bool{}
	places := map[int][]int{} // contact -> their home account, then where they hold a role
	for _, c := range own {
		ids = append(ids, c.ContactID)
		accounts[c.Edges.Contact.AccountID] = true
		places[c.ContactID] = []int{c.Edges.Contact.AccountID}
	}
	// The accounts where the member's people hold a role (issue 16 point
	// 7): each one's team can take the person over too. One statement, no
	// ID list: the roles of the active people the member covers.
	roles, err := client.ContactRole.Query().
		Where(contactrole.HasContactWith(contact.StatusEQ(contact.StatusACTIVE),
			contact.HasCoveragesWith(coverage.TeamMemberID(memberID), coverage.StrengthGT(0)))).
		Select(contactrole.FieldContactID, contactrole.FieldAccountID).
		Order(ent.Asc(contactrole.FieldAccountID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("handover: roles of member %d's contacts: %w", memberID, err)
	}
	for _, r := range roles {
		if ps, ok := places[r.ContactID]; ok && !slices.Contains(ps, r.AccountID) {
			places[r.ContactID] = append(ps, r.AccountID)
			accounts[r.AccountID] = true
		}
	}
	others, err := chunk.Load(ids, func(part []int) ([]*ent.Coverage, error) {
		return client.Coverage.Query().
			Where(coverage.ContactIDIn(part...), coverage.TeamMemberIDNEQ(memberID), coverage.StrengthGT(0),
				coverage.HasTeamMemberWith(teammember.Active(true))).
			WithTeamMember().All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("handover: other coverage: %w", err)
	}
	byContact := map[int][]Cover{}
	for _, c := range others {
		byContact[c.ContactID] = append(byContact[c.ContactID], Cover{TeamMember: c.Edges.TeamMember, Strength: c.Strength})
	}
	team, err := accountTeams(ctx, client, keys(accounts), memberID)
	if err != nil {
		return nil, err
	}
	var risky []int
	for _, c := range own {
		os := byContact[c.ContactID]
		sort.Slice(os, func(i, j int) bool {
			if os[i].Strength != os[j].Strength {
				return os[i].Strength > os[j].Strength
			}
			return os[i].TeamMember.Name < os[j].TeamMember.Name
		})
		best := 0
		for _, o := range os {
			best = max(best, o.Strength)
		}
		var risk Risk
		switch {
		case len(os) == 0:
			risk = Uncovered
		case best < layers.WorkingStrength:
			risk = Weak
		case len(os) == 1:
			risk = SingleThreaded
		default:
			continue
		}
		covering := map[int]bool{}
		for _, o := range os {
			covering[o.TeamMember.ID] = true
		}
		var suggested []Cover
		for _, m := range teamOf(team, places[c.ContactID]) {
			if !covering[m.TeamMember.ID] && len(suggested) < Suggestions {
				suggested = append(suggested, m)
			}
		}
		out.Contacts = append(out.Contacts, &ContactImpact{Contact: c.Edges.Contact, Strength: c.Strength, Risk: risk, Others: os, AccountTeam: suggested})
		risky = append(risky, c.ContactID)
	}
	order := map[Risk]int{Uncovered: 0, Weak: 1, SingleThreaded: 2}
	sort.Slice(out.Contacts, func(i, j int) bool {
		a, b := out.Contacts[i], out.Contacts[j]
		if order[a.Risk] != order[b.Risk] {
			return order[a.Risk] < order[b.Risk]
		}
		return a.Contact.Name < b.Contact.Name
	})
	if out.Opportunities, err = openChains(ctx, client, risky); err != nil {
		return nil, err
	}
	if out.Plans, err = plansAffected(ctx, client, risky, memberID); err != nil {
		return nil, err
	}
	return out, nil
}

// accountTeams lists, per account, our active members other than the
// leaving one by how many of its active people they cover: its own
// contacts and the holders of a role there (package roster's people).
func accountTeams(ctx context.Context, client *ent.Client, accountIDs []int, leaving int) (map[int][]Cover, error) {
	covered := func(of predicate.Contact) predicate.Coverage {
		return coverage.And(coverage.TeamMemberIDNEQ(leaving), coverage.StrengthGT(0),
			coverage.HasTeamMemberWith(teammember.Active(true)),
			predicate.Coverage(semijoin.In(coverage.FieldContactID, contact.Table, of, contact.StatusEQ(contact.StatusACTIVE))))
	}
	count := map[int]map[int]*Cover{}
	add := func(acc int, c *ent.Coverage) {
		if count[acc] == nil {
			count[acc] = map[int]*Cover{}
		}
		m := count[acc][c.TeamMemberID]
		if m == nil {
			m = &Cover{TeamMember: c.Edges.TeamMember}
			count[acc][c.TeamMemberID] = m
		}
		m.Contacts++
		m.Strength = max(m.Strength, c.Strength)
	}
	for _, part := range chunk.IDs(accountIDs, chunk.Size) {
		covs, err := client.Coverage.Query().Where(covered(contact.AccountIDIn(part...))).
			WithTeamMember().WithContact(func(q *ent.ContactQuery) { q.Select(contact.FieldAccountID) }).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("handover: account teams: %w", err)
		}
		for _, c := range covs {
			add(c.Edges.Contact.AccountID, c)
		}
		// The role holders at the part's accounts, counted at each account
		// of the part where they hold a role.
		roles, err := client.ContactRole.Query().
			Where(contactrole.AccountIDIn(part...), contactrole.HasContactWith(contact.StatusEQ(contact.StatusACTIVE))).
			Select(contactrole.FieldContactID, contactrole.FieldAccountID).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("handover: roles at the accounts: %w", err)
		}
		heldAt := map[int][]int{}
		for _, r := range roles {
			heldAt[r.ContactID] = append(heldAt[r.ContactID], r.AccountID)
		}
		held, err := client.Coverage.Query().Where(covered(roster.Holding(part))).WithTeamMember().All(ctx)
		if err != nil {
			return nil, fmt.Errorf("handover: account teams' role holders: %w", err)
		}
		for _, c := range held {
			for _, acc := range heldAt[c.ContactID] {
				add(acc, c)
			}
		}
	}
	out := make(map[int][]Cover, len(count))
	for acc, ms := range count {
		for _, m := range ms {
			out[acc] = append(out[acc], *m)
		}
		sortTeam(out[acc])
	}
	return out, nil
}

// teamOf merges the teams of a person's accounts (home first, then where
// they hold a role): each member once, with the most people they cover at
// any one of those accounts and their strongest coverage there.
func teamOf(team map[int][]Cover, accounts []int) []Cover {
	if len(accounts) == 1 {
		return team[accounts[0]]
	}
	at := map[int]int{}
	var out []Cover
	for _, acc := range accounts {
		for _, m := range team[acc] {
			i, ok := at[m.TeamMember.ID]
			if !ok {
				at[m.TeamMember.ID] = len(out)
				out = append(out, m)
				continue
			}
			out[i].Contacts = max(out[i].Contacts, m.Contacts)
			out[i].Strength = max(out[i].Strength, m.Strength)
		}
	}
	sortTeam(out)
	return out
}

// sortTeam orders a team by how many people each covers, then by name.
func sortTeam(ms []Cover) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Contacts != b.Contacts {
			return a.Contacts > b.Contacts
		}
		return a.TeamMember.Name < b.TeamMember.Name
	})
}

// openChains lists the open opportunities whose decision chain names one
// of the contacts, by name.
func openChains(ctx context.Context, client *ent.Client, contactIDs []int) ([]*ent.Opportunity, error) {
	if len(contactIDs) == 0 {
		return nil, nil
	}
	opps, err := chunk.Load(contactIDs, func(part []int) ([]*ent.Opportunity, error) {
		return client.Opportunity.Query().
			Where(opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST),
				opportunity.HasChainLinksWith(decisionchainlink.ContactIDIn(part...))).WithAccount().All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("handover: decision chains: %w", err)
	}
	return uniqueSorted(opps, func(o *ent.Opportunity) (int, string) { return o.ID, o.Name }), nil
}

// plansAffected lists the plans whose objectives name one of the contacts
// or whose planned activities the leaving member owns.
func plansAffected(ctx context.Context, client *ent.Client, contactIDs []int, memberID int) ([]*ent.AccountPlan, error) {
	byObjective, err := chunk.Load(contactIDs, func(part []int) ([]*ent.AccountPlan, error) {
		return client.AccountPlan.Query().Where(accountplan.HasObjectivesWith(objective.ContactIDIn(part...))).WithAccount().All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("handover: plans by objective: %w", err)
	}
	byActivity, err := client.AccountPlan.Query().
		Where(accountplan.HasActivitiesWith(interaction.OwnerID(memberID), interaction.StatusEQ(interaction.StatusPLANNED))).WithAccount().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("handover: plans by activity: %w", err)
	}
	return uniqueSorted(append(byObjective, byActivity...), func(p *ent.AccountPlan) (int, string) {
		return p.ID, fmt.Sprintf("%010d/%d", p.AccountID, p.FiscalYear)
	}), nil
}

func uniqueSorted[T any](rows []T, key func(T) (int, string)) []T {
	seen := map[int]bool{}
	var out []T
	for _, r := range rows {
		id, _ := key(r)
		if !seen[id] {
			seen[id] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { _, a := key(out[i]); _, b := key(out[j]); return a < b })
	return out
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// Values lists the risks, as the schema's enum HandoverRisk.
func (Risk) Values() []string {
	return []string{string(Uncovered), string(Weak), string(SingleThreaded)}
}

// MarshalGQL implements graphql.Marshaler.
func (r Risk) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(r)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Risk) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "HandoverRisk", r.Values(), (*string)(r))
}
