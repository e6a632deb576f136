package layers

import (
	"math"
	"strings"
	"testing"
	"time"

	"rapport/internal/domain"
)

var now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func ago(days int) *time.Time { t := now.AddDate(0, 0, -days); return &t }

func TestKey(t *testing.T) {
	dm := func(id, best int) Contact {
		return Contact{ID: id, DecisionRole: domain.RoleDecisionMaker, Best: best}
	}
	eb := Contact{ID: 9, DecisionRole: domain.RoleEconomicBuyer, Best: 1}
	user := Contact{ID: 10, DecisionRole: domain.RoleUser, Best: 4}
	tests := []struct {
		name            string
		in              Input
		want            float64
		makers, covered int
	}{
		{"nothing recorded", Input{}, 0, 0, 0},
		// 1 of 2 makers at >= 2 (the EB's 1 does not work), users do not count: 1/2.
		{"no chain: makers only", Input{Contacts: []Contact{dm(1, 2), eb, user}}, 0.5, 2, 1},
		// chain: weights 0.6 covered (best 3) and 0.4 not (best 1): 0.6; makers 1/1: ½·0.6 + ½·1 = 0.8.
		{"chain and makers", Input{Contacts: []Contact{dm(1, 3)}, Links: []Link{{1, 0.6, 3}, {10, 0.4, 1}}}, 0.8, 1, 1},
		// zero weights fall back to counts: 1 of 2 links; no makers: ½·0.5 + ½·0 = 0.25.
		{"chain of zero weights, no makers", Input{Links: []Link{{1, 0, 2}, {2, 0, 0}}}, 0.25, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := Compute(tt.in, now).Key
			if !near(k.Value, tt.want) || k.Makers != tt.makers || k.MakersCovered != tt.covered {
				t.Errorf("key = %.4f, makers %d/%d; want %.4f, %d/%d (%s)", k.Value, k.MakersCovered, k.Makers, tt.want, tt.covered, tt.makers, k.Explanation)
			}
			if k.Explanation == "" {
				t.Error("no explanation")
			}
		})
	}
}

func TestBroad(t *testing.T) {
	c := func(sen, dept string, best int) Contact { return Contact{Seniority: sen, Department: dept, Best: best} }
	four := []Contact{c("EXECUTIVE", "IT", 3), c("MANAGER", "IT", 2), c("STAFF", "Ops", 4), c("STAFF", "Ops", 2)}
	var staff []Contact
	for i := range 20 {
		best := 0
		if i < 10 {
			best = 2
		}
		staff = append(staff, c("STAFF", "Ops", best))
	}
	tests := []struct {
		name                 string
		in                   []Contact
		working, denominator int
		want                 float64
	}{
		// the base is 3+5+8+12 = 28 whatever is recorded below it.
		{"nobody", nil, 0, 28, 0},
		{"four acquaintances, all covered, are not everyone", four, 4, 28, 4.0 / 28},
		// strength 1 is an acquaintance, not working coverage.
		{"weak coverage does not count", []Contact{c("EXECUTIVE", "", 1)}, 0, 28, 0},
		// 20 staff recorded exceed the 12 expected: the band counts 20; 3+5+8+20 = 36.
		{"a band above its expectation counts what is recorded", staff, 10, 36, 10.0 / 36},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Compute(Input{Contacts: tt.in}, now).Broad
			if b.Working != tt.working || b.Denominator != tt.denominator || !near(b.Value, tt.want) {
				t.Errorf("broad = %d/%d = %.4f, want %d/%d = %.4f (%s)", b.Working, b.Denominator, b.Value, tt.working, tt.denominator, tt.want, b.Explanation)
			}
			if b.Value >= 1 && len(tt.in) < 28 {
				t.Errorf("%d contacts reach %v", len(tt.in), b.Value)
			}
		})
	}
	b := Compute(Input{Contacts: append(four, c("MANAGER", "Finance", 0))}, now).Broad
	wantSen := map[string][2]int{"EXECUTIVE": {1, 3}, "SENIOR_MANAGER": {0, 5}, "MANAGER": {1, 8}, "STAFF": {2, 12}}
	for _, s := range b.BySeniority {
		if w := wantSen[s.Name]; s.Covered != w[0] || s.Total != w[1] {
			t.Errorf("band %s = %d/%d, want %d/%d", s.Name, s.Covered, s.Total, w[0], w[1])
		}
	}
	wantDept := []Share{{"Finance", 0, 1, 0}, {"IT", 2, 2, 1}, {"Ops", 2, 2, 1}}
	if len(b.ByDepartment) != len(wantDept) {
		t.Fatalf("departments %+v, want %+v", b.ByDepartment, wantDept)
	}
	for i, w := range wantDept {
		if b.ByDepartment[i] != w {
			t.Errorf("department %d = %+v, want %+v", i, b.ByDepartment[i], w)
		}
	}
	if !strings.Contains(b.Explanation, "4/28") {
		t.Errorf("the explanation does not give the ratio: %s", b.Explanation)
	}
}

func TestOrg(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want float64
	}{
		{"nothing", Input{}, 0},
		// engagements 1/2 = 0.5; pairings: met 90 days ago 0.5, never met 0 -> 0.25;
		// since 2.5 years (913.125 days) -> 0.5: (0.5 + 0.25 + 0.5)/3.
		{"one engagement, two pairings, two and a half years",
			Input{ActiveEngagements: 1, Pairings: []Pairing{{1, ago(90)}, {2, nil}}, Since: ptr(now.Add(-time.Duration(2.5 * 365.25 * 24 * float64(time.Hour))))},
			(0.5 + 0.25 + 0.5) / 3},
		// everything saturates: 3 engagements, a pairing met today, ten years.
		{"saturated", Input{ActiveEngagements: 3, Pairings: []Pairing{{1, ago(0)}}, Since: ptr(now.AddDate(-10, 0, 0))}, 1},
		// a beginning in the future counts no years.
		{"future beginning", Input{Since: ptr(now.AddDate(0, 0, 3))}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Compute(tt.in, now).Org
			if !near(o.Value, tt.want) {
				t.Errorf("org = %.6f, want %.6f (%s)", o.Value, tt.want, o.Explanation)
			}
		})
	}
	o := Compute(Input{Pairings: []Pairing{{7, ago(45)}}}, now).Org
	if len(o.Pairings) != 1 || o.Pairings[0].DaysSinceMet == nil || *o.Pairings[0].DaysSinceMet != 45 || !near(o.Pairings[0].Recency, math.Pow(0.5, 0.5)) {
		t.Errorf("pairing recency %+v", o.Pairings)
	}
}

func ptr(t time.Time) *time.Time { return &t }
