package plans

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/accountplan"
	"rapport/ent/hook"
	"rapport/ent/interaction"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/clock"
)

// Install adds the plan rules to client: a PLANNED activity lies in the
// future and in its plan's fiscal year on its plan's account; an
// objective's target is in its metric's range; a plan's year exists;
// offerings are written by admins. Each refuses with BAD_USER_INPUT (or
// FORBIDDEN) naming the field, before anything is written; the mutation's
// transaction leaves nothing half-written.
func Install(client *ent.Client) {
	client.Interaction.Use(activityRule)
	client.Objective.Use(objectiveRule)
	client.AccountPlan.Use(planRule)
	client.Offering.Use(offeringRule)
}

func activityRule(next ent.Mutator) ent.Mutator {
	{
		return hook.InteractionFunc(func(ctx context.Context, m *ent.InteractionMutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) && !m.Op().Is(ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			status, statusSet := m.Status()
			at, atSet := m.OccurredAt()
			planID, planSet := m.PlanID()
			accountID, _ := m.AccountID()
			if m.Op().Is(ent.OpUpdateOne) && (statusSet || atSet || planSet) {
				id, _ := m.ID()
				old, err := m.Client().Interaction.Get(ctx, id)
				if err != nil {
					return nil, fmt.Errorf("read activity: %w", err)
				}
				if !statusSet {
					status = old.Status
				}
				if !atSet {
					at = old.OccurredAt
				}
				if !planSet && old.PlanID != nil && !m.PlanIDCleared() {
					planID, planSet = *old.PlanID, true
				}
				accountID = old.AccountID
				// Moving a past planned activity's other fields is fine;
				// only a new status or date is checked against today.
				if !statusSet && !atSet {
					status = interaction.StatusDONE
				}
			}
			if err := ValidateActivity(string(status), at, clock.Now(ctx)); err != nil {
				return nil, err
			}
			if planSet {
				p, err := m.Client().AccountPlan.Query().Where(accountplan.ID(planID)).Only(ctx)
				if ent.IsNotFound(err) {
					return nil, apperr.Invalid("planID", "no account plan %d", planID)
				}
				if err != nil {
					return nil, fmt.Errorf("read plan: %w", err)
				}
				if p.AccountID != accountID {
					return nil, apperr.Invalid("planID", "the plan is another account's")
				}
				if err := Current().ValidateInPlan(p.FiscalYear, at); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

func objectiveRule(next ent.Mutator) ent.Mutator {
	return hook.ObjectiveFunc(func(ctx context.Context, m *ent.ObjectiveMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) && !m.Op().Is(ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		metric, _ := m.Metric()
		target, _ := m.Target()
		var contact *int
		if c, ok := m.ContactID(); ok {
			contact = &c
		}
		if m.Op().Is(ent.OpUpdateOne) {
			id, _ := m.ID()
			old, err := m.Client().Objective.Get(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("read objective: %w", err)
			}
			if _, ok := m.Metric(); !ok {
				metric = old.Metric
			}
			if _, ok := m.Target(); !ok {
				target = old.Target
			}
			if _, ok := m.ContactID(); !ok && !m.ContactIDCleared() {
				contact = old.ContactID
			}
		}
		if err := ValidateObjective(string(metric), target, contact); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

func planRule(next ent.Mutator) ent.Mutator {
	return hook.AccountPlanFunc(func(ctx context.Context, m *ent.AccountPlanMutation) (ent.Value, error) {
		if fy, ok := m.FiscalYear(); ok {
			if err := ValidateYear("fiscalYear", fy); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// offeringRule lets only admins (and the server itself, with no viewer:
// the demo, imports) write the offerings catalogue.
func offeringRule(next ent.Mutator) ent.Mutator {
	return hook.OfferingFunc(func(ctx context.Context, m *ent.OfferingMutation) (ent.Value, error) {
		if v := auth.FromContext(ctx); v != nil && !v.IsAdmin() {
			return nil, apperr.New(apperr.Forbidden, "", "only an admin changes the offerings catalogue")
		}
		return next.Mutate(ctx, m)
	})
}
