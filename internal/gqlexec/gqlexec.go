// Package gqlexec holds runtime helpers that the generated executor
// (graph/generated) calls in place of two of gqlgen's: cmd/gqlpatch
// rewrites the calls after every `go generate`.
//
// gqlgen marshals every element of every list in a goroutine of its own
// and computes each object's response path up front in case a field of it
// is @defer'ed. For Rapport neither pays: the per-request loaders
// (graph/loaders.go) batch by walking to the enclosing list, not by
// waiting for concurrent callers, so list elements gain nothing from
// running at once, while a goroutine per element (fresh stack, grown and
// copied by the deep marshalling recursion) and a path per object were a
// third of the CPU of a 3,000-object response.
package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalSlice marshals a list's elements one after the other, in the
// calling goroutine. It has graphql.MarshalSliceConcurrently's signature
// and contract: every element of the result is set, and an element whose
// marshalling panics becomes null with the panic reported as an error
// (unless omitPanicHandler). workerLimit is ignored: one
// worker is the limit.
func MarshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		ret[i] = marshalRecovering(childCtx, i, marshalElement)
	}
	return ret
}

func marshalRecovering(ctx context.Context, i int, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}

// NewDeferredGroup is graphql.NewDeferredGroup for an object whose
// collected fields are known: only an object with an @defer'ed field
// needs the group's path and map, so the others get an empty group, which
// the generated code only ever measures with len.
func NewDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for _, f := range fields {
		if len(f.Deferrables) > 0 {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}
