package gqlexec

import (
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

type probeSchema struct {
	graphql.ExecutableSchema
	fast *bool
}

func (s probeSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	*s.fast = FastPath(ctx)
	return nil
}

func TestSwitchTurnsTheFastPathOff(t *testing.T) {
	for _, on := range []bool{true, false} {
		var got bool
		Switch(probeSchema{fast: &got}, on).Exec(context.Background())
		if got != on {
			t.Errorf("Switch(%v): FastPath = %v", on, got)
		}
	}
	if !FastPath(context.Background()) {
		t.Error("without Switch the fast path is off")
	}
}

// The plain paths skip gqlgen's field middleware: FastPath turns them off
// for an operation whose middleware would do anything to a plain field.
func TestFastPathOffUnderAFieldMiddlewareThatActsOnPlainFields(t *testing.T) {
	type key struct{}
	for _, tc := range []struct {
		name string
		mw   graphql.FieldMiddleware
		want bool
	}{
		{"none", func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) }, true},
		{"connections only (the page limits)", func(ctx context.Context, next graphql.Resolver) (any, error) {
			if fc := graphql.GetFieldContext(ctx); fc.Args != nil {
				return nil, errors.New("page too large")
			}
			return next(ctx)
		}, true},
		{"a span per field", func(ctx context.Context, next graphql.Resolver) (any, error) {
			return next(context.WithValue(ctx, key{}, "span"))
		}, false},
		{"replaces values", func(ctx context.Context, next graphql.Resolver) (any, error) {
			_, err := next(ctx)
			return "masked", err
		}, false},
		{"fails", func(ctx context.Context, next graphql.Resolver) (any, error) { return nil, errors.New("no") }, false},
		{"resolves twice", func(ctx context.Context, next graphql.Resolver) (any, error) {
			_, _ = next(ctx)
			return next(ctx)
		}, false},
		{"panics", func(ctx context.Context, next graphql.Resolver) (any, error) {
			_ = graphql.GetFieldContext(ctx).Args["first"].(*int)
			return next(ctx)
		}, false},
	} {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{ResolverMiddleware: tc.mw})
		if got := FastPath(ctx); got != tc.want {
			t.Errorf("%s: FastPath = %v, want %v", tc.name, got, tc.want)
		}
		var got bool
		Switch(probeSchema{fast: &got}, false).Exec(ctx)
		if got {
			t.Errorf("%s: switched off, FastPath = true", tc.name)
		}
	}
}
