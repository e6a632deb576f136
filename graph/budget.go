package graph

import (
	"context"

	"rapport/ent"
	"rapport/internal/analytics"
)

// budgetSpent sums what the budget's account's done interactions cost in
// the budget's period, from the maintained activity cells (one read per
// request, whatever the number of budgets), or from one read of the
// page's accounts' cells when the maintained values are off or the
// request is a mutation's transaction.
func (r *Resolver) budgetSpent(ctx context.Context, b *ent.Budget) (float64, error) {
	start, end, err := analytics.Period(b.Period)
	if err != nil {
		return 0, err // stored periods were checked when written
	}
	var cells []analytics.Cell
	if p := r.portfolio(ctx); p != nil {
		// The viewer's cells, once per request under one key: no sibling
		// IDs to collect (a page of 1,000 budgets collecting its 1,000
		// siblings per budget was a million reflective field lookups,
		// 70 ms of the Analytics page at scale L).
		all := batcherFor(ctx, "budgetActivity", func(ctx context.Context, _ []int) (map[int]analytics.Activity, error) {
			act, err := p.Activity(ctx)
			return map[int]analytics.Activity{0: act}, err
		})
		act, err := all.load(ctx, 0, nil)
		if err != nil {
			return 0, err
		}
		cells = act[b.AccountID]
	} else {
		cellsOf := batcherFor(ctx, "budgetCells", func(ctx context.Context, ids []int) (map[int][]analytics.Cell, error) {
			act, err := analytics.ReadActivity(ctx, r.db(ctx), ids)
			if err != nil {
				return nil, err
			}
			out := make(map[int][]analytics.Cell, len(ids))
			for _, id := range ids {
				out[id] = act[id]
			}
			return out, nil
		})
		if cells, err = cellsOf.load(ctx, b.AccountID, siblingIDs(ctx, func(b *ent.Budget) int { return b.AccountID })); err != nil {
			return 0, err
		}
	}
	return analytics.CostBetween(cells, start, end), nil
}
