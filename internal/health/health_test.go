package health

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"rapport/internal/cadence"
	"rapport/internal/domain"
	"rapport/internal/layers"
)

var now = time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func ago(days float64) *time.Time {
	t := now.Add(-time.Duration(days * 24 * float64(time.Hour)))
	return &t
}

// TestLayerComponentsAreTheLayers: the three layer components carry the
// layers' own values and explanations (package layers computes them; the
// score only weighs them).
func TestLayerComponentsAreTheLayers(t *testing.T) {
	in := layers.Input{
		Contacts: []layers.Contact{
			{ID: 1, Seniority: "EXECUTIVE", Department: "IT", DecisionRole: domain.RoleDecisionMaker, Best: 3},
			{ID: 2, Seniority: "STAFF", Department: "Ops", DecisionRole: domain.RoleUser, Best: 1},
		},
		Links:             []layers.Link{{ContactID: 1, Weight: 0.6, Best: 3}, {ContactID: 2, Weight: 0.4, Best: 1}},
		ActiveEngagements: 1,
		Pairings:          []layers.Pairing{{ID: 1, LastMet: ago(90)}},
		Since:             ago(365.25 * 2.5),
	}
	want := layers.Compute(in, now)
	h := newParts(in, domain.TierGeneral, nil, now).At(now)
	byName := map[string]*Component{}
	for _, c := range h.Components {
		byName[c.Name] = c
	}
	tests := []struct {
		name        string
		value       float64
		explanation string
		weight      float64
	}{
		// key: ½·0.6 + ½·1 = 0.8; broad: 1/28; org: (½ + ½ + ½)/3 = 0.5.
		{"keyLayer", 0.8, want.Key.Explanation, WeightKeyLayer},
		{"broadLayer", 1.0 / 28, want.Broad.Explanation, WeightBroadLayer},
		{"orgLayer", 0.5, want.Org.Explanation, WeightOrgLayer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := byName[tt.name]
			if c == nil || !near(c.Value, tt.value) || c.Explanation != tt.explanation || c.Weight != tt.weight {
				t.Errorf("%s = %+v, want value %v weight %v explained as the layer is", tt.name, c, tt.value, tt.weight)
			}
		})
	}
	var weights float64
	for _, c := range h.Components {
		weights += c.Weight
	}
	if len(h.Components) != 6 || !near(weights, 1) {
		t.Errorf("%d components weighing %v, want 6 weighing 1", len(h.Components), weights)
	}
}

func TestCadenceComponent(t *testing.T) {
	dm := func(last *time.Time) layers.Contact {
		return layers.Contact{DecisionRole: domain.RoleDecisionMaker, Seniority: "MANAGER", LastMet: last, Since: *ago(400)}
	}
	staff := func(last *time.Time, since float64) layers.Contact {
		return layers.Contact{DecisionRole: domain.RoleUser, Seniority: "STAFF", LastMet: last, Since: *ago(since)}
	}
	tests := []struct {
		name     string
		tier     domain.Tier
		contacts []layers.Contact
		want     float64
	}{
		// Strategic decision makers every 30 days: 10 days ago on time, 40 overdue.
		{"strategic decision makers", domain.TierStrategic, []layers.Contact{dm(ago(10)), dm(ago(40))}, 0.5},
		// The same under the commercial policy (60 days): both on time.
		{"commercial cadence is looser", domain.TierCommercial, []layers.Contact{dm(ago(10)), dm(ago(40))}, 1},
		// Strategic staff fall to the default 180 days: never met and added
		// 200 days ago is overdue, added 20 days ago is not yet due.
		{"never met: due a cadence after being added", domain.TierStrategic, []layers.Contact{staff(nil, 200), staff(nil, 20)}, 0.5},
		// The general policy tracks no staff (default 0): nobody tracked.
		{"untracked stakeholders count 0", domain.TierGeneral, []layers.Contact{staff(nil, 400)}, 0},
		{"no stakeholder", domain.TierStrategic, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := newParts(layers.Input{Contacts: tt.contacts}, tt.tier, nil, now)
			got := parts.cadenceAt(now, true)
			if bare := parts.cadenceAt(now, false); bare.Value != got.Value {
				t.Errorf("cadence without explanation %v, with %v", bare.Value, got.Value)
			}
			if !near(got.Value, tt.want) || got.Weight != WeightCadence || got.Explanation == "" {
				t.Errorf("cadence = %v (%s), want %v", got.Value, got.Explanation, tt.want)
			}
		})
	}
}

