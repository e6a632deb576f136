package demo_test

import (
	"context"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"rapport/ent/alert"
	"rapport/internal/demo"
	"rapport/internal/storetest"
)

// TestTheDemoHasAlertsOnFirstStart: the loader runs the rules over the
// demo, so the inbox is not empty on first start.
func TestTheDemoHasAlertsOnFirstStart(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Rule  string `json:"rule"`
		Count int    `json:"count"`
	}
	db.Client.Alert.Query().GroupBy(alert.FieldRule).Aggregate(func(s *entsql.Selector) string { return entsql.Count("*") }).ScanX(ctx, &rows)
	total := 0
	for _, r := range rows {
		t.Logf("%s: %d", r.Rule, r.Count)
		total += r.Count
	}
	if total == 0 || len(rows) < 2 {
		t.Errorf("demo alerts by rule %+v: want some, of several rules", rows)
	}
}
