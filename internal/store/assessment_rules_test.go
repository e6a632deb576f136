package store_test

import (
	"context"
	"sync/atomic"
	"testing"

	"rapport/ent"
	"rapport/ent/assessment"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestNewContactsAssessmentChecksNothing: creating a contact records its
// first assessment in the same transaction without reading the contact
// back to check the assessment's reference: the account's check and the
// two INSERTs. Each statement in a writer's transaction holds SQLite's
// write lock.
func TestNewContactsAssessmentChecksNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		acme := db.Client.Account.Create().SetName("Acme").SaveX(ctx)
		create := func(name string) int64 {
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// As a mutation runs: the transaction in the context.
			var n atomic.Int64
			c, err := tx.Contact.Create().SetAccountID(acme.ID).SetName(name).SetInfluence(4).
				Save(store.WithStatementCount(ent.NewTxContext(ctx, tx), &n))
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := db.Client.Assessment.Query().Where(assessment.ContactID(c.ID), assessment.Influence(4)).CountX(ctx); got != 1 {
				t.Fatalf("%s: %d assessments recorded, want 1", name, got)
			}
			return n.Load()
		}
		create("Warm-up") // fills the caches a first write fills (the active webhooks)
		if got := create("Dana"); got != 3 {
			t.Errorf("creating a contact sent %d statements before the commit, want 3 (the account's check, two INSERTs)", got)
		}
	})
}
