package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/assessment"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/hook"
	"rapport/ent/interaction"
	"rapport/internal/apperr"
	"rapport/internal/chunk"
	"rapport/internal/clock"
	"rapport/internal/complaints"
	"rapport/internal/domain"
	"rapport/internal/orglayer"
	"rapport/internal/plans"
	"rapport/internal/scope"
	"rapport/internal/succession"
	"rapport/internal/valuation"
)

// InstallRules registers the integrity rules every write goes through,
// whichever path it takes (GraphQL, import, demo loader). They run inside
// the mutation's transaction, so a rejected write leaves nothing behind.
func InstallRules(client *ent.Client, dia string) {
	// The reference check runs inside the scope: it reads through the
	// writer's scope, so that a reference to a row they may not read gets
	// the very answer a reference to a missing row gets.
	if err := scope.Install(client, dia, checkRefs(dia)); err != nil {
		panic(err) // a table without an access rule: a fault of the build
	}
	installSearchKeys(client)
	client.Account.Use(accountParentRule, accountTierHistory, accountStageHistory)
	client.Contact.Use(contactReportsToRule, contactAssessmentHistory)
	installRoles(client) // issue 16 point 7: a person's roles at other accounts
	client.Assessment.Use(assessmentUpdatesContact)
	client.ContactRelation.Use(relationRule)
	client.Interaction.Use(interactionRefreshesCoverage)
	plans.Install(client) // issue 17: activity, objective, plan and offering rules
	client.ValueAssessment.Use(valuation.Hook)
	orglayer.Install(client)
	complaints.Install(client) // issue 16: complaint response targets after the opening
	succession.Install(client) // issue 16 point 4: a successor's first meeting after a handover
}

// maxChainWalk bounds the walks up reporting lines and account hierarchies.
const maxChainWalk = 10_000

// accountParentRule keeps the account hierarchy a forest.
func accountParentRule(next ent.Mutator) ent.Mutator {
	return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
		parent, ok := m.ParentID()
		id, hasID := m.ID()
		if ok && hasID {
			if parent == id {
				return nil, apperr.Invalid("parentID", "an account cannot be its own parent")
			}
			cur := &parent
			for i := 0; cur != nil && i < maxChainWalk; i++ {
				if *cur == id {
					return nil, apperr.Invalid("parentID", "this parent would make the account hierarchy a cycle")
				}
				a, err := m.Client().Account.Query().Where(account.ID(*cur)).Select(account.FieldParentID).Only(ctx)
				if err != nil {
					return nil, fmt.Errorf("walk account hierarchy: %w", err)
				}
				cur = a.ParentID
			}
		}
		return next.Mutate(ctx, m)
	})
}

// accountTierHistory writes a TierChange for the tier an account is
// created with and for every change of it.
func accountTierHistory(next ent.Mutator) ent.Mutator {
	return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
		var from *domain.Tier
		newTier, changed := m.Tier()
		switch {
		case m.Op().Is(ent.OpCreate):
			changed = true
		case m.Op().Is(ent.OpUpdateOne) && changed:
			old, err := m.OldTier(ctx)
			if err != nil {
				return nil, fmt.Errorf("read old tier: %w", err)
			}
			changed = old != newTier
			from = &old
		default:
			changed = false
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || !changed {
			return v, err
		}
		a, ok := v.(*ent.Account)
		if !ok {
			return v, nil
		}
		err = m.Client().TierChange.Create().
			SetAccountID(a.ID).
			SetNillableFromTier(from).
			SetToTier(a.Tier).
			SetNillableReason(tierReason(ctx)).
			SetChangedAt(clock.Now(ctx)).
			Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("record tier change: %w", err)
		}
		return v, nil
	})
}

// contactReportsToRule keeps reporting lines a forest: nobody reports to
// themselves, directly or through others.
func contactReportsToRule(next ent.Mutator) ent.Mutator {
	return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
		mgr, ok := m.ReportsToID()
		id, hasID := m.ID()
		if ok && hasID {
			if mgr == id {
				return nil, apperr.Invalid("reportsToID", "a contact cannot report to themselves")
			}
			cur := &mgr
			for i := 0; cur != nil && i < maxChainWalk; i++ {
				if *cur == id {
					return nil, apperr.Invalid("reportsToID", "this manager would make the reporting line a cycle")
				}
				c, err := m.Client().Contact.Query().Where(contact.ID(*cur)).Select(contact.FieldReportsToID).Only(ctx)
				if err != nil {
					return nil, fmt.Errorf("walk reporting line: %w", err)
				}
				cur = c.ReportsToID
			}
		}
		return next.Mutate(ctx, m)
	})
}

