package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"rapport/bench/dataset"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

// Loading scale L takes a minute or more per store on a busy machine, so
// a loaded dataset is kept between runs: a copy of the SQLite file in the
// user's cache directory, a template database on the PostgreSQL server.
// The key covers what decides the bytes: the scale, the generator's
// source and the migrations; any change to them loads afresh.

type loadStats struct {
	dataset.Stats
	cached bool
}

func (s loadStats) cachedNote() string {
	if s.cached {
		return " (copied from the cache of an earlier run)"
	}
	return ""
}

func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "rapport-bench")
}

func (o options) caching() bool {
	return o.cacheDir != "" && o.cacheDir != "off" && o.scale.Name != "S"
}

// datasetKey hashes the scale, the dataset generator and the migrations of dialect.
func datasetKey(root, dialect string, s dataset.Scale) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%+v\n", s)
	var files []string
	for _, pattern := range []string{"bench/dataset/*.go", "internal/store/migrations/" + dialect + "/*"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			return "", err
		}
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", f, err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// loadDataset fills the fresh database at dbURL with the dataset, from the
// cache when it holds this key.
func loadDataset(ctx context.Context, o options, backend, dbURL string) (loadStats, error) {
	if !o.caching() {
		return loadFresh(ctx, o, dbURL)
	}
	dialect := map[string]string{"sqlite": "sqlite", "postgres": "postgres"}[backend]
	key, err := datasetKey(o.root, dialect, o.scale)
	if err != nil {
		return loadStats{}, err
	}
	switch backend {
	case "sqlite":
		return loadSQLiteCached(ctx, o, dbURL, key)
	case "postgres":
		return loadPostgresCached(ctx, o, dbURL, key)
	}
	return loadFresh(ctx, o, dbURL)
}

func loadFresh(ctx context.Context, o options, dbURL string) (loadStats, error) {
	db, err := wiring.Open(ctx, dbURL, store.Options{Migrate: true})
	if err != nil {
		return loadStats{}, err
	}
	defer db.Close()
	st, err := dataset.Load(ctx, db, o.scale)
	if err != nil {
		return loadStats{}, fmt.Errorf("load dataset: %w", err)
	}
	if db.Dialect == "sqlite3" {
		// Everything into the main file, so that a copy of it is whole.
		if _, err := db.SQL.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return loadStats{}, fmt.Errorf("checkpoint: %w", err)
		}
	}
	return loadStats{Stats: st}, nil
}

func loadSQLiteCached(ctx context.Context, o options, dbURL, key string) (loadStats, error) {
	path := strings.TrimPrefix(dbURL, "sqlite:")
	cached := filepath.Join(o.cacheDir, fmt.Sprintf("dataset-%s-%s.db", o.scale.Name, key))
	if _, err := os.Stat(cached); err == nil {
		start := time.Now()
		if err := copyFile(cached, path); err != nil {
			return loadStats{}, err
		}
		return loadStats{Stats: dataset.Stats{Rows: countRows(ctx, dbURL, o.scale), Duration: time.Since(start)}, cached: true}, nil
	}
	st, err := loadFresh(ctx, o, dbURL)
	if err != nil {
		return st, err
	}
	if err := os.MkdirAll(o.cacheDir, 0o755); err != nil {
		logf("no dataset cache: %v", err)
		return st, nil
	}
	old, _ := filepath.Glob(filepath.Join(o.cacheDir, fmt.Sprintf("dataset-%s-*.db", o.scale.Name)))
	for _, f := range old {
		_ = os.Remove(f)
	}
	tmp := cached + ".tmp"
	if err := copyFile(path, tmp); err != nil {
		logf("no dataset cache: %v", err)
		return st, nil
	}
	if err := os.Rename(tmp, cached); err != nil {
		logf("no dataset cache: %v", err)
	}
	return st, nil
}

func loadPostgresCached(ctx context.Context, o options, dbURL, key string) (loadStats, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return loadStats{}, fmt.Errorf("parse %s: %w", store.Redact(dbURL), err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	prefix := "rapport_bench_cache_" + strings.ToLower(o.scale.Name) + "_"
	cache := prefix + key
	admin, err := sql.Open("pgx", databaseURL(o.pgURL, "postgres"))
	if err != nil {
		return loadStats{}, err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, cache).Scan(&exists); err != nil {
		return loadStats{}, fmt.Errorf("look for the cached dataset: %w", err)
	}
	if exists {
		start := time.Now()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name); err != nil {
			return loadStats{}, fmt.Errorf("drop the empty %s: %w", name, err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+cache); err != nil {
			return loadStats{}, fmt.Errorf("copy the cached dataset %s: %w", cache, err)
		}
		return loadStats{Stats: dataset.Stats{Rows: countRows(ctx, dbURL, o.scale), Duration: time.Since(start)}, cached: true}, nil
	}
	st, err := loadFresh(ctx, o, dbURL)
	if err != nil {
		return st, err
	}
	rows, err := admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, prefix+"%")
	if err == nil {
		var old []string
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				old = append(old, n)
			}
		}
		rows.Close()
		for _, n := range old {
			_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
		}
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+cache+" TEMPLATE "+name); err != nil {
		logf("no dataset cache: %v", err)
	}
	return st, nil
}

// countRows counts the dataset's tables in a copied database, for the report.
func countRows(ctx context.Context, dbURL string, s dataset.Scale) map[string]int {
	out := map[string]int{}
	db, err := wiring.Open(ctx, dbURL, store.Options{})
	if err != nil {
		return out
	}
	defer db.Close()
	for _, t := range dataset.Tables(s) {
		var n int
		if db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM "+t.Name).Scan(&n) == nil {
			out[t.Name] = n
		}
	}
	return out
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}
