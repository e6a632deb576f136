package changelog_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/changelog"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// recorder is a consumer that keeps what it was told.
type recorder struct {
	mu      sync.Mutex
	resets  int
	applied []int // entity IDs, in the order applied
	types   []string
}

func (r *recorder) Reset(context.Context, changelog.Queryer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resets++
	return nil
}

func (r *recorder) Apply(_ context.Context, _ changelog.Queryer, batch []changelog.Entry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range batch {
		r.applied = append(r.applied, e.ID)
		r.types = append(r.types, e.Type)
	}
	return nil
}

func (r *recorder) seen() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.applied)
}

func insert(t *testing.T, db *store.DB, x changelog.Execer, id int) {
	t.Helper()
	q := `INSERT INTO changes (txid, entity_type, entity_id, at) VALUES (0, 'Contact', ?, CURRENT_TIMESTAMP)`
	if db.Dialect == "postgres" {
		q = `INSERT INTO changes (txid, entity_type, entity_id, at) VALUES (txid_current(), 'Contact', $1, now())`
	}
	if _, err := x.ExecContext(t.Context(), q, id); err != nil {
		t.Fatal(err)
	}
}

// TestATransactionCommittingLateIsSeen: on PostgreSQL a transaction may
// take its entry numbers before another that commits first; the reader
// must still get its entries once it commits, exactly once.
func TestATransactionCommittingLateIsSeen(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	ctx := t.Context()
	feed := changelog.For(db.Client)
	r := &recorder{}
	feed.Register(r)
	if err := feed.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	slow, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()  //nolint:errcheck
	insert(t, db, slow, 1) // numbered first, committed last
	insert(t, db, db.SQL, 2)
	if err := feed.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.seen(); !slices.Equal(got, []int{2}) {
		t.Fatalf("before the slow commit: applied %v, want [2]", got)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	insert(t, db, db.SQL, 3)
	if err := feed.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := feed.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.seen(); !slices.Equal(got, []int{2, 1, 3}) {
		t.Fatalf("after it: applied %v, want [2 1 3]", got)
	}
	if r.resets != 1 {
		t.Errorf("%d resets, want the first one only", r.resets)
	}
}

// TestResetEntryReloads: a Reset entry (a restore, a bulk loader) makes
// every consumer reload, on both stores.
func TestResetEntryReloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		feed := changelog.For(db.Client)
		r := &recorder{}
		feed.Register(r)
		if err := feed.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		insert(t, db, db.SQL, 7)
		if err := changelog.MarkReset(t.Context(), db.SQL, db.Dialect); err != nil {
			t.Fatal(err)
		}
		if err := feed.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r.resets != 2 || len(r.seen()) != 0 {
			t.Errorf("resets %d, applied %v; want 2 resets and nothing applied", r.resets, r.seen())
		}
	})
}

// TestRollbackWritesNothing: a rolled-back transaction's writes never
// reach the feed, and its own uncommitted rows are not read.
func TestRollbackWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		feed := changelog.For(db.Client)
		r := &recorder{}
		feed.Register(r)
		if err := feed.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := tx.Account.Create().SetName("Gone").SaveX(ctx)
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		b := db.Client.Account.Create().SetName("Kept").SaveX(ctx)
		if err := feed.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		// The committed account (with the history rows the store writes
		// with it); SQLite may hand the rolled-back account's ID out again,
		// so count the accounts.
		got := r.seen()
		r.mu.Lock()
		accounts := slices.DeleteFunc(slices.Clone(r.types), func(typ string) bool { return typ != ent.TypeAccount })
		r.mu.Unlock()
		if len(accounts) != 1 || got[0] != b.ID {
			t.Errorf("applied %v (%v): want the committed account %d once (rolled back: %d)", got, r.types, b.ID, a.ID)
		}
	})
}

// TestAnIdleServerReloads: entries older than the retention are pruned, so
// a server that has not read the feed for half as long cannot trust its
// position and reloads everything instead.
func TestAnIdleServerReloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		feed := changelog.For(db.Client)
		r := &recorder{}
		feed.Register(r)
		if err := feed.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		insert(t, db, db.SQL, 9)
		changelog.Idle(feed, changelog.Retention/2-time.Minute)
		if err := feed.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r.resets != 1 || !slices.Equal(r.seen(), []int{9}) {
			t.Fatalf("not yet idle too long: resets %d, applied %v; want 1 and [9]", r.resets, r.seen())
		}
		insert(t, db, db.SQL, 10)
		changelog.Idle(feed, changelog.Retention/2+time.Minute)
		if err := feed.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r.resets != 2 || slices.Contains(r.seen(), 10) {
			t.Errorf("idle too long: resets %d, applied %v; want a second reset instead of applying 10", r.resets, r.seen())
		}
	})
}

// TestALateConsumerLoadsAlone: a consumer registered after the others
// loaded (the whitespace grid's cache registers on its first read) loads
// from the same view the others are brought to, and the others only apply
// what changed: reloading them all (the graph index among them, seconds
// at scale L) held every request behind the first that registered one.
func TestALateConsumerLoadsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		feed := changelog.For(db.Client)
		early := &recorder{}
		feed.Register(early)
		if err := feed.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		insert(t, db, db.SQL, 5)
		late := &recorder{}
		feed.Register(late)
		if err := feed.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if early.resets != 1 || !slices.Equal(early.seen(), []int{5}) {
			t.Errorf("the early consumer: resets %d, applied %v; want 1 reset and [5] applied", early.resets, early.seen())
		}
		if late.resets != 1 || len(late.seen()) != 0 {
			t.Errorf("the late consumer: resets %d, applied %v; want 1 reset and nothing applied", late.resets, late.seen())
		}
		insert(t, db, db.SQL, 6)
		if err := feed.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(early.seen(), []int{5, 6}) || !slices.Equal(late.seen(), []int{6}) || early.resets != 1 || late.resets != 1 {
			t.Errorf("then: early applied %v (%d resets), late %v (%d resets); want [5 6] and [6], one reset each",
				early.seen(), early.resets, late.seen(), late.resets)
		}
	})
}
