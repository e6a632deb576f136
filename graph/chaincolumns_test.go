package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/teammember"
	"rapport/internal/chain"
	"rapport/internal/storetest"
)

// TestChainColumnsFollowTheSelection: a decision chain reads of its
// contacts, coverages and team members the columns the request's selection
// reads, wherever the node appears in an entry, and every column when a
// selected field has a resolver of its own.
func TestChainColumnsFollowTheSelection(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	schema := NewSchema(db.Client, nil).Schema()
	const all = "*"
	tests := []struct {
		name                          string
		selection                     string
		contact, coverage, teamMember []string // all: every column
		link                          []string
	}{
		{"the bench's selection", `links { position covered contact { name } strongestCoverage { strength teamMember { name } } }`,
			[]string{contact.FieldID, contact.FieldName}, []string{}, []string{teammember.FieldID, teammember.FieldName}, nil},
		{"nothing of the nodes", `coverageRatio links { position }`, []string{}, []string{}, []string{}, nil},
		{"the link's contact too", `links { contact { name } link { contact { email } } }`,
			[]string{contact.FieldID, contact.FieldName, contact.FieldEmail}, []string{}, []string{},
			[]string{decisionchainlink.FieldID, decisionchainlink.FieldContactID}},
		{"the link's own fields", `links { link { createdAt } }`, []string{}, []string{}, []string{},
			[]string{decisionchainlink.FieldID, decisionchainlink.FieldCreatedAt}},
		{"a fragment and an alias", `links { ... on DecisionChainEntry { who: contact { title } } }`,
			[]string{contact.FieldID, contact.FieldTitle}, []string{}, []string{}, nil},
		{"an edge reads its key", `links { contact { account { name } } }`,
			[]string{contact.FieldID, contact.FieldAccountID}, []string{}, []string{}, nil},
		{"a field with its own resolver", `links { contact { name overdue } }`, []string{all}, []string{}, []string{}, nil},
		{"the coverage and its team member", `links { strongestCoverage { coverage { source teamMember { email } } } }`,
			[]string{}, []string{coverage.FieldID, coverage.FieldSource, coverage.FieldTeamMemberID}, []string{teammember.FieldID, teammember.FieldEmail}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := chainFieldContext(t, schema, `query($o: ID!) { node(id: $o) { ... on Opportunity { decisionChain { `+tt.selection+` } } } }`)
			got, err := chainColumns(ctx, db.Client)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				table     string
				got, want []string
				every     []string
			}{{"links", got.Link, tt.link, decisionchainlink.Columns}, {"contacts", got.Contact, tt.contact, contact.Columns}, {"coverages", got.Coverage, tt.coverage, coverage.Columns}, {"team members", got.TeamMember, tt.teamMember, teammember.Columns}} {
				want := c.want
				if want == nil {
					want = []string{}
				}
				if slices.Equal(want, []string{all}) {
					want = c.every
				}
				if !sameSet(c.got, want) {
					t.Errorf("%s: columns %q, want %q", c.table, c.got, want)
				}
			}
		})
	}
	// Outside a GraphQL request, chains are read whole.
	if got, err := chainColumns(context.Background(), db.Client); err != nil || got.Key() != (chain.Columns{}).Key() {
		t.Errorf("outside a request: %+v, %v; want every column", got, err)
	}
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(s string) bool { return !slices.Contains(b, s) })
}

// chainFieldContext returns the context a resolver of the document's one
// decisionChain field runs in.
func chainFieldContext(t *testing.T, schema *ast.Schema, query string) context.Context {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatal(errs)
	}
	op := doc.Operations[0]
	var field *ast.Field
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if s.Name == "decisionChain" {
					field = s
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	walk(op.SelectionSet)
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
		RawQuery: query, Doc: doc, Operation: op, Variables: map[string]any{"o": "x"},
	})
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{
		Object: "Opportunity",
		Field:  graphql.CollectedField{Field: field, Selections: field.SelectionSet},
	})
}
