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
	cellsOf := batcherFor(ctx, "budgetActivity", func(ctx context.Context, ids []int) (map[int][]analytics.Cell, error) {
		var act analytics.Activity
		var err error
		if p := r.portfolio(ctx); p != nil {
			act, err = p.Activity(ctx)
		} else {
			act, err = analytics.ReadActivity(ctx, r.db(ctx), ids)
		}
		if err != nil {
			return nil, err
		}
		out := make(map[int][]analytics.Cell, len(ids))
		for _, id := range ids {
			out[id] = act[id]
		}
		return out, nil
	})
	cells, err := cellsOf.load(ctx, b.AccountID, siblingIDs(ctx, func(b *ent.Budget) int { return b.AccountID }))
	if err != nil {
		return 0, err
	}
	from, to := start.Format("2006-01"), end.Format("2006-01")
	var spent analytics.Sum
	for _, c := range cells {
		if c.Month >= from && c.Month < to {
			spent.AddSum(c.Cost)
		}
	}
	return spent.Float64(), nil
}
