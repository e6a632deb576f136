package graph_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"rapport/graph"
	"rapport/internal/apitest"
	"rapport/internal/gid"
	"rapport/internal/storetest"
)

// enumValue marks an enum value, written bare inline.
type enumValue string

// wrongValues gives each scalar a value of the wrong form.
var wrongValues = map[string]any{
	"Time": "yesterday", "Cursor": "garbage!!", "ID": "not-an-id!", "Int": 1.5, "Float": "abc",
	"Boolean": "yes", "Map": 5,
	// String is left out: gqlgen reads a number given for a String
	// variable as its digits, which is no fault.
}

// TestBadInputIsNeverAnInternalError walks the schema: for every argument
// of every query and mutation, and every field of an input argument, of a
// scalar or enum type, it sends a value of the wrong form inline and as a
// variable. Each must answer BAD_USER_INPUT naming the argument or field,
// never INTERNAL_SERVER_ERROR, and run nothing.
func TestBadInputIsNeverAnInternalError(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	schema := graph.NewSchema(nil, nil).Schema()
	seen := map[string]bool{} // input type.field tried once
	probes := 0
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			for _, a := range f.Arguments {
				def := schema.Types[a.Type.Name()]
				if def.Kind == ast.Scalar || def.Kind == ast.Enum {
					probes += probe(t, c, schema, root, f, a, nil)
					continue
				}
				if def.Kind != ast.InputObject {
					continue
				}
				// Every scalar and enum field of the input, at any depth
				// (each input type's fields once).
				var walk func(def *ast.Definition, path []string)
				walk = func(def *ast.Definition, path []string) {
					for _, in := range def.Fields {
						if seen[def.Name+"."+in.Name] {
							continue
						}
						seen[def.Name+"."+in.Name] = true
						p := append(path[:len(path):len(path)], in.Name)
						switch sub := schema.Types[in.Type.Name()]; sub.Kind {
						case ast.Scalar, ast.Enum:
							probes += probe(t, c, schema, root, f, a, p)
						case ast.InputObject:
							walk(sub, p)
						}
					}
				}
				walk(def, nil)
			}
		}
	}
	if probes < 500 {
		t.Errorf("only %d probes: is the walk finding the arguments?", probes)
	}
	t.Logf("%d probes", probes)
}

// probe sends one wrong value for argument a of f (or for the input
// field at path below it) inline and as a variable, and checks both
// answers.
func probe(t *testing.T, c *apitest.Client, schema *ast.Schema, root *ast.Definition, f *ast.FieldDefinition, a *ast.ArgumentDefinition, path []string) int {
	t.Helper()
	want := a.Name
	slotType := a.Type
	for _, p := range path {
		slotType = schema.Types[slotType.Name()].Fields.ForName(p).Type
		want = p
	}
	bad := wrongValues[slotType.Name()]
	if schema.Types[slotType.Name()].Kind == ast.Enum {
		bad = enumValue("NOT_A_VALUE")
	}
	if bad == nil {
		return 0
	}
	value := badValue(schema, a.Type, path, bad)
	op := "query"
	if root.Name == "Mutation" {
		op = "mutation"
	}
	sel := ""
	if k := schema.Types[f.Type.Name()].Kind; k != ast.Scalar && k != ast.Enum {
		sel = " { __typename }"
	}
	others := []string{}
	for _, o := range f.Arguments {
		if o.Name != a.Name && o.Type.NonNull && o.DefaultValue == nil {
			others = append(others, o.Name+": "+lit(sample(schema, o.Type, o.Name)))
		}
	}
	args := func(v string) string { return strings.Join(append([]string{a.Name + ": " + v}, others...), ", ") }
	inline := fmt.Sprintf("%s { %s(%s)%s }", op, f.Name, args(lit(value)), sel)
	asVar := fmt.Sprintf("%s($v: %s) { %s(%s)%s }", op, a.Type.String(), f.Name, args("$v"), sel)
	name := root.Name + "." + f.Name + "(" + strings.Join(append([]string{a.Name}, path...), ".") + ")"
	check := func(form, q string, vars map[string]any) {
		res := c.Do(q, vars)
		var named bool
		for _, e := range res.Errors {
			if e.Code() == "INTERNAL_SERVER_ERROR" {
				t.Errorf("%s %s: internal error\n%s %v", name, form, q, vars)
				return
			}
			if e.Code() == "BAD_USER_INPUT" && e.Field() == want && strings.HasPrefix(e.Message, want+": expected ") {
				named = true
			}
		}
		if !named {
			t.Errorf("%s %s: want BAD_USER_INPUT with field %q and the expected form, got %+v\n%s %v", name, form, want, res.Errors, q, vars)
		}
		if strings.Contains(string(res.Data), "__typename") {
			t.Errorf("%s %s: ran: %s", name, form, res.Data)
		}
	}
	check("inline", inline, nil)
	check("as a variable", asVar, map[string]any{"v": plain(value)})
	return 2
}

