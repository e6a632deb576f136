package gqlexec

import (
	"fmt"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Collected answers what graphql.CollectFields answers, per selection and
// type, with the operation's variables applied (@include), and once: the
// same selection asked again gets the same slice.
func TestCollectedMemoizesCollectFields(t *testing.T) {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `
		type Query { a: A }
		interface N { id: ID! }
		type A implements N { id: ID! name: String b: A }
		type B implements N { id: ID! }`})
	doc, errs := gqlparser.LoadQuery(schema, `query($with: Boolean!) { a { id name @include(if: $with) ...F b { id } } }
		fragment F on A { b { name } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	for _, with := range []bool{true, false} {
		oc := &graphql.OperationContext{Doc: doc, Variables: map[string]any{"with": with}}
		sel := doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet
		var c Collected
		for _, impl := range [][]string{{"A", "N"}, {"B", "N"}} {
			want := graphql.CollectFields(oc, sel, impl)
			got := c.Fields(oc, sel, impl)
			if fmt.Sprint(names(got)) != fmt.Sprint(names(want)) {
				t.Errorf("with=%v, %v: fields %v, want %v", with, impl, names(got), names(want))
			}
			if again := c.Fields(oc, sel, impl); len(again) > 0 && &again[0] != &got[0] {
				t.Errorf("with=%v, %v: collected twice", with, impl)
			}
		}
	}
}

func names(fields []graphql.CollectedField) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Alias
		for _, s := range f.Selections {
			if sf, ok := s.(*ast.Field); ok {
				out[i] += "." + sf.Alias
			}
		}
	}
	return out
}
