package cases

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"rapport/internal/apitest"
	"rapport/internal/storetest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"rapport/bench/dataset"
	"rapport/bench/gql"
)

// loadSchema reads the API's schema files; BENCH_SCHEMA_DIR points at
// another tree's graph/ (the engine branch) to check its cases before merge.
func loadSchema(t *testing.T) *ast.Schema {
	dir := os.Getenv("BENCH_SCHEMA_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "graph")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.graphql*"))
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: string(b)})
	}
	s, err := gqlparser.LoadSchema(srcs...)
	if err != nil {
		t.Fatalf("load schema from %s: %v", dir, err)
	}
	return s
}

// TestQueriesValidateAgainstSchema sends every case's API request to a
// handler that validates it against the schema, so that a schema change
// breaks this test rather than the benchmark's table. Cases whose fields
// the schema does not have yet are skipped, as the harness skips them.
func TestQueriesValidateAgainstSchema(t *testing.T) {
	schema := loadSchema(t)
	known := gql.Schema{}
	for name, def := range schema.Types {
		fs := map[string]gql.Field{}
		for _, f := range def.Fields {
			fs[f.Name] = gql.Field{Name: f.Name}
		}
		known[name] = fs
	}
	var (
		mu      sync.Mutex // the dashboard cases send a page's requests in parallel
		invalid error
		sent    int
	)
	check := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		sent++
		var body struct{ Query string }
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		doc, err := gqlparser.LoadQuery(schema, body.Query)
		if err != nil {
			invalid = err
		} else if errs := validator.Validate(schema, doc); len(errs) > 0 {
			invalid = errs
		}
		_, _ = w.Write([]byte(`{"data":{}}`))
	})
	// A real, empty database for the cases that read it before they ask,
	// and the server's own introspection (with argument types) for the
	// import case, which builds its request from it.
	db := storetest.Open(t, storetest.SQLite)
	live := apitest.New(t, db)
	introspected, err := (&gql.Client{URL: "http://in-process/graphql", Handler: live.Handler, Token: live.Token}).Introspect(t.Context())
	if err != nil {
		t.Fatalf("introspect: %v", err)
	}
	ops, err := gql.LoadOperations(filepath.Join("..", "..", "frontend", "src", "gql", "gql.ts"))
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{API: &gql.Client{URL: "http://check/graphql", Handler: check}, Shape: dataset.ShapeOf(dataset.Scales["S"]),
		Schema: introspected, Seq: &atomic.Int64{}, DB: db.SQL, Dialect: db.Dialect, Ops: ops}
	for _, c := range All(env) {
		t.Run(c.ID, func(t *testing.T) {
			if m := c.Missing(known); m != "" {
				t.Skipf("schema has no %s", m)
			}
			// Cases i and h stop at the first (fake) response, but the
			// document they sent has been validated by then.
			invalid, sent = nil, 0
			_ = c.API(t.Context(), 0, 0)
			if sent == 0 {
				t.Fatalf("case %s sent no request to validate", c.ID)
			}
			if invalid != nil {
				t.Errorf("case %s: %v", c.ID, invalid)
			}
			if c.Mixed == nil {
				return
			}
			// The writes: a contact and a relation (a coverage update
			// needs coverages, which the empty database lacks).
			for i := range 2 {
				invalid, sent = nil, 0
				_ = c.Mixed.Write(t.Context(), 0, i)
				if sent == 0 || invalid != nil {
					t.Errorf("case %s, write %d: sent %d, %v", c.ID, i, sent, invalid)
				}
			}
		})
	}
}

// TestDashboardOperationsAreTheDashboards checks that the documents come
// from the dashboard's generated gql.ts with their fragments, and that
// every one the bench sends validates against the schema.
func TestDashboardOperationsAreTheDashboards(t *testing.T) {
	ops, err := gql.LoadOperations(filepath.Join("..", "..", "frontend", "src", "gql", "gql.ts"))
	if err != nil {
		t.Fatal(err)
	}
	schema := loadSchema(t)
	for _, name := range []string{"AccountsList", "AccountGraph", "AccountCadence", "TeamMembers", "StakeholderGraph", "CoverageGaps", "PowerMap",
		"GraphDiff", "NodeDetail", "IntroductionPaths", "Analytics", "CreateContact", "CreateContactRelation"} {
		doc, ok := ops[name]
		if !ok {
			t.Errorf("gql.ts has no operation %s", name)
			continue
		}
		q, err := gqlparser.LoadQuery(schema, doc)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(q.Operations) != 1 || q.Operations[0].Name != name {
			t.Errorf("%s: the document holds %d operations", name, len(q.Operations))
		}
	}
	for _, q := range []string{updateCoverage, probeQuery} {
		if _, err := gqlparser.LoadQuery(schema, q); err != nil {
			t.Errorf("%.40s: %v", q, err)
		}
	}
}
