package classify

import (
	"math"
	"testing"

	"rapport/internal/domain"
)

func TestPlace(t *testing.T) {
	tests := []struct {
		influence, interest int
		want                domain.PowerQuadrant
	}{
		{5, 5, domain.PowerManageClosely},
		{4, 4, domain.PowerManageClosely},
		{4, 3, domain.PowerKeepSatisfied},
		{3, 4, domain.PowerKeepInformed},
		{3, 3, domain.PowerMonitor},
		{1, 1, domain.PowerMonitor},
	}
	for _, tt := range tests {
		if got := Place(tt.influence, tt.interest); got != tt.want {
			t.Errorf("Place(%d, %d) = %s, want %s", tt.influence, tt.interest, got, tt.want)
		}
	}
}

func TestSupport(t *testing.T) {
	e := func(infl int, a domain.Attitude) *PowerEntry { return &PowerEntry{Influence: infl, Attitude: a} }
	tests := []struct {
		name    string
		entries []*PowerEntry
		want    float64
	}{
		{"nobody", nil, 0},
		{"all champions", []*PowerEntry{e(5, domain.AttitudeChampion), e(1, domain.AttitudeChampion)}, 1},
		{"all opponents", []*PowerEntry{e(2, domain.AttitudeOpponent)}, -1},
		// (5·1 + 3·(−0.5) + 2·0) / 10 = 0.35
		{"weighted by influence", []*PowerEntry{e(5, domain.AttitudeChampion), e(3, domain.AttitudeSkeptic), e(2, domain.AttitudeNeutral)}, 0.35},
	}
	for _, tt := range tests {
		if got := Support(tt.entries); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: Support = %v, want %v", tt.name, got, tt.want)
		}
	}
}
