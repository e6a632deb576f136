package live

import (
	"context"
	"fmt"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/alert"
	"rapport/ent/assessment"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/contactrole"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/engagement"
	"rapport/ent/executivepairing"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/stagechange"
	"rapport/ent/survey"
	"rapport/ent/tierchange"
	"rapport/ent/valueassessment"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
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
	// A role belongs to the account where it is held (issue 16 point 7):
	// that account's graph, chains and values change with it.
	ent.TypeContactRole: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.ContactRole.Query().Where(contactrole.IDIn(ids...)).Select(contactrole.FieldID, contactrole.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.ContactRole) (int, int) { return r.ID, r.AccountID })
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
	ent.TypeAlert: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Alert.Query().Where(alert.IDIn(ids...)).Select(alert.FieldID, alert.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Alert) (int, int) { return r.ID, r.AccountID })
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
	ent.TypeStageChange: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.StageChange.Query().Where(stagechange.IDIn(ids...)).Select(stagechange.FieldID, stagechange.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.StageChange) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeEngagement: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.Engagement.Query().Where(engagement.IDIn(ids...)).Select(engagement.FieldID, engagement.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.Engagement) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeExecutivePairing: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.ExecutivePairing.Query().Where(executivepairing.IDIn(ids...)).
			Select(executivepairing.FieldID, executivepairing.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.ExecutivePairing) (int, int) { return r.ID, r.AccountID })
	},
	ent.TypeValueAssessment: func(ctx context.Context, c *ent.Client, ids []int) (map[int]int, error) {
		rows, err := c.ValueAssessment.Query().Where(valueassessment.IDIn(ids...)).
			Select(valueassessment.FieldID, valueassessment.FieldAccountID).All(ctx)
		return collect(rows, err, func(r *ent.ValueAssessment) (int, int) { return r.ID, r.AccountID })
	},
}

// otherEnds names, for the types that join two contacts or an opportunity
// and a contact, the field of the second end and its type.
var otherEnds = map[string]struct{ field, parent string }{
	ent.TypeContactRelation:   {"to_id", ent.TypeContact},
	ent.TypeDecisionChainLink: {"contact_id", ent.TypeContact},
	ent.TypeExecutivePairing:  {"contact_id", ent.TypeContact},
}

// otherAccount returns the account of the second end of a row of m's type
// (0 when the type has none, or it is the row's own account).
func otherAccount(ctx context.Context, m ent.Mutation, client *ent.Client, id int) (int, error) {
	end, ok := otherEnds[m.Type()]
	if !ok {
		return 0, nil
	}
	var ref int
	if v, ok := m.Field(end.field); ok {
		ref, _ = v.(int)
	} else if m.Op().Is(ent.OpUpdateOne) {
		old, err := m.OldField(ctx, end.field)
		if err != nil {
			return 0, fmt.Errorf("live: %s of %s: %w", end.field, m.Type(), err)
		}
		ref, _ = old.(int)
	} else {
		accs, err := otherAccounts(auth.WithViewer(ctx, auth.System), client, m.Type(), []int{id})
		if err != nil {
			return 0, err
		}
		return accs[id], nil
	}
	if ref == 0 {
		return 0, nil
	}
	accs, err := parentAccounts(ctx, client, end.parent, []int{ref})
	if err != nil {
		return 0, err
	}
	return accs[0], nil
}

