package cadence

import (
	"testing"
	"time"

	"rapport/internal/apperr"
	"rapport/internal/domain"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

// TestDaysPicksTheMostSpecificThenStrictestRule works the strategic
// default by hand: a decision maker who is an executive matches the
// DECISION_MAKER line (30) and the EXECUTIVE line (90), equally specific,
// so the stricter 30 wins.
func TestDaysPicksTheMostSpecificThenStrictestRule(t *testing.T) {
	strategic := Default(domain.TierStrategic)
	custom := Policy{Cadence: []Rule{
		{DecisionRole: domain.RoleDecisionMaker, Days: 30},
		{DecisionRole: domain.RoleDecisionMaker, Seniority: "STAFF", Days: 200},
		{Seniority: "EXECUTIVE", Days: 90},
	}, DefaultDays: 0}
	for _, tc := range []struct {
		name      string
		p         Policy
		role      domain.DecisionRole
		seniority string
		days      int
		ok        bool
	}{
		{"strategic executive decision maker", strategic, domain.RoleDecisionMaker, "EXECUTIVE", 30, true},
		{"strategic executive user", strategic, domain.RoleUser, "EXECUTIVE", 90, true},
		{"strategic staff user falls to default", strategic, domain.RoleUser, "STAFF", 180, true},
		{"strategic senior-manager influencer", strategic, domain.RoleInfluencer, "SENIOR_MANAGER", 60, true},
		{"general staff user is untracked", Default(domain.TierGeneral), domain.RoleUser, "STAFF", 0, false},
		{"general economic buyer", Default(domain.TierGeneral), domain.RoleEconomicBuyer, "MANAGER", 90, true},
		{"role+seniority beats role even when looser", custom, domain.RoleDecisionMaker, "STAFF", 200, true},
		{"role only", custom, domain.RoleDecisionMaker, "MANAGER", 30, true},
		{"no match, default 0", custom, domain.RoleGatekeeper, "MANAGER", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			days, ok := tc.p.Days(tc.role, tc.seniority)
			if days != tc.days || ok != tc.ok {
				t.Fatalf("Days(%s, %s) = %d, %v; want %d, %v", tc.role, tc.seniority, days, ok, tc.days, tc.ok)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	strategic := Default(domain.TierStrategic)
	now := day("2026-12-06")
	for _, tc := range []struct {
		name    string
		s       Stakeholder
		days    int
		due     string // "" = no due date
		overdue bool
	}{
		// met 2026-11-01 + 30 days = 2026-12-01, before now: overdue.
		{"decision maker met 35 days ago", Stakeholder{domain.RoleDecisionMaker, "MANAGER", ptr(day("2026-11-01")), day("2020-01-01")}, 30, "2026-12-01", true},
		// met 2026-11-10 + 30 = 2026-12-10: not yet.
		{"decision maker met 26 days ago", Stakeholder{domain.RoleDecisionMaker, "MANAGER", ptr(day("2026-11-10")), day("2020-01-01")}, 30, "2026-12-10", false},
		// due exactly now is not overdue: 2026-11-06 + 30 = 2026-12-06.
		{"due today is not overdue", Stakeholder{domain.RoleDecisionMaker, "MANAGER", ptr(day("2026-11-06")), day("2020-01-01")}, 30, "2026-12-06", false},
		// executive: 2026-09-01 + 90 = 2026-11-30.
		{"executive met in September", Stakeholder{domain.RoleUser, "EXECUTIVE", ptr(day("2026-09-01")), day("2020-01-01")}, 90, "2026-11-30", true},
		// never met, added 2026-11-20: due 2026-12-20, not overdue.
		{"new name never met", Stakeholder{domain.RoleDecisionMaker, "STAFF", nil, day("2026-11-20")}, 30, "2026-12-20", false},
		// never met, added 2026-01-01: due 2026-01-31, overdue.
		{"old name never met", Stakeholder{domain.RoleDecisionMaker, "STAFF", nil, day("2026-01-01")}, 30, "2026-01-31", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Of(strategic, tc.s, now)
			if got.CadenceDays != tc.days || got.Overdue != tc.overdue || got.DueAt == nil || got.DueAt.Format(time.DateOnly) != tc.due {
				t.Fatalf("got %+v (due %v); want days %d due %s overdue %v", got, got.DueAt, tc.days, tc.due, tc.overdue)
			}
		})
	}
	if got := Of(Default(domain.TierGeneral), Stakeholder{domain.RoleUser, "STAFF", nil, day("2000-01-01")}, now); got != (Status{}) {
		t.Fatalf("untracked stakeholder: got %+v, want zero status", got)
	}
}

func TestInForceAndHistory(t *testing.T) {
	v1 := Default(domain.TierStrategic)
	v2 := v1
	v2.EffectiveFrom, v2.DefaultDays = day("2026-07-01"), 120
	v3 := v1
	v3.EffectiveFrom, v3.DefaultDays = day("2027-01-01"), 60
	partner := Default(domain.TierPartner)
	versions := []Policy{v3, partner, v1, v2}
	for _, tc := range []struct {
		at   string
		want int
	}{
		{"2026-06-30", 180}, {"2026-07-01", 120}, {"2026-12-31", 120}, {"2027-01-01", 60}, {"1999-01-01", 180},
	} {
		if got := InForce(versions, domain.TierStrategic, day(tc.at)); got.DefaultDays != tc.want {
			t.Errorf("at %s: defaultDays %d, want %d", tc.at, got.DefaultDays, tc.want)
		}
	}
	if got := InForce(nil, domain.TierCommercial, day("2026-01-01")); got.DefaultDays != 365 || got.Tier != domain.TierCommercial {
		t.Errorf("no versions: got %+v, want the commercial default", got)
	}
	h := History(versions, domain.TierStrategic)
	if len(h) != 3 || !h[0].EffectiveFrom.Equal(v3.EffectiveFrom) || !h[2].EffectiveFrom.Equal(Epoch) {
		t.Fatalf("history: %+v", h)
	}
}

func TestDefaultsAreValidAndShareTheBudget(t *testing.T) {
	sum := 0.0
	for _, p := range Defaults() {
		if err := Validate(p); err != nil {
			t.Fatalf("default %s: %v", p.Tier, err)
		}
		sum += p.BudgetShare
	}
	if sum < 0.999 || sum > 1.001 {
		t.Fatalf("budget shares add up to %v, want 1", sum)
	}
}

func TestValidateNamesTheField(t *testing.T) {
	ok := Default(domain.TierStrategic)
	for _, tc := range []struct {
		field string
		edit  func(*Policy)
	}{
		{"tier", func(p *Policy) { p.Tier = "PLATINUM" }},
		{"effectiveFrom", func(p *Policy) { p.EffectiveFrom = time.Time{} }},
		{"cadence[0].days", func(p *Policy) { p.Cadence[0].Days = 0 }},
		{"cadence[2].days", func(p *Policy) { p.Cadence[2].Days = -5 }},
		{"cadence[1].seniority", func(p *Policy) { p.Cadence[1].Seniority = "BOSS" }},
		{"cadence[1].decisionRole", func(p *Policy) { p.Cadence[1].DecisionRole = "KING" }},
		{"cadence[1].decisionRole", func(p *Policy) { p.Cadence[1] = p.Cadence[0] }},
		{"defaultDays", func(p *Policy) { p.DefaultDays = -1 }},
		{"minCoverageStrength", func(p *Policy) { p.MinCoverageStrength = 5 }},
		{"budgetShare", func(p *Policy) { p.BudgetShare = 1.5 }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			p := ok
			p.Cadence = append([]Rule(nil), ok.Cadence...)
			tc.edit(&p)
			e, isApp := apperr.As(Validate(p))
			if !isApp || e.Code != apperr.BadUserInput || e.Field != tc.field {
				t.Fatalf("Validate: %v; want BAD_USER_INPUT on %s", Validate(p), tc.field)
			}
		})
	}
}
