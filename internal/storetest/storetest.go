// Package storetest opens fresh, migrated databases for tests: a
// SQLite file per test, and a schema of its own on the PostgreSQL
// named by RAPPORT_TEST_POSTGRES_URL (default: the local server's "test"
// database). In CI (CI=true) an unreachable PostgreSQL fails the test;
// elsewhere it skips, saying so.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"rapport/internal/store"
	"rapport/internal/wiring"
)

// DefaultPostgresURL is the machine's PostgreSQL test database.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var seq atomic.Int64

// Store names a kind of store.
type Store string

// The stores every API test runs against.
const (
	SQLite   Store = "sqlite"
	Postgres Store = "postgres"
)

// Stores lists both stores.
var Stores = []Store{SQLite, Postgres}

// Each runs fn once per store, as subtests named after the store.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, s := range Stores {
		t.Run(string(s), func(t *testing.T) {
			fn(t, Open(t, s))
		})
	}
}

// Open returns a fresh, migrated store of the given kind, closed and
// dropped when the test ends.
func Open(t testing.TB, s Store) *store.DB {
	t.Helper()
	return OpenURL(t, URL(t, s))
}

// URL returns the URL of a fresh database of the given kind, dropped when
// the test ends. Opening it twice (OpenURL) gives two stores on one
// database, as two server processes would have.
func URL(t testing.TB, s Store) string {
	t.Helper()
	switch s {
	case SQLite:
		// A file in the test's temp dir, not :memory:, so that the store
		// runs exactly as in production (WAL, several connections).
		return "sqlite:" + filepath.Join(t.TempDir(), "rapport.db")
	case Postgres:
		return postgresSchema(t)
	}
	t.Fatalf("unknown store %q", s)
	return ""
}

// OpenURL opens and migrates the store at rawURL, closed when the test
// ends.
func OpenURL(t testing.TB, rawURL string) *store.DB {
	t.Helper()
	db, err := wiring.Open(context.Background(), rawURL, store.Options{Migrate: true})
	if err != nil {
		t.Fatalf("open %s: %v", store.Redact(rawURL), err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL returns the base URL of the test PostgreSQL.
func PostgresURL() string {
	if u := os.Getenv("RAPPORT_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// postgresSchema creates a schema of the test's own and returns a URL
// whose search_path points at it.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required in CI: %v", store.Redact(base), err)
		}
		t.Skipf("skipping PostgreSQL test: no server at %s (%v)", store.Redact(base), err)
	}
	name := fmt.Sprintf("rapport_t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, seq.Add(1))
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return strings.Replace(u.String(), "postgresql://", "postgres://", 1)
}
