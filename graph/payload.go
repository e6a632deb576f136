package graph

import (
	"context"

	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/auth"
)

// maxNodesPerRequest caps nodes(ids:), as the public APIs we model do.
const maxNodesPerRequest = 100

// deleted builds a delete mutation's payload.
func deleted(id, dependents int, err error) (*model.DeletePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.DeletePayload{DeletedID: id, DependentsDeleted: dependents}, nil
}

// requireAdmin refuses admin-only queries to everyone else, rather than
// answering them with an empty list.
func requireAdmin(ctx context.Context) error {
	if v := auth.FromContext(ctx); v != nil && !v.IsAdmin() {
		return apperr.New(apperr.Forbidden, "", "only admins may read users, tokens and the audit trail")
	}
	return nil
}
