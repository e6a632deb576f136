package classify

import (
	"testing"

	"rapport/internal/domain"
)

func TestABC(t *testing.T) {
	tests := []struct {
		name string
		revs []float64 // account i has ID i+1
		want string
	}{
		{"the account crossing 80% is A, the one crossing 95% B", []float64{50, 30, 15, 5}, "AABC"},
		{"exactly 80% before makes B", []float64{40, 40, 15, 5}, "AABC"},
		{"one dominant account", []float64{90, 6, 4}, "ABC"},
		{"ties ranked by ID", []float64{10, 10, 10, 10, 10}, "AAAAB"},
		{"no revenue at all", []float64{0, 0}, "CC"},
		{"zero revenue is C", []float64{100, 0}, "AC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var accs []Account
			for i, r := range tt.revs {
				accs = append(accs, Account{ID: i + 1, Revenue: r})
			}
			got := ABC(accs)
			var s string
			for i := range accs {
				s += string(got[i+1])
			}
			if s != tt.want {
				t.Errorf("classes = %s, want %s", s, tt.want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	// Revenue median (20+30)/2 = 25, potential median (20+40)/2 = 30.
	accs := []Account{
		{ID: 1, Revenue: 60, Potential: 50}, // A, high/high
		{ID: 2, Revenue: 30, Potential: 10}, // high current, low potential
		{ID: 3, Revenue: 20, Potential: 40}, // low current, high potential
		{ID: 4, Revenue: 10, Potential: 20}, // low/low
		{ID: 5, Revenue: 25, Potential: 30}, // exactly the medians: low/low
	}
	// Total 145: 1 has 0 before (A), 2 60/145=.41 (A), 5 90/145=.62 (A),
	// 3 115/145=.79 (A), 4 135/145=.93 (B).
	want := map[int]Classes{
		1: {domain.ClassA, domain.ClvHighValue, domain.TierStrategic},
		2: {domain.ClassA, domain.ClvSecondaryValue, domain.TierPartner},
		3: {domain.ClassA, domain.ClvPotentialValue, domain.TierStrategic},
		4: {domain.ClassB, domain.ClvLowValue, domain.TierCommercial},
		5: {domain.ClassA, domain.ClvLowValue, domain.TierPartner},
	}
	got := Classify(accs)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("account %d = %+v, want %+v", id, got[id], w)
		}
	}
}

func TestRecommendedTier(t *testing.T) {
	tests := []struct {
		abc  domain.AbcClass
		q    domain.ClvQuadrant
		want domain.Tier
	}{
		{domain.ClassA, domain.ClvHighValue, domain.TierStrategic},
		{domain.ClassA, domain.ClvPotentialValue, domain.TierStrategic},
		{domain.ClassA, domain.ClvSecondaryValue, domain.TierPartner},
		{domain.ClassA, domain.ClvLowValue, domain.TierPartner},
		{domain.ClassB, domain.ClvHighValue, domain.TierPartner},
		{domain.ClassB, domain.ClvSecondaryValue, domain.TierCommercial},
		{domain.ClassC, domain.ClvPotentialValue, domain.TierCommercial},
		{domain.ClassC, domain.ClvSecondaryValue, domain.TierGeneral},
		{domain.ClassC, domain.ClvLowValue, domain.TierGeneral},
	}
	for _, tt := range tests {
		if got := RecommendedTier(tt.abc, tt.q); got != tt.want {
			t.Errorf("RecommendedTier(%s, %s) = %s, want %s", tt.abc, tt.q, got, tt.want)
		}
	}
}