type skipAssessmentKey struct{}

// contactAssessmentHistory writes an Assessment whenever a contact is
// created or its attitude, influence or interest changes, so attitude can be
// read over time.
func contactAssessmentHistory(next ent.Mutator) ent.Mutator {
	return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
		if ctx.Value(skipAssessmentKey{}) != nil {
			return next.Mutate(ctx, m)
		}
		record := m.Op().Is(ent.OpCreate)
		if m.Op().Is(ent.OpUpdateOne) {
			changed, err := assessmentChanged(ctx, m)
			if err != nil {
				return nil, err
			}
			record = changed
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || !record {
			return v, err
		}
		c, ok := v.(*ent.Contact)
		if !ok {
			return v, nil
		}
		a := pendingAssessment{contact: c.ID, attitude: c.Attitude, influence: c.Influence, interest: c.Interest, at: clock.Now(ctx)}
		if b, ok := ctx.Value(assessmentBatchKey{}).(*AssessmentBatch); ok {
			b.add(a)
			return v, nil
		}
		// The contact was written just now in this transaction, by this
		// writer: the assessment's reference check needs no statement.
		KnownToExist(ctx, []int{c.ID})
		if err := a.create(m.Client().Assessment).Exec(context.WithValue(ctx, skipAssessmentKey{}, true)); err != nil {
			return nil, fmt.Errorf("record assessment: %w", err)
		}
		return v, nil
	})
}

// pendingAssessment is the assessment a contact's change records.
type pendingAssessment struct {
	contact             int
	attitude            domain.Attitude
	influence, interest int
	at                  time.Time
}

func (a pendingAssessment) create(c *ent.AssessmentClient) *ent.AssessmentCreate {
	return c.Create().SetContactID(a.contact).SetAttitude(a.attitude).
		SetInfluence(a.influence).SetInterest(a.interest).SetAssessedAt(a.at)
}

type assessmentBatchKey struct{}

// AssessmentBatch collects the assessments that contacts created or
// changed under its context record, so that a bulk writer (the import)
// writes them in a few multi-row statements instead of one INSERT per
// contact: 10,000 imported contacts were 10,000 round trips to
// PostgreSQL. The writer must Flush before it reads assessments or
// commits.
type AssessmentBatch struct {
	mu      sync.Mutex
	pending []pendingAssessment
}

// WithAssessmentBatch returns a context under which the contact rules
// add to the returned batch instead of writing each assessment at once.
func WithAssessmentBatch(ctx context.Context) (context.Context, *AssessmentBatch) {
	b := &AssessmentBatch{}
	return context.WithValue(ctx, assessmentBatchKey{}, b), b
}

func (b *AssessmentBatch) add(a pendingAssessment) {
	b.mu.Lock()
	b.pending = append(b.pending, a)
	b.mu.Unlock()
}

// assessmentChunk keeps a multi-row INSERT (8 columns a row) well under
// SQLite's 32,766 bound parameters.
const assessmentChunk = 1000

// Flush writes the collected assessments through c (the transaction's
// client the contacts were written with) and empties the batch. The new
// assessments are the contacts' current values, as the rule that writes
// them one by one would leave them.
func (b *AssessmentBatch) Flush(ctx context.Context, c *ent.Client) error {
	b.mu.Lock()
	pending := b.pending
	b.pending = nil
	b.mu.Unlock()
	ctx = context.WithValue(ctx, skipAssessmentKey{}, true)
	for start := 0; start < len(pending); start += assessmentChunk {
		chunk := pending[start:min(start+assessmentChunk, len(pending))]
		creates := make([]*ent.AssessmentCreate, len(chunk))
		for i, a := range chunk {
			creates[i] = a.create(c.Assessment)
		}
		if err := c.Assessment.CreateBulk(creates...).Exec(ctx); err != nil {
			return fmt.Errorf("record %d assessments: %w", len(chunk), err)
		}
	}
	return nil
}

func assessmentChanged(ctx context.Context, m *ent.ContactMutation) (bool, error) {
	if a, ok := m.Attitude(); ok {
		old, err := m.OldAttitude(ctx)
		if err != nil {
			return false, fmt.Errorf("read old attitude: %w", err)
		}
		if old != a {
			return true, nil
		}
	}
	if v, ok := m.Influence(); ok {
		old, err := m.OldInfluence(ctx)
		if err != nil {
			return false, fmt.Errorf("read old influence: %w", err)
		}
		if old != v {
			return true, nil
		}
	}
	if v, ok := m.Interest(); ok {
		old, err := m.OldInterest(ctx)
		if err != nil {
			return false, fmt.Errorf("read old interest: %w", err)
		}
		if old != v {
			return true, nil
		}
	}
	return false, nil
}

