package graph

import (
	"rapport/graph/model"
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