// badValue is a value of t whose field at path (or itself) is bad, and
// otherwise valid.
func badValue(schema *ast.Schema, t *ast.Type, path []string, bad any) any {
	if t.Elem != nil {
		return []any{badValue(schema, t.Elem, path, bad)}
	}
	if len(path) == 0 {
		return bad
	}
	obj := sample(schema, t, "").(map[string]any)
	obj[path[0]] = badValue(schema, schema.Types[t.Name()].Fields.ForName(path[0]).Type, path[1:], bad)
	return obj
}

// sample is a valid value of t: required input fields filled, IDs of a
// known form (the probe fails before any row is looked up).
func sample(schema *ast.Schema, t *ast.Type, name string) any {
	if t.Elem != nil {
		return []any{sample(schema, t.Elem, name)}
	}
	def := schema.Types[t.Name()]
	switch def.Kind {
	case ast.Enum:
		return enumValue(def.EnumValues[0].Name)
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = sample(schema, f.Type, f.Name)
			}
		}
		return obj
	}
	switch t.Name() {
	case "ID":
		return gid.Encode(gid.Of("Account", 1))
	case "Int":
		return 1
	case "Float":
		return 0.5
	case "Boolean":
		return false
	case "Time":
		return "2026-01-31T00:00:00Z"
	case "Map":
		return map[string]any{}
	}
	switch {
	case strings.Contains(strings.ToLower(name), "period"):
		return "2026-Q4"
	case strings.Contains(strings.ToLower(name), "email"):
		return "probe@example.com"
	case strings.Contains(strings.ToLower(name), "url"):
		return "https://example.com/hook"
	}
	return "probe"
}

// lit writes v as a GraphQL literal.
func lit(v any) string {
	switch x := v.(type) {
	case enumValue:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = lit(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + lit(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// plain turns enum markers into strings, for JSON variables.
func plain(v any) any {
	switch x := v.(type) {
	case enumValue:
		return string(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

// TestValidatedFieldsSayTheirRange: a value ent's validators refuse names
// the range they accept.
func TestValidatedFieldsSayTheirRange(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	res := c.Do(`mutation { createAccount(input: {name: "Range Corp", annualRevenue: -1}) { id } }`, nil)
	if len(res.Errors) == 0 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "annualRevenue" ||
		!strings.Contains(res.Errors[0].Message, "0 or more") {
		t.Errorf("annualRevenue -1: %+v, want BAD_USER_INPUT on annualRevenue saying 0 or more", res.Errors)
	}
}

// TestRangeErrorsNameTheirFieldOnce: an argument out of its range answers
// BAD_USER_INPUT on that argument, with a message that gives the range and
// names the argument once ("first: must be between 1 and 100", not "first:
// first must be ...").
func TestRangeErrorsNameTheirFieldOnce(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	var acc struct {
		CreateAccount struct{ ID string }
	}
	c.MustDo(`mutation { createAccount(input: {name: "Range Corp"}) { id } }`, nil, &acc)
	id := acc.CreateAccount.ID
	var con struct {
		CreateContact struct{ ID string }
	}
	c.MustDo(`mutation($a: ID!) { createContact(input: {name: "Ren", accountID: $a}) { id } }`, map[string]any{"a": id}, &con)
	tests := []struct {
		name, query, field, want string
	}{
		{"suggestions", `query($a: ID!) { node(id: $a) { ... on Account { suggestions(first: 500) { id } } } }`, "first", "between 1 and 100"},
		{"alerts", `{ alerts(first: 0) { totalCount } }`, "first", "between 1 and 100"},
		{"history", `query($a: ID!) { node(id: $a) { ... on Account { history(first: -1) { id } } } }`, "first", "between 0 and"},
		{"maxNodes", `query($a: ID!) { stakeholderGraph(accountId: $a, maxNodes: 0) { nodes { id } } }`, "maxNodes", "between 1 and"},
		{"maxHops", `query($c: ID!) { introductionPaths(to: $c, maxHops: 0) { hops } }`, "maxHops", "between 1 and"},
		{"staleDays", `query($a: ID!) { coverageGaps(accountId: $a, staleDays: 0) { kind } }`, "staleDays", "1 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(tt.query, map[string]any{"a": id, "c": con.CreateContact.ID})
			if len(res.Errors) == 0 {
				t.Fatalf("no error, want BAD_USER_INPUT on %s", tt.field)
			}
			e := res.Errors[0]
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.field || !strings.Contains(e.Message, tt.want) {
				t.Errorf("got %s on %q: %q, want BAD_USER_INPUT on %q saying %q", e.Code(), e.Field(), e.Message, tt.field, tt.want)
			}
			if n := strings.Count(e.Message, tt.field); n != 1 {
				t.Errorf("%q names %s %d times, want once", e.Message, tt.field, n)
			}
		})
	}
}
