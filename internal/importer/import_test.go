package importer_test

import (
	"context"
	"fmt"
	"rapport/ent"
	"testing"
	"time"

	"rapport/ent/auditevent"
	"rapport/ent/contact"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/importer"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const importMutation = `mutation($i: ImportContactsInput!) { importContacts(input: $i) {
  applied
  totals { rows created updated unchanged errors relationsCreated relationsUpdated }
  rows { row externalID status code field reason contact { externalID name reportsTo { externalID } } }
} }`

type importOut struct {
	ImportContacts struct {
		Applied bool
		Totals  importer.Totals
		Rows    []struct {
			Row                 int
			ExternalID, Status  string
			Code, Field, Reason *string
			Contact             *struct {
				ExternalID, Name string
				ReportsTo        *struct{ ExternalID string }
			}
		}
	}
}

func runImport(t *testing.T, c *apitest.Client, input map[string]any) importOut {
	t.Helper()
	var out importOut
	c.MustDo(importMutation, map[string]any{"i": input}, &out)
	return out
}

func seedAccount(t *testing.T, c *apitest.Client, ext string) {
	t.Helper()
	c.MustDo(`mutation($i: UpsertAccountInput!) { upsertAccount(input: $i) { created } }`,
		map[string]any{"i": map[string]any{"externalID": ext, "name": "Account " + ext}}, nil)
}

func counts(t *testing.T, db *store.DB) (contacts, relations, audits int) {
	t.Helper()
	ctx := context.Background()
	var err error
	if contacts, err = db.Client.Contact.Query().Count(ctx); err != nil {
		t.Fatal(err)
	}
	if relations, err = db.Client.ContactRelation.Query().Count(ctx); err != nil {
		t.Fatal(err)
	}
	if audits, err = db.Client.AuditEvent.Query().Where(auditevent.EntityTypeNEQ("APIToken")).Count(ctx); err != nil {
		t.Fatal(err)
	}
	return
}

func TestImportCreatesThenReimportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		seedAccount(t, c, "ERP-1")
		rows := []map[string]any{
			// HR-2 reports to HR-1, which comes later in the same import.
			{"externalID": "HR-2", "name": "Li Wei", "accountExternalID": "ERP-1", "reportsToExternalID": "HR-1",
				"relations": []map[string]any{{"toExternalID": "HR-1", "kind": "ALLY", "strength": 4}}},
			{"externalID": "HR-1", "name": "Wang Fang", "accountExternalID": "ERP-1", "title": "CIO",
				"decisionRole": "DECISION_MAKER", "influence": 5},
			{"externalID": "HR-3", "name": "Zhao Min", "accountExternalID": "ERP-1", "reportsToExternalID": "HR-2"},
		}
		first := runImport(t, c, map[string]any{"rows": rows})
		want := importer.Totals{Rows: 3, Created: 3, RelationsCreated: 1}
		if got := first.ImportContacts.Totals; got != want || !first.ImportContacts.Applied {
			t.Fatalf("first import: applied %v totals %+v, want %+v", first.ImportContacts.Applied, got, want)
		}
		if mgr := first.ImportContacts.Rows[2].Contact.ReportsTo; mgr == nil || mgr.ExternalID != "HR-2" {
			t.Errorf("HR-3 reports to %+v, want HR-2", mgr)
		}
		nc, nr, na := counts(t, db)
		if nc != 3 || nr != 1 {
			t.Errorf("after import: %d contacts, %d relations; want 3 and 1", nc, nr)
		}

		again := runImport(t, c, map[string]any{"rows": rows})
		want = importer.Totals{Rows: 3, Unchanged: 3}
		if got := again.ImportContacts.Totals; got != want {
			t.Errorf("re-import totals %+v, want %+v", got, want)
		}
		nc2, nr2, na2 := counts(t, db)
		if nc2 != nc || nr2 != nr || na2 != na {
			t.Errorf("re-import wrote: contacts %d->%d, relations %d->%d, audit events %d->%d", nc, nc2, nr, nr2, na, na2)
		}

		rows[1]["title"] = "CTO"
		rows[0]["relations"] = []map[string]any{{"toExternalID": "HR-1", "kind": "ALLY", "strength": 5}}
		changed := runImport(t, c, map[string]any{"rows": rows})
		want = importer.Totals{Rows: 3, Updated: 2, Unchanged: 1, RelationsUpdated: 1}
		if got := changed.ImportContacts.Totals; got != want {
			t.Errorf("changed import totals %+v, want %+v", got, want)
		}
		if _, _, na3 := counts(t, db); na3 != na2+2 {
			t.Errorf("audit events after two changes: %d more, want 2", na3-na2)
		}
	})
}

func TestImportPerRowReportsEachBadRowWithItsField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		seedAccount(t, c, "ERP-1")
		rows := []map[string]any{
			{"externalID": "OK-1", "name": "Good One", "accountExternalID": "ERP-1"},
			{"externalID": "BAD-ACC", "name": "X", "accountExternalID": "nope"},
			{"externalID": "BAD-INF", "name": "X", "accountExternalID": "ERP-1", "influence": 9},
			{"externalID": "OK-1", "name": "Duplicate", "accountExternalID": "ERP-1"},
			{"externalID": "BAD-REL", "name": "X", "accountExternalID": "ERP-1",
				"relations": []map[string]any{{"toExternalID": "ghost", "kind": "RIVAL"}}},
			{"externalID": "BAD-MGR", "name": "X", "accountExternalID": "ERP-1", "reportsToExternalID": "BAD-INF"},
			{"externalID": "NO-ACC", "name": "X"},
			{"externalID": "", "name": "X", "accountExternalID": "ERP-1"},
			{"externalID": "OK-2", "name": "Good Two", "accountExternalID": "ERP-1", "reportsToExternalID": "OK-1",
				"relations": []map[string]any{{"toExternalID": "OK-1", "kind": "FRIEND"}}},
		}
		out := runImport(t, c, map[string]any{"rows": rows, "atomicity": "PER_ROW"})
		wantErr := map[int][2]string{
			1: {"NOT_FOUND", "accountExternalID"},
			2: {"BAD_USER_INPUT", "influence"},
			3: {"CONFLICT", "externalID"},
			4: {"NOT_FOUND", "relations[0].toExternalID"},
			5: {"BAD_USER_INPUT", "reportsToExternalID"},
			6: {"BAD_USER_INPUT", "accountID"},
			7: {"BAD_USER_INPUT", "externalID"},
		}
		for i, r := range out.ImportContacts.Rows {
			w, bad := wantErr[i]
			switch {
			case bad && (r.Status != "ERROR" || deref(r.Code) != w[0] || deref(r.Field) != w[1] || deref(r.Reason) == ""):
				t.Errorf("row %d: %s code %s field %s reason %q; want ERROR %s %s", i, r.Status, deref(r.Code), deref(r.Field), deref(r.Reason), w[0], w[1])
			case !bad && (r.Status != "CREATED" || r.Contact == nil):
				t.Errorf("row %d: %s, want CREATED with its contact", i, r.Status)
			}
		}
		want := importer.Totals{Rows: 9, Created: 2, Errors: 7, RelationsCreated: 1}
		if got := out.ImportContacts.Totals; got != want || !out.ImportContacts.Applied {
			t.Errorf("applied %v totals %+v, want %+v", out.ImportContacts.Applied, got, want)
		}
		if nc, nr, _ := counts(t, db); nc != 2 || nr != 1 {
			t.Errorf("stored %d contacts and %d relations, want 2 and 1", nc, nr)
		}
	})
}

func TestImportAllOrNothingWritesNothingOnOneBadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		seedAccount(t, c, "ERP-1")
		_, _, before := counts(t, db)
		var rows []map[string]any
		for i := range 20 {
			rows = append(rows, map[string]any{"externalID": fmt.Sprintf("HR-%d", i), "name": "Person", "accountExternalID": "ERP-1"})
		}
		rows[13]["seniority"] = nil
		rows[13]["interest"] = 0
		out := runImport(t, c, map[string]any{"rows": rows})
		if out.ImportContacts.Applied || out.ImportContacts.Totals.Errors != 1 || deref(out.ImportContacts.Rows[13].Field) != "interest" {
			t.Errorf("applied %v totals %+v row 13 %+v; want not applied, one error on interest",
				out.ImportContacts.Applied, out.ImportContacts.Totals, out.ImportContacts.Rows[13])
		}
		if nc, nr, na := counts(t, db); nc != 0 || nr != 0 || na != before {
			t.Errorf("after a refused import: %d contacts, %d relations, %d new audit events; want none", nc, nr, na-before)
		}
		// A reporting cycle inside the import is one more way to be refused.
		cycle := []map[string]any{
			{"externalID": "A", "name": "A", "accountExternalID": "ERP-1", "reportsToExternalID": "B"},
			{"externalID": "B", "name": "B", "accountExternalID": "ERP-1", "reportsToExternalID": "A"},
		}
		out = runImport(t, c, map[string]any{"rows": cycle})
		if out.ImportContacts.Applied || out.ImportContacts.Totals.Errors != 2 {
			t.Errorf("cycle import: applied %v totals %+v, want 2 errors", out.ImportContacts.Applied, out.ImportContacts.Totals)
		}
	})
}

func TestImportCreateOnlyRefusesStoredExternalIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		seedAccount(t, c, "ERP-1")
		rows := []map[string]any{{"externalID": "HR-1", "name": "Wang Fang", "accountExternalID": "ERP-1"}}
		runImport(t, c, map[string]any{"rows": rows, "mode": "CREATE_ONLY"})
		rows = append(rows, map[string]any{"externalID": "HR-2", "name": "Li Wei", "accountExternalID": "ERP-1"})
		out := runImport(t, c, map[string]any{"rows": rows, "mode": "CREATE_ONLY", "atomicity": "PER_ROW"})
		r := out.ImportContacts.Rows
		if r[0].Status != "ERROR" || deref(r[0].Code) != "CONFLICT" || r[1].Status != "CREATED" {
			t.Errorf("rows = %+v, want CONFLICT then CREATED", r)
		}
		dry := runImport(t, c, map[string]any{"rows": []map[string]any{
			{"externalID": "HR-9", "name": "Nobody", "accountExternalID": "ERP-1"}}, "dryRun": true})
		if dry.ImportContacts.Applied || dry.ImportContacts.Totals.Created != 1 {
			t.Errorf("dry run = %+v, want one row planned, nothing applied", dry.ImportContacts)
		}
		if nc, _, _ := counts(t, db); nc != 2 {
			t.Errorf("%d contacts after a dry run, want 2", nc)
		}
	})
}

func TestReadFileParsesCSVAndJSONLines(t *testing.T) {
	for _, name := range []string{"testdata/contacts.csv", "testdata/contacts.jsonl"} {
		t.Run(name, func(t *testing.T) {
			in, err := importer.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Rows) != 3 || len(in.ParseErrors) != 1 || in.ParseErrors[2] == nil {
				t.Fatalf("rows %d, parse errors %v; want 3 rows, row 2 unparseable", len(in.Rows), in.ParseErrors)
			}
			r := in.Rows[1]
			if r.ReportsToExternalID == nil || *r.ReportsToExternalID != "HR-1" || len(r.Relations) != 1 ||
				r.Relations[0].Kind != "ALLY" || *r.Relations[0].Strength != 4 {
				t.Errorf("row 1 = %+v", r)
			}
			if r := in.Rows[0]; r.Seniority == nil || *r.Seniority != "EXECUTIVE" || *r.Influence != 5 {
				t.Errorf("row 0 = %+v", r)
			}
		})
	}
}

// TestImportWritesAssessmentsInBulk: every imported contact gets the one
// assessment the contact rules record (its attitude, influence and
// interest at creation), and the statements do not grow with the rows:
// the assessments and audit events go in multi-row INSERTs, where they
// once were an INSERT a row.
func TestImportWritesAssessmentsInBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		if err := db.Client.Account.Create().SetName("Bench").SetExternalID("ERP-B").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		statements := map[int]int64{}
		for _, n := range []int{100, 1500} {
			in := benchRows(n)
			for i, r := range in.Rows {
				r.ExternalID = fmt.Sprintf("N%d-%d", n, i)
				if r.ReportsToExternalID != nil {
					mgr := fmt.Sprintf("N%d-%d", n, i-1)
					r.ReportsToExternalID = &mgr
				}
				for _, rel := range r.Relations {
					rel.ToExternalID = fmt.Sprintf("N%d-%d", n, i-2)
				}
				influence, attitude := 1+i%5, []domain.Attitude{domain.AttitudeChampion, domain.AttitudeNeutral, domain.AttitudeOpponent}[i%3]
				r.Influence, r.Attitude = &influence, &attitude
			}
			var stmts int64
			res := importInTx(t, ctx, db, in, &stmts)
			if res.Totals.Created != n {
				t.Fatalf("%d rows: created %d", n, res.Totals.Created)
			}
			statements[n] = stmts
			contacts, err := db.Client.Contact.Query().Where(contact.ExternalIDHasPrefix(fmt.Sprintf("N%d-", n))).
				WithAssessments().All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(contacts) != n {
				t.Fatalf("%d rows: %d contacts stored", n, len(contacts))
			}
			for _, c := range contacts {
				if len(c.Edges.Assessments) != 1 {
					t.Fatalf("contact %s has %d assessments, want 1", deref(c.ExternalID), len(c.Edges.Assessments))
				}
				a := c.Edges.Assessments[0]
				if a.Attitude != c.Attitude || a.Influence != c.Influence || a.Interest != c.Interest {
					t.Errorf("contact %s (%s, %d, %d) assessed as (%s, %d, %d)", deref(c.ExternalID),
						c.Attitude, c.Influence, c.Interest, a.Attitude, a.Influence, a.Interest)
				}
			}
			events, err := db.Client.AuditEvent.Query().Where(auditevent.EntityTypeEQ("Assessment")).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[int]int{100: 100, 1500: 1600}[n]; events != want {
				t.Errorf("after importing %d rows: %d assessment audit events, want %d", n, events, want)
			}
		}
		// 15x the rows: a few more chunks (500 contacts, 1,000 assessments,
		// 500 audit events a statement), never a statement a row.
		if grow := statements[1500] - statements[100]; grow > 20 {
			t.Errorf("statements: %d for 100 rows, %d for 1,500: grow by %d", statements[100], statements[1500], grow)
		}
	})
}

// TestImportChecksReferencedAccountsOnce: rows spread over many accounts
// cost the import's batched lookups, not a statement per account (the
// store's reference check trusts what the import's lookups found).
func TestImportChecksReferencedAccountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		const n = 300
		accounts := make([]*ent.AccountCreate, n)
		for i := range accounts {
			accounts[i] = db.Client.Account.Create().SetName(fmt.Sprintf("Account %d", i)).SetExternalID(fmt.Sprintf("ACC-%d", i))
		}
		stored, err := db.Client.Account.CreateBulk(accounts...).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		in := importer.Input{Atomicity: importer.AllOrNothing}
		for i := range n {
			r := &importer.Row{ExternalID: fmt.Sprintf("P-%d", i), Name: fmt.Sprintf("Person %d", i)}
			if i%2 == 0 {
				ext := fmt.Sprintf("ACC-%d", i)
				r.AccountExternalID = &ext
			} else {
				r.AccountID = &stored[i].ID
			}
			in.Rows = append(in.Rows, r)
		}
		var stmts int64
		if res := importInTx(t, ctx, db, in, &stmts); res.Totals.Created != n {
			t.Fatalf("created %d of %d", res.Totals.Created, n)
		}
		if stmts > 20 {
			t.Errorf("importing %d contacts of %d accounts took %d statements", n, n, stmts)
		}
		for i, a := range stored[:10] {
			got, err := db.Client.Contact.Query().Where(contact.ExternalID(fmt.Sprintf("P-%d", i))).QueryAccount().OnlyID(ctx)
			if err != nil || got != a.ID {
				t.Errorf("P-%d is in account %d (%v), want %d", i, got, err, a.ID)
			}
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// BenchmarkImport10k imports 10,000 new contacts (a third with a manager
// in the same import, a third with a relation) in one transaction, as the
// CLI does, and reports rows/s; then re-imports them (all UNCHANGED).
func BenchmarkImport10k(b *testing.B) {
	for _, s := range storetest.Stores {
		b.Run(string(s), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := storetest.Open(b, s)
				ctx := auth.WithViewer(context.Background(), auth.System)
				if err := db.Client.Account.Create().SetName("Bench").SetExternalID("ERP-B").Exec(ctx); err != nil {
					b.Fatal(err)
				}
				in := benchRows(10_000)
				b.StartTimer()
				var stmts int64
				start := time.Now()
				res := importInTx(b, ctx, db, in, &stmts)
				elapsed := time.Since(start)
				if res.Totals.Created != 10_000 {
					b.Fatalf("created %d, want 10000", res.Totals.Created)
				}
				b.ReportMetric(10_000/elapsed.Seconds(), "rows/s")
				b.ReportMetric(float64(stmts)/10_000, "statements/row")
				start = time.Now()
				res = importInTx(b, ctx, db, in, &stmts)
				if res.Totals.Unchanged != 10_000 {
					b.Fatalf("unchanged %d, want 10000", res.Totals.Unchanged)
				}
				b.ReportMetric(10_000/time.Since(start).Seconds(), "reimport-rows/s")
			}
		})
	}
}

// importInTx imports in one transaction and counts its SQL statements
// into *statements (the audit trail and the store's rules included).
func importInTx(b testing.TB, ctx context.Context, db *store.DB, in importer.Input, statements *int64) *importer.Result {
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		b.Fatal(err)
	}
	n0 := db.Counter.Load()
	ctx = ent.NewTxContext(ctx, tx) // as the GraphQL transaction does
	res, err := importer.Import(ctx, tx.Client(), in, importer.Options{})
	if err != nil {
		_ = tx.Rollback()
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	*statements = db.Counter.Load() - n0
	return res
}

func benchRows(n int) importer.Input {
	acc := "ERP-B"
	in := importer.Input{Atomicity: importer.PerRow}
	for i := range n {
		title := fmt.Sprintf("Title %d", i%37)
		r := &importer.Row{ExternalID: fmt.Sprintf("B-%d", i), Name: fmt.Sprintf("Person %d", i), AccountExternalID: &acc, Title: &title}
		if i%3 == 1 {
			mgr := fmt.Sprintf("B-%d", i-1)
			r.ReportsToExternalID = &mgr
		}
		if i%3 == 2 {
			r.Relations = []*importer.Relation{{ToExternalID: fmt.Sprintf("B-%d", i-2), Kind: "ALLY"}}
		}
		in.Rows = append(in.Rows, r)
	}
	return in
}
