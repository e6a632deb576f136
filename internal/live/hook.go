package live

import (
	"context"
	"fmt"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/assessment"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/survey"
	"rapport/ent/tierchange"
	"rapport/internal/auth"
)

// accountOf maps entity IDs of one type to the account each belongs to.
type accountOf func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error)

// owners names, per entity type that belongs to an account, how to find
// the account. Team members, users, tokens and the audit trail belong to
// no account and are not published.
var owners = map[string]accountOf{
	ent.TypeAccount: func(_ context.Context, _ *ent.Client, ids []int) (map[int]int, error) {
		out := make(map[int]int, len(ids))
		for _, id := range ids {
			out[id] = id
		}
		return out, nil
	},
	ent.TypeContact: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Contact.Query().Where(contact.IDIn(ids...)).Select(contact.FieldID, contact.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Contact) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeContactRelation: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.ContactRelation.Query().Where(contactrelation.IDIn(ids...)).
			WithFrom(func(q *ent.ContactQuery) { q.Select(contact.FieldID, contact.FieldAccountID) }).All(ctx)
		return collect(rows, err, func(r *ent.ContactRelation) (int, int) { return r.ID, contactAccount(r.Edges.From) })
	},
	ent.TypeCoverage: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Coverage.Query().Where(coverage.IDIn(ids...)).
			WithContact(func(q *ent.ContactQuery) { q.Select(contact.FieldID, contact.FieldAccountID) }).All(ctx)
		return collect(rows, err, func(r *ent.Coverage) (int, int) { return r.ID, contactAccount(r.Edges.Contact) })
	},
	ent.TypeAssessment: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Assessment.Query().Where(assessment.IDIn(ids...)).
			WithContact(func(q *ent.ContactQuery) { q.Select(contact.FieldID, contact.FieldAccountID) }).All(ctx)
		return collect(rows, err, func(r *ent.Assessment) (int, int) { return r.ID, contactAccount(r.Edges.Contact) })
	},
	ent.TypeOpportunity: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Opportunity.Query().Where(opportunity.IDIn(ids...)).Select(opportunity.FieldID, opportunity.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Opportunity) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeDecisionChainLink: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.DecisionChainLink.Query().Where(decisionchainlink.IDIn(ids...)).
			WithOpportunity(func(q *ent.OpportunityQuery) { q.Select(opportunity.FieldID, opportunity.FieldAccountID) }).All(ctx)
		return collect(rows, err, func(r *ent.DecisionChainLink) (int, int) {
			if r.Edges.Opportunity == nil {
				return r.ID, 0
			}
			return r.ID, r.Edges.Opportunity.AccountID
		})
	},
	ent.TypeInteraction: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Interaction.Query().Where(interaction.IDIn(ids...)).Select(interaction.FieldID, interaction.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Interaction) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeSurvey: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Survey.Query().Where(survey.IDIn(ids...)).Select(survey.FieldID, survey.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Survey) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeComplaint: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Complaint.Query().Where(complaint.IDIn(ids...)).Select(complaint.FieldID, complaint.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Complaint) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeBudget: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Budget.Query().Where(budget.IDIn(ids...)).Select(budget.FieldID, budget.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Budget) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeTierChange: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.TierChange.Query().Where(tierchange.IDIn(ids...)).Select(tierchange.FieldID, tierchange.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.TierChange) (int, int) { return r.ID, r.AccountID })
	},
}

func contactAccount(c *ent.Contact) int {
	if c == nil {
		return 0
	}
	return c.AccountID
}

func collect[T any](rows []T, err error, pair func(T) (int, int)) (map[int]int, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[int]int, len(rows))
	for _, r := range rows {
		id, acc := pair(r)
		if acc != 0 {
			out[id] = acc
		}
	}
	return out, nil
}

// Hook publishes every change of an entity that belongs to an account,
// once it is committed: inside a transaction at its commit (nothing for a
// rollback), elsewhere as soon as the write returns. Install it last, so
// that it sees only writes the other hooks let through.
func Hook(bus *Bus) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			owner, ok := owners[m.Type()]
			if !ok {
				return next.Mutate(ctx, m)
			}
			c, ok := m.(interface{ Client() *ent.Client })
			if !ok {
				return next.Mutate(ctx, m)
			}
			if direct[m.Type()] && m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
				return mutateDirect(ctx, bus, next, m)
			}
			client := c.Client()
			sys := auth.WithViewer(ctx, auth.System)
			action := actionOf(m.Op())
			var ids []int
			var accounts map[int]int
			if !m.Op().Is(ent.OpCreate) {
				// The rows' accounts are read before the write: after a
				// delete they are gone.
				var err error
				if ids, err = mutatedIDs(ctx, m); err != nil {
					return nil, err
				}
				if len(ids) > 0 {
					if accounts, err = owner(sys, client, ids); err != nil {
						return nil, fmt.Errorf("live: accounts of %s: %w", m.Type(), err)
					}
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if m.Op().Is(ent.OpCreate) || (m.Op().Is(ent.OpUpdateOne|ent.OpUpdate) && m.Type() != ent.TypeAccount) {
				// A create has its ID only now; an update may have moved the
				// row to another account (or another contact's account).
				if m.Op().Is(ent.OpCreate) {
					if id, ok := m.(interface{ ID() (int, bool) }); ok {
						if n, exists := id.ID(); exists {
							ids = []int{n}
						}
					}
				}
				if len(ids) > 0 {
					after, err := owner(sys, client, ids)
					if err != nil {
						return nil, fmt.Errorf("live: accounts of %s: %w", m.Type(), err)
					}
					accounts = after
				}
			}
			now := time.Now()
			events := make([]Event, 0, len(ids))
			for _, id := range ids {
				if acc := accounts[id]; acc != 0 {
					events = append(events, Event{EntityType: m.Type(), EntityID: id, Action: action, AccountID: acc, At: now})
				}
			}
			publishAfterCommit(ctx, bus, m, events)
			return v, nil
		})
	}
}

