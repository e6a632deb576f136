package demo_test

import (
	"context"
	"testing"

	"rapport/internal/demo"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestLoadsThroughTheRealStore loads the demo data set through the store
// the server uses (migrations, integrity rules, access policy, audit) on
// both SQLite and PostgreSQL.
func TestLoadsThroughTheRealStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sum, err := demo.Load(context.Background(), db.Client, demo.Options{Seed: 1})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if sum.Accounts < 12 || sum.Contacts < 300 || sum.ContactRelations < 1000 || sum.TeamMembers < 20 {
			t.Errorf("summary %s is below the demo's minimums", sum)
		}
		if _, err := demo.Load(context.Background(), db.Client, demo.Options{Seed: 1}); err == nil {
			t.Error("a second load into a filled database succeeded")
		}
	})
}
