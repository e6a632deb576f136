package graph

import (
	"context"
	"fmt"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/ent/accountplan"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/ent/risk"
	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/clock"
	"rapport/internal/gid"
	"rapport/internal/plans"
	"rapport/internal/portfolio"
	"rapport/internal/whitespace"
)

// This file adapts internal/plans and internal/whitespace to the resolvers
// of plans.graphqls: plan vs actual batched over the list of plans a field
// sits in, the account's plan and offerings batched over the list of
// accounts, the grid, and the activity transitions.

func planID(p *ent.AccountPlan) int { return p.ID }

// planSiblings remembers, per request, the plans Account.plan loaded
// together: a plan reached through a list of accounts is not in a list of
// plans, so siblingIDs cannot find the others, yet their progress should
// still be computed in one batch.
type planSiblings struct {
	mu sync.Mutex
	of map[int][]int
}

func siblingPlans(ctx context.Context) *planSiblings {
	return requestValue(ctx, "planSiblings", func() any { return &planSiblings{of: map[int][]int{}} }).(*planSiblings)
}

func (s *planSiblings) set(batch []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range batch {
		s.of[id] = batch
	}
}

func (s *planSiblings) get(id int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.of[id]
}

func (r *Resolver) planProgress(ctx context.Context, p *ent.AccountPlan) (*plans.Report, error) {
	b := batcherFor(ctx, "planProgress", func(ctx context.Context, ids []int) (map[int]*plans.Report, error) {
		return plans.Load(ctx, r.db(ctx), ids, plans.Current(), clock.Now(ctx))
	})
	siblings := siblingIDs(ctx, planID)
	if len(siblings) == 0 {
		siblings = siblingPlans(ctx).get(p.ID)
	}
	rep, err := b.load(ctx, p.ID, siblings)
	if err != nil {
		return nil, err
	}
	if rep == nil {
		// The plan was read a moment ago under the same viewer: only a
		// concurrent delete gets here.
		return nil, ent.NotFoundFor(ent.TypeAccountPlan)
	}
	return rep, nil
}

