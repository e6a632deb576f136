package plans

import (
	"testing"
	"time"

	"rapport/internal/apperr"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCalendar(t *testing.T) {
	apr := Calendar{StartMonth: 4}
	jan := Calendar{StartMonth: 1}
	cases := []struct {
		cal      Calendar
		at       string
		fy, q    int
		from, to string
	}{
		{apr, "2026-04-01", 2026, 1, "2026-04-01", "2027-04-01"},
		{apr, "2026-03-31", 2025, 4, "2025-04-01", "2026-04-01"},
		{apr, "2026-07-15", 2026, 2, "2026-04-01", "2027-04-01"},
		{apr, "2026-12-31", 2026, 3, "2026-04-01", "2027-04-01"},
		{apr, "2027-01-01", 2026, 4, "2026-04-01", "2027-04-01"},
		{jan, "2026-01-01", 2026, 1, "2026-01-01", "2027-01-01"},
		{jan, "2026-12-31", 2026, 4, "2026-01-01", "2027-01-01"},
		{Calendar{StartMonth: 10}, "2026-09-30", 2025, 4, "2025-10-01", "2026-10-01"},
	}
	for _, c := range cases {
		at := d(c.at)
		if fy := c.cal.Year(at); fy != c.fy {
			t.Errorf("%v start %d: year %d, want %d", c.at, c.cal.StartMonth, fy, c.fy)
		}
		if q := c.cal.Quarter(at); q != c.q {
			t.Errorf("%v start %d: quarter %d, want %d", c.at, c.cal.StartMonth, q, c.q)
		}
		from, to := c.cal.Bounds(c.fy)
		if !from.Equal(d(c.from)) || !to.Equal(d(c.to)) {
			t.Errorf("FY%d start %d: %v..%v, want %v..%v", c.fy, c.cal.StartMonth, from, to, c.from, c.to)
		}
		qf, qt := c.cal.QuarterBounds(c.fy, c.q)
		if at.Before(qf) || !at.Before(qt) {
			t.Errorf("%v not in its quarter %v..%v", c.at, qf, qt)
		}
	}
	if _, err := NewCalendar(13); err == nil {
		t.Error("start month 13 accepted")
	}
	if _, err := NewCalendar(0); err == nil {
		t.Error("start month 0 accepted")
	}
}

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		in    string
		fy, q int
		bad   bool
	}{
		{"FY2026", 2026, 0, false},
		{"FY2026-Q1", 2026, 1, false},
		{"FY2026-Q4", 2026, 4, false},
		{"FY2026-Q5", 0, 0, true},
		{"FY2026-Q0", 0, 0, true},
		{"2026", 0, 0, true},
		{"FY1999", 0, 0, true},
		{"FY2026Q1", 0, 0, true},
		{"FY2026-Q1x", 0, 0, true},
	}
	for _, c := range cases {
		fy, q, err := ParsePeriod("period", c.in)
		if c.bad {
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.BadUserInput || e.Field != "period" {
				t.Errorf("%q: error %v, want BAD_USER_INPUT on period", c.in, err)
			}
			continue
		}
		if err != nil || fy != c.fy || q != c.q {
			t.Errorf("%q: %d %d %v, want %d %d", c.in, fy, q, err, c.fy, c.q)
		}
	}
}

func TestValidateObjective(t *testing.T) {
	one := 1
	cases := []struct {
		metric  string
		target  float64
		contact *int
		field   string // "" = valid
	}{
		{MetricStrength, 3, &one, ""},
		{MetricStrength, 4, &one, ""},
		{MetricStrength, 4.5, &one, "target"},
		{MetricStrength, -0.1, &one, "target"},
		{MetricStrength, 2, nil, "contactID"},
		{MetricAttitude, 2, &one, ""},
		{MetricAttitude, -2, &one, ""},
		{MetricAttitude, 3, &one, "target"},
		{MetricCoverageRatio, 0.8, nil, ""},
		{MetricCoverageRatio, 1.2, nil, "target"},
		{MetricCoverageRatio, 0.5, &one, "contactID"},
		{MetricRevenue, 1e6, nil, ""},
		{MetricRevenue, -1, nil, "target"},
		{MetricWhitespace, 0, nil, ""},
		{"HAPPINESS", 1, nil, "metric"},
	}
	for _, c := range cases {
		err := ValidateObjective(c.metric, c.target, c.contact)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s %g: %v", c.metric, c.target, err)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.BadUserInput || e.Field != c.field {
			t.Errorf("%s %g: error %v, want BAD_USER_INPUT on %s", c.metric, c.target, err, c.field)
		}
	}
}

func TestValidateActivity(t *testing.T) {
	now := d("2026-06-01")
	if err := ValidateActivity(StatusPlanned, d("2026-05-31"), now); err == nil {
		t.Error("a PLANNED activity in the past was accepted")
	} else if e, _ := apperr.As(err); e == nil || e.Field != "occurredAt" {
		t.Errorf("error %v does not name occurredAt", err)
	}
	if err := ValidateActivity(StatusPlanned, d("2026-06-02"), now); err != nil {
		t.Errorf("a PLANNED activity in the future: %v", err)
	}
	if err := ValidateActivity(StatusDone, d("2026-05-31"), now); err != nil {
		t.Errorf("a DONE activity in the past: %v", err)
	}
	apr := Calendar{StartMonth: 4}
	if err := apr.ValidateInPlan(2026, d("2026-03-31")); err == nil {
		t.Error("an activity before the plan's year was accepted")
	}
	if err := apr.ValidateInPlan(2026, d("2027-03-31")); err != nil {
		t.Errorf("the plan's last day: %v", err)
	}
}

func f(v float64) *float64 { return &v }

