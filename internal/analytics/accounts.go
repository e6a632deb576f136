package analytics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
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
	// Portfolio gives every account with its classes, as the server sees
	// them. It answers for viewers who see every account when nothing
	// filters them, so that accountStats reads no account.
	Portfolio func(ctx context.Context) (*Snapshot, error)
	Classes   func(ctx context.Context) (map[int]classify.Classes, error)
	// Scores gives the health scores alone (Health's, without the
	// components' explanations).
	Scores func(ctx context.Context, ids []int, now time.Time) (map[int]int, error)
}

// Account is what accountStats groups and sums of one account.
type Account struct {
	ID                 int
	Tier               domain.Tier
	Segment            account.Segment
	Region             string
	Revenue, Potential float64
}

// Snapshot is every account with its classes at one time (in ID order).
// It is not changed once made: the groupings without health asked of it
// are kept with it.
type Snapshot struct {
	Accounts []Account
	Classes  map[int]classify.Classes
	groups   sync.Map // groupBy joined -> []*AccountRow
}

// NewSnapshot reads every account and classifies them, as the server sees
// them.
func NewSnapshot(ctx context.Context, client *ent.Client) (*Snapshot, error) {
	accs, classes, err := loadAccounts(auth.WithViewer(ctx, auth.System), client, Sources{},
		client.Account.Query().Order(ent.Asc(account.FieldID)), true, true)
	if err != nil {
		return nil, err
	}
	return &Snapshot{Accounts: accs, Classes: classes}, nil
}

// grouped returns the snapshot's groups by groupBy, computed once (the
// rows are shared: callers must not change them).
func (s *Snapshot) grouped(groupBy []string) []*AccountRow {
	key := strings.Join(groupBy, ",")
	if rows, ok := s.groups.Load(key); ok {
		return rows.([]*AccountRow)
	}
	rows := groupAccounts(s.Accounts, s.Classes, nil, groupBy, false)
	s.groups.Store(key, rows)
	return rows
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

// AccountStatsWith is AccountStats with the accounts, classes and health
// from src (those left nil are computed). With src.Portfolio, a viewer who
// sees every account and filters none reads no account at all.
func AccountStatsWith(ctx context.Context, client *ent.Client, src Sources, groupBy []string, where *ent.AccountWhereInput, withHealth bool, now time.Time) ([]*AccountRow, error) {
	q, err := where.Filter(client.Account.Query())
	if err != nil {
		return nil, fmt.Errorf("accountStats where: %w", err)
	}
	withClasses := slices.Contains(groupBy, ByAbcClass) || slices.Contains(groupBy, ByClvQuadrant)
	var (
		accs    []Account
		classes map[int]classify.Classes
	)
	switch {
	case where == nil && !scoped(ctx) && src.Portfolio != nil:
		snap, err := src.Portfolio(ctx)
		if err != nil {
			return nil, fmt.Errorf("accountStats: %w", err)
		}
		if !withHealth {
			return snap.grouped(groupBy), nil
		}
		accs, classes = snap.Accounts, snap.Classes
	case !withHealth && !withClasses:
		return accountStatsSQL(ctx, q, groupBy)
	default:
		if accs, classes, err = loadAccounts(ctx, client, src, q, where == nil, withClasses); err != nil {
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
	return groupAccounts(accs, classes, scores, groupBy, withHealth), nil
}

// loadAccounts reads the accounts of q and, withClasses, every account's
// classes (from src when it has them; classified from the accounts read
// when they are the whole portfolio, all says q is unfiltered).
func loadAccounts(ctx context.Context, client *ent.Client, src Sources, q *ent.AccountQuery, all, withClasses bool) ([]Account, map[int]classify.Classes, error) {
	rows, err := q.Select(account.FieldID, account.FieldTier, account.FieldSegment, account.FieldRegion,
		account.FieldAnnualRevenue, account.FieldPotentialValue).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("accountStats: load accounts: %w", err)
	}
	accs := make([]Account, len(rows))
	for i, a := range rows {
		accs[i] = Account{ID: a.ID, Tier: a.Tier, Segment: a.Segment, Region: a.Region, Revenue: a.AnnualRevenue, Potential: a.PotentialValue}
	}
	var classes map[int]classify.Classes
	switch {
	case !withClasses:
	case src.Classes != nil:
		if classes, err = src.Classes(ctx); err != nil {
			return nil, nil, err
		}
	case all && !scoped(ctx):
		// Unfiltered and unscoped, the accounts just read are the
		// portfolio the classes are relative to: classify them rather than
		// read them again.
		portfolio := make([]classify.Account, len(accs))
		for i, a := range accs {
			portfolio[i] = classify.Account{ID: a.ID, Revenue: a.Revenue, Potential: a.Potential}
		}
		classes = classify.Classify(portfolio)
	default:
		if classes, err = classify.Load(ctx, client); err != nil {
			return nil, nil, err
		}
	}
	return accs, classes, nil
}

// groupAccounts counts and sums accs by groupBy, in the order of the
// groups' keys.
func groupAccounts(accs []Account, classes map[int]classify.Classes, scores map[int]int, groupBy []string, withHealth bool) []*AccountRow {
	type group struct {
		row    *AccountRow
		health float64
	}
	groups := map[string]*group{}
	var key []byte
	for _, a := range accs {
		key = key[:0]
		for _, g := range groupBy {
			switch g {
			case ByTier:
				key = append(key, a.Tier...)
			case BySegment:
				key = append(key, a.Segment...)
			case ByRegion:
				key = append(key, a.Region...)
			case ByAbcClass:
				key = append(key, classes[a.ID].Abc...)
			case ByClvQuadrant:
				key = append(key, classes[a.ID].Clv...)
			}
			key = append(key, 0)
		}
		g, ok := groups[string(key)] // no allocation to look up
		if !ok {
			g = &group{row: keyRow(a, classes[a.ID], groupBy)}
			groups[string(key)] = g
		}
		g.row.Count++
		g.row.RevenueSum += a.Revenue
		g.row.PotentialSum += a.Potential
		if h, ok := scores[a.ID]; ok {
			g.health += float64(h)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys) // NUL ends each key: tuples sort as the SQL grouping's
	out := make([]*AccountRow, len(keys))
	for i, k := range keys {
		out[i] = groups[k].row
		if withHealth {
			out[i].AverageHealth = groups[k].health / float64(out[i].Count)
		}
	}
	return out
}

// keyRow is a group's row with the keys of groupBy set from a.
func keyRow(a Account, c classify.Classes, groupBy []string) *AccountRow {
	row := &AccountRow{}
	for _, g := range groupBy {
		switch g {
		case ByTier:
			row.Tier = ptr(a.Tier)
		case BySegment:
			row.Segment = ptr(a.Segment)
		case ByRegion:
			if a.Region != "" {
				row.Region = ptr(a.Region)
			}
		case ByAbcClass:
			row.AbcClass = ptr(c.Abc)
		case ByClvQuadrant:
			row.ClvQuadrant = ptr(c.Clv)
		}
	}
	return row
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
