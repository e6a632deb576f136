package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestMigrationsMatchSchema proves the versioned migrations build exactly
// the schema ent expects: after applying them, ent's own planner finds
// nothing left to change. A schema change without `make migration` fails
// here.
func TestMigrationsMatchSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var buf bytes.Buffer
		if err := db.Client.Schema.WriteTo(context.Background(), &buf); err != nil {
			t.Fatalf("plan: %v", err)
		}
		var pending []string
		for _, line := range strings.Split(buf.String(), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "BEGIN;" || line == "COMMIT;" || strings.HasPrefix(line, "--") {
				continue
			}
			pending = append(pending, line)
		}
		if len(pending) > 0 {
			t.Errorf("the migrations lag behind ent/schema; run `make migration NAME=...`. ent would still run:\n%s",
				strings.Join(pending, "\n"))
		}
	})
}

// TestMigrateIsIdempotent applies the migrations to an up-to-date store
// and expects nothing to run.
func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := store.Migrate(context.Background(), db.SQL, db.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second run applied %v", applied)
		}
		pending, err := store.Pending(context.Background(), db.SQL, db.Dialect)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending = %v, %v", pending, err)
		}
	})
}
