package valuation

import (
	"strings"
	"testing"

	"rapport/internal/domain"
)

func scores(rev, margin, pay, ref, mgmt, payback, wallet, growth, loyalty float64) map[string]float64 {
	return map[string]float64{
		"revenue": rev, "margin": margin, "payment_collection": pay, "reference_value": ref,
		"management_improvement": mgmt, "long_term_payback": payback, "share_of_wallet": wallet,
		"growth_potential": growth, "loyalty": loyalty,
	}
}

// Worked by hand with the default weights (0.15 0.10 0.05 | 0.15 0.10 0.10
// 0.10 0.15 | 0.10): each criterion brings 100 x weight x score / 5.
func TestValueScoreAndTierByHand(t *testing.T) {
	tests := []struct {
		name    string
		in      Input
		score   float64
		tier    domain.Tier
		revenue float64 // points of the revenue criterion
	}{
		// 15 + 8 + 3 + 15 + 8 + 8 + 6 + 15 + 10 = 88
		{"a reference group account", Input{Scores: scores(5, 4, 3, 5, 4, 4, 3, 5, 5)}, 88, domain.TierStrategic, 15},
		// 6 + 6 + 3 + 9 + 6 + 4 + 4 + 12 + 4 = 54: just under PARTNER
		{"a province that lost a bid", Input{Scores: scores(2, 3, 3, 3, 3, 2, 2, 4, 2)}, 54, domain.TierCommercial, 6},
		// 6 + 6 + 3 + 12 + 6 + 4 + 4 + 12 + 2 = 55: PARTNER from 55
		{"exactly on the PARTNER line", Input{Scores: scores(2, 3, 3, 4, 3, 2, 2, 4, 1)}, 55, domain.TierPartner, 6},
		// 3 + 2 + 1 + 3 + 2 + 2 + 2 + 6 + 2 = 23
		{"a small new logo", Input{Scores: scores(1, 1, 1, 1, 1, 1, 1, 2, 1)}, 23, domain.TierGeneral, 3},
		// revenue weighted 0.5, the rest 0.0625 each: 50 + 8 x 0.0625 x 20 x 2 = 70
		{"custom weights", Input{
			Scores: scores(5, 2, 2, 2, 2, 2, 2, 2, 2),
			Weights: map[string]float64{"revenue": 0.5, "margin": 0.0625, "payment_collection": 0.0625, "reference_value": 0.0625,
				"management_improvement": 0.0625, "long_term_payback": 0.0625, "share_of_wallet": 0.0625, "growth_potential": 0.0625, "loyalty": 0.0625},
		}, 70, domain.TierStrategic, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(tt.in)
			if r.Score != tt.score || r.Tier != tt.tier {
				t.Errorf("score %v tier %s, want %v %s", r.Score, r.Tier, tt.score, tt.tier)
			}
			if r.Criteria[0].Criterion != "REVENUE" || r.Criteria[0].Points != tt.revenue {
				t.Errorf("revenue criterion %+v, want %v points", r.Criteria[0], tt.revenue)
			}
			if !WeightsValid(tt.in.Weights) {
				t.Errorf("weights sum to %v", WeightSum(tt.in.Weights))
			}
		})
	}
}

func TestDefaultWeightsSumToOne(t *testing.T) {
	if s := WeightSum(nil); s < 0.9999 || s > 1.0001 {
		t.Fatalf("default weights sum to %v", s)
	}
	if WeightsValid(map[string]float64{"revenue": 0.10}) { // 0.95
		t.Fatal("weights summing to 0.95 accepted")
	}
}

func TestReasonsNameTheBandAndTheCriteria(t *testing.T) {
	r := Compute(Input{Scores: scores(2, 3, 3, 3, 3, 2, 2, 4, 2)})
	got := Reasons(r)
	want := []string{
		"Value score 54 is 40 to 55: COMMERCIAL",
		"Strong growth potential: 4/5 (weight 0.15, 12 points)",
		"Weak revenue: 2/5 (weight 0.15, 6 of 15 possible points)",
		"Weak long-term payback: 2/5 (weight 0.1, 4 of 10 possible points)",
		"Weak share of wallet: 2/5 (weight 0.1, 4 of 10 possible points)",
		"Weak loyalty stage: 2/5 (weight 0.1, 4 of 10 possible points)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
