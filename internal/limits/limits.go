// Package limits rejects GraphQL operations that would cost the server too
// much, before they run: too deep, too many aliases, too expensive by a
// cost model that multiplies a connection's children by its page size, or
// a nested connection asked for without a page size. The computed cost is
// returned to the client in extensions.cost, as Shopify does.
package limits

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes of the errors this package returns.
const (
	CodeTooComplex = "QUERY_TOO_COMPLEX"
	CodeBadInput   = "BAD_USER_INPUT"
)

// Limits are the per-operation bounds. Zero disables a bound.
type Limits struct {
	MaxDepth    int
	MaxAliases  int
	MaxCost     int
	MaxPageSize int
	// DefaultPageSize is what a top-level connection without first/last
	// returns, and so what it costs.
	DefaultPageSize int
	// FieldCost weighs fields whose work is not visible in the selection
	// (a graph traversal, a path search, a GROUP BY), keyed "Type.field":
	// the function gets the field's arguments (defaults applied, variables
	// resolved) and returns what the field may produce; the cost of its
	// selection is added once. See EngineCost.
	FieldCost map[string]FieldCost
}

// FieldCost is the cost of one field given its arguments.
type FieldCost func(args map[string]any) int

// Fixed is a FieldCost that does not depend on the arguments.
func Fixed(n int) FieldCost { return func(map[string]any) int { return n } }

// Cost is what an operation was computed to cost: the number of objects
// it may return, each connection counting first/last times its node's
// children (the model GitHub uses for its node limit).
type Cost struct {
	Requested int `json:"requestedQueryCost"`
	Maximum   int `json:"maximumAvailable"`
	Depth     int `json:"depth"`
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "RapportLimits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext computes the operation's depth, aliases and cost
// and refuses it when one is over its bound.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if hasNUL(oc.Variables) {
		return nulError()
	}
	c, w := l.measure(oc.Operation, oc.Doc.Fragments, oc.Variables)
	if w.err != nil {
		return w.err
	}
	cost := c.Requested
	oc.Stats.SetExtension("cost", c)
	switch {
	case l.MaxDepth > 0 && w.maxDepth > l.MaxDepth:
		return tooComplex(c, "the query is %d levels deep; at most %d are allowed", w.maxDepth, l.MaxDepth)
	case l.MaxAliases > 0 && w.aliases > l.MaxAliases:
		return tooComplex(c, "the query uses %d aliases; at most %d are allowed", w.aliases, l.MaxAliases)
	case l.MaxCost > 0 && cost > l.MaxCost && w.heaviest != "":
		return tooComplex(c, "the query costs %d; at most %d is allowed; %s alone costs %d "+
			"(lower maxNodes, depth, maxHops or first on it, or first/last on connections)",
			cost, l.MaxCost, w.heaviest, w.heaviestCost)
	case l.MaxCost > 0 && cost > l.MaxCost:
		return tooComplex(c, "the query costs %d; at most %d is allowed (lower first/last on connections)", cost, l.MaxCost)
	}
	return nil
}

// Measure computes an operation's cost and depth without running it, as
// the server does before it runs one; the error is the one the server
// would answer (a nested connection without first, a page too large).
// op must come from a document validated against the schema.
func (l Limits) Measure(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) (Cost, error) {
	c, w := l.measure(op, doc.Fragments, vars)
	if w.err != nil {
		return c, w.err
	}
	return c, nil
}

func (l Limits) measure(op *ast.OperationDefinition, fragments ast.FragmentDefinitionList, vars map[string]any) (Cost, *walker) {
	w := &walker{l: l, vars: vars, fragments: fragments}
	cost := w.selectionCost(op.SelectionSet, 1, 0)
	return Cost{Requested: cost, Maximum: l.MaxCost, Depth: w.maxDepth}, w
}

// InterceptResponse adds extensions.cost to the response.
func (l Limits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	// A request that never became an operation (an undecodable body) has
	// no operation context, and GetOperationContext panics without one.
	if graphql.HasOperationContext(ctx) {
		if c := graphql.GetOperationContext(ctx).Stats.GetExtension("cost"); c != nil {
			graphql.RegisterExtension(ctx, "cost", c)
		}
	}
	return next(ctx)
}

func tooComplex(c Cost, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": CodeTooComplex, "cost": c},
	}
}