// TestCadenceFollowsThePolicyInForce: a stored version replaces the
// default from its date on.
func TestCadenceFollowsThePolicyInForce(t *testing.T) {
	tighter := cadence.Default(domain.TierStrategic)
	tighter.EffectiveFrom = now.AddDate(0, 0, -1)
	tighter.Cadence = []cadence.Rule{{DecisionRole: domain.RoleDecisionMaker, Days: 7}}
	versions := []cadence.Policy{cadence.Default(domain.TierStrategic), tighter}
	in := layers.Input{Contacts: []layers.Contact{{DecisionRole: domain.RoleDecisionMaker, Seniority: "MANAGER", LastMet: ago(10)}}}
	value := func(p *Parts, at time.Time) float64 {
		for _, c := range p.At(at).Components {
			if c.Name == "cadence" {
				return c.Value
			}
		}
		return -1
	}
	before := newParts(in, domain.TierStrategic, versions, now.AddDate(0, 0, -2))
	if got := value(before, now.AddDate(0, 0, -2)); got != 1 {
		t.Errorf("before the new version (30 days): %v, want 1", got)
	}
	// Parts read before the new version hold only until it takes effect.
	if before.Valid(now) || !before.Until.Equal(tighter.EffectiveFrom) {
		t.Errorf("parts read before the new version hold until %v, want %v", before.Until, tighter.EffectiveFrom)
	}
	if got := value(newParts(in, domain.TierStrategic, versions, now), now); got != 0 {
		t.Errorf("under the new version (7 days): %v, want 0", got)
	}
}

// TestCadenceMovesWithTheClock: parts read once count a stakeholder
// overdue from the moment their due date passes.
func TestCadenceMovesWithTheClock(t *testing.T) {
	in := layers.Input{Contacts: []layers.Contact{
		{DecisionRole: domain.RoleDecisionMaker, Seniority: "MANAGER", LastMet: ago(10)}, // due in 20 days
		{DecisionRole: domain.RoleDecisionMaker, Seniority: "MANAGER", LastMet: ago(25)}, // due in 5 days
	}}
	p := newParts(in, domain.TierStrategic, nil, now)
	for _, tt := range []struct {
		days float64
		want float64
	}{{0, 1}, {5, 1}, {5.01, 0.5}, {20.01, 0}} {
		for _, c := range p.At(now.Add(time.Duration(tt.days * 24 * float64(time.Hour)))).Components {
			if c.Name == "cadence" && !near(c.Value, tt.want) {
				t.Errorf("after %v days: cadence %v, want %v", tt.days, c.Value, tt.want)
			}
		}
	}
}

func TestComplaints(t *testing.T) {
	open := func(sev string, openedDaysAgo float64, due *time.Time, responded *time.Time) openComplaint {
		o := *ago(openedDaysAgo)
		return openComplaint{severity: sev, opened: o, due: domain.ComplaintDueAt(o, sev, due), responded: responded}
	}
	tests := []struct {
		name string
		open []openComplaint
		want float64
	}{
		{"none", nil, 1},
		// MEDIUM within its 72 h: 1 − 0.2.
		{"one medium within its target", []openComplaint{open("MEDIUM", 1, nil, nil)}, 0.8},
		// HIGH past its 24 h, unanswered: 1 − 2·0.35.
		{"overdue counts twice", []openComplaint{open("HIGH", 2, nil, nil)}, 0.3},
		// Answered, though late: no longer overdue.
		{"answered is not overdue", []openComplaint{open("HIGH", 2, nil, ago(0.5))}, 0.65},
		// Its own target (in 10 days) overrides the severity's default.
		{"own target", []openComplaint{open("HIGH", 2, ago(-10), nil)}, 0.65},
		// Severity orders: a low one costs less than a critical one.
		{"low", []openComplaint{open("LOW", 1, nil, nil)}, 0.9},
		{"critical", []openComplaint{open("CRITICAL", 0.1, nil, nil)}, 0.5},
		// 2·0.5 + 0.35 > 1: clamped to 0.
		{"clamped at 0", []openComplaint{open("CRITICAL", 1, nil, nil), open("HIGH", 0.5, nil, nil)}, 0},
		// Opened after now: not yet.
		{"opened later", []openComplaint{open("CRITICAL", -1, nil, nil)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := complaints(tt.open, now, true)
			if bare := complaints(tt.open, now, false); bare.Value != got.Value {
				t.Errorf("complaints without explanation %v, with %v", bare.Value, got.Value)
			}
			if !near(got.Value, tt.want) || got.Weight != WeightComplaints || got.Explanation == "" {
				t.Errorf("complaints = %v (%s), want %v", got.Value, got.Explanation, tt.want)
			}
		})
	}
}

