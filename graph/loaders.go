package graph

import (
	"context"
	"reflect"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"rapport/internal/chunk"
)

// Per-request loaders batch the engine's computed fields (Account.health,
// Opportunity.decisionChain, Coverage.computedStrength, the value classes):
// when the first of a list's objects asks, the loader computes the whole
// list with a constant number of statements, and the others read the
// result. The list is found by walking up gqlgen's field contexts to the
// nearest list (or connection) the object came from, so batching needs no
// timing window and is deterministic.
//
// They rely on how the executor marshals lists: with the fast path on
// (internal/gqlexec.MarshalSlice, RAPPORT_FAST_PATH unset or 1) a list's
// elements are marshalled one after the other in the request's goroutine,
// so the first element's load computes the batch and the rest read it
// without waiting; with it off (gqlgen's MarshalSliceConcurrently, a
// goroutine per element) the first caller computes and the others wait on
// the entry's ready channel (batcher.load). Either way each element's
// field context must carry the list (fc.Result, set by the generated list
// marshaller) for siblingIDs to find it, and an object whose selection
// reaches a loader field is never resolved by the plain fields' fast
// return alone (a resolver field is never plain), so it keeps its field
// contexts. Both ways run in CI (make test-go).

type loadersKey struct{}

// loaders holds one request's batchers.
type loaders struct {
	batchers sync.Map // name -> *batcher
	values   sync.Map // name -> any, see requestValue
	siblings sync.Map // siblingKey -> siblingsFound, see siblingIDs
}

// WithLoaders returns ctx with fresh per-request loaders, unless it has
// some already.
func WithLoaders(ctx context.Context) context.Context {
	if _, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return ctx
	}
	return context.WithValue(ctx, loadersKey{}, &loaders{})
}

// LoaderMiddleware is a gqlgen AroundOperations hook that gives every
// operation its own loaders. NewSchema already installs them around each
// operation, so registering it is optional; it is idempotent.
func LoaderMiddleware(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(WithLoaders(ctx))
}

// withLoadersSchema installs per-operation loaders around an executable
// schema, so batching works whatever middleware the server registers.
type withLoadersSchema struct{ graphql.ExecutableSchema }

func (s withLoadersSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	ctx = WithLoaders(ctx)
	next := s.ExecutableSchema.Exec(ctx)
	l := ctx.Value(loadersKey{})
	subscription := false
	if graphql.HasOperationContext(ctx) && graphql.GetOperationContext(ctx).Operation != nil {
		oc := graphql.GetOperationContext(ctx)
		subscription = oc.Operation.Operation == ast.Subscription
	}
	return func(ctx context.Context) *graphql.Response {
		if subscription { // each event is read afresh, not from the last one's loaders
			return next(context.WithValue(ctx, loadersKey{}, &loaders{}))
		}
		return next(context.WithValue(ctx, loadersKey{}, l))
	}
}

// batcherFor returns the request's batcher called name, made by fetch on
// first use. Outside a request (no loaders) every call gets a new batcher,
// which still batches the siblings it is given.
func batcherFor[V any](ctx context.Context, name string, fetch func(context.Context, []int) (map[int]V, error)) *batcher[V] {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		return &batcher[V]{fetch: fetch}
	}
	b, _ := l.batchers.LoadOrStore(name, &batcher[V]{fetch: fetch})
	return b.(*batcher[V])
}

// requestValue returns the request's value called name, made by init on
// first use (a fresh one outside a request): state loaders share within a
// request, such as which account plans were read together.
func requestValue(ctx context.Context, name string, init func() any) any {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		return init()
	}
	if v, ok := l.values.Load(name); ok {
		return v
	}
	v, _ := l.values.LoadOrStore(name, init())
	return v
}

type entry[V any] struct {
	ready chan struct{}
	val   V
	err   error
}

// batcher computes values for keys in batches and remembers them for the
// rest of the request.
type batcher[V any] struct {
	mu      sync.Mutex
	entries map[int]*entry[V]
	fetch   func(context.Context, []int) (map[int]V, error)
}

