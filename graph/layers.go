package graph

import (
	"context"

	"rapport/ent"
	"rapport/internal/clock"
	"rapport/internal/layers"
)

// accountLayers measures the layers of the accounts listed beside a at once.
func (r *Resolver) accountLayers(ctx context.Context, a *ent.Account) (*layers.Layers, error) {
	b := batcherFor(ctx, "layers", func(ctx context.Context, ids []int) (map[int]*layers.Layers, error) {
		return layers.Load(ctx, r.db(ctx), ids, clock.Now(ctx))
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}
