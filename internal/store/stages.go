package store

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/hook"
	"rapport/ent/stagechange"
	"rapport/internal/clock"
)

// accountStageHistory writes a StageChange for the loyalty stage and the
// lifecycle stage an account is created with and for every change of
// either, as accountTierHistory does for the tier.
func accountStageHistory(next ent.Mutator) ent.Mutator {
	return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
		type change struct {
			ladder   stagechange.Ladder
			from, to *string
		}
		create := m.Op().Is(ent.OpCreate)
		var changes []change
		if m.Op().Is(ent.OpUpdateOne) {
			if v, ok := m.LoyaltyStage(); ok {
				old, err := m.OldLoyaltyStage(ctx)
				if err != nil {
					return nil, fmt.Errorf("read old loyalty stage: %w", err)
				}
				if old != v {
					from, to := string(old), string(v)
					changes = append(changes, change{stagechange.LadderLOYALTY, &from, &to})
				}
			}
			if v, ok := m.LifecycleStage(); ok {
				old, err := m.OldLifecycleStage(ctx)
				if err != nil {
					return nil, fmt.Errorf("read old lifecycle stage: %w", err)
				}
				if old != v {
					from, to := string(old), string(v)
					changes = append(changes, change{stagechange.LadderLIFECYCLE, &from, &to})
				}
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || (!create && len(changes) == 0) {
			return v, err
		}
		a, ok := v.(*ent.Account)
		if !ok {
			return v, nil
		}
		if create {
			loyalty, lifecycle := string(a.LoyaltyStage), string(a.LifecycleStage)
			changes = []change{{stagechange.LadderLOYALTY, nil, &loyalty}, {stagechange.LadderLIFECYCLE, nil, &lifecycle}}
		}
		now := clock.Now(ctx)
		builders := make([]*ent.StageChangeCreate, len(changes))
		for i, ch := range changes {
			builders[i] = m.Client().StageChange.Create().
				SetAccountID(a.ID).
				SetLadder(ch.ladder).
				SetNillableFromStage(ch.from).
				SetToStage(*ch.to).
				SetChangedAt(now)
		}
		if err := m.Client().StageChange.CreateBulk(builders...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("record stage change: %w", err)
		}
		return v, nil
	})
}

type tierReasonKey struct{}

// WithTierReason returns a context under which a tier set on an account is
// recorded in its tier history with reason (the demo loader replays its
// history this way; the API records none).
func WithTierReason(ctx context.Context, reason string) context.Context {
	return context.WithValue(ctx, tierReasonKey{}, reason)
}

func tierReason(ctx context.Context) *string {
	if r, ok := ctx.Value(tierReasonKey{}).(string); ok && r != "" {
		return &r
	}
	return nil
}