// TestCompute works one plan by hand: FY2026 starting in April, today is
// 2026-08-01 (Q2).
func TestCompute(t *testing.T) {
	now := d("2026-08-01")
	due := d("2026-07-01")
	in := Input{
		Calendar: Calendar{StartMonth: 4}, FiscalYear: 2026, Now: now,
		Activities: []Activity{
			{ID: 1, Kind: "COMPANY_VISIT", Status: StatusDone, OccurredAt: d("2026-04-10"), Budgeted: 1000, Cost: 1200}, // Q1
			{ID: 2, Kind: "COMPANY_VISIT", Status: StatusPlanned, OccurredAt: d("2026-07-10"), Budgeted: 800},           // Q2, overdue
			{ID: 3, Kind: "TECH_EXCHANGE", Status: StatusCancelled, OccurredAt: d("2026-05-01"), Budgeted: 500},         // not budgeted any more
			{ID: 4, Kind: "TECH_EXCHANGE", Status: StatusPlanned, OccurredAt: d("2027-01-15"), Budgeted: 300},           // Q4, future
			{ID: 5, Kind: "DINNER_EVENT", Status: StatusDone, OccurredAt: d("2026-06-30"), Budgeted: 0, Cost: 250},      // Q1, unbudgeted
		},
		Objectives: []Objective{
			{ID: 10, Metric: MetricStrength, Target: 3, Current: f(3.2)},                  // reached
			{ID: 11, Metric: MetricAttitude, Target: 1, Current: f(0), DueAt: &due},       // not reached, overdue
			{ID: 12, Metric: MetricWhitespace, Target: 5000, Current: f(4000)},            // at most: reached
			{ID: 13, Metric: MetricCoverageRatio, Target: 0.8, Current: nil, DueAt: &due}, // unmeasurable: overdue
		},
		Stakeholders: []Stakeholder{{ContactID: 7, StrengthAtStart: 1.5, StrengthToday: 3.2, AttitudeAtStart: -1, AttitudeToday: 0}},
	}
	p := Compute(in)
	if p.Done != 2 || p.Planned != 2 || p.Overdue != 1 || p.Cancelled != 1 {
		t.Errorf("counts done %d planned %d overdue %d cancelled %d, want 2 2 1 1", p.Done, p.Planned, p.Overdue, p.Cancelled)
	}
	if len(p.OverdueIDs) != 1 || p.OverdueIDs[0] != 2 {
		t.Errorf("overdue %v, want [2]", p.OverdueIDs)
	}
	// planned: 1000 + 800 + 300 + 0 = 2100 (the cancelled 500 is out); spent 1200 + 250.
	if p.PlannedBudget != 2100 || p.SpentBudget != 1450 {
		t.Errorf("budget %g / %g, want 2100 / 1450", p.PlannedBudget, p.SpentBudget)
	}
	wantMeans := []Budget{{"COMPANY_VISIT", 1800, 1200}, {"DINNER_EVENT", 0, 250}, {"TECH_EXCHANGE", 300, 0}}
	if len(p.ByMeans) != len(wantMeans) {
		t.Fatalf("by means %v, want %v", p.ByMeans, wantMeans)
	}
	for i, w := range wantMeans {
		if p.ByMeans[i] != w {
			t.Errorf("by means[%d] %v, want %v", i, p.ByMeans[i], w)
		}
	}
	wantQ := []Budget{{"FY2026-Q1", 1000, 1450}, {"FY2026-Q2", 800, 0}, {"FY2026-Q3", 0, 0}, {"FY2026-Q4", 300, 0}}
	for i, w := range wantQ {
		if p.ByQuarter[i] != w {
			t.Errorf("by quarter[%d] %v, want %v", i, p.ByQuarter[i], w)
		}
	}
	wantObj := []struct{ reached, overdue bool }{{true, false}, {false, true}, {true, false}, {false, true}}
	for i, w := range wantObj {
		if p.Objectives[i].Reached != w.reached || p.Objectives[i].Overdue != w.overdue {
			t.Errorf("objective %d: reached %v overdue %v, want %v %v", p.Objectives[i].ID, p.Objectives[i].Reached, p.Objectives[i].Overdue, w.reached, w.overdue)
		}
	}
	s := p.Stakeholders[0]
	if s.StrengthDelta < 1.699 || s.StrengthDelta > 1.701 || s.AttitudeDelta != 1 {
		t.Errorf("stakeholder change %+v, want strength +1.7, attitude +1", s)
	}
}

// BenchmarkCompute: one large plan (400 activities, 20 objectives, 30
// target stakeholders).
func BenchmarkCompute(b *testing.B) {
	in := Input{Calendar: Calendar{StartMonth: 4}, FiscalYear: 2026, Now: d("2026-10-01")}
	kinds := []string{"COMPANY_VISIT", "SHOWCASE_VISIT", "ONSITE_MEETING", "TECH_EXCHANGE", "MANAGEMENT_RESEARCH", "DINNER_EVENT"}
	for i := 0; i < 400; i++ {
		st := []string{StatusDone, StatusPlanned, StatusCancelled}[i%3]
		in.Activities = append(in.Activities, Activity{ID: i, Kind: kinds[i%len(kinds)], Status: st,
			OccurredAt: d("2026-04-01").AddDate(0, 0, i%365), Budgeted: 100, Cost: 90})
	}
	for i := 0; i < 20; i++ {
		in.Objectives = append(in.Objectives, Objective{ID: i, Metric: MetricRevenue, Target: 10, Current: f(float64(i))})
	}
	for i := 0; i < 30; i++ {
		in.Stakeholders = append(in.Stakeholders, Stakeholder{ContactID: i, StrengthToday: 2})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Compute(in)
	}
}
