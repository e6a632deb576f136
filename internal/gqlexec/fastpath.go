package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The fast path is everything fastgen adds to the executor: the
// sequential lists, the deferred groups built only when needed, the pooled
// response buffer, the object writer, the plain fields resolved without
// gqlgen's field machinery and the plain and edge writers. The generated
// Exec asks FastPath once per operation and keeps the answer in its
// execution context (ec.fast); off, every rewritten place does what
// gqlgen's own code does, so the two ways can be compared byte for byte
// (graph's both-ways test, and the second CI run with RAPPORT_FAST_PATH=0).

type fastPathKey struct{}

// Switch returns es with the fast path on or off for every operation it
// executes (config.Config.FastPath, RAPPORT_FAST_PATH, read once at
// start-up).
func Switch(es graphql.ExecutableSchema, on bool) graphql.ExecutableSchema {
	return switched{ExecutableSchema: es, on: on}
}

type switched struct {
	graphql.ExecutableSchema
	on bool
}

func (s switched) Exec(ctx context.Context) graphql.ResponseHandler {
	return s.ExecutableSchema.Exec(context.WithValue(ctx, fastPathKey{}, s.on))
}

// FastPath reports whether the operation of ctx takes the fast path: on
// unless Switch turned it off, and only while the server's field
// middleware lets a plain field through untouched (see transparent).
func FastPath(ctx context.Context) bool {
	if on, ok := ctx.Value(fastPathKey{}).(bool); ok && !on {
		return false
	}
	if !graphql.HasOperationContext(ctx) {
		return true
	}
	return transparent(ctx, graphql.GetOperationContext(ctx).ResolverMiddleware)
}

// probeField is what a plain field's resolution shows the field
// middleware: a field context without arguments, of a field that is
// neither a method nor a resolver.
var probeField = graphql.CollectedField{Field: &ast.Field{
	Name: "name", Alias: "name",
	Definition: &ast.FieldDefinition{Name: "name", Type: ast.NonNullNamedType("String", nil)},
}}

type probeResult struct{}

// transparent reports whether the field middleware (gqlgen's AroundFields
// chain) passes a plain field on untouched: next called once, with the
// very context it was given, and its result returned as it is. The plain
// paths skip that chain, which is only right for a middleware that does
// nothing to such fields (Rapport's page limits act on connections only).
// A middleware that wraps the context (a span per field), replaces the
// value, or fails on the probe turns the fast path off for the operation;
// one that only watches (counts fields) passes this probe, which is why
// internal/server's tests also pin the list of field middlewares.
func transparent(ctx context.Context, mw graphql.FieldMiddleware) (ok bool) {
	if mw == nil {
		return true
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	fc := &graphql.FieldContext{Object: "Contact", Field: probeField}
	probe := graphql.WithFieldContext(ctx, fc)
	calls := 0
	res, err := mw(probe, func(got context.Context) (any, error) {
		calls++
		if got != probe {
			return nil, nil
		}
		return probeResult{}, nil
	})
	_, same := res.(probeResult)
	return err == nil && calls == 1 && same
}
