package gqlexec

import (
	"bytes"
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

func TestMarshalSliceKeepsOrderIndexesAndRecoversPanics(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	var seen []int
	got := MarshalSlice(ctx, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		seen = append(seen, *graphql.GetFieldContext(ctx).Index)
		if i == 2 {
			panic("element 2 is broken")
		}
		return graphql.MarshalInt(i * 10)
	})
	var buf bytes.Buffer
	got.MarshalGQL(&buf)
	if buf.String() != "[0,10,null,30]" {
		t.Errorf("marshalled %s, want [0,10,null,30]", buf.String())
	}
	if want := []int{0, 1, 2, 3}; len(seen) != len(want) || seen[0] != 0 || seen[3] != 3 {
		t.Errorf("field context indexes %v, want %v", seen, want)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Errorf("got %d errors, want the one panic reported", len(errs))
	}
}

func TestNewDeferredGroupOnlyBuildsAPathForDeferredFields(t *testing.T) {
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{})
	plain := []graphql.CollectedField{{}, {}}
	if g := NewDeferredGroup(ctx, plain); g.Defers != nil || g.Path != nil {
		t.Errorf("group for undeferred fields = %+v, want the zero group", g)
	}
	deferred := []graphql.CollectedField{{}, {Deferrables: []*graphql.Deferrable{{Label: "later"}}}}
	if g := NewDeferredGroup(ctx, deferred); g.Defers == nil {
		t.Error("group for a deferred field has no map to collect it in")
	}
}
