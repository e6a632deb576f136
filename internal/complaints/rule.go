// Package complaints holds the rule complaints are written under. It is
// apart from package health (which reads complaints for the score and the
// trend) so that the store can install it without importing the engines.
package complaints

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/hook"
	"rapport/internal/apperr"
)

// Install registers the rule complaints are written under: a response
// target or an answer dated before the complaint was opened is refused,
// naming the field.
func Install(c *ent.Client) { c.Complaint.Use(complaintRule) }

func complaintRule(next ent.Mutator) ent.Mutator {
	return hook.ComplaintFunc(func(ctx context.Context, m *ent.ComplaintMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		due, dueSet := m.ResponseDueAt()
		answered, answeredSet := m.RespondedAt()
		opened, openedSet := m.OpenedAt()
		if !dueSet && !answeredSet && !openedSet {
			return next.Mutate(ctx, m)
		}
		if !openedSet {
			if m.Op().Is(ent.OpCreate) {
				opened = time.Now() // the field's default
			} else {
				old, err := m.OldOpenedAt(ctx)
				if err != nil {
					return nil, fmt.Errorf("read openedAt: %w", err)
				}
				opened = old
			}
		}
		if m.Op().Is(ent.OpUpdateOne) && openedSet {
			// A new opening date is checked against the targets kept.
			if !dueSet && !m.ResponseDueAtCleared() {
				old, err := m.OldResponseDueAt(ctx)
				if err != nil {
					return nil, fmt.Errorf("read responseDueAt: %w", err)
				}
				if old != nil {
					due, dueSet = *old, true
				}
			}
			if !answeredSet && !m.RespondedAtCleared() {
				old, err := m.OldRespondedAt(ctx)
				if err != nil {
					return nil, fmt.Errorf("read respondedAt: %w", err)
				}
				if old != nil {
					answered, answeredSet = *old, true
				}
			}
		}
		if dueSet && due.Before(opened) {
			return nil, apperr.Invalid("responseDueAt", "the response is due (%s) before the complaint was opened (%s); expected responseDueAt on or after openedAt",
				due.Format(time.RFC3339), opened.Format(time.RFC3339))
		}
		if answeredSet && answered.Before(opened) {
			return nil, apperr.Invalid("respondedAt", "the complaint was answered (%s) before it was opened (%s); expected respondedAt on or after openedAt",
				answered.Format(time.RFC3339), opened.Format(time.RFC3339))
		}
		return next.Mutate(ctx, m)
	})
}
