package demo

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/internal/alerts"
)

// raiseAlerts runs the alert rules over the finished demo, so that a user
// finds alerts on first start: the champions who left, the decision makers
// who turned skeptic, the uncovered ones, the overdue complaints.
func (w *world) raiseAlerts(ctx context.Context, c *ent.Client) error {
	if _, err := alerts.Scan(ctx, c, w.now); err != nil {
		return fmt.Errorf("raise alerts: %w", err)
	}
	return nil
}
