package server

import (
	"context"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"rapport/internal/storetest"
)

// TestMutationHandlerAnswersNilOnTheSecondCall makes the calls gqlgen's
// WebSocket transport makes for a mutation: one response, then nil, with
// no panic and the first response committed.
func TestMutationHandlerAnswersNilOnTheSecondCall(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	tx := transactioner{entgql.Transactioner{TxOpener: db.TxOpener()}}
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
		Operation: &ast.OperationDefinition{Operation: ast.Mutation},
	})
	calls := 0
	next := func(context.Context) *graphql.Response {
		calls++
		if calls == 1 {
			return &graphql.Response{Data: []byte(`{"ok":true}`)}
		}
		return nil
	}
	if r := tx.InterceptResponse(ctx, next); r == nil || string(r.Data) != `{"ok":true}` {
		t.Fatalf("first call: %+v", r)
	}
	if r := tx.InterceptResponse(ctx, next); r != nil {
		t.Fatalf("second call: %+v, want nil", r)
	}
}
