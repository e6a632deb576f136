package graph

import (
	"context"

	"rapport/ent"
	"rapport/internal/rollup"
)

// accountGroup reads the group views of the accounts listed beside a at
// once, with every member's health in one read (from the maintained
// portfolio, as the accounts list reads it).
func (r *Resolver) accountGroup(ctx context.Context, a *ent.Account) (*rollup.View, error) {
	b := batcherFor(ctx, "group", func(ctx context.Context, ids []int) (map[int]*rollup.View, error) {
		views, err := rollup.Load(ctx, r.db(ctx), ids, valuesNow(ctx))
		if err != nil || len(views) == 0 {
			return views, err
		}
		seen := map[int]bool{}
		var members []int
		for _, v := range views {
			for _, m := range v.Members {
				if !seen[m.AccountID] {
					seen[m.AccountID] = true
					members = append(members, m.AccountID)
				}
			}
		}
		hs, err := r.healthOf(ctx, members)
		if err != nil {
			return nil, err
		}
		for _, v := range views {
			v.GroupHealth = rollup.WeightedHealth(v.Members, func(id int) (int, bool) {
				h := hs[id]
				if h == nil {
					return 0, false
				}
				return h.Score, true
			})
		}
		return views, nil
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}