func TestSatisfaction(t *testing.T) {
	s := func(daysAgo int, score float64) surveyScore {
		return surveyScore{at: now.AddDate(0, 0, -daysAgo), score: score}
	}
	tests := []struct {
		name    string
		surveys []surveyScore
		want    float64
	}{
		{"no survey is neutral", nil, 0.5},
		// Recent mean (6+8)/2 = 7, no prior: 7/10.
		{"recent only", []surveyScore{s(10, 6), s(100, 8)}, 0.7},
		// Prior only (200 days ago): 4/10.
		{"prior only", []surveyScore{s(200, 4)}, 0.4},
		// Recent 8, prior 6: 8/10 + (8−6)/20 = 0.9.
		{"rising", []surveyScore{s(10, 8), s(200, 6)}, 0.9},
		// Recent 3, prior 9: 0.3 + (3−9)/20 = 0.
		{"falling", []surveyScore{s(10, 3), s(200, 9)}, 0},
		// Recent 10, prior 2: 1 + 8/20 = 1.4, clamped to 1.
		{"clamped to 1", []surveyScore{s(10, 10), s(200, 2)}, 1},
		// Over a year ago and in the future: ignored.
		{"outside the year", []surveyScore{s(400, 1), s(-5, 1), s(10, 8)}, 0.8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bare := satisfaction(tt.surveys, now, false); bare.Value != satisfaction(tt.surveys, now, true).Value {
				t.Errorf("satisfaction without explanation %v", bare.Value)
			}
			if got := satisfaction(tt.surveys, now, true); !near(got.Value, tt.want) {
				t.Errorf("satisfaction = %v, want %v", got.Value, tt.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 7, 1, 9, 30, 0, 0, time.UTC)
	for _, v := range []any{
		want,                                                             // PostgreSQL
		"2026-07-01 09:30:00+00:00", []byte("2026-07-01 09:30:00+00:00"), // SQLite's stored text
		"2026-07-01T09:30:00Z", "2026-07-01 09:30:00",
	} {
		if got, ok := parseTime(v); !ok || !got.Equal(want) {
			t.Errorf("parseTime(%v) = %v, %v; want %v", v, got, ok, want)
		}
	}
	if _, ok := parseTime(nil); ok {
		t.Error("parseTime(nil) reads a time")
	}
}

// TestScoreAtIsAtsScore: the score without explanations is At's score, for
// random accounts at random times over two years.
func TestScoreAtIsAtsScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	roles := []domain.DecisionRole{domain.RoleDecisionMaker, domain.RoleEconomicBuyer, domain.RoleUser, domain.RoleInfluencer}
	tiers := []domain.Tier{domain.TierStrategic, domain.TierPartner, domain.TierCommercial, domain.TierGeneral}
	for i := range 300 {
		var in layers.Input
		for j := range rng.IntN(12) {
			in.Contacts = append(in.Contacts, layers.Contact{ID: j + 1, DecisionRole: roles[rng.IntN(len(roles))],
				Seniority: []string{"EXECUTIVE", "MANAGER", "STAFF"}[rng.IntN(3)], Best: rng.IntN(6), LastMet: ago(rng.Float64() * 400)})
		}
		for j := range rng.IntN(3) {
			in.Pairings = append(in.Pairings, layers.Pairing{ID: j + 1, LastMet: ago(rng.Float64() * 300)})
		}
		in.ActiveEngagements = rng.IntN(4)
		in.Since = ago(rng.Float64() * 3000)
		p := newParts(in, tiers[rng.IntN(len(tiers))], nil, now)
		for range rng.IntN(4) {
			p.surveys = append(p.surveys, surveyScore{at: *ago(rng.Float64()*500 - 100), score: float64(rng.IntN(11))})
		}
		for range rng.IntN(3) {
			o := *ago(rng.Float64() * 60)
			sev := []string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}[rng.IntN(4)]
			p.open = append(p.open, openComplaint{severity: sev, opened: o, due: domain.ComplaintDueAt(o, sev, nil)})
		}
		at := now.Add(time.Duration(rng.Float64() * 730 * 24 * float64(time.Hour)))
		if got, want := p.ScoreAt(at), p.At(at).Score; got != want {
			t.Fatalf("account %d at %v: ScoreAt %d, At %d", i, at, got, want)
		}
	}
}
