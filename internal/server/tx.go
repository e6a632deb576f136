package server

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// transactioner runs each mutation in one transaction, as entgql's does,
// and also answers the second call gqlgen makes to a WebSocket
// operation's handler. gqlgen asks a handler for responses until it gets
// nil; a mutation has one, and entgql's Transactioner, handed that nil,
// dereferences it and panics.
type transactioner struct{ entgql.Transactioner }

// endOfResponses marks, inside the wrapped handler, that the operation had
// no more responses.
var endOfResponses = &gqlerror.Error{Message: "end of responses"}

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	rsp := t.Transactioner.InterceptResponse(ctx, func(ctx context.Context) *graphql.Response {
		if r := next(ctx); r != nil {
			return r
		}
		// Rolled back by entgql: nothing was written.
		return &graphql.Response{Errors: gqlerror.List{endOfResponses}}
	})
	if rsp != nil && len(rsp.Errors) == 1 && rsp.Errors[0] == endOfResponses {
		return nil
	}
	return rsp
}
