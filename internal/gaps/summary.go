package gaps

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/cadence"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/roster"
	"rapport/internal/semijoin"
)

// Brief is a gap without its suggestion: what an accounts list shows.
type Brief struct {
	Kind          domain.GapKind
	Severity      domain.Severity
	Reason        string
	ContactID     int
	OpportunityID int // 0 unless the gap is a decision-chain link's
	// Contact and Opportunity are the rows, when the caller loaded them.
	Contact     *ent.Contact
	Opportunity *ent.Opportunity

	pos int // where Find found it, for ties
}

// Overview is what Find lists, in brief: how many gaps, and the first.
type Overview struct {
	Count int
	Worst *Brief
}

// Summary is an account's gaps taken apart by how they move with time:
// the gaps of every rule but the stale one, counted with the most severe
// of them, and each covered contact's last interaction, so that At gives
// Find's count and first gap for any time and staleDays.
type Summary struct {
	fixed      int
	fixedWorst *Brief
	covered    []coveredContact
	tier       domain.Tier
	policies   []cadence.Policy // the tier's versions: the stale rule's cadence
	// Accounts are the accounts the summary read rows of: the account's
	// own and those of contacts of other accounts in its open decision
	// chains. A viewer who cannot see all of them gets another answer
	// from Find.
	Accounts []int
	// TeamMembers are the team members whose coverage the summary counted.
	TeamMembers []int
	// Homes are the home accounts of the people who hold a role at the
	// account (issue 16 point 7), active or not: a change there (the
	// person, their coverage) moves the summary. Unlike Accounts they do
	// not narrow what a viewer gets: the account's team reads its role
	// holders and their coverage wherever their home is.
	Homes []int
}

type coveredContact struct {
	pos  int
	id   int
	name string
	key  bool
	time contactTime
}

// At returns how many gaps Find lists at now with staleDays (0: each
// contact's cadence under the tier policy), and the first of them (nil
// when there is none).
func (s *Summary) At(now time.Time, staleDays int) Overview {
	n, worst := s.at(now, staleDays)
	if worst != nil {
		w := *worst // the caller fills in the rows
		worst = &w
	}
	return Overview{Count: n, Worst: worst}
}

func (s *Summary) at(now time.Time, staleDays int) (int, *Brief) {
	n, worst := s.fixed, s.fixedWorst
	rule := staleRule{days: staleDays, tier: s.tier, policy: s.policies}
	for _, c := range s.covered {
		ok, reason := rule.stale(c.name, c.time, now)
		if !ok {
			continue
		}
		n++
		sev := domain.SeverityLow
		if c.key {
			sev = domain.SeverityMedium
		}
		if worst == nil || before(sev, domain.GapStaleRelationship, c.pos, worst) {
			worst = &Brief{Kind: domain.GapStaleRelationship, Severity: sev, Reason: reason, ContactID: c.id, pos: c.pos}
		}
	}
	return n, worst
}

// before reports whether a gap found at pos comes before b in Find's list.
func before(sev domain.Severity, kind domain.GapKind, pos int, b *Brief) bool {
	if o := order(sev, kind, b.Severity, b.Kind); o != 0 {
		return o < 0
	}
	return pos < b.pos
}

// Summarize summarises the gaps of several accounts, with fourteen
// statements for each chunk.Size of them (the tiers and the tier policies
// among them), plus those reading the contacts (and their coverage) of
// other accounts named in their chains in parts.
func Summarize(ctx context.Context, client *ent.Client, accountIDs []int) (map[int]*Summary, error) {
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]*Summary, error) {
		return summarize(ctx, client, part)
	})
}

