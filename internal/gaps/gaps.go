package gaps

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/apperr"
	"rapport/internal/cadence"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/roster"
	"rapport/internal/semijoin"
	"rapport/internal/stakeholder/walk"
)

// Thresholds of the gap rules.
const (
	// KeyInfluence makes a contact key whatever their role: influence 4-5.
	KeyInfluence = 4
	// suggestionHops bounds the introduction paths offered as suggestions.
	suggestionHops = 4
	// suggestionPaths is how many paths per contact are searched, so that
	// one not from the current (weak or single) owner can be picked.
	suggestionPaths = 5
)

// Options are coverageGaps' arguments.
type Options struct {
	AccountID int
	// StaleDays overrides the tier policy's cadence in the stale rule
	// when it is more than 0; 0 uses each contact's cadence.
	StaleDays int
	Now       time.Time
}

// Find lists an account's coverage gaps, most severe first. The rules:
//   - UNCOVERED_DECISION_MAKER (HIGH): an active decision maker or economic
//     buyer nobody active covers (strength >= 1);
//   - WEAK_COVERAGE (MEDIUM): another key contact (those roles, or influence
//     >= 4) whose best coverage is below chain.CoveredThreshold;
//   - SINGLE_THREADED (MEDIUM): a key contact covered by exactly one of us;
//   - STALE_RELATIONSHIP (MEDIUM for key contacts, else LOW): a covered
//     contact overdue under the cadence of the account's tier policy
//     (package cadence; the last interaction recorded on any coverage is
//     their last meeting), or with no interaction in StaleDays when the
//     caller gives it;
//   - INFLUENTIAL_OPPONENT (HIGH): an opponent with influence >= 4;
//   - UNCOVERED_CHAIN_LINK: a link of an open opportunity (not WON or LOST)
//     whose contact has left or lacks working coverage; HIGH for decision
//     makers, approvers and links weighing 0.5 or more, else MEDIUM.
func Find(ctx context.Context, client *ent.Client, o Options) ([]*Gap, error) {
	if o.StaleDays < 0 {
		return nil, apperr.Invalid("staleDays", "must be 1 or more, got %d", o.StaleDays)
	}
	acc, err := client.Account.Query().Where(accountID(o.AccountID)).Select(account.FieldTier).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "accountId", "no account %s", gid.Encode(o.AccountID))
	}
	if err != nil {
		return nil, fmt.Errorf("find account %d: %w", o.AccountID, err)
	}
	rule, err := newStaleRule(ctx, client, acc.Tier, o.StaleDays)
	if err != nil {
		return nil, err
	}
	// The people counted at the account: its contacts and the holders of
	// a role there, with the role's decision role and influence (package
	// roster), in Summarize's order.
	people, err := roster.Load(ctx, client, []int{o.AccountID})
	if err != nil {
		return nil, fmt.Errorf("load contacts of account %d: %w", o.AccountID, err)
	}
	contacts := byName(people.People[o.AccountID])
	links, err := client.DecisionChainLink.Query().
		Where(predicate.DecisionChainLink(semijoin.In(decisionchainlink.FieldOpportunityID, opportunity.Table,
			opportunity.AccountID(o.AccountID), opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST)))).
		WithOpportunity().
		Order(ent.Asc(decisionchainlink.FieldOpportunityID), ent.Asc(decisionchainlink.FieldPosition)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load open decision chains of account %d: %w", o.AccountID, err)
	}
	// The links' contacts are read in parts rather than eagerly, which
	// names them all in one IN list.
	linkContacts := make([]int, len(links))
	for i, l := range links {
		linkContacts[i] = l.ContactID
	}
	lcs, err := chunk.Load(linkContacts, func(ids []int) ([]*ent.Contact, error) {
		return client.Contact.Query().Where(contact.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load contacts of the decision chains of account %d: %w", o.AccountID, err)
	}
	byID := make(map[int]*ent.Contact, len(lcs))
	for _, c := range lcs {
		byID[c.ID] = c
	}
	for _, l := range links {
		l.Edges.Contact = byID[l.ContactID]
	}
	ids := make([]int, 0, len(contacts)+len(links))
	for _, p := range contacts {
		ids = append(ids, p.Contact.ID)
	}
	ids = append(ids, linkContacts...)
	// In parts of whole contacts, so each contact's coverage keeps its
	// order (strongest first).
	covs, err := chunk.Load(ids, func(part []int) ([]*ent.Coverage, error) {
		return client.Coverage.Query().
			Where(coverage.ContactIDIn(part...), coverage.StrengthGT(0), coverage.HasTeamMemberWith(teammember.Active(true))).
			WithTeamMember().
			Order(ent.Desc(coverage.FieldStrength), ent.Asc(coverage.FieldID)).
			All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load coverage of account %d: %w", o.AccountID, err)
	}
	byContact := map[int][]*ent.Coverage{}
	for _, c := range covs {
		byContact[c.ContactID] = append(byContact[c.ContactID], c)
	}

	var gaps []*Gap
	for _, p := range contacts {
		// The rules read the person as counted here (p.At: a role's
		// decision role and influence); the gap names the stored row.
		c, at := p.Contact, p.At
		cs := byContact[c.ID]
		for _, f := range contactFindings(at, cs) {
			gaps = append(gaps, &Gap{Kind: f.kind, Contact: c, Severity: f.severity, Reason: f.reason})
		}
		if len(cs) > 0 {
			if ok, reason := rule.stale(c.Name, timeOf(at, cs), o.Now); ok {
				gaps = append(gaps, &Gap{Kind: domain.GapStaleRelationship, Contact: c, Severity: staleSeverity(at),
					Reason:     reason,
					Suggestion: fmt.Sprintf("%s (strength %d) should meet %s soon.", cs[0].Edges.TeamMember.Name, cs[0].Strength, c.Name)})
			}
		}
	}
	for _, l := range links {
		if f, ok := linkFinding(l, l.Edges.Contact, l.Edges.Opportunity.Name, byContact[l.ContactID]); ok {
			gaps = append(gaps, &Gap{Kind: f.kind, Contact: l.Edges.Contact, Opportunity: l.Edges.Opportunity, Severity: f.severity, Reason: f.reason})
		}
	}
	if err := suggest(ctx, client, gaps, byContact, o.Now); err != nil {
		return nil, err
	}
	slices.SortStableFunc(gaps, func(a, b *Gap) int { return order(a.Severity, a.Kind, b.Severity, b.Kind) })
	return gaps, nil
}

// suggest fills in each gap's suggestion: the strongest introduction path
// from a team member who does not cover the contact yet, found with one
// search around all the gaps' contacts.
func suggest(ctx context.Context, client *ent.Client, gaps []*Gap, covs map[int][]*ent.Coverage, now time.Time) error {
	var targets []*ent.Contact
	seen := map[int]bool{}
	for _, g := range gaps {
		if g.Suggestion == "" && g.Contact.Status == contact.StatusACTIVE && !seen[g.Contact.ID] {
			seen[g.Contact.ID] = true
			targets = append(targets, g.Contact)
		}
	}
	paths := map[int][]*walk.Path{}
	if len(targets) > 0 {
		var err error
		if paths, err = walk.PathsTo(ctx, client, targets, nil, suggestionHops, suggestionPaths, now); err != nil {
			return fmt.Errorf("find introduction paths for %d gaps: %w", len(targets), err)
		}
	}
	for _, g := range gaps {
		if g.Suggestion != "" {
			continue
		}
		owners := map[int]bool{}
		for _, c := range covs[g.Contact.ID] {
			owners[c.TeamMemberID] = true
		}
		for _, p := range paths[g.Contact.ID] {
			if !owners[p.Nodes[0].ID] {
				g.IntroductionPath = p
				break
			}
		}
		switch {
		case g.IntroductionPath != nil:
			g.Suggestion = fmt.Sprintf("Ask for an introduction (path strength %.2f): %s", g.IntroductionPath.Strength, g.IntroductionPath.Description)
		case g.Contact.Status == contact.StatusLEFT:
			g.Suggestion = "Find out who took over the role and map them into the chain."
		default:
			g.Suggestion = fmt.Sprintf("No one can introduce us to %s yet: assign an owner and plan a first meeting.", g.Contact.Name)
		}
	}
	return nil
}

// newStaleRule is the stale rule of an account of tier: the override when
// staleDays > 0 (no statement), else the tier's policy versions (one).
func newStaleRule(ctx context.Context, client *ent.Client, tier domain.Tier, staleDays int) (staleRule, error) {
	if staleDays > 0 {
		return staleRule{days: staleDays}, nil
	}
	ps, err := cadence.Load(ctx, client)
	if err != nil {
		return staleRule{}, fmt.Errorf("gaps: %w", err)
	}
	return staleRule{tier: tier, policy: cadence.History(ps, tier)}, nil
}

// timeOf is what the stale rule reads of contact c covered by cs.
func timeOf(c *ent.Contact, cs []*ent.Coverage) contactTime {
	return contactTime{role: c.DecisionRole, seniority: string(c.Seniority), since: c.CreatedAt, last: lastInteraction(cs)}
}

// byName orders an account's people as Find lists them: by name, then
// contact ID (in Go, so that both stores and both paths agree whatever
// the database's collation).
func byName(ps []roster.Person) []roster.Person {
	slices.SortStableFunc(ps, func(a, b roster.Person) int {
		return cmp.Or(strings.Compare(a.Contact.Name, b.Contact.Name), cmp.Compare(a.Contact.ID, b.Contact.ID))
	})
	return ps
}

func lastInteraction(cs []*ent.Coverage) *time.Time {
	var last *time.Time
	for _, c := range cs {
		if c.LastInteractionAt != nil && (last == nil || c.LastInteractionAt.After(*last)) {
			last = c.LastInteractionAt
		}
	}
	return last
}
