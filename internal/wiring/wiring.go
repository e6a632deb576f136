// Package wiring opens a store and installs, in one place and in order,
// everything that runs around its queries and writes: the access rules,
// the integrity rules, the change feed and what follows it, the audit
// trail, the webhook outbox and the live events. Every server, command and
// test that needs a working store opens it here; package store only
// connects and migrates.
package wiring

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"

	"rapport/internal/audit"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/live"
	"rapport/internal/stakeholder/memgraph"
	"rapport/internal/store"
	"rapport/internal/webhook"
)

// Open opens the database named by rawURL (see store.Open) and wires it.
func Open(ctx context.Context, rawURL string, opts store.Options) (*store.DB, error) {
	db, err := store.Open(ctx, rawURL, opts)
	if err != nil {
		return nil, err
	}
	if err := Install(ctx, db); err != nil {
		db.SQL.Close()
		return nil, err
	}
	return db, nil
}

// Install puts the hooks and interceptors on db's client. Order matters:
// ent runs hooks in the order they are installed, outermost first.
//
//  1. The access policy (account-team scoping, internal/scope through
//     auth.Install) refuses early.
//  2. The integrity rules (store.InstallRules) check what is left.
//  3. The change feed's hook goes outside the live hook, which notes the
//     rows' accounts in it (changelog.Hook); the graph index follows the
//     feed, and the portfolio's maintained values attach to it on first
//     use (portfolio.For).
//  4. Sessions and users changed here are seen at once by open live
//     connections of this process (auth.InstallSessions).
//  5. Webhook secrets are sealed before the audit hook records the
//     change, and the webhook outbox queues the events it causes.
//  6. The live hook, last, publishes what got through after the commit.
func Install(ctx context.Context, db *store.DB) error {
	client := db.Client
	auth.Install(client)
	store.InstallRules(client, db.Dialect)
	memgraph.Install(client, changelog.Install(client, db.SQL, db.Dialect, db.CountStatement))
	db.OnClose(func() {
		memgraph.Forget(client)
		changelog.Forget(client)
	})
	if db.Secrets == nil {
		// Tests and tools that never deliver use a random key of the
		// process; the server passes the configured one.
		db.Secrets = webhook.ProcessSealer()
	}
	auth.InstallSessions(client)
	client.Use(db.Secrets.SealHook, audit.Hook, webhook.NewOutbox())
	bus, err := liveBus(ctx, db.SQL, db.Dialect, db.DSN)
	if err != nil {
		return err
	}
	db.Live = bus
	client.Use(live.Hook(bus))
	return nil
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