// accountPlan is account a's plan for fiscal year fy (the current one when
// nil), read for every account of the list a sits in at once.
func (r *Resolver) accountPlan(ctx context.Context, a *ent.Account, fy *int) (*ent.AccountPlan, error) {
	year := plans.Current().Year(clock.Now(ctx))
	if fy != nil {
		if err := plans.ValidateYear("fiscalYear", *fy); err != nil {
			return nil, err
		}
		year = *fy
	}
	b := batcherFor(ctx, fmt.Sprintf("accountPlan:%d", year), func(ctx context.Context, ids []int) (map[int]*ent.AccountPlan, error) {
		ps, err := r.db(ctx).AccountPlan.Query().Where(accountplan.AccountIDIn(ids...), accountplan.FiscalYear(year)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load FY%d plans of %d accounts: %w", year, len(ids), err)
		}
		out := make(map[int]*ent.AccountPlan, len(ps))
		batch := make([]int, len(ps))
		for i, p := range ps {
			out[p.AccountID] = p
			batch[i] = p.ID
		}
		siblingPlans(ctx).set(batch)
		return out, nil
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}

// accountOfferings is account a's offerings, oldest first, read for every
// account of the list a sits in at once.
func (r *Resolver) accountOfferings(ctx context.Context, a *ent.Account) ([]*ent.AccountOffering, error) {
	b := batcherFor(ctx, "accountOfferings", func(ctx context.Context, ids []int) (map[int][]*ent.AccountOffering, error) {
		aos, err := r.db(ctx).AccountOffering.Query().Where(accountoffering.AccountIDIn(ids...)).
			Order(ent.Asc(accountoffering.FieldID)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load offerings of %d accounts: %w", len(ids), err)
		}
		out := make(map[int][]*ent.AccountOffering, len(ids))
		for _, id := range ids {
			out[id] = []*ent.AccountOffering{}
		}
		for _, ao := range aos {
			out[ao.AccountID] = append(out[ao.AccountID], ao)
		}
		return out, nil
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}

func accountOfferingWhitespace(ao *ent.AccountOffering) float64 {
	return whitespace.Whitespace(whitespace.Row{Current: ao.CurrentRevenue, Potential: ao.Potential, Status: string(ao.Status)})
}

func (r *Resolver) whitespaceGrid(ctx context.Context, where *model.WhitespaceWhereInput, includeSubsidiaries *bool) (*whitespace.View, error) {
	f := whitespace.Filter{IncludeSubsidiaries: includeSubsidiaries == nil || *includeSubsidiaries}
	if where != nil {
		for _, id := range where.AccountIDs {
			if err := checkType("where.accountIDs", id, ent.TypeAccount); err != nil {
				return nil, err
			}
		}
		for _, id := range where.OfferingIDs {
			if err := checkType("where.offeringIDs", id, ent.TypeOffering); err != nil {
				return nil, err
			}
		}
		f.AccountIDs, f.OfferingIDs, f.Tier = where.AccountIDs, where.OfferingIDs, where.Tier
	}
	// The whole portfolio's grid, outside a mutation's transaction, is kept
	// between the changes that move it (whitespace.Cache); a scoped viewer's
	// or a filtered grid is read.
	if f.AccountIDs == nil && f.OfferingIDs == nil && f.Tier == nil && ent.FromContext(ctx) == nil && portfolio.Enabled.Load() {
		if c := whitespace.CacheFor(r.client); c != nil {
			if v, ok, err := c.Portfolio(ctx, f.IncludeSubsidiaries); err != nil || ok {
				return v, err
			}
		}
	}
	return whitespace.Load(ctx, r.db(ctx), f)
}

// deleteAccountPlan deletes a plan's objectives and risks one by one
// (each is audited) and unlinks its activities, which stay as the
// account's interactions, then the plan.
func deleteAccountPlan(ctx context.Context, id int) (*model.DeletePayload, error) {
	tx := ent.FromContext(ctx)
	if _, err := tx.AccountPlan.Get(ctx, id); err != nil {
		return nil, err
	}
	objs, err := tx.Objective.Delete().Where(objective.PlanID(id)).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("delete the plan's objectives: %w", err)
	}
	risks, err := tx.Risk.Delete().Where(risk.PlanID(id)).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("delete the plan's risks: %w", err)
	}
	if _, err := tx.Interaction.Update().Where(interaction.PlanID(id)).ClearPlanID().Save(ctx); err != nil {
		return nil, fmt.Errorf("unlink the plan's activities: %w", err)
	}
	return deleted(id, objs+risks, tx.AccountPlan.DeleteOneID(id).Exec(ctx))
}

// completeActivity records a planned activity as done. It is an update of
// the interaction (status, date, cost, outcome), so the store's rules
// refresh coverage and the change feed, history and audit see it.
func completeActivity(ctx context.Context, id int, occurredAt *time.Time, cost *float64, notes *string) (*ent.Interaction, error) {
	tx := ent.FromContext(ctx)
	a, err := plannedActivity(ctx, tx, id, "complete")
	if err != nil {
		return nil, err
	}
	now := clock.Now(ctx)
	at := now
	if occurredAt != nil {
		at = *occurredAt
	}
	if at.After(now) {
		return nil, apperr.Invalid("occurredAt", "%s is in the future: an activity is completed once it happened; expected a time up to now",
			at.UTC().Format(time.RFC3339))
	}
	if cost != nil && (*cost < 0 || *cost != *cost) {
		return nil, apperr.Invalid("cost", "%g is not a cost: expected 0 or more", *cost)
	}
	u := tx.Interaction.UpdateOne(a).SetStatus(interaction.StatusDONE).SetOccurredAt(at)
	if cost != nil {
		u.SetCost(*cost)
	}
	if notes != nil {
		u.SetOutcome(*notes)
	}
	return u.Save(ctx)
}

// cancelActivity cancels a planned activity; its budget no longer counts.
func cancelActivity(ctx context.Context, id int) (*ent.Interaction, error) {
	tx := ent.FromContext(ctx)
	a, err := plannedActivity(ctx, tx, id, "cancel")
	if err != nil {
		return nil, err
	}
	return tx.Interaction.UpdateOne(a).SetStatus(interaction.StatusCANCELLED).Save(ctx)
}

func plannedActivity(ctx context.Context, tx *ent.Client, id int, verb string) (*ent.Interaction, error) {
	if err := checkType("id", id, ent.TypeInteraction); err != nil {
		return nil, err
	}
	a, err := tx.Interaction.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != interaction.StatusPLANNED {
		return nil, apperr.Invalid("id", "activity %s is %s: only a PLANNED activity can %s; expected a PLANNED activity",
			gid.Encode(id), a.Status, verb)
	}
	return a, nil
}
