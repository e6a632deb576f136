package orglayer

import (
	"testing"
	"time"
)

// Worked by hand: recency = 0.5^(days/90); score = round(100 x (0.5 x
// strength/4 + 0.5 x recency)).
func TestPairingHealthByHand(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d int) *time.Time { t := now.AddDate(0, 0, -d); return &t }
	tests := []struct {
		name  string
		f     Facts
		score int
		state State
	}{
		// 0.5^0.5 = 0.7071; 100 x (0.375 + 0.3536) = 72.9
		{"met 45 days ago, trusted", Facts{Strength: 3, LastMet: ago(45)}, 73, StateHealthy},
		// 0.5^(30/90) = 0.7937; 100 x (0.125 + 0.3969) = 52.2; strength below 2
		{"met 30 days ago, acquainted", Facts{Strength: 1, LastMet: ago(30)}, 52, StateAtRisk},
		// 0.5^(120/90) = 0.3969; 100 x (0.375 + 0.1984) = 57.3
		{"met 120 days ago", Facts{Strength: 3, LastMet: ago(120)}, 57, StateAtRisk},
		// 0.5^(200/90) = 0.2143; 100 x (0.5 + 0.1072) = 60.7
		{"met 200 days ago, close", Facts{Strength: 4, LastMet: ago(200)}, 61, StateStale},
		// 100 x (0.25 + 0) = 25
		{"never met", Facts{Strength: 2}, 25, StateNeverMet},
		{"their executive left", Facts{Strength: 4, LastMet: ago(0), ContactLeft: true}, 100, StateLapsed},
		{"our executive is inactive", Facts{Strength: 2, LastMet: ago(90), MemberInactive: true}, 50, StateLapsed},
		{"ended", Facts{Strength: 2, LastMet: ago(90), Ended: true}, 50, StateEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Compute(tt.f, now)
			if h.Score != tt.score || h.State != tt.state {
				t.Errorf("score %d state %s, want %d %s (%s)", h.Score, h.State, tt.score, tt.state, h.Explanation)
			}
		})
	}
}
