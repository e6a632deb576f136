package analytics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/chunk"
)

// Sum is an exact sum of float64 values (Shewchuk's non-overlapping
// partials, as Python's math.fsum keeps them): values added in any order,
// and sums merged in any grouping, give the same correctly rounded total.
// The maintained interaction aggregates add per account, month and kind,
// then per grouping; a plain float sum would depend on that order.
type Sum struct{ partials []float64 }

// Add adds x exactly.
func (s *Sum) Add(x float64) {
	i := 0
	for _, y := range s.partials {
		if math.Abs(x) < math.Abs(y) {
			x, y = y, x
		}
		hi := x + y
		lo := y - (hi - x)
		if lo != 0 {
			s.partials[i] = lo
			i++
		}
		x = hi
	}
	s.partials = append(s.partials[:i], x)
}

// AddSum adds o exactly.
func (s *Sum) AddSum(o Sum) {
	for _, x := range o.partials {
		s.Add(x)
	}
}

// Float64 is the sum rounded once, to nearest (ties to even).
func (s Sum) Float64() float64 {
	p := s.partials
	n := len(p)
	if n == 0 {
		return 0
	}
	n--
	hi := p[n]
	var lo float64
	for n > 0 {
		x := hi
		n--
		y := p[n]
		hi = x + y
		lo = y - (hi - x)
		if lo != 0 {
			break
		}
	}
	// Half-way cases: the rest of the partials decide the direction.
	if n > 0 && ((lo < 0 && p[n-1] < 0) || (lo > 0 && p[n-1] > 0)) {
		y := lo * 2
		x := hi + y
		if y == x-hi {
			hi = x
		}
	}
	return hi
}

// Cell is the interactions of one account in one UTC month of one kind:
// how many, and their cost.
type Cell struct {
	Month string // YYYY-MM
	Kind  interaction.Kind
	Count int
	Cost  Sum

	month int32 // year*12 + month-1 (ReadActivity sets it)
	kind  uint8 // Kind's number (kindNumber; ReadActivity sets it)
}

// kindNames numbers the interaction kinds cells hold (Cell.kind), in the
// order first read: aggregating 300,000 cells (scale L) then indexes
// arrays instead of hashing a string per cell, which was most of the
// Analytics page's interactionStats (issue 19). Kinds are an enum of a
// dozen values; more than 255 is refused.
var kindNames struct {
	sync.Mutex
	names []interaction.Kind
	index map[string]uint8
}

// kindNumber returns k's number and its canonical string (one copy
// shared by every cell).
func kindNumber(k string) (uint8, interaction.Kind, error) {
	kindNames.Lock()
	defer kindNames.Unlock()
	if n, ok := kindNames.index[k]; ok {
		return n, kindNames.names[n], nil
	}
	if len(kindNames.names) == 255 {
		return 0, "", fmt.Errorf("read interaction activity: more than 255 kinds")
	}
	if kindNames.index == nil {
		kindNames.index = map[string]uint8{}
	}
	n := uint8(len(kindNames.names))
	kindNames.names = append(kindNames.names, interaction.Kind(k))
	kindNames.index[k] = n
	return n, kindNames.names[n], nil
}

// kindsNumbered returns the kinds numbered so far, by number.
func kindsNumbered() []interaction.Kind {
	kindNames.Lock()
	defer kindNames.Unlock()
	return slices.Clip(kindNames.names)
}

// Activity is the cells of accounts, keyed by account: what
// InteractionStatsFrom aggregates instead of the interactions themselves.
type Activity map[int][]Cell

// FromActivity reports whether InteractionStatsFrom answers a grouping:
// keys among ACCOUNT, MONTH and KIND, and no time bounds (a bound inside
// a month splits its cell).
func FromActivity(groupBy []string, from, to *time.Time) bool {
	if from != nil || to != nil {
		return false
	}
	for _, g := range groupBy {
		if g != ByAccount && g != ByMonth && g != ByKind {
			return false
		}
	}
	return true
}

