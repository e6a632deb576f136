package portfolio

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"rapport/ent"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
)

// What the feed's entries change. The values read accounts (classes),
// contacts, coverage, team members, opportunities, decision-chain links,
// interactions, surveys and the roles people hold at accounts other than
// their home (owned: their entries must name an account; a role's names
// the account where it is held, issue 16 point 7),
// and health reads complaints, engagements and executive pairings too
// (their entries name their account). Relations, assessments, budgets and
// tier changes are read by none of them (a tier change also writes its
// account), nor is what the server derives or records beside them
// (suggestions, alerts and their states, needs, handovers: after a start
// at scale L the suggestion refresh and the alert sweep wrote a few
// hundred of these, and each recomputed its account's values); entries of any
// other type that name an account mark it, so that a value added later
// over a new table is not left behind (an extra recompute is all it costs).
var (
	owned = map[string]bool{
		ent.TypeContact: true, ent.TypeCoverage: true, ent.TypeOpportunity: true,
		ent.TypeDecisionChainLink: true, ent.TypeInteraction: true, ent.TypeSurvey: true,
		ent.TypeContactRole: true,
	}
	unread = map[string]bool{
		ent.TypeContactRelation: true, ent.TypeAssessment: true,
		ent.TypeBudget: true, ent.TypeTierChange: true,
		ent.TypeSuggestion: true, ent.TypeAlert: true, ent.TypeAlertState: true,
		ent.TypeContactNeed: true, ent.TypeHandover: true, ent.TypeHandoverItem: true,
	}
)

// Reset forgets every value: they are computed again as they are read (and,
// in a server, in the background at once).
func (p *Portfolio) Reset(context.Context, changelog.Queryer) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.markAll()
	return nil
}

// Apply marks the accounts the batch touches as changed: a row's account
// and its other end's, the accounts whose decision chains read those
// accounts' contacts or where those accounts' contacts hold a role (a
// change of the person, their coverage or their meetings names their home
// account), and for a team member every account whose values counted
// their coverage. The values are computed when next read (or by
// the warmer); the only reads here find the accounts of rows whose entry
// does not name one (the far ends of an edge: a contact added to an
// interaction's participants).
func (p *Portfolio) Apply(ctx context.Context, q changelog.Queryer, batch []changelog.Entry) error {
	missing := map[string][]int{}
	for _, e := range batch {
		if owned[e.Type] && e.Account == 0 && e.Also == 0 {
			missing[e.Type] = append(missing[e.Type], e.ID)
		}
	}
	found, gone, err := accountsOf(ctx, q, missing)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tick++
	if gone {
		// A row without its account, gone already: every account.
		slog.Debug("portfolio: a change of a row gone without its account; recomputing every account")
		p.markAll()
		return nil
	}
	unnamedInteraction := len(missing[ent.TypeInteraction]) > 0
	for _, a := range found {
		p.mark(a)
		if unnamedInteraction {
			// found mixes the types' accounts: an interaction's is among
			// them, and marking the others' too costs a read of theirs.
			p.markActivity(a)
		}
	}
	for _, e := range batch {
		switch e.Type {
		case ent.TypeInteraction:
			p.markActivity(e.Account)
			p.markActivity(e.Also)
		case ent.TypeAccount:
			p.markActivity(e.ID) // a deleted account's go with it
		}
		switch {
		case e.Type == ent.TypeAccount:
			// Revenue, potential, creation and deletion move every class.
			p.classesChanged = p.tick
			p.mark(e.ID)
		case e.Type == ent.TypeTierPolicy:
			// A policy version moves the cadence of every account of its
			// tier, from its date on: recompute every account (policy
			// writes are rare; issue 17).
			p.markAll()
		case e.Type == ent.TypeTeamMember:
			for a := range p.members[e.ID] {
				p.mark(a)
			}
		case unread[e.Type]:
		default:
			p.mark(e.Account)
			p.mark(e.Also)
		}
	}
	p.wake()
	return nil
}

// accountOf reads the accounts of rows of an owned type by ID (%s: the
// IDs); a row may have two (a chain link: its deal's and its contact's).
var accountOf = map[string]string{
	ent.TypeContact:     `SELECT id, account_id FROM contacts WHERE id IN (%s)`,
	ent.TypeOpportunity: `SELECT id, account_id FROM opportunities WHERE id IN (%s)`,
	ent.TypeInteraction: `SELECT id, account_id FROM interactions WHERE id IN (%s)`,
	ent.TypeSurvey:      `SELECT id, account_id FROM surveys WHERE id IN (%s)`,
	ent.TypeContactRole: `SELECT id, account_id FROM contact_roles WHERE id IN (%s)`,
	ent.TypeCoverage:    `SELECT v.id, c.account_id FROM coverages v JOIN contacts c ON c.id = v.contact_id WHERE v.id IN (%s)`,
	ent.TypeDecisionChainLink: `SELECT l.id, o.account_id FROM decision_chain_links l JOIN opportunities o ON o.id = l.opportunity_id WHERE l.id IN (%[1]s)
		UNION ALL SELECT l.id, c.account_id FROM decision_chain_links l JOIN contacts c ON c.id = l.contact_id WHERE l.id IN (%[1]s)`,
}

// accountsOf returns the accounts of the rows named, and whether one of
// them is gone. The IDs are integers written into the statement, in parts.
func accountsOf(ctx context.Context, q changelog.Queryer, rows map[string][]int) ([]int, bool, error) {
	var out []int
	gone := false
	for typ, ids := range rows {
		seen := map[int]bool{}
		for _, part := range chunk.IDs(ids, chunk.Size) {
			list := make([]string, len(part))
			for i, id := range part {
				list[i] = strconv.Itoa(id)
			}
			rs, err := q.QueryContext(ctx, fmt.Sprintf(accountOf[typ], strings.Join(list, ",")))
			if err != nil {
				return nil, false, fmt.Errorf("portfolio: accounts of %s rows: %w", typ, err)
			}
			for rs.Next() {
				var id, account int
				if err := rs.Scan(&id, &account); err != nil {
					rs.Close()
					return nil, false, fmt.Errorf("portfolio: accounts of %s rows: %w", typ, err)
				}
				seen[id] = true
				out = append(out, account)
			}
			err = rs.Err()
			rs.Close()
			if err != nil {
				return nil, false, fmt.Errorf("portfolio: accounts of %s rows: %w", typ, err)
			}
		}
		for _, id := range ids {
			gone = gone || !seen[id]
		}
	}
	return out, gone, nil
}

// mark records a change of account a (0 is none) at the current tick.
// Called with mu.
func (p *Portfolio) mark(a int) {
	if a == 0 {
		return
	}
	p.changed[a] = p.tick
	p.dirty[a] = true
	for r := range p.readers[a] {
		p.changed[r] = p.tick
		p.dirty[r] = true
	}
}

// markActivity records a change of account a's interactions (0 is none)
// at the current tick. Called with mu.
func (p *Portfolio) markActivity(a int) {
	if a != 0 {
		p.activityChanged[a] = p.tick
	}
}

// markAll records a change of everything. Called with mu.
func (p *Portfolio) markAll() {
	p.tick++
	p.resetAt, p.classesChanged = p.tick, p.tick
	p.allDirty = true
	clear(p.dirty)
	p.wake()
}
