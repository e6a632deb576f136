// Command migrategen writes the next versioned migration for each dialect:
// it replays the existing migration files on a scratch database and diffs
// the result against the ent schema. Run it through `make migration
// NAME=what_changed` after changing ent/schema.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"time"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"rapport/ent/migrate"
)

func main() {
	name := flag.String("name", "changes", "name of the migration")
	dir := flag.String("dir", "internal/store/migrations", "migration directory root")
	pgURL := flag.String("postgres", envOr("RAPPORT_MIGRATE_DEV_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL server used to create a scratch database")
	flag.Parse()
	ctx := context.Background()

	sqliteDB, err := sql.Open("sqlite3", "file:migrategen?mode=memory&cache=shared&_fk=1")
	check(err)
	check(diff(ctx, sqliteDB, dialect.SQLite, *dir+"/sqlite", *name))

	admin, err := sql.Open("pgx", *pgURL)
	check(err)
	scratch := fmt.Sprintf("rapport_migrategen_%d", time.Now().UnixNano())
	_, err = admin.ExecContext(ctx, "CREATE DATABASE "+scratch)
	check(err)
	defer admin.ExecContext(ctx, "DROP DATABASE "+scratch) //nolint:errcheck
	pgDB, err := sql.Open("pgx", replaceDB(*pgURL, scratch))
	check(err)
	err = diff(ctx, pgDB, dialect.Postgres, *dir+"/postgres", *name)
	pgDB.Close()
	check(err)
}

func diff(ctx context.Context, db *sql.DB, dia, dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	local, err := atlasmigrate.NewLocalDir(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	// Hand-written migrations (indexes ent cannot declare) join the
	// directory's checksum file before the replay checks it.
	sum, err := local.Checksum()
	if err != nil {
		return fmt.Errorf("checksum %s: %w", dir, err)
	}
	if err := atlasmigrate.WriteSumFile(local, sum); err != nil {
		return fmt.Errorf("write %s/atlas.sum: %w", dir, err)
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dia, db),
		schema.WithDir(local),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia),
		schema.WithFormatter(atlasmigrate.DefaultFormatter),
		schema.WithDropColumn(true),
		// No WithDropIndex: hand-written migrations add indexes ent cannot
		// declare (on join tables), and a diff must not drop them.
		schema.WithDropIndex(false),
	)
	if err != nil {
		return fmt.Errorf("%s: %w", dia, err)
	}
	if err := m.NamedDiff(ctx, name, migrate.Tables...); err != nil {
		return fmt.Errorf("%s: diff: %w", dia, err)
	}
	return nil
}

func replaceDB(raw, db string) string {
	u, err := url.Parse(raw)
	check(err)
	u.Path = "/" + db
	return u.String()
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
