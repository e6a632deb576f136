// Package whitespace is the whitespace engine of issue 17: for accounts x
// offerings, what the customer buys from us (current revenue), what it
// could (estimated potential) and the difference, per account and rolled
// up over the account's subsidiaries. Build is pure; Load reads the rows
// in a constant number of statements.
package whitespace

import (
	"sort"

	"rapport/ent/accountoffering"
)

// Statuses of an account's offering.
const (
	StatusInstalled       = "INSTALLED"
	StatusOpenOpportunity = "OPEN_OPPORTUNITY"
	StatusNoFit           = "NO_FIT"
	StatusNotDiscussed    = "NOT_DISCUSSED"
)

// Row is one AccountOffering as Build needs it.
type Row struct {
	AccountID, OfferingID int
	Current, Potential    float64
	Status                string
	Needs                 *Needs // nil when none is recorded
}

// Cell is one account x offering of the grid. A cell with no row is
// NOT_DISCUSSED with nothing known (Known false).
//
// Its fields are named and typed as the API's WhitespaceCell, so that the
// executor writes a cell without a resolver call per field (the grid of
// every account at scale L has 40,000 of them).
type Cell struct {
	AccountID, OfferingID     int
	Known                     bool
	Status                    accountoffering.Status
	CurrentRevenue, Potential float64
	// Whitespace is potential - current, never below 0; a NO_FIT cell has none.
	Whitespace float64
	// Subsidiaries* roll up the account's subsidiaries (in the grid's
	// account set or not: the caller passes the ones the viewer may read).
	SubsidiariesCurrentRevenue, SubsidiariesWhitespace float64
	// The customer's needs the offering answers (nil when not recorded).
	CurrentNeed, NeedMet, FutureNeed *string
}

// Grid is accounts x offerings, row-major in the order given.
type Grid struct {
	AccountIDs, OfferingIDs []int
	Cells                   []Cell
	// Totals per offering (columns) and over the grid.
	OfferingWhitespace []float64
	TotalCurrent       float64
	TotalWhitespace    float64
}

// Whitespace of one row.
func Whitespace(r Row) float64 {
	if r.Status == StatusNoFit || r.Potential <= r.Current {
		return 0
	}
	return r.Potential - r.Current
}

const maxDepth = 64

// Build lays out the grid. parent maps an account to its parent (for the
// subsidiaries' roll-up; accounts absent from it have none); rows may hold
// rows of accounts outside accountIDs (subsidiaries), which only roll up.
func Build(accountIDs, offeringIDs []int, rows []Row, parent map[int]int) Grid {
	g := Grid{AccountIDs: accountIDs, OfferingIDs: offeringIDs}
	row := make(map[int]int, len(accountIDs))
	for i, a := range accountIDs {
		row[a] = i
	}
	col := make(map[int]int, len(offeringIDs))
	for j, o := range offeringIDs {
		col[o] = j
	}
	n := len(offeringIDs)
	g.Cells = make([]Cell, len(accountIDs)*n)
	for i, a := range accountIDs {
		for j, o := range offeringIDs {
			g.Cells[i*n+j] = Cell{AccountID: a, OfferingID: o, Status: StatusNotDiscussed}
		}
	}
	for _, r := range rows {
		j, ok := col[r.OfferingID]
		if !ok {
			continue
		}
		ws := Whitespace(r)
		if i, ok := row[r.AccountID]; ok {
			c := &g.Cells[i*n+j]
			c.Known, c.Status, c.CurrentRevenue, c.Potential, c.Whitespace = true, accountoffering.Status(r.Status), r.Current, r.Potential, ws
			if r.Needs != nil {
				c.CurrentNeed, c.NeedMet, c.FutureNeed = r.Needs.Current, r.Needs.Met, r.Needs.Future
			}
		}
		// Roll up to every ancestor in the grid. maxDepth bounds the
		// walk: a cycle in the hierarchy (which the store refuses) cannot
		// hang it.
		depth := 0
		for a, ok := parent[r.AccountID]; ok && a != r.AccountID && depth < maxDepth; a, ok = parent[a] {
			depth++
			if i, in := row[a]; in {
				c := &g.Cells[i*n+j]
				c.SubsidiariesCurrentRevenue += r.Current
				c.SubsidiariesWhitespace += ws
			}
		}
	}
	g.OfferingWhitespace = make([]float64, n)
	for k := range g.Cells {
		c := &g.Cells[k]
		g.OfferingWhitespace[k%n] += c.Whitespace
		g.TotalCurrent += c.CurrentRevenue
		g.TotalWhitespace += c.Whitespace
	}
	return g
}

// SortedIDs returns ids sorted and without duplicates.
func SortedIDs(ids []int) []int {
	out := append([]int(nil), ids...)
	sort.Ints(out)
	n := 0
	for i, v := range out {
		if i == 0 || v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}
