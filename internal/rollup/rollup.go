// Package rollup sees a group and its subsidiaries as one (issue 16, point
// 3): the three layers of each member and of the group as a whole, and the
// gaps only a group view shows: a subsidiary with no executive pairing, a
// subsidiary (a province) whose every covered key contact is known by one
// person of ours only, a subsidiary whose key contacts nobody covers.
package rollup

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/layers"
	"rapport/internal/roster"
	"rapport/internal/semijoin"
)

// MaxDepth bounds the subsidiary tree a view reads: a group, its
// provinces, their cities and one level below.
const MaxDepth = 3

// GapKind names a gap of the group view.
type GapKind string

const (
	// NoExecutivePairing: a member with no active executive pairing.
	NoExecutivePairing GapKind = "NO_EXECUTIVE_PAIRING"
	// SingleThreaded: a member whose key contacts are all known by one
	// person of ours at most, and at least one is known.
	SingleThreaded GapKind = "KEY_CONTACTS_SINGLE_THREADED"
	// Uncovered: a member with key contacts and none of them covered.
	Uncovered GapKind = "KEY_CONTACTS_UNCOVERED"
)

// Member is the group account or one of its subsidiaries.
type Member struct {
	Account   *ent.Account
	AccountID int
	ParentID  int // 0 for the group
	Depth     int // 0 for the group
	Name      string
	Revenue   float64
	Layers    *layers.Layers
	Pairings  int
	// KeyContacts are the active decision makers and economic buyers;
	// KeyCovered those with any coverage by an active team member;
	// SingleThreaded those covered by exactly one.
	KeyContacts    int
	KeyCovered     int
	SingleThreaded int
}

// Gap is a gap of the group view, on one member.
type Gap struct {
	Kind        GapKind
	Account     *ent.Account
	AccountID   int
	Explanation string
}

// View is a group seen as one.
type View struct {
	Members []*Member
	// Layers of the group as one: every member's stakeholders (a person
	// counted at several members once), open decision chains, engagements
	// and pairings together.
	Layers *layers.Layers
	Gaps   []Gap
	// GroupHealth is the members' health weighted by annual revenue, set
	// by the caller, who knows where health is kept (package graph reads
	// the maintained portfolio).
	GroupHealth int
}

// Load reads the views of several groups at once through the caller's
// client (subsidiaries the viewer may not read are not members); a root
// with no readable subsidiary has no view. Statements do not grow with the
// groups: one per tree level, then a fixed number per chunk.Size accounts.
func Load(ctx context.Context, client *ent.Client, rootIDs []int, now time.Time) (map[int]*View, error) {
	trees, accounts, err := forest(ctx, client, rootIDs)
	if err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(accounts))
	for id := range accounts {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	inputs, err := chunk.Map(ids, chunk.Size, func(part []int) (map[int]*layers.Input, error) {
		return layers.LoadInputs(ctx, client, part, now)
	})
	if err != nil {
		return nil, fmt.Errorf("rollup: layers of %d accounts: %w", len(ids), err)
	}
	threads, err := keyThreads(ctx, client, ids)
	if err != nil {
		return nil, fmt.Errorf("rollup: key contacts' coverage of %d accounts: %w", len(ids), err)
	}
	out := make(map[int]*View, len(trees))
	for root, members := range trees {
		if len(members) < 2 {
			continue
		}
		var all layers.Input
		people := map[int]int{} // contact -> index in all.Contacts
		for _, m := range members {
			in := inputs[m.AccountID]
			if in == nil {
				in = &layers.Input{}
			}
			measure(m, in, threads, now)
			all.Contacts = addPeople(all.Contacts, people, in.Contacts)
			all.Links = append(all.Links, in.Links...)
			all.Pairings = append(all.Pairings, in.Pairings...)
			all.ActiveEngagements += in.ActiveEngagements
			if in.Since != nil && (all.Since == nil || in.Since.Before(*all.Since)) {
				all.Since = in.Since
			}
		}
		v := &View{Members: members, Layers: layers.Compute(all, now)}
		for _, m := range members {
			v.Gaps = append(v.Gaps, gapsOf(m)...)
		}
		out[root] = v
	}
	return out, nil
}

// addPeople adds a member's stakeholders to the group's: a person counted
// at several members (at home and where they hold a role, issue 16 point
// 7) is one stakeholder of the group, a decision maker or economic buyer
// of the group when they are one at any member (decision 0012).
func addPeople(all []layers.Contact, at map[int]int, cs []layers.Contact) []layers.Contact {
	for _, c := range cs {
		i, ok := at[c.ID]
		if !ok {
			at[c.ID] = len(all)
			all = append(all, c)
			continue
		}
		if isKey(c.DecisionRole) && !isKey(all[i].DecisionRole) {
			all[i].DecisionRole = c.DecisionRole
		}
	}
	return all
}

func isKey(r domain.DecisionRole) bool {
	return r == domain.RoleDecisionMaker || r == domain.RoleEconomicBuyer
}

// measure fills a member's layers and key-contact counts.
func measure(m *Member, in *layers.Input, threads map[int]int, now time.Time) {
	m.Layers = layers.Compute(*in, now)
	m.Pairings = len(in.Pairings)
	for _, c := range in.Contacts {
		if !isKey(c.DecisionRole) {
			continue
		}
		m.KeyContacts++
		switch n := threads[c.ID]; {
		case n == 1:
			m.KeyCovered++
			m.SingleThreaded++
		case n > 1:
			m.KeyCovered++
		}
	}
}

