package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"entgo.io/ent/dialect"

	"rapport/internal/changelog"
)

// Backup writes an online, consistent copy of the database to file while
// the server keeps running: SQLite's VACUUM INTO (a snapshot inside one
// read transaction), or pg_dump's custom format for PostgreSQL.
func Backup(ctx context.Context, rawURL, file string) error {
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("backup: %s already exists", file)
	}
	driverName, dsn, dia, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	if dia == dialect.Postgres {
		out, err := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file="+file, "--dbname="+rawURL).CombinedOutput()
		if err != nil {
			return fmt.Errorf("backup: pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", file); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", file, err)
	}
	return IntegrityCheck(ctx, "sqlite:"+file)
}

// Restore replaces the database with a backup. For SQLite the server must
// be stopped: the file is checked, then moved into place atomically. For
// PostgreSQL, pg_restore replaces the tables in place.
func Restore(ctx context.Context, rawURL, file string) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, _, dia, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	if dia == dialect.Postgres {
		return restorePostgres(ctx, rawURL, file)
	}
	if err := IntegrityCheck(ctx, "sqlite:"+file); err != nil {
		return fmt.Errorf("restore: the backup is damaged: %w", err)
	}
	target := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
	tmp := target + ".restore"
	if err := copyFile(file, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: remove %s: %w", target+side, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// restorePostgres replaces the tables in place, where running servers keep
// their graph snapshots: the change feed then gets a Reset entry numbered
// past every position a server may hold (see changelog.Restored), so that
// every server reloads.
func restorePostgres(ctx context.Context, rawURL, file string) error {
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	// No feed table: no server (they migrate at start) can be running on
	// this database, so none holds a snapshot of it.
	before, headErr := changelog.Head(ctx, db)
	out, err := exec.CommandContext(ctx, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
		"--dbname="+rawURL, file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("restore: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	if headErr != nil {
		return nil
	}
	if err := changelog.Restored(ctx, db, before); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check.
func IntegrityCheck(ctx context.Context, rawURL string) error {
	driverName, dsn, dia, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	if dia != dialect.SQLite {
		return nil
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
