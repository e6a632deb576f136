package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rapport/internal/store"
)

// TestSQLiteCheckpointsInTheBackground: no connection checkpoints the WAL
// on commit (wal_autocheckpoint 0 on each of the pool's), and the
// checkpointer still copies committed pages into the database file soon
// after: rows written to the WAL reach the file without any commit or
// close doing it.
func TestSQLiteCheckpointsInTheBackground(t *testing.T) {
	defer func(d time.Duration) { store.CheckpointEvery = d }(store.CheckpointEvery)
	store.CheckpointEvery = 20 * time.Millisecond
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rapport.db")
	db, err := store.Open(ctx, "sqlite:"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Several connections at once, so that the pool opens more than one.
	conns := make([]interface{ Close() error }, 3)
	for i := range conns {
		c, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := c.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("connection %d: wal_autocheckpoint %d, want 0", i, n)
		}
		conns[i] = c
	}
	for _, c := range conns {
		c.Close()
	}

	size := func() int64 {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	if _, err := db.SQL.ExecContext(ctx, "CREATE TABLE filler (b TEXT)"); err != nil {
		t.Fatal(err)
	}
	// Let a checkpoint pass, then write 2 MB: 500 pages, under SQLite's
	// own threshold of 1,000, so only the checkpointer moves them.
	time.Sleep(5 * store.CheckpointEvery)
	before := size()
	blob := strings.Repeat("x", 4000)
	for range 500 {
		if _, err := db.SQL.ExecContext(ctx, "INSERT INTO filler (b) VALUES (?)", blob); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for size() < before+1<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes (from %d) with 2 MB committed to the WAL: nothing checkpointed", size(), before)
		}
		time.Sleep(store.CheckpointEvery)
	}
}
