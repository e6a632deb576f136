package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// Migration files are generated from the ent schema by `make migration`
// (internal/store/migrategen) for each dialect and applied in file-name
// order. Applied versions are recorded in rapport_migrations.
//
//go:embed migrations
var migrationFiles embed.FS

// migrationLockKey serialises migrations when several servers start on one
// PostgreSQL at once.
const migrationLockKey = 727274

// Migration is one versioned migration file.
type Migration struct {
	Version string
	SQL     string
}

// Migrations lists the migrations for a dialect in order.
func Migrations(dia string) ([]Migration, error) {
	dir := path.Join("migrations", dirFor(dia))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations for %s: %w", dia, err)
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

func dirFor(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Migrate applies the pending migrations, each in its own transaction, and
// returns the versions it applied.
func Migrate(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	all, err := Migrations(dia)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: get connection: %w", err)
	}
	defer conn.Close()
	if dia == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
			return nil, fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey) //nolint:errcheck
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS rapport_migrations (
		version varchar(255) PRIMARY KEY,
		applied_at timestamp NOT NULL
	)`); err != nil {
		return nil, fmt.Errorf("migrate: create version table: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		if done[m.Version] {
			continue
		}
		if err := apply(ctx, conn, dia, m); err != nil {
			return applied, err
		}
		slog.InfoContext(ctx, "applied migration", "version", m.Version, "dialect", dia)
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending returns the versions not yet applied.
func Pending(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	all, err := Migrations(dia)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		// No version table yet: everything is pending.
		done = map[string]bool{}
	}
	var out []string
	for _, m := range all {
		if !done[m.Version] {
			out = append(out, m.Version)
		}
	}
	return out, nil
}

func appliedVersions(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version FROM rapport_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrate: read applied versions: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

func apply(ctx context.Context, conn *sql.Conn, dia string, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: begin: %w", m.Version, err)
	}
	defer tx.Rollback() //nolint:errcheck
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migrate %s: %w", m.Version, err)
	}
	insert := "INSERT INTO rapport_migrations (version, applied_at) VALUES (?, ?)"
	if dia == dialect.Postgres {
		insert = "INSERT INTO rapport_migrations (version, applied_at) VALUES ($1, $2)"
	}
	if _, err := tx.ExecContext(ctx, insert, m.Version, time.Now().UTC()); err != nil {
		return fmt.Errorf("migrate %s: record version: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate %s: commit: %w", m.Version, err)
	}
	return nil
}
