package audit_test

import (
	"context"
	"fmt"
	"testing"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// createMembers creates n team members one by one in a transaction (more
// than one flush of audit events happens before the end) and commits or
// rolls back; it returns the members' IDs.
func createMembers(t *testing.T, ctx context.Context, db *store.DB, n int, commit bool) []int {
	t.Helper()
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ctx = ent.NewTxContext(ctx, tx) // as a GraphQL request's transaction does
	ids := make([]int, n)
	for i := range ids {
		m, err := tx.TeamMember.Create().SetName(fmt.Sprintf("Member %d", i)).
			SetEmail(fmt.Sprintf("m%d-%v@example.com", i, commit)).Save(ctx)
		if err != nil {
			_ = tx.Rollback()
			t.Fatal(err)
		}
		ids[i] = m.ID
	}
	if commit {
		err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestEventsOfATransactionCommitAndRollBackWithIt: a transaction's events
// are written in chunks while it runs, so that a 10,000-row import holds
// at most one chunk in memory; the chunks written before the end are part
// of the transaction, gone with a rollback, and a commit writes every
// event once.
func TestEventsOfATransactionCommitAndRollBackWithIt(t *testing.T) {
	const n = 1234 // two full chunks of 500 and a rest
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		createMembers(t, ctx, db, n, false)
		if got, err := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeTeamMember)).Count(ctx); err != nil || got != 0 {
			t.Fatalf("after a rollback: %d team member events (%v), want 0", got, err)
		}
		if got, err := db.Client.TeamMember.Query().Count(ctx); err != nil || got != 0 {
			t.Fatalf("after a rollback: %d team members (%v), want 0", got, err)
		}

		ids := createMembers(t, ctx, db, n, true)
		events, err := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeTeamMember)).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]int{}
		for _, e := range events {
			if e.Action != auditevent.ActionCREATE || e.EntityID == nil || e.ActorType != auditevent.ActorTypeSYSTEM {
				t.Fatalf("event %+v: want a CREATE by the system with the member's ID", e)
			}
			if e.Changes["name"].After == nil {
				t.Fatalf("event of member %d records no name: %v", *e.EntityID, e.Changes)
			}
			seen[*e.EntityID]++
		}
		for _, id := range ids {
			if seen[id] != 1 {
				t.Fatalf("member %d has %d events, want 1", id, seen[id])
			}
		}
		if len(events) != n {
			t.Errorf("%d events for %d members", len(events), n)
		}
	})
}
