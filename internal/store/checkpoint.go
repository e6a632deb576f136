package store

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/mattn/go-sqlite3"
)

// sqliteDriver is go-sqlite3 with SQLite's automatic WAL checkpoint turned
// off on every connection: the store checkpoints in the background instead
// (checkpointer). SQLite's own runs inside the commit that crosses 1,000
// WAL pages, with the write lock held and, at synchronous=NORMAL, two
// fsyncs: at a steady stream of writes one commit in a few dozen paid for
// everyone's pages while every other writer queued behind it.
const sqliteDriver = "sqlite3_rapport"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA wal_autocheckpoint=0", nil)
		return err
	}})
}

// CheckpointEvery is how often the checkpointer copies the WAL back into
// the database file.
var CheckpointEvery = time.Second

// checkpointer runs PRAGMA wal_checkpoint(PASSIVE) every CheckpointEvery
// until the store closes. A passive checkpoint takes no write lock: writers
// go on appending while it copies what readers no longer need, so the WAL
// stays about one interval of writes long.
func (db *DB) checkpointer() {
	stop, done := make(chan struct{}), make(chan struct{})
	every := CheckpointEvery // read here, where a test that set it opened the store
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_, err := db.SQL.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
			cancel()
			if err != nil {
				slog.Warn("store: WAL checkpoint failed; the next one retries", "err", err)
			}
		}
	}()
	db.OnClose(func() { close(stop); <-done })
}
