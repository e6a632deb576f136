// Package store opens Rapport's database (embedded SQLite or PostgreSQL)
// and applies the versioned migrations; it also holds the integrity rules
// every write goes through (rules.go), backups and the statement counter.
// What runs around every query and write (access rules, integrity rules,
// the change feed, the audit trail, the webhook outbox, live events) is
// installed by package wiring, whose Open is how everything that holds an
// *ent.Client gets one.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"rapport/ent"
	"rapport/internal/live"
	"rapport/internal/webhook"
)

// DB is an open store: the ent client and what sits under it.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	// Counter counts the SQL statements sent through Client.
	Counter *Counter
	// Live publishes committed changes to subscribers (see package live).
	Live *live.Bus
	// Secrets encrypts and opens the webhook secrets stored in the database.
	Secrets *webhook.Sealer

	// DSN is the driver's data source name (the live bus listens on a
	// connection of its own to it).
	DSN string

	writeMu sync.Mutex // queues SQLite writers, see TxOpener
	onClose []func()
}

// OnClose registers fn to run when the store closes, before the client
// does (the wiring forgets what it registered for the client).
func (db *DB) OnClose(fn func()) { db.onClose = append(db.onClose, fn) }

// Close closes the client and the connection pool.
func (db *DB) Close() error {
	if db.Live != nil {
		db.Live.Close()
	}
	for _, fn := range db.onClose {
		fn()
	}
	return db.Client.Close()
}

// Options tune Open.
type Options struct {
	// Migrate applies pending migrations before returning.
	Migrate bool
	// MaxOpenConns caps the pool; 0 picks a default per dialect.
	MaxOpenConns int
	// Secrets encrypts the webhook secrets written; nil uses a random key
	// of the process (tests, tools that never deliver), see
	// webhook.ProcessSealer. The server passes the configured key.
	Secrets *webhook.Sealer
}

// Open connects to the database named by rawURL: "sqlite:PATH" (or
// "sqlite::memory:") or "postgres://...".
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	driverName, dsn, dia, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	sqlDB, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dia, err)
	}
	configurePool(sqlDB, dia, opts.MaxOpenConns)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dia, err)
	}
	if opts.Migrate {
		if _, err := Migrate(ctx, sqlDB, dia); err != nil {
			sqlDB.Close()
			return nil, err
		}
		if _, err := BackfillSearchKeys(ctx, sqlDB, dia); err != nil {
			sqlDB.Close()
			return nil, err
		}
	}
	counter := &Counter{}
	drv := counter.Wrap(entsql.OpenDB(dia, sqlDB))
	client := ent.NewClient(ent.Driver(drv))
	db := &DB{Client: client, SQL: sqlDB, Dialect: dia, Counter: counter, DSN: dsn, Secrets: opts.Secrets}
	if dia == dialect.SQLite {
		db.checkpointer()
	}
	return db, nil
}

// CountStatement is told of a statement sent past the client (the change
// feed's reads), so that the Counter sees every statement.
func (db *DB) CountStatement(ctx context.Context) { db.Counter.add(ctx) }

// plannerDefaults are the session settings every connection to PostgreSQL
// starts with unless the URL sets them. random_page_cost 1.1 (PostgreSQL's
// default, 4, prices a random read like a spinning disk's): at scale L the
// meetings of an account page's 1,000 stakeholders (cadence.LastMet) were
// planned as a hash join over every interaction, 131 ms; priced for an SSD
// they are 2,500 index lookups, 5 ms.
var plannerDefaults = map[string]string{"random_page_cost": "1.1"}

// withPlannerDefaults adds plannerDefaults to a postgres:// URL as
// parameters, which pgx sends as the session's settings.
func withPlannerDefaults(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("database URL %q: %w", Redact(raw), err)
	}
	q := u.Query()
	for k, v := range plannerDefaults {
		if !q.Has(k) {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func parseURL(raw string) (driverName, dsn, dia string, err error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		dsn, err := withPlannerDefaults(raw)
		return "pgx", dsn, dialect.Postgres, err
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		return sqliteDriver, sqliteDSN(path), dialect.SQLite, nil
	}
	return "", "", "", fmt.Errorf("database URL %q: want sqlite:PATH or postgres://...", Redact(raw))
}

// sqliteDSN turns a path into a go-sqlite3 DSN. WAL lets readers run beside
// the writer; _txlock=immediate takes the write lock at BEGIN, so that two
// writers queue on the busy timeout instead of one failing with "database is
// locked" when it upgrades a read lock mid-transaction. _stmt_cache_size
// keeps each connection's most recent prepared statements: the same few
// hundred statement texts come back request after request, and preparing
// one costs as much as running a small indexed read (13% of the CPU of an
// opportunity's decision chain before the cache).
func sqliteDSN(path string) string {
	params := "_fk=1&_busy_timeout=10000&_txlock=immediate&_stmt_cache_size=128"
	if path == ":memory:" || strings.HasPrefix(path, "file::memory:") || strings.Contains(path, "mode=memory") {
		name := strings.TrimPrefix(path, "file:")
		if name == ":memory:" {
			name = fmt.Sprintf("mem%d", time.Now().UnixNano())
		}
		name = strings.SplitN(name, "?", 2)[0]
		return "file:" + name + "?mode=memory&cache=shared&" + params
	}
	if dir := filepath.Dir(path); dir != "." {
		_ = os.MkdirAll(dir, 0o755)
	}
	return "file:" + path + "?_journal_mode=WAL&_synchronous=NORMAL&" + params
}

func configurePool(db *sql.DB, dia string, maxOpen int) {
	if maxOpen == 0 {
		maxOpen = 16
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

// Redact hides a password in a database URL for logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