// direct lists the types whose rows carry their account_id.
var direct = map[string]bool{
	ent.TypeContact: true, ent.TypeOpportunity: true, ent.TypeInteraction: true, ent.TypeSurvey: true,
	ent.TypeComplaint: true, ent.TypeBudget: true, ent.TypeTierChange: true,
}

// mutateDirect publishes a create or an update of a row with an account_id
// from the mutation itself, without a query: a bulk import writes no more
// statements for it. (An update's old value is loaded once per mutation,
// usually already by the audit hook.) A row moved to another account is
// reported to both.
func mutateDirect(ctx context.Context, bus *Bus, next ent.Mutator, m ent.Mutation) (ent.Value, error) {
	var accounts []int
	if m.Op().Is(ent.OpUpdateOne) {
		old, err := m.OldField(ctx, "account_id")
		if err != nil {
			return nil, fmt.Errorf("live: account of %s: %w", m.Type(), err)
		}
		if n, ok := old.(int); ok {
			accounts = append(accounts, n)
		}
	}
	if v, ok := m.Field("account_id"); ok {
		if n, ok := v.(int); ok && (len(accounts) == 0 || accounts[0] != n) {
			accounts = append(accounts, n)
		}
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return v, err
	}
	id, ok := m.(interface{ ID() (int, bool) })
	if !ok {
		return v, nil
	}
	n, exists := id.ID()
	if !exists {
		return v, nil
	}
	now, action := time.Now(), actionOf(m.Op())
	events := make([]Event, 0, len(accounts))
	for _, acc := range accounts {
		events = append(events, Event{EntityType: m.Type(), EntityID: n, Action: action, AccountID: acc, At: now})
	}
	publishAfterCommit(ctx, bus, m, events)
	return v, nil
}

func actionOf(op ent.Op) string {
	switch {
	case op.Is(ent.OpCreate):
		return Create
	case op.Is(ent.OpUpdate | ent.OpUpdateOne):
		return Update
	}
	return Delete
}

// mutatedIDs are the rows an update or delete touches.
func mutatedIDs(ctx context.Context, m ent.Mutation) ([]int, error) {
	if id, ok := m.(interface{ ID() (int, bool) }); ok {
		if n, exists := id.ID(); exists {
			return []int{n}, nil
		}
	}
	q, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil, nil
	}
	ids, err := q.IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("live: rows of %s: %w", m.Type(), err)
	}
	return ids, nil
}

// pending holds the events of each open transaction.
var pending sync.Map // *ent.Tx -> *batch

type batch struct {
	mu     sync.Mutex
	events []Event
}

func publishAfterCommit(ctx context.Context, bus *Bus, m ent.Mutation, events []Event) {
	if len(events) == 0 {
		return
	}
	t, ok := m.(interface{ Tx() (*ent.Tx, error) })
	if !ok {
		bus.Publish(ctx, events)
		return
	}
	tx, err := t.Tx()
	if err != nil { // not in a transaction: the write is committed
		bus.Publish(ctx, events)
		return
	}
	// m.Tx() returns a new *ent.Tx each time; the transaction in ctx is
	// the one to key on, so that one commit publishes one batch.
	key := ent.TxFromContext(ctx)
	if key == nil {
		key = tx
	}
	b, loaded := pending.LoadOrStore(key, &batch{})
	buf := b.(*batch)
	buf.mu.Lock()
	buf.events = append(buf.events, events...)
	buf.mu.Unlock()
	if loaded {
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
			pending.Delete(key)
			if err := next.Commit(ctx, t); err != nil {
				return err
			}
			buf.mu.Lock()
			events := buf.events
			buf.mu.Unlock()
			bus.Publish(ctx, events)
			return nil
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error {
			pending.Delete(key)
			return next.Rollback(ctx, t)
		})
	})
}