// load returns key's value, computing it together with batch's keys that
// are not known yet. Concurrent callers whose key is in flight wait for it.
func (b *batcher[V]) load(ctx context.Context, key int, batch []int) (V, error) {
	b.mu.Lock()
	if b.entries == nil {
		b.entries = map[int]*entry[V]{}
	}
	if e, ok := b.entries[key]; ok {
		b.mu.Unlock()
		<-e.ready
		return e.val, e.err
	}
	var todo []int
	mine := map[int]*entry[V]{}
	for _, k := range append([]int{key}, batch...) {
		if _, ok := b.entries[k]; ok {
			continue
		}
		e := &entry[V]{ready: make(chan struct{})}
		b.entries[k], mine[k] = e, e
		todo = append(todo, k)
	}
	b.mu.Unlock()

	// A list is a page (first <= 1000), but the keys of nested lists
	// gathered into one batch are not bounded: fetch them in parts, so no
	// fetch names more than chunk.Size keys in an IN list.
	vals, err := chunk.Map(todo, chunk.Size, func(part []int) (map[int]V, error) {
		return b.fetch(ctx, part)
	})
	for k, e := range mine {
		e.val, e.err = vals[k], err
		close(e.ready)
	}
	e := mine[key]
	return e.val, e.err
}

// siblingIDs returns the IDs of the objects of type T in the nearest list
// above the field being resolved: a slice of T, or of edges with a Node of
// type T (or of rows with an Account of type T), or a connection with such
// Edges. It looks a few levels up only.
//
// Each element of a list asks, so within a request the answer for a list
// (and a level that is no list) is kept: walking 631 contacts by
// reflection for each of them was half the account page's CPU at scale L.
func siblingIDs[T any](ctx context.Context, id func(T) int) []int {
	fc := graphql.GetFieldContext(ctx)
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	for p, up := fc, 0; p != nil && up < 5; p, up = p.Parent, up+1 {
		if p == fc {
			continue
		}
		// The ID function is part of the key: a budget's siblings are
		// asked for by account ID and could be by their own.
		key := siblingKey{fc: p, id: reflect.ValueOf(id).Pointer(), t: reflect.TypeFor[T]()}
		if l != nil {
			if v, ok := l.siblings.Load(key); ok {
				if found := v.(siblingsFound); found.ok {
					return found.ids
				}
				continue
			}
		}
		ids, ok := collect(reflect.ValueOf(p.Result), id)
		if l != nil {
			l.siblings.Store(key, siblingsFound{ids: ids, ok: ok})
		}
		if ok {
			return ids
		}
	}
	return nil
}

// siblingKey names one level above a field, for one kind of sibling ID.
type siblingKey struct {
	fc *graphql.FieldContext
	id uintptr
	t  reflect.Type
}

// siblingsFound is what collect found at a level.
type siblingsFound struct {
	ids []int
	ok  bool
}

func collect[T any](v reflect.Value, id func(T) int) ([]int, bool) {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil, false
	}
	if v.Kind() == reflect.Struct {
		if edges := v.FieldByName("Edges"); edges.IsValid() && edges.Kind() == reflect.Slice {
			return collect(edges, id)
		}
		return nil, false
	}
	if v.Kind() != reflect.Slice {
		return nil, false
	}
	var ids []int
	for i := 0; i < v.Len(); i++ {
		el := v.Index(i)
		if x, ok := el.Interface().(T); ok {
			ids = append(ids, id(x))
			continue
		}
		for el.Kind() == reflect.Pointer && !el.IsNil() {
			el = el.Elem()
		}
		if el.Kind() == reflect.Struct {
			// A connection's edge holds its Node; an engine's row (a
			// group's member, a handover's contact) holds its Account.
			for _, name := range [...]string{"Node", "Account"} {
				if n := el.FieldByName(name); n.IsValid() && n.CanInterface() {
					if x, ok := n.Interface().(T); ok {
						ids = append(ids, id(x))
						break
					}
				}
			}
		}
	}
	return ids, true
}