// assessmentUpdatesContact makes a new assessment the contact's current
// values when no later assessment exists.
func assessmentUpdatesContact(next ent.Mutator) ent.Mutator {
	return hook.AssessmentFunc(func(ctx context.Context, m *ent.AssessmentMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || !m.Op().Is(ent.OpCreate) || ctx.Value(skipAssessmentKey{}) != nil {
			return v, err
		}
		a, ok := v.(*ent.Assessment)
		if !ok {
			return v, nil
		}
		later, err := m.Client().Assessment.Query().
			Where(assessment.ContactID(a.ContactID), assessment.AssessedAtGT(a.AssessedAt)).
			Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("find later assessments: %w", err)
		}
		if later {
			return v, nil
		}
		err = m.Client().Contact.UpdateOneID(a.ContactID).
			SetAttitude(a.Attitude).
			SetInfluence(a.Influence).
			SetInterest(a.Interest).
			Exec(context.WithValue(ctx, skipAssessmentKey{}, true))
		if err != nil {
			return nil, fmt.Errorf("apply assessment to contact: %w", err)
		}
		return v, nil
	})
}

// relationRule refuses self-loops and relations that end before they start.
func relationRule(next ent.Mutator) ent.Mutator {
	return hook.ContactRelationFunc(func(ctx context.Context, m *ent.ContactRelationMutation) (ent.Value, error) {
		from, fromSet := m.FromID()
		to, toSet := m.ToID()
		if m.Op().Is(ent.OpUpdateOne) && fromSet != toSet {
			var err error
			if !fromSet {
				from, err = m.OldFromID(ctx)
			} else {
				to, err = m.OldToID(ctx)
			}
			if err != nil {
				return nil, fmt.Errorf("read relation ends: %w", err)
			}
			fromSet, toSet = true, true
		}
		if fromSet && toSet && from == to {
			return nil, apperr.Invalid("toID", "a relation must join two different contacts")
		}
		if vt, ok := m.ValidTo(); ok {
			vf, ok := m.ValidFrom()
			if !ok && m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldValidFrom(ctx)
				if err != nil {
					return nil, fmt.Errorf("read validFrom: %w", err)
				}
				vf, ok = old, true
			}
			if ok && vt.Before(vf) {
				return nil, apperr.Invalid("validTo", "validTo is before validFrom")
			}
		}
		return next.Mutate(ctx, m)
	})
}

// interactionRefreshesCoverage moves lastInteractionAt forward on the
// coverage between every one of our participants and every customer
// participant, in the same transaction as the interaction. A COMPLAINT
// refreshes nothing.
func interactionRefreshesCoverage(next ent.Mutator) ent.Mutator {
	return hook.InteractionFunc(func(ctx context.Context, m *ent.InteractionMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		in, ok := v.(*ent.Interaction)
		if !ok || !(m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpUpdateOne)) {
			return v, nil
		}
		if in.Kind == interaction.KindCOMPLAINT {
			// A complaint is not a touch that keeps a relationship warm (issue 16).
			return v, nil
		}
		if in.Status != interaction.StatusDONE {
			// A planned or cancelled activity has not happened (issue 17).
			return v, nil
		}
		members, contacts := m.TeamMembersIDs(), m.ContactsIDs()
		if m.Op().Is(ent.OpUpdateOne) {
			if members, err = m.Client().Interaction.QueryTeamMembers(in).IDs(ctx); err != nil {
				return nil, fmt.Errorf("read participants: %w", err)
			}
			if contacts, err = m.Client().Interaction.QueryContacts(in).IDs(ctx); err != nil {
				return nil, fmt.Errorf("read participants: %w", err)
			}
		}
		if len(members) == 0 || len(contacts) == 0 {
			return v, nil
		}
		// In parts of half an IN list's worth each: an interaction's
		// participants come from its input, which nothing bounds.
		for _, ms := range chunk.IDs(members, chunk.Size/2) {
			for _, cs := range chunk.IDs(contacts, chunk.Size/2) {
				err = m.Client().Coverage.Update().
					Where(
						coverage.TeamMemberIDIn(ms...),
						coverage.ContactIDIn(cs...),
						coverage.Or(coverage.LastInteractionAtIsNil(), coverage.LastInteractionAtLT(in.OccurredAt)),
					).
					SetLastInteractionAt(in.OccurredAt).
					Exec(ctx)
				if err != nil {
					return nil, fmt.Errorf("refresh coverage: %w", err)
				}
			}
		}
		return v, nil
	})
}
