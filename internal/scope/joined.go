package scope

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/internal/auth"
)

// Hand-written SQL that reads several node tables in one statement (see
// ent's Row helpers) gets from these what the interceptor gives ent's
// queries: each table's read predicate, with the viewer's account list
// loaded first, and the redaction of the nodes built from its rows.

// ReadLoaded returns the predicate that narrows table to the rows the
// context's viewer may read, or nil, after loading what it needs. Unlike
// Read it may run before any ent query of the request.
func ReadLoaded(ctx context.Context, client *ent.Client, table string) (func(*sql.Selector), error) {
	v := auth.FromContext(ctx)
	if v == nil || v.IsAdmin() {
		return nil, nil
	}
	if err := (&scoper{client: client}).load(ctx, v); err != nil {
		return nil, err
	}
	return predicate(v, table, false), nil
}

// Redact clears, in nodes built from hand-written SQL (a node or a slice
// of one type), the optional references to rows the viewer may not read,
// as the interceptor does for every ent query.
func Redact(ctx context.Context, client *ent.Client, v ent.Value) error {
	if err := (&scoper{client: client, dialect: client.Dialect()}).redact(ctx, v); err != nil {
		return fmt.Errorf("scope: redact: %w", err)
	}
	return nil
}
