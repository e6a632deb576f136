package analytics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/internal/auth"
	"rapport/internal/classify"
	"rapport/internal/domain"
	"rapport/internal/health"
)

// Sources give AccountStatsWith the values that are not columns: every
// account's classes (relative to the whole portfolio) and the health of
// some. The engines compute them afresh; package portfolio keeps them.
type Sources struct {
	Classes func(ctx context.Context) (map[int]classify.Classes, error)
	// Scores gives the health scores alone (Health's, without the
	// components' explanations).
	Scores func(ctx context.Context, ids []int, now time.Time) (map[int]int, error)
}

// AccountStats counts accounts and sums their revenue and potential per
// group. Grouped by tier, segment and region only it is one GROUP BY
// statement. ABC class and CLV quadrant are relative to the whole
// portfolio and averageHealth is not SQL, so with those it reads the
// filtered accounts' keys in one statement, classifies all accounts in
// one more (none when there is no filter and the viewer sees every
// account: the accounts read are all of them) and, when asked, scores
// health in a constant number more.
func AccountStats(ctx context.Context, client *ent.Client, groupBy []string, where *ent.AccountWhereInput, withHealth bool, now time.Time) ([]*AccountRow, error) {
	return AccountStatsWith(ctx, client, Sources{}, groupBy, where, withHealth, now)
}

// AccountStatsWith is AccountStats with the classes and health from src
// (those left nil are computed).
func AccountStatsWith(ctx context.Context, client *ent.Client, src Sources, groupBy []string, where *ent.AccountWhereInput, withHealth bool, now time.Time) ([]*AccountRow, error) {
	q, err := where.Filter(client.Account.Query())
	if err != nil {
		return nil, fmt.Errorf("accountStats where: %w", err)
	}
	withClasses := slices.Contains(groupBy, ByAbcClass) || slices.Contains(groupBy, ByClvQuadrant)
	if !withHealth && !withClasses {
		return accountStatsSQL(ctx, q, groupBy)
	}
	accs, err := q.Select(account.FieldID, account.FieldTier, account.FieldSegment, account.FieldRegion,
		account.FieldAnnualRevenue, account.FieldPotentialValue).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("accountStats: load accounts: %w", err)
	}
	var classes map[int]classify.Classes
	switch {
	case !withClasses:
	case src.Classes != nil:
		if classes, err = src.Classes(ctx); err != nil {
			return nil, err
		}
	case where == nil && !scoped(ctx):
		// Unfiltered and unscoped, the accounts just read are the
		// portfolio the classes are relative to: classify them rather than
		// read them again.
		portfolio := make([]classify.Account, len(accs))
		for i, a := range accs {
			portfolio[i] = classify.Account{ID: a.ID, Revenue: a.AnnualRevenue, Potential: a.PotentialValue}
		}
		classes = classify.Classify(portfolio)
	default:
		if classes, err = classify.Load(ctx, client); err != nil {
			return nil, err
		}
	}
	scores := map[int]int{}
	if withHealth && len(accs) > 0 {
		ids := make([]int, len(accs))
		for i, a := range accs {
			ids[i] = a.ID
		}
		score := src.Scores
		if score == nil {
			score = func(ctx context.Context, ids []int, now time.Time) (map[int]int, error) {
				hs, err := health.Compute(ctx, client, ids, now)
				out := make(map[int]int, len(hs))
				for id, h := range hs {
					out[id] = h.Score
				}
				return out, err
			}
		}
		if scores, err = score(ctx, ids, now); err != nil {
			return nil, fmt.Errorf("accountStats: %w", err)
		}
	}
	groups := map[string]*AccountRow{}
	var healthSum = map[string]float64{}
	for _, a := range accs {
		row := &AccountRow{}
		var key []string
		for _, g := range groupBy {
			switch g {
			case ByTier:
				row.Tier = ptr(a.Tier)
				key = append(key, string(a.Tier))
			case BySegment:
				row.Segment = ptr(a.Segment)
				key = append(key, string(a.Segment))
			case ByRegion:
				if a.Region != "" {
					row.Region = ptr(a.Region)
				}
				key = append(key, a.Region)
			case ByAbcClass:
				row.AbcClass = ptr(classes[a.ID].Abc)
				key = append(key, string(classes[a.ID].Abc))
			case ByClvQuadrant:
				row.ClvQuadrant = ptr(classes[a.ID].Clv)
				key = append(key, string(classes[a.ID].Clv))
			}
		}
		k := strings.Join(key, "\x00")
		if g, ok := groups[k]; ok {
			row = g
		} else {
			groups[k] = row
		}
		row.Count++
		row.RevenueSum += a.AnnualRevenue
		row.PotentialSum += a.PotentialValue
		row.AccountIDs = append(row.AccountIDs, a.ID)
		if h, ok := scores[a.ID]; ok {
			healthSum[k] += float64(h)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]*AccountRow, len(keys))
	for i, k := range keys {
		out[i] = groups[k]
		if withHealth {
			out[i].AverageHealth = healthSum[k] / float64(out[i].Count)
		}
	}
	return out, nil
}

func accountStatsSQL(ctx context.Context, q *ent.AccountQuery, groupBy []string) ([]*AccountRow, error) {
	var rows []struct {
		Tier      *string `json:"tier"`
		Segment   *string `json:"segment"`
		Region    *string `json:"region"`
		Count     int     `json:"count"`
		Revenue   float64 `json:"revenue"`
		Potential float64 `json:"potential"`
	}
	err := q.Modify(func(s *sql.Selector) {
		var keys [][2]string
		for _, g := range groupBy {
			switch g {
			case ByTier:
				keys = append(keys, [2]string{s.C(account.FieldTier), "tier"})
			case BySegment:
				keys = append(keys, [2]string{s.C(account.FieldSegment), "segment"})
			case ByRegion:
				keys = append(keys, [2]string{s.C(account.FieldRegion), "region"})
			}
		}
		group(s, keys, sql.As("COUNT(*)", "count"), sql.As(sum(s.C(account.FieldAnnualRevenue)), "revenue"),
			sql.As(sum(s.C(account.FieldPotentialValue)), "potential"))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("accountStats: %w", err)
	}
	out := make([]*AccountRow, len(rows))
	for i, r := range rows {
		row := &AccountRow{Region: r.Region, Count: r.Count, RevenueSum: r.Revenue, PotentialSum: r.Potential}
		if r.Tier != nil {
			row.Tier = ptr(domain.Tier(*r.Tier))
		}
		if r.Segment != nil {
			row.Segment = ptr(account.Segment(*r.Segment))
		}
		out[i] = row
	}
	return out, nil
}

// scoped reports whether the viewer sees only some accounts.
func scoped(ctx context.Context) bool {
	v := auth.FromContext(ctx)
	return v != nil && v.Scoped()
}
