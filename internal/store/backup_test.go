package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rapport/internal/demo"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/wiring"
)

var tables = []string{"accounts", "contacts", "contact_relations", "coverages", "interactions", "audit_events"}

func counts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + tb).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", tb, err)
		}
		out[tb] = n
	}
	return out
}

// backupRoundTrip loads the demo data, backs up while writers keep
// writing, restores into target and compares the restored counts with the
// backup's.
func backupRoundTrip(t *testing.T, liveURL, restoreURL string) {
	ctx := context.Background()
	db, err := wiring.Open(ctx, liveURL, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Load(ctx, db.Client, demo.Options{Seed: 3}); err != nil {
		t.Fatal(err)
	}
	acc, err := db.Client.Account.Query().First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				if err := db.Client.Contact.Create().SetAccountID(acc.ID).SetName(fmt.Sprintf("during backup %d", i)).Exec(ctx); err != nil {
					t.Errorf("write during backup: %v", err)
					return
				}
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := store.Backup(ctx, liveURL, file); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()

	if err := store.Restore(ctx, restoreURL, file); err != nil {
		t.Fatal(err)
	}
	restored, err := wiring.Open(ctx, restoreURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got := counts(t, restored.SQL)
	live := counts(t, db.SQL)
	if got["accounts"] != live["accounts"] || got["contacts"] < 300 || got["contacts"] > live["contacts"] {
		t.Errorf("restored %v, live %v", got, live)
	}
	if err := store.IntegrityCheck(ctx, restoreURL); err != nil {
		t.Error(err)
	}
	// Every contact in the backup has its account: the copy is consistent.
	var orphans int
	if err := restored.SQL.QueryRow(`SELECT COUNT(*) FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE a.id IS NULL`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("orphaned contacts in the restored copy: %d (%v)", orphans, err)
	}
}

func TestBackupAndRestoreSQLite(t *testing.T) {
	dir := t.TempDir()
	backupRoundTrip(t, "sqlite:"+filepath.Join(dir, "live.db"), "sqlite:"+filepath.Join(dir, "restored.db"))
}

func TestBackupAndRestorePostgres(t *testing.T) {
	base := storetest.PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		storetest.Open(t, storetest.Postgres) // fails in CI, skips elsewhere, with the reason
		t.Fatalf("PostgreSQL: %v", err)
	}
	defer admin.Close()
	name := func(s string) string { return fmt.Sprintf("rapport_backup_%s_%d", s, time.Now().UnixNano()) }
	live, restored := name("live"), name("restored")
	for _, db := range []string{live, restored} {
		if _, err := admin.Exec("CREATE DATABASE " + db); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)") })
	}
	u, _ := url.Parse(base)
	withDB := func(db string) string { c := *u; c.Path = "/" + db; return c.String() }
	backupRoundTrip(t, withDB(live), withDB(restored))
}