// ReadActivity reads the cells of accounts ids (every account's when ids
// is nil), as the client's context sees the interactions: one statement
// for every account, one per chunk.Size otherwise. It reads each
// interaction's cost (not a SUM per cell) so that Sum adds them exactly.
// Accounts without interactions have no entry.
func ReadActivity(ctx context.Context, client *ent.Client, ids []int) (Activity, error) {
	out := Activity{}
	read := func(part []int) error {
		q := counted(client)
		if part != nil {
			q = q.Where(interaction.AccountIDIn(part...))
		}
		var rows []struct {
			AccountID int     `json:"account_id"`
			Month     string  `json:"month"`
			Kind      string  `json:"kind"`
			Cost      float64 `json:"cost"`
		}
		err := q.Modify(func(s *sql.Selector) {
			s.Select(sql.As(s.C(interaction.FieldAccountID), "account_id"), sql.As(month(s, s.C(interaction.FieldOccurredAt)), "month"),
				sql.As(s.C(interaction.FieldKind), "kind"), sql.As(s.C(interaction.FieldCost), "cost"))
		}).Scan(ctx, &rows)
		if err != nil {
			return fmt.Errorf("read interaction activity: %w", err)
		}
		type key struct {
			account int
			month   int32
			kind    uint8
		}
		at := map[key]int{} // index of the cell in out[account]
		for _, r := range rows {
			m, err := monthNumber(r.Month)
			if err != nil {
				return err
			}
			kn, kind, err := kindNumber(r.Kind)
			if err != nil {
				return err
			}
			k := key{r.AccountID, m, kn}
			i, ok := at[k]
			if !ok {
				i = len(out[r.AccountID])
				at[k] = i
				out[r.AccountID] = append(out[r.AccountID], Cell{Month: r.Month, Kind: kind, month: m, kind: kn})
			}
			c := &out[r.AccountID][i]
			c.Count++
			c.Cost.Add(r.Cost)
		}
		return nil
	}
	if ids == nil {
		if err := read(nil); err != nil {
			return nil, err
		}
	}
	for _, part := range chunk.IDs(ids, chunk.Size) {
		if err := read(part); err != nil {
			return nil, err
		}
	}
	for _, cells := range out {
		slices.SortFunc(cells, func(a, b Cell) int {
			return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Kind, b.Kind))
		})
	}
	return out, nil
}

// monthNumber reads YYYY-MM (as month() gives it) as year*12 + month-1.
func monthNumber(s string) (int32, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("read interaction activity: month %q is not YYYY-MM", s)
	}
	var n [6]int32
	for i, j := range []int{0, 1, 2, 3, 5, 6} {
		if s[j] < '0' || s[j] > '9' {
			return 0, fmt.Errorf("read interaction activity: month %q is not YYYY-MM", s)
		}
		n[i] = int32(s[j] - '0')
	}
	year := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	month := n[4]*10 + n[5]
	if month < 1 || month > 12 {
		return 0, fmt.Errorf("read interaction activity: month %q is not YYYY-MM", s)
	}
	return year*12 + month - 1, nil
}