// otherAccounts reads the accounts of the second ends of stored rows, in
// two statements for each chunk.Size of them.
func otherAccounts(ctx context.Context, client *ent.Client, typ string, ids []int) (map[int]int, error) {
	out := map[int]int{}
	if len(ids) == 0 {
		return out, nil
	}
	refs := map[int]int{}
	switch typ {
	case ent.TypeContactRelation:
		rows, err := chunk.Load(ids, func(part []int) ([]*ent.ContactRelation, error) {
			return client.ContactRelation.Query().Where(contactrelation.IDIn(part...)).
				Select(contactrelation.FieldID, contactrelation.FieldToID).All(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("live: relations: %w", err)
		}
		for _, r := range rows {
			refs[r.ID] = r.ToID
		}
	case ent.TypeExecutivePairing:
		rows, err := chunk.Load(ids, func(part []int) ([]*ent.ExecutivePairing, error) {
			return client.ExecutivePairing.Query().Where(executivepairing.IDIn(part...)).
				Select(executivepairing.FieldID, executivepairing.FieldContactID).All(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("live: executive pairings: %w", err)
		}
		for _, r := range rows {
			refs[r.ID] = r.ContactID
		}
	case ent.TypeDecisionChainLink:
		rows, err := chunk.Load(ids, func(part []int) ([]*ent.DecisionChainLink, error) {
			return client.DecisionChainLink.Query().Where(decisionchainlink.IDIn(part...)).
				Select(decisionchainlink.FieldID, decisionchainlink.FieldContactID).All(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("live: chain links: %w", err)
		}
		for _, l := range rows {
			refs[l.ID] = l.ContactID
		}
	default:
		return out, nil
	}
	contacts := make([]int, 0, len(refs))
	for _, c := range refs {
		contacts = append(contacts, c)
	}
	accs, err := AccountsOf(ctx, client, ent.TypeContact, contacts)
	if err != nil {
		return nil, fmt.Errorf("live: accounts of contacts: %w", err)
	}
	for id, c := range refs {
		out[id] = accs[c]
	}
	return out, nil
}

// AccountsOf returns the account each of ids, rows of type typ, belongs
// to; rows of no account, and unknown types, are absent.
func AccountsOf(ctx context.Context, client *ent.Client, typ string, ids []int) (map[int]int, error) {
	owner, ok := owners[typ]
	if !ok {
		return map[int]int{}, nil
	}
	return inParts(ctx, client, owner, ids)
}

// inParts runs owner on ids in parts: a bulk write's rows are not
// bounded, an IN list is.
func inParts(ctx context.Context, client *ent.Client, owner accountOf, ids []int) (map[int]int, error) {
	return chunk.Map(ids, chunk.Size, func(part []int) (map[int]int, error) {
		return owner(ctx, client, part)
	})
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
			client := c.Client()
			if _, keyed := keyFields[m.Type()]; keyed && m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
				return mutateKeyed(ctx, bus, next, m, client)
			}
			sys := auth.WithViewer(ctx, auth.System)
			action := actionOf(m.Op())
			var ids []int
			var accounts map[int]int
			also := map[int]int{}
			if _, joins := otherEnds[m.Type()]; joins && !m.Op().Is(ent.OpCreate) {
				// Read before the write: after a delete the row is gone.
				n, err := changelog.MutatedIDs(ctx, m)
				if err != nil {
					return nil, err
				}
				if also, err = otherAccounts(auth.WithViewer(ctx, auth.System), client, m.Type(), n); err != nil {
					return nil, err
				}
			}
			if !m.Op().Is(ent.OpCreate) {
				// The rows' accounts are read before the write: after a
				// delete they are gone.
				var err error
				if ids, err = changelog.MutatedIDs(ctx, m); err != nil {
					return nil, err
				}
				if len(ids) > 0 {
					if accounts, err = inParts(sys, client, owner, ids); err != nil {
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
					after, err := inParts(sys, client, owner, ids)
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
					e := Event{EntityType: m.Type(), EntityID: id, Action: action, AccountID: acc, At: now}
					if other := also[id]; other != acc {
						e.Also = other
					}
					events = append(events, e)
				}
			}
			publishAfterCommit(ctx, bus, m, events)
			return v, nil
		})
	}
}

// keyFields name, per type, the field from which a row's account follows
// without reading the row: its own account_id, or its parent's ID (the
// parent's account, read once per transaction).
var keyFields = map[string]struct{ field, parent string }{
	ent.TypeContact: {"account_id", ""}, ent.TypeOpportunity: {"account_id", ""},
	ent.TypeInteraction: {"account_id", ""}, ent.TypeSurvey: {"account_id", ""},
	ent.TypeComplaint: {"account_id", ""}, ent.TypeBudget: {"account_id", ""},
	ent.TypeTierChange: {"account_id", ""}, ent.TypeStageChange: {"account_id", ""},
	ent.TypeEngagement: {"account_id", ""}, ent.TypeExecutivePairing: {"account_id", ""},
	ent.TypeValueAssessment: {"account_id", ""}, ent.TypeContactRole: {"account_id", ""},
	ent.TypeCoverage: {"contact_id", ent.TypeContact}, ent.TypeAssessment: {"contact_id", ent.TypeContact},
	ent.TypeContactRelation:   {"from_id", ent.TypeContact},
	ent.TypeDecisionChainLink: {"opportunity_id", ent.TypeOpportunity},
}

// mutateKeyed publishes a create or an update from the mutation's own
// fields, so that a bulk import writes few or no more statements for it.
// (An update's old values are loaded once per mutation, usually already by
// the audit hook.) A row moved to another account is reported to both.
func mutateKeyed(ctx context.Context, bus *Bus, next ent.Mutator, m ent.Mutation, client *ent.Client) (ent.Value, error) {
	key := keyFields[m.Type()]
	var refs []int
	if m.Op().Is(ent.OpUpdateOne) {
		old, err := m.OldField(ctx, key.field)
		if err != nil {
			return nil, fmt.Errorf("live: %s of %s: %w", key.field, m.Type(), err)
		}
		if n, ok := old.(int); ok {
			refs = append(refs, n)
		}
	}
	if v, ok := m.Field(key.field); ok {
		if n, ok := v.(int); ok && (len(refs) == 0 || refs[0] != n) {
			refs = append(refs, n)
		}
	}
	accounts := refs
	var n0 int
	if idm, ok := m.(interface{ ID() (int, bool) }); ok {
		n0, _ = idm.ID()
	}
	other, err := otherAccount(ctx, m, client, n0)
	if err != nil {
		return nil, err
	}
	if key.parent != "" {
		var err error
		if accounts, err = parentAccounts(ctx, client, key.parent, refs); err != nil {
			return nil, err
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
	if (m.Type() == ent.TypeContact || m.Type() == ent.TypeOpportunity) && len(refs) > 0 {
		// The rows a transaction writes next (a new contact's assessment,
		// an import's relations) find this one's account here.
		if cache := txCache(ctx); cache != nil {
			cache.Store(fmt.Sprintf("%s:%d", m.Type(), n), refs[len(refs)-1])
		}
	}
	now, action := time.Now(), actionOf(m.Op())
	events := make([]Event, 0, len(accounts))
	for i, acc := range accounts {
		if acc != 0 && (i == 0 || acc != accounts[0]) {
			e := Event{EntityType: m.Type(), EntityID: n, Action: action, AccountID: acc, At: now}
			if other != acc {
				e.Also = other
			}
			events = append(events, e)
		}
	}
	publishAfterCommit(ctx, bus, m, events)
	return v, nil
}

// parentCache remembers, per open transaction, the accounts of the parents
// (contacts, opportunities) its writes referred to: an import's coverages,
// assessments and relations read each contact's account once.
var parentCache sync.Map // *ent.Tx -> *sync.Map of "Type:id" -> account ID

// txCache returns the parent cache of ctx's transaction, or nil.
func txCache(ctx context.Context) *sync.Map {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return nil
	}
	c, loaded := parentCache.LoadOrStore(tx, &sync.Map{})
	if !loaded {
		forget := func() { parentCache.Delete(tx) }
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error { forget(); return next.Commit(ctx, t) })
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error { forget(); return next.Rollback(ctx, t) })
		})
	}
	return c.(*sync.Map)
}

func parentAccounts(ctx context.Context, client *ent.Client, parent string, ids []int) ([]int, error) {
	cache := txCache(ctx)
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		key := fmt.Sprintf("%s:%d", parent, id)
		if cache != nil {
			if acc, ok := cache.Load(key); ok {
				out = append(out, acc.(int))
				continue
			}
		}
		accs, err := owners[parent](auth.WithViewer(ctx, auth.System), client, []int{id})
		if err != nil {
			return nil, fmt.Errorf("live: account of %s %d: %w", parent, id, err)
		}
		out = append(out, accs[id])
		if cache != nil {
			cache.Store(key, accs[id])
		}
	}
	return out, nil
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
	// The durable feed carries the same rows with their accounts (the
	// portfolio follows it to know which accounts to recompute).
	for _, e := range events {
		changelog.Note(ctx, m, changelog.Entry{Type: e.EntityType, ID: e.EntityID, Account: e.AccountID, Also: e.Also})
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
