package graph

import (
	"context"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"rapport/ent"
	"rapport/internal/chain"
)

// chainColumns reads, from the selection of the decisionChain field being
// resolved, which columns of the links, contacts, coverages and team members the
// chain's entries are read with: what the request's selection of each
// reads (ent's SelectedColumns, as entgql's field collection picks them),
// wherever the node appears in an entry: a contact as the entry's and as
// its link's, a team member as the strongest coverage's and as that
// coverage's. A table the selection never reaches is read by ID only;
// outside a GraphQL request every column is read. The answer is kept per
// field of the request's document: every opportunity of a list asks.
func chainColumns(ctx context.Context, client *ent.Client) (chain.Columns, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return chain.Columns{}, nil
	}
	return chainColumnsOf(ctx, client, fc.Field)
}

// chainColumnsOf is chainColumns for a decisionChain field of the request
// that is not (yet) the one being resolved: node(id) reads an opportunity's
// chain before its fields are resolved.
func chainColumnsOf(ctx context.Context, client *ent.Client, field graphql.CollectedField) (chain.Columns, error) {
	seen := requestValue(ctx, "chainColumns", func() any { return &sync.Map{} }).(*sync.Map)
	if cols, ok := seen.Load(field.Field); ok {
		return cols.(chain.Columns), nil
	}
	cols, err := selectedChainColumns(ctx, client, field)
	if err == nil {
		seen.Store(field.Field, cols)
	}
	return cols, err
}

func selectedChainColumns(ctx context.Context, client *ent.Client, field graphql.CollectedField) (chain.Columns, error) {
	oc := graphql.GetOperationContext(ctx)
	var (
		cols = chain.Columns{Link: []string{}, Contact: []string{}, Coverage: []string{}, TeamMember: []string{}}
		err  error
	)
	// union adds the columns a selection of a node reads to *into.
	union := func(into *[]string, field graphql.CollectedField, selected func(context.Context, graphql.CollectedField) ([]string, error)) {
		if err != nil {
			return
		}
		var got []string
		if got, err = selected(ctx, field); err != nil {
			return
		}
		for _, c := range got {
			if !slices.Contains(*into, c) {
				*into = append(*into, c)
			}
		}
	}
	fields := func(sel ast.SelectionSet, types ...string) []graphql.CollectedField {
		return graphql.CollectFields(oc, sel, types)
	}
	for _, links := range fields(field.Selections, "DecisionChain") {
		if links.Name != "links" {
			continue
		}
		for _, f := range fields(links.Selections, "DecisionChainEntry") {
			switch f.Name {
			case "contact":
				union(&cols.Contact, f, client.Contact.SelectedColumns)
			case "link": // its contact edge is the entry's contact
				union(&cols.Link, f, client.DecisionChainLink.SelectedColumns)
				for _, g := range fields(f.Selections, "DecisionChainLink", "Node") {
					if g.Name == "contact" {
						union(&cols.Contact, g, client.Contact.SelectedColumns)
					}
				}
			case "strongestCoverage":
				for _, g := range fields(f.Selections, "CoverageSummary") {
					switch g.Name {
					case "teamMember":
						union(&cols.TeamMember, g, client.TeamMember.SelectedColumns)
					case "coverage": // its teamMember edge is the summary's team member
						union(&cols.Coverage, g, client.Coverage.SelectedColumns)
						for _, h := range fields(g.Selections, "Coverage", "Node") {
							if h.Name == "teamMember" {
								union(&cols.TeamMember, h, client.TeamMember.SelectedColumns)
							}
						}
					}
				}
			}
		}
	}
	return cols, err
}
