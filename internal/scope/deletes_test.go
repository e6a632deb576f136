package scope_test

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/graph"
	"rapport/internal/apitest"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// unlogged are the tables whose rows are the logs themselves (or the
// server's bookkeeping), which the audit trail leaves out on purpose.
var unlogged = map[string]bool{"audit_events": true, "changes": true, "webhook_deliveries": true, "sessions": true, "sign_in_failures": true}

// TestEveryRowADeleteTouchesIsAudited walks the schema: every mutation
// delete<Type>(id:) is run by an admin on each row of that type in a fresh
// crossing world (force: true where it asks), and every row of every
// table that the delete removed, or changed, must have its own audit
// event, written by the delete. A foreign key's ON DELETE CASCADE or SET
// NULL would take or change the rows without one (and without a change
// feed entry or a webhook): a new entity whose rows a delete reaches that
// way fails here without anyone adding a line.
func TestEveryRowADeleteTouchesIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, probe *store.DB) {
		buildCrossing(t, probe.Client)
		backend := storetest.SQLite
		if probe.Dialect == "postgres" {
			backend = storetest.Postgres
		}
		schema := graph.NewSchema(nil, nil).Schema()
		var names []string
		for _, m := range schema.Mutation.Fields {
			typ, ok := strings.CutPrefix(m.Name, "delete")
			if ok && ent.NodeTables[typ] != "" && m.Arguments.ForName("id") != nil {
				names = append(names, m.Name)
			}
		}
		sort.Strings(names)
		if len(names) < 15 {
			t.Fatalf("found %d delete mutations, want every one", len(names))
		}
		for _, name := range names {
			typ := strings.TrimPrefix(name, "delete")
			// Every row of the type on SQLite, each in a world of its own
			// (the rows differ in what names them: the team member who
			// assessed and learned, the one who owns); the first on
			// PostgreSQL.
			ids := rowIDs(t, probe, ent.NodeTables[typ])
			if len(ids) == 0 {
				t.Errorf("%s: the world has no %s: add one to buildCrossing", name, typ)
				continue
			}
			if backend == storetest.Postgres {
				ids = ids[:1]
			}
			m := schema.Mutation.Fields.ForName(name)
			args := "id: $id"
			if m.Arguments.ForName("force") != nil {
				args += ", force: true"
			}
			for _, id := range ids {
				t.Run(fmt.Sprintf("%s/%d", name, id), func(t *testing.T) {
					db := storetest.Open(t, backend)
					buildCrossing(t, db.Client)
					admin := apitest.New(t, db)
					before, lastAudit := snapshot(t, db), maxAuditID(t, db)
					res := admin.Do(fmt.Sprintf(`mutation($id: ID!) { %s(%s) { deletedID } }`, name, args), map[string]any{"id": gid.Encode(id)})
					if len(res.Errors) > 0 {
						t.Fatalf("%s(%d): %v", name, id, res.Errors)
					}
					after := snapshot(t, db)
					audited := auditedSince(t, db, lastAudit)
					for rt, rows := range before {
						for rid, row := range rows {
							now, kept := after[rt][rid]
							switch {
							case !kept && !audited[rt+"/"+fmt.Sprint(rid)+"/DELETE"]:
								t.Errorf("%s %d went without an audit event", rt, rid)
							case kept && now != row && !audited[rt+"/"+fmt.Sprint(rid)+"/UPDATE"]:
								t.Errorf("%s %d changed without an audit event:\n  was %s\n  now %s", rt, rid, row, now)
							}
						}
					}
				})
			}
		}
	})
}

func rowIDs(t *testing.T, db *store.DB, table string) []int {
	t.Helper()
	rows, err := db.SQL.Query("SELECT id FROM " + table + " ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// snapshot reads every row of every entity's table: type -> id -> row.
func snapshot(t *testing.T, db *store.DB) map[string]map[int]string {
	t.Helper()
	out := map[string]map[int]string{}
	for typ, table := range ent.NodeTables {
		if unlogged[table] {
			continue
		}
		rows, err := db.SQL.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		out[typ] = map[int]string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var id int
			var b strings.Builder
			for i, c := range cols {
				if c == "id" {
					id, _ = asInt(vals[i])
				}
				if c == "updated_at" {
					continue // touched by every ent update, which is audited anyway
				}
				fmt.Fprintf(&b, "%s=%s ", c, fmtCell(vals[i]))
			}
			out[typ][id] = b.String()
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func maxAuditID(t *testing.T, db *store.DB) int {
	t.Helper()
	var id sql.NullInt64
	if err := db.SQL.QueryRow("SELECT MAX(id) FROM audit_events").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return int(id.Int64)
}

// auditedSince returns "Type/id/ACTION" for the audit events after id.
func auditedSince(t *testing.T, db *store.DB, after int) map[string]bool {
	t.Helper()
	rows, err := db.SQL.Query(fmt.Sprintf("SELECT entity_type, entity_id, action FROM audit_events WHERE id > %d AND entity_id IS NOT NULL", after))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var typ, action string
		var id int
		if err := rows.Scan(&typ, &id, &action); err != nil {
			t.Fatal(err)
		}
		out[typ+"/"+fmt.Sprint(id)+"/"+action] = true
	}
	return out
}