type walker struct {
	l         Limits
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	maxDepth  int
	aliases   int
	err       *gqlerror.Error
	// heaviest names the costliest field by its own weight (alias or
	// name), for the message of a refused operation.
	heaviest     string
	heaviestCost int
}

// selectionCost returns the cost of a selection set whose parent field
// sits at depth; inConnection says whether an enclosing field is already
// a connection (nested connections must say how many rows they want).
func (w *walker) selectionCost(set ast.SelectionSet, nesting int, depth int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += w.fieldCost(s, nesting, depth+1)
		case *ast.InlineFragment:
			total += w.selectionCost(s.SelectionSet, nesting, depth)
		case *ast.FragmentSpread:
			if f := w.fragments.ForName(s.Name); f != nil {
				total += w.selectionCost(f.SelectionSet, nesting, depth)
			}
		}
	}
	return total
}

func (w *walker) fieldCost(f *ast.Field, nesting, depth int) int {
	if strings.HasPrefix(f.Name, "__") {
		return 0 // introspection is bounded by the schema itself
	}
	if f.Alias != "" && f.Alias != f.Name {
		w.aliases++
	}
	for _, a := range f.Arguments {
		if v, err := a.Value.Value(w.vars); err == nil && hasNUL(v) && w.err == nil {
			w.err = nulError()
		}
	}
	if depth > w.maxDepth {
		w.maxDepth = depth
	}
	if f.Definition == nil || len(f.SelectionSet) == 0 {
		return 0 // scalars and enums are free
	}
	children := w.selectionCost(f.SelectionSet, nesting+1, depth)
	typeName := f.Definition.Type.Name()
	parent := ""
	if f.ObjectDefinition != nil {
		parent = f.ObjectDefinition.Name
	}
	if weigh, ok := w.l.FieldCost[parent+"."+f.Name]; ok {
		own := weigh(f.ArgumentMap(w.vars))
		if own > w.heaviestCost {
			w.heaviest, w.heaviestCost = f.Name, own
			if f.Alias != "" && f.Alias != f.Name {
				w.heaviest = f.Alias + ": " + f.Name
			}
		}
		return own + children
	}
	switch {
	case strings.HasSuffix(typeName, "Connection"):
		// Every row of the page may carry its children.
		return w.pageSize(f, nesting) * (1 + children)
	case strings.HasSuffix(parent, "Connection") || strings.HasSuffix(parent, "Edge"):
		// edges, node and pageInfo wrap rows the connection already counted.
		return children
	}
	return 1 + children
}

// pageSize reads first/last (literal or variable). A connection below the
// top level must give one: its rows multiply with its parent's.
func (w *walker) pageSize(f *ast.Field, nesting int) int {
	size := -1
	for _, name := range []string{"first", "last"} {
		if a := f.Arguments.ForName(name); a != nil {
			v, err := a.Value.Value(w.vars)
			if err == nil {
				if n, ok := ToInt(v); ok && n > size {
					size = n
				}
			}
		}
	}
	if w.l.MaxPageSize > 0 && size > w.l.MaxPageSize && w.err == nil {
		w.err = &gqlerror.Error{
			Message:    fmt.Sprintf("first: %s asks for %d rows; at most %d per page", f.Alias, size, w.l.MaxPageSize),
			Path:       ast.Path{ast.PathName(f.Alias)},
			Extensions: map[string]any{"code": CodeBadInput, "field": "first"},
		}
	}
	if size >= 0 {
		return size
	}
	if nesting > 1 && w.err == nil {
		w.err = &gqlerror.Error{
			Message: fmt.Sprintf("%s: nested connections need first or last (at most %d)", f.Alias, w.l.MaxPageSize),
			Path:    ast.Path{ast.PathName(f.Alias)},
			Extensions: map[string]any{
				"code":  CodeBadInput,
				"field": "first",
			},
		}
	}
	return w.l.DefaultPageSize
}

// hasNUL reports a NUL character anywhere in an input value: no field of
// ours means one, and PostgreSQL refuses it in text.
func hasNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) || hasNUL(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasNUL(e) {
				return true
			}
		}
	}
	return false
}

func nulError() *gqlerror.Error {
	return &gqlerror.Error{
		Message:    "input strings may not contain NUL characters",
		Extensions: map[string]any{"code": CodeBadInput},
	}
}

// ToInt reads an Int argument's value as gqlgen holds it: an int from a
// literal, a json.Number (or float64) from a variable.
func ToInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
