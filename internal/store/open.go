// Package store opens Rapport's database (embedded SQLite or PostgreSQL),
// applies the versioned migrations, and installs the integrity rules every
// write goes through. Everything that holds an *ent.Client got it from here.
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
	_ "github.com/mattn/go-sqlite3"    // registers the "sqlite3" driver

	"rapport/ent"
	"rapport/internal/audit"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/graphindex"
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

	writeMu sync.Mutex // queues SQLite writers, see TxOpener
}

// Close closes the client and the connection pool.
func (db *DB) Close() error {
	if db.Live != nil {
		db.Live.Close()
	}
	graphindex.Forget(db.Client)
	changelog.Forget(db.Client)
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
	}
	counter := &Counter{}
	drv := counter.Wrap(entsql.OpenDB(dia, sqlDB))
	client := ent.NewClient(ent.Driver(drv))
	// Order matters: the access policy runs first and refuses early, the
	// integrity rules next, then the audit hook records what got through
	// and the webhook outbox queues its events.
	auth.Install(client)
	InstallRules(client, dia)
	// The change feed's hook goes outside the live hook, which notes the
	// rows' accounts in it (see changelog.Hook); the graph index follows
	// the feed.
	graphindex.Install(client, changelog.Install(client, sqlDB, dia, counter.add))
	secrets := opts.Secrets
	if secrets == nil {
		secrets = webhook.ProcessSealer()
	}
	// Sessions and users changed here are seen at once by open live
	// connections of this process (auth.InstallSessions).
	auth.InstallSessions(client)
	client.Use(secrets.SealHook, audit.Hook, webhook.Outbox)
	bus, err := liveBus(ctx, sqlDB, dia, dsn)
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	client.Use(live.Hook(bus))
	return &DB{Client: client, SQL: sqlDB, Dialect: dia, Counter: counter, Live: bus, Secrets: secrets}, nil
}

// liveBus returns the bus of committed changes: in process on SQLite, and
// through LISTEN/NOTIFY on PostgreSQL, where several servers share the
// database (on a channel of the schema's own, see live.NewPostgres).
func liveBus(ctx context.Context, sqlDB *sql.DB, dia, dsn string) (*live.Bus, error) {
	if dia != dialect.Postgres {
		return live.NewLocal(), nil
	}
	var schema string
	if err := sqlDB.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, fmt.Errorf("read the current schema: %w", err)
	}
	return live.NewPostgres(sqlDB, dsn, schema), nil
}

func parseURL(raw string) (driverName, dsn, dia string, err error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return "pgx", raw, dialect.Postgres, nil
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		return "sqlite3", sqliteDSN(path), dialect.SQLite, nil
	}
	return "", "", "", fmt.Errorf("database URL %q: want sqlite:PATH or postgres://...", Redact(raw))
}

// sqliteDSN turns a path into a go-sqlite3 DSN. WAL lets readers run beside
// the writer; _txlock=immediate takes the write lock at BEGIN, so that two
// writers queue on the busy timeout instead of one failing with "database is
// locked" when it upgrades a read lock mid-transaction.
func sqliteDSN(path string) string {
	params := "_fk=1&_busy_timeout=10000&_txlock=immediate"
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