// InteractionStatsFrom is InteractionStats over the cells of act (the
// accounts the viewer sees), for a grouping FromActivity accepts: the same
// rows in the same order (keys ascending; months and kinds are ASCII
// without spaces, so bytes order them as both stores' collations do), in
// one statement when grouped by ACCOUNT (its accounts; one per chunk.Size
// of them) and none otherwise. Without cost the rows' CostSum is 0: the
// exact sums were three quarters of the Analytics page's aggregation over
// 300,000 cells (scale L), which asks for counts only.
func InteractionStatsFrom(ctx context.Context, client *ent.Client, act Activity, groupBy []string, cost bool) ([]*InteractionRow, error) {
	var byAccount, byMonth, byKind bool
	for _, g := range groupBy {
		switch g {
		case ByAccount:
			byAccount = true
		case ByMonth:
			byMonth = true
		case ByKind:
			byKind = true
		default:
			return nil, fmt.Errorf("interactionStats: %s is not kept per account, month and kind", g)
		}
	}
	// Each group is one integer: its keys packed in groupBy's order, the
	// first the most significant, so that integers sort as the keys do
	// (account IDs in 32 bits, months as year*12+month in 20, kinds by
	// their rank among the kinds present in 8); hashing integers rather
	// than strings keeps 300,000 cells (scale L) at a few milliseconds.
	var present [256]bool
	for _, cells := range act {
		for i := range cells {
			present[cells[i].kind] = true
		}
	}
	names := kindsNumbered()
	var kindOf []interaction.Kind
	for n, ok := range present {
		if ok && n < len(names) {
			kindOf = append(kindOf, names[n])
		}
	}
	slices.Sort(kindOf)
	var kinds [256]int64 // rank among the kinds present, by number
	for n, ok := range present {
		if ok && n < len(names) {
			r, _ := slices.BinarySearch(kindOf, names[n])
			kinds[n] = int64(r)
		}
	}
	type field struct {
		bits  uint
		shift uint
	}
	var shift uint
	fields := map[string]*field{}
	for i := len(groupBy) - 1; i >= 0; i-- {
		g := groupBy[i]
		if fields[g] != nil {
			continue // grouped twice: once is the same
		}
		f := &field{bits: map[string]uint{ByAccount: 32, ByMonth: 20, ByKind: 8}[g], shift: shift}
		fields[g] = f
		shift += f.bits
	}
	type group struct {
		count int
		cost  Sum
	}
	at := map[int64]int{}
	var keys []int64
	var groups []group
	for account, cells := range act {
		if account < 0 || account >= 1<<31 {
			return nil, fmt.Errorf("interactionStats: account %d out of range", account)
		}
		var base int64
		if byAccount {
			base = int64(account) << fields[ByAccount].shift
		}
		for i := range cells {
			c := &cells[i]
			k := base
			if byMonth {
				k |= int64(c.month) << fields[ByMonth].shift
			}
			if byKind {
				k |= kinds[c.kind] << fields[ByKind].shift
			}
			j, ok := at[k]
			if !ok {
				j = len(groups)
				at[k] = j
				keys = append(keys, k)
				groups = append(groups, group{})
			}
			groups[j].count += c.Count
			if cost {
				groups[j].cost.AddSum(c.Cost)
			}
		}
	}
	if len(groupBy) == 0 && len(groups) == 0 {
		keys, groups = []int64{0}, []group{{}} // no GROUP BY: one row, even over nothing
		at[0] = 0
	}
	slices.Sort(keys)
	part := func(k int64, g string) int64 {
		f := fields[g]
		return (k >> f.shift) & (1<<f.bits - 1)
	}
	var accounts map[int]*ent.Account
	if byAccount {
		ids := make([]int, 0, len(act))
		for id := range act {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var err error
		if accounts, err = accountsByID(ctx, client, ids); err != nil {
			return nil, err
		}
	}
	out := make([]*InteractionRow, len(keys))
	for i, k := range keys {
		g := &groups[at[k]]
		row := &InteractionRow{Count: g.count, CostSum: g.cost.Float64()}
		if byAccount {
			row.Account = accounts[int(part(k, ByAccount))]
		}
		if byMonth {
			m := part(k, ByMonth)
			row.Month = ptr(fmt.Sprintf("%04d-%02d", m/12, m%12+1))
		}
		if byKind {
			row.Kind = ptr(kindOf[part(k, ByKind)])
		}
		out[i] = row
	}
	return out, nil
}

// CostBetween is the exact cost of cells in the UTC months from start's
// up to (not including) end's: a budget's spend over its period, whose
// bounds are the first instants of months. Months compare as numbers
// (a string comparison per cell was a tenth of the Analytics page's
// 1,000 budgets at scale L).
func CostBetween(cells []Cell, start, end time.Time) float64 {
	from, to := monthOf(start), monthOf(end)
	var s Sum
	for i := range cells {
		if m := cells[i].month; m >= from && m < to {
			s.AddSum(cells[i].Cost)
		}
	}
	return s.Float64()
}

// monthOf is t's UTC month as year*12 + month-1 (Cell.month's numbering).
func monthOf(t time.Time) int32 {
	t = t.UTC()
	return int32(t.Year())*12 + int32(t.Month()) - 1
}