func summarize(ctx context.Context, client *ent.Client, accountIDs []int) (map[int]*Summary, error) {
	out := make(map[int]*Summary, len(accountIDs))
	for _, id := range accountIDs {
		out[id] = &Summary{Accounts: []int{id}}
	}
	accs, err := client.Account.Query().Where(account.IDIn(accountIDs...)).Select(account.FieldTier).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the tiers of %d accounts: %w", len(accountIDs), err)
	}
	policies, err := cadence.Load(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	for _, a := range accs {
		if s := out[a.ID]; s != nil {
			s.tier, s.policies = a.Tier, cadence.History(policies, a.Tier)
		}
	}
	// The people counted at each account (home contacts and role holders,
	// package roster), each account's in Find's order.
	people, err := roster.Load(ctx, client, accountIDs, contact.FieldName, contact.FieldDecisionRole, contact.FieldInfluence,
		contact.FieldAttitude, contact.FieldStatus, contact.FieldSeniority, contact.FieldCreatedAt)
	if err != nil {
		return nil, fmt.Errorf("load contacts of %d accounts: %w", len(accountIDs), err)
	}
	open := []predicate.Opportunity{opportunity.AccountIDIn(accountIDs...), opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST)}
	opps, err := client.Opportunity.Query().Where(open...).
		Select(opportunity.FieldAccountID, opportunity.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load open opportunities of %d accounts: %w", len(accountIDs), err)
	}
	oppByID := make(map[int]*ent.Opportunity, len(opps))
	for _, o := range opps {
		oppByID[o.ID] = o
	}
	links, err := client.DecisionChainLink.Query().
		Where(predicate.DecisionChainLink(semijoin.In(decisionchainlink.FieldOpportunityID, opportunity.Table, open...))).
		Order(ent.Asc(decisionchainlink.FieldOpportunityID), ent.Asc(decisionchainlink.FieldPosition)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load open decision chains of %d accounts: %w", len(accountIDs), err)
	}
	byID := map[int]*ent.Contact{}
	for _, ps := range people.People {
		for _, p := range ps {
			byID[p.Contact.ID] = p.Contact
		}
	}
	var others []int
	for _, l := range links {
		if byID[l.ContactID] == nil {
			others = append(others, l.ContactID)
		}
	}
	// Contacts of chains that are not the accounts' active ones: left, or
	// of other accounts.
	lcs, err := chunk.Load(others, func(ids []int) ([]*ent.Contact, error) {
		return client.Contact.Query().Where(contact.IDIn(ids...)).
			Select(contact.FieldAccountID, contact.FieldName, contact.FieldStatus).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load contacts of the decision chains of %d accounts: %w", len(accountIDs), err)
	}
	for _, c := range lcs {
		byID[c.ID] = c
	}
	members, err := client.TeamMember.Query().Where(teammember.Active(true)).
		Select(teammember.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load team members: %w", err)
	}
	memberByID := make(map[int]*ent.TeamMember, len(members))
	for _, m := range members {
		memberByID[m.ID] = m
	}
	// Find's coverage: strength >= 1 by active team members, strongest
	// first; the accounts' contacts joined, the others in parts. Inactive
	// members are dropped here rather than in SQL, so that TeamMembers
	// names them too: their activation changes the gaps.
	covFields := []string{coverage.FieldContactID, coverage.FieldTeamMemberID, coverage.FieldStrength, coverage.FieldLastInteractionAt}
	var covs []*ent.Coverage
	// The home contacts' coverage, then the role holders' (two
	// index-friendly statements rather than one OR): a person at home
	// here and holding a role at another of the accounts is read twice.
	for _, of := range []predicate.Contact{contact.AccountIDIn(accountIDs...), roster.Holding(accountIDs)} {
		rows, err := client.Coverage.Query().
			Where(predicate.Coverage(semijoin.In(coverage.FieldContactID, contact.Table, of, contact.StatusEQ(contact.StatusACTIVE))),
				coverage.StrengthGT(0)).
			Select(covFields...).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load coverage of %d accounts: %w", len(accountIDs), err)
		}
		covs = append(covs, rows...)
	}
	more, err := chunk.Load(others, func(ids []int) ([]*ent.Coverage, error) {
		return client.Coverage.Query().
			Where(coverage.ContactIDIn(ids...), coverage.StrengthGT(0)).
			Select(covFields...).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load coverage of the decision chains of %d accounts: %w", len(accountIDs), err)
	}
	byContact := map[int][]*ent.Coverage{}
	coveredBy := map[int][]int{} // contact -> every team member covering it, active or not
	read := map[int]bool{}
	for _, c := range slices.Concat(covs, more) {
		if read[c.ID] {
			continue
		}
		read[c.ID] = true
		coveredBy[c.ContactID] = append(coveredBy[c.ContactID], c.TeamMemberID)
		if c.Edges.TeamMember = memberByID[c.TeamMemberID]; c.Edges.TeamMember != nil {
			byContact[c.ContactID] = append(byContact[c.ContactID], c)
		}
	}
	for _, cs := range byContact {
		slices.SortFunc(cs, func(a, b *ent.Coverage) int {
			if a.Strength != b.Strength {
				return b.Strength - a.Strength
			}
			return a.ID - b.ID
		})
	}
	tms := map[*Summary]map[int]bool{}
	note := func(s *Summary, c *ent.Contact) {
		if !slices.Contains(s.Accounts, c.AccountID) {
			s.Accounts = append(s.Accounts, c.AccountID)
		}
		if tms[s] == nil {
			tms[s] = map[int]bool{}
		}
		for _, m := range coveredBy[c.ID] {
			tms[s][m] = true
		}
	}
	// noteHolder notes a role holder: their coverage counts; their home
	// account goes to Homes (all holders', from the roster), not to
	// Accounts: any viewer of the account reads the holder and their
	// coverage (scope's contactIn).
	noteHolder := func(s *Summary, c *ent.Contact) {
		if tms[s] == nil {
			tms[s] = map[int]bool{}
		}
		for _, m := range coveredBy[c.ID] {
			tms[s][m] = true
		}
	}
	pos := map[int]int{}
	add := func(s *Summary, f finding, p, contactID, oppID int) {
		s.fixed++
		if s.fixedWorst == nil || before(f.severity, f.kind, p, s.fixedWorst) {
			s.fixedWorst = &Brief{Kind: f.kind, Severity: f.severity, Reason: f.reason, ContactID: contactID, OpportunityID: oppID, pos: p}
		}
	}
	for _, id := range accountIDs {
		s := out[id]
		s.Homes = people.Homes[id]
		for _, pp := range byName(people.People[id]) {
			c, at := pp.Contact, pp.At
			p := pos[id]
			pos[id]++
			cs := byContact[c.ID]
			if pp.Role == nil {
				note(s, c)
			} else {
				noteHolder(s, c)
			}
			for _, f := range contactFindings(at, cs) {
				add(s, f, p, c.ID, 0)
			}
			if len(cs) > 0 {
				s.covered = append(s.covered, coveredContact{pos: p, id: c.ID, name: c.Name, key: isKey(at), time: timeOf(at, cs)})
			}
		}
	}
	for _, l := range links {
		o := oppByID[l.OpportunityID]
		c := byID[l.ContactID]
		if o == nil || c == nil {
			continue // opened or deleted between the reads: the next recompute sees it
		}
		s := out[o.AccountID]
		p := pos[o.AccountID]
		pos[o.AccountID]++
		cs := byContact[c.ID]
		note(s, c)
		if f, ok := linkFinding(l, c, o.Name, cs); ok {
			add(s, f, p, c.ID, o.ID)
		}
	}
	for s, set := range tms {
		for m := range set {
			s.TeamMembers = append(s.TeamMembers, m)
		}
		slices.Sort(s.TeamMembers)
	}

	return out, nil
}
