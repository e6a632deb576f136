package demo_test

import (
	"context"
	"testing"

	"rapport/ent/alert"
	"rapport/internal/alerts"
	"rapport/internal/demo"
	"rapport/internal/storetest"
)

// TestTheDemoHasProgrammeAlerts: on first start the inbox holds overdue
// stakeholders, overdue planned activities and overrun budgets (one demo
// plan in four overspends).
func TestTheDemoHasProgrammeAlerts(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, rule := range []string{alerts.StakeholderOverdue, alerts.ActivityOverdue} {
		if n := db.Client.Alert.Query().Where(alert.Rule(rule)).CountX(ctx); n == 0 {
			t.Errorf("no %s alert in the demo", rule)
		}
	}
	if n := db.Client.Alert.Query().Where(alert.Rule(alerts.BudgetOverrun)).CountX(ctx); n == 0 {
		t.Errorf("no %s alert in the demo: one plan in four should overspend", alerts.BudgetOverrun)
	}
}
