package strength

import (
	"math"
	"testing"
	"time"

	"rapport/ent/interaction"
)

func TestScore(t *testing.T) {
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	tests := []struct {
		name   string
		events []Event
		want   float64
	}{
		{"nothing", nil, 0},
		{"one dinner today: S=3", []Event{{interaction.KindDINNER_EVENT, now}}, 4 * (1 - math.Exp(-0.75))},
		{"an email today: S=0.5", []Event{{interaction.KindEMAIL, now}}, 4 * (1 - math.Exp(-0.125))},
		{"a visit one half-life ago counts half: S=1.5", []Event{{interaction.KindCOMPANY_VISIT, ago(90)}}, 4 * (1 - math.Exp(-0.375))},
		{"a planned visit counts as today's", []Event{{interaction.KindCOMPANY_VISIT, now.AddDate(0, 0, 5)}}, 4 * (1 - math.Exp(-0.75))},
		{"a complaint today adds nothing: S=0", []Event{{interaction.KindCOMPLAINT, now}}, 0},
		{"a complaint next to an email: S=0.5",
			[]Event{{interaction.KindEMAIL, now}, {interaction.KindCOMPLAINT, now}}, 4 * (1 - math.Exp(-0.125))},
		{"sums: dinner today and email 90 days ago, S=3.25",
			[]Event{{interaction.KindDINNER_EVENT, now}, {interaction.KindEMAIL, ago(90)}}, 4 * (1 - math.Exp(-0.8125))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.events, now); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Score = %v, want %v", got, tt.want)
			}
		})
	}
	var many []Event
	for i := range 100 {
		many = append(many, Event{interaction.KindDINNER_EVENT, ago(i)})
	}
	if s := Score(many, now); s > Max || s < 3.99 {
		t.Errorf("a hundred dinners = %v, want just under %v", s, Max)
	}
}
