// Package gqlexec holds runtime helpers that the generated executor
// (graph/generated) calls in place of gqlgen's: fastgen, which runs gqlgen
// in `go generate`, hooks the calls in and writes the plain and edge
// writers from gqlgen's model (graph/generated/fastpath.go). All of it
// is the fast path, which RAPPORT_FAST_PATH=0 turns off at run time (see
// fastpath.go and docs/decisions/0001-executor-fast-path.md).
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
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalSlice marshals a list's elements one after the other, in the
// calling goroutine. Its other arguments are graphql.MarshalSliceConcurrently's,
// and so is its contract: every element of the result is set, and an
// element whose marshalling panics becomes null with the panic reported
// as an error (unless omitPanicHandler). workerLimit is ignored: one
// worker is the limit. With fast off (see FastPath) it is
// graphql.MarshalSliceConcurrently.
func MarshalSlice(ctx context.Context, fast bool, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	if !fast {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
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
// the generated code only ever measures with len. With fast off it is
// graphql.NewDeferredGroup.
func NewDeferredGroup(ctx context.Context, fast bool, fields []graphql.CollectedField) graphql.DeferredGroup {
	if !fast {
		return graphql.NewDeferredGroup(ctx)
	}
	for _, f := range fields {
		if len(f.Deferrables) > 0 {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}

// Object is the marshaller an object's executor returns once its fields are
// resolved. gqlgen's FieldSet writes an object through an iterator that
// moves every field to the heap, a map of the aliases written so far, and
// a JSON escape of each alias; with thousands of objects in a response that
// was a fifth of the writing. Object writes the same bytes without them:
// GraphQL names need no escaping, and CollectFields has already merged
// fields of one alias. An object with a deferred field keeps the
// FieldSet, whose views take the deferred values out of it, and so does
// every object when the fast path is off (keep).
func Object(fields []graphql.CollectedField, out *graphql.FieldSet, keep bool) graphql.Marshaler {
	if keep || len(fields) != len(out.Values) {
		return out
	}
	return &object{fields: fields, values: out.Values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o *object) MarshalGQL(w io.Writer) {
	writeFields(w, o.fields, func(w io.Writer, j int) { o.values[j].MarshalGQL(w) })
}

// writeFields writes an object of fields, write writing the value of the
// j-th: each alias once (the first), {} for an object without fields.
func writeFields(w io.Writer, fields []graphql.CollectedField, write func(w io.Writer, j int)) {
	var sep byte = '{'
	for j := range fields {
		alias := fields[j].Alias
		if repeated(fields[:j], alias) {
			continue
		}
		writeKey(w, sep, alias)
		sep = ','
		write(w, j)
	}
	if sep == '{' {
		_, _ = io.WriteString(w, "{}")
		return
	}
	_, _ = io.WriteString(w, "}")
}

// repeated reports whether an earlier field has the alias; CollectFields
// merges them, so this only guards the contract gqlgen's writer keeps.
func repeated(before []graphql.CollectedField, alias string) bool {
	for i := range before {
		if before[i].Alias == alias {
			return true
		}
	}
	return false
}

// writeKey writes sep"alias": into w, in one write when w is a buffer.
func writeKey(w io.Writer, sep byte, alias string) {
	if b, ok := w.(appendWriter); ok {
		buf := b.AvailableBuffer()
		buf = append(buf, sep, '"')
		buf = append(buf, alias...)
		_, _ = b.Write(append(buf, '"', ':'))
		return
	}
	_, _ = io.WriteString(w, string(sep)+`"`+alias+`":`)
}

// appendWriter is a writer that lends its spare capacity (bytes.Buffer,
// bufio.Writer), so a small write needs no buffer of its own.
type appendWriter interface {
	AvailableBuffer() []byte
	Write(p []byte) (int, error)
}
