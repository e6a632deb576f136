package demo

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/clock"
	"rapport/internal/domain"
)

// planFollowUps leaves a few follow-up calls planned weeks ago for dates
// that have passed and never done nor cancelled (a strategic account's
// decision maker and their owner), so that the planned-activity rule
// (ACTIVITY_OVERDUE) has something to find on first start. Each is written
// under the clock of the day it was planned: a planned activity is refused
// once its date has passed.
func (w *world) planFollowUps(ctx context.Context, c *ent.Client) error {
	n := 0
	for _, a := range w.accounts {
		if n == 3 {
			break
		}
		if a.tier() != domain.TierStrategic || len(topics[a.spec.kind]) == 0 {
			continue
		}
		for _, p := range a.people {
			owner := p.primaryOwner()
			if p.left() || owner == nil || !owner.active() ||
				(p.role != domain.RoleDecisionMaker && p.role != domain.RoleEconomicBuyer) {
				continue
			}
			planned := w.now.AddDate(0, 0, -25-n)
			due := w.now.AddDate(0, 0, -4-3*n)
			err := c.Interaction.Create().SetAccountID(a.id).SetKind(interaction.KindCALL).
				SetStatus(interaction.StatusPLANNED).SetOccurredAt(due).
				SetSubject(fmt.Sprintf(subjects[interaction.KindCALL], topics[a.spec.kind][0])).
				SetOwnerID(owner.id).SetBudgetedCost(0).SetExternalID(fmt.Sprintf("INT-FU-%02d", n+1)).
				SetCreatedAt(planned).SetUpdatedAt(planned).
				AddContactIDs(p.id).AddTeamMemberIDs(owner.id).
				Exec(clock.At(ctx, planned))
			if err != nil {
				return fmt.Errorf("plan a follow-up on %s: %w", a.spec.key, err)
			}
			n++
			break
		}
	}
	return nil
}
