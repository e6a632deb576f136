package whitespace

import (
	"testing"

	"rapport/ent/accountoffering"
)

// TestBuild works a 3 x 2 grid by hand: account 1 is the parent of 2,
// account 2 the parent of 3 (a grandchild), offerings 10 and 20.
func TestBuild(t *testing.T) {
	rows := []Row{
		{AccountID: 1, OfferingID: 10, Current: 100, Potential: 300, Status: StatusInstalled},      // ws 200
		{AccountID: 1, OfferingID: 20, Current: 0, Potential: 500, Status: StatusNoFit},            // no fit: ws 0
		{AccountID: 2, OfferingID: 10, Current: 50, Potential: 40, Status: StatusInstalled},        // above potential: ws 0
		{AccountID: 2, OfferingID: 20, Current: 0, Potential: 1000, Status: StatusOpenOpportunity}, // ws 1000
		{AccountID: 3, OfferingID: 20, Current: 10, Potential: 110, Status: StatusOpenOpportunity}, // ws 100
	}
	parent := map[int]int{2: 1, 3: 2}
	g := Build([]int{1, 2}, []int{10, 20}, rows, parent)
	want := []struct {
		a, o           int
		known          bool
		status         accountoffering.Status
		ws, subC, subW float64
	}{
		{1, 10, true, StatusInstalled, 200, 50, 0},
		{1, 20, true, StatusNoFit, 0, 10, 1100},
		{2, 10, true, StatusInstalled, 0, 0, 0},
		{2, 20, true, StatusOpenOpportunity, 1000, 10, 100},
	}
	if len(g.Cells) != len(want) {
		t.Fatalf("%d cells, want %d", len(g.Cells), len(want))
	}
	for i, w := range want {
		c := g.Cells[i]
		if c.AccountID != w.a || c.OfferingID != w.o || c.Known != w.known || c.Status != w.status ||
			c.Whitespace != w.ws || c.SubsidiariesCurrentRevenue != w.subC || c.SubsidiariesWhitespace != w.subW {
			t.Errorf("cell %d: %+v, want %+v", i, c, w)
		}
	}
	if g.OfferingWhitespace[0] != 200 || g.OfferingWhitespace[1] != 1000 {
		t.Errorf("column whitespace %v, want [200 1000]", g.OfferingWhitespace)
	}
	if g.TotalCurrent != 150 || g.TotalWhitespace != 1200 {
		t.Errorf("totals %g / %g, want 150 / 1200", g.TotalCurrent, g.TotalWhitespace)
	}
	// A cell nobody wrote is NOT_DISCUSSED and unknown.
	g = Build([]int{4}, []int{10}, rows, parent)
	if c := g.Cells[0]; c.Known || c.Status != StatusNotDiscussed || c.Whitespace != 0 {
		t.Errorf("empty cell %+v", c)
	}
	// A cycle in the hierarchy does not hang the roll-up.
	Build([]int{1}, []int{10}, rows, map[int]int{1: 2, 2: 1})
}

// BenchmarkBuildL lays out the grid at scale L's account count (5,000
// accounts, a fifth of them subsidiaries) x 20 offerings, half the cells
// written.
func BenchmarkBuildL(b *testing.B) {
	const accounts, offerings = 5000, 20
	var acc, off []int
	parent := map[int]int{}
	var rows []Row
	for a := 1; a <= accounts; a++ {
		acc = append(acc, a)
		if a%5 == 0 {
			parent[a] = a - 1
		}
		for o := 1; o <= offerings; o++ {
			if (a+o)%2 == 0 {
				rows = append(rows, Row{AccountID: a, OfferingID: o, Current: float64(a), Potential: float64(a + o*10), Status: StatusOpenOpportunity})
			}
		}
	}
	for o := 1; o <= offerings; o++ {
		off = append(off, o)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Build(acc, off, rows, parent)
	}
}