// gapsOf lists a member's group gaps, worst first.
func gapsOf(m *Member) []Gap {
	var out []Gap
	if m.KeyContacts > 0 && m.KeyCovered == 0 {
		out = append(out, Gap{Uncovered, m.Account, m.AccountID,
			fmt.Sprintf("None of the %d key contacts of %s is covered by our team.", m.KeyContacts, m.Name)})
	}
	if m.KeyCovered > 0 && m.SingleThreaded == m.KeyCovered {
		out = append(out, Gap{SingleThreaded, m.Account, m.AccountID,
			fmt.Sprintf("Every covered key contact of %s (%d of %d) is known by one person of ours only.", m.Name, m.KeyCovered, m.KeyContacts)})
	}
	if m.Pairings == 0 {
		out = append(out, Gap{NoExecutivePairing, m.Account, m.AccountID,
			fmt.Sprintf("%s has no executive pairing.", m.Name)})
	}
	return out
}

// forest reads each root and its subsidiaries, level by level for all
// roots at once: per root its members, the root first, then by depth and
// name; and every account read.
func forest(ctx context.Context, client *ent.Client, rootIDs []int) (map[int][]*Member, map[int]*ent.Account, error) {
	roots, err := chunk.Load(rootIDs, func(part []int) ([]*ent.Account, error) {
		return client.Account.Query().Where(account.IDIn(part...)).All(ctx)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rollup: groups: %w", err)
	}
	accounts := map[int]*ent.Account{}
	children := map[int][]*ent.Account{}
	for _, a := range roots {
		accounts[a.ID] = a
	}
	frontier := make([]int, 0, len(roots))
	for _, a := range roots {
		frontier = append(frontier, a.ID)
	}
	expanded := map[int]bool{}
	for depth := 1; depth <= MaxDepth && len(frontier) > 0; depth++ {
		var next []int
		todo := frontier[:0:0]
		for _, id := range frontier {
			if !expanded[id] {
				expanded[id] = true
				todo = append(todo, id)
			}
		}
		subs, err := chunk.Load(todo, func(part []int) ([]*ent.Account, error) {
			return client.Account.Query().Where(account.ParentIDIn(part...)).All(ctx)
		})
		if err != nil {
			return nil, nil, fmt.Errorf("rollup: subsidiaries at depth %d: %w", depth, err)
		}
		for _, s := range subs {
			accounts[s.ID] = s
			children[*s.ParentID] = append(children[*s.ParentID], s)
			next = append(next, s.ID)
		}
		frontier = next
	}
	trees := make(map[int][]*Member, len(roots))
	for _, root := range roots {
		members := []*Member{member(root, 0)}
		seen := map[int]bool{root.ID: true}
		level := []*ent.Account{root}
		for depth := 1; depth <= MaxDepth && len(level) > 0; depth++ {
			var below []*ent.Account
			for _, a := range level {
				below = append(below, children[a.ID]...)
			}
			sort.Slice(below, func(i, j int) bool { return below[i].Name < below[j].Name })
			level = level[:0:0]
			for _, s := range below {
				if seen[s.ID] { // a cycle written around the store's checks
					continue
				}
				seen[s.ID] = true
				members = append(members, member(s, depth))
				level = append(level, s)
			}
		}
		trees[root.ID] = members
	}
	return trees, accounts, nil
}

func member(a *ent.Account, depth int) *Member {
	parent := 0
	if a.ParentID != nil {
		parent = *a.ParentID
	}
	return &Member{Account: a, AccountID: a.ID, ParentID: parent, Depth: depth, Name: a.Name, Revenue: a.AnnualRevenue}
}

// keyThreads counts, per active key contact of the accounts, the active
// team members covering them: the accounts' own decision makers and
// economic buyers, and the holders of a role with one of those decision
// roles there (issue 16 point 7). Coverage is the person's, so a person key
// at two accounts has one count.
func keyThreads(ctx context.Context, client *ent.Client, accountIDs []int) (map[int]int, error) {
	keyRoles := []domain.DecisionRole{domain.RoleDecisionMaker, domain.RoleEconomicBuyer}
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]int, error) {
		out := map[int]int{}
		// Two index-friendly statements rather than one OR.
		for _, key := range []predicate.Contact{
			contact.And(contact.AccountIDIn(part...), contact.DecisionRoleIn(keyRoles...)),
			roster.Holding(part, keyRoles...),
		} {
			var rows []struct {
				ContactID int `json:"contact_id"`
				Count     int `json:"count"`
			}
			err := client.Coverage.Query().
				Where(coverage.StrengthGT(0),
					coverage.HasTeamMemberWith(teammember.Active(true)),
					predicate.Coverage(semijoin.In(coverage.FieldContactID, contact.Table, key, contact.StatusEQ(contact.StatusACTIVE)))).
				GroupBy(coverage.FieldContactID).Aggregate(ent.Count()).Scan(ctx, &rows)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				out[r.ContactID] = r.Count
			}
		}
		return out, nil
	})
}

// Values lists the gap kinds, as the schema's enum GroupGapKind.
func (GapKind) Values() []string {
	return []string{string(Uncovered), string(SingleThreaded), string(NoExecutivePairing)}
}

// MarshalGQL implements graphql.Marshaler.
func (k GapKind) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *GapKind) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "GroupGapKind", k.Values(), (*string)(k))
}

// WeightedHealth is the members' health scores weighted by their annual
// revenue, or their plain mean when none records any revenue; members with
// no score (none read) do not count.
func WeightedHealth(members []*Member, score func(accountID int) (int, bool)) int {
	var sum, weights, plain float64
	n := 0
	for _, m := range members {
		s, ok := score(m.AccountID)
		if !ok {
			continue
		}
		n++
		plain += float64(s)
		if m.Revenue > 0 {
			sum += m.Revenue * float64(s)
			weights += m.Revenue
		}
	}
	switch {
	case weights > 0:
		return int(math.Round(sum / weights))
	case n > 0:
		return int(math.Round(plain / float64(n)))
	}
	return 0
}
