package analytics

import "testing"

// TestCostBetweenSumsTheMonthsOfAPeriod: a budget period's spend is the
// cells of its months, by UTC month number, the end's month excluded.
func TestCostBetweenSumsTheMonthsOfAPeriod(t *testing.T) {
	cell := func(month string, cost float64) Cell {
		m, err := monthNumber(month)
		if err != nil {
			t.Fatal(err)
		}
		c := Cell{Month: month, Count: 1, month: m}
		c.Cost.Add(cost)
		return c
	}
	cells := []Cell{cell("2025-12", 1), cell("2026-01", 2), cell("2026-03", 4), cell("2026-04", 8), cell("2026-12", 16), cell("2027-01", 32)}
	tests := []struct {
		period string
		want   float64
	}{
		{"2026", 2 + 4 + 8 + 16},
		{"2026-Q1", 2 + 4},
		{"2026-Q2", 8},
		{"2026-03", 4},
		{"2026-02", 0},
		{"2025-Q4", 1},
		{"2027", 32},
	}
	for _, tt := range tests {
		start, end, err := Period(tt.period)
		if err != nil {
			t.Fatal(err)
		}
		if got := CostBetween(cells, start, end); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.period, got, tt.want)
		}
	}
}
