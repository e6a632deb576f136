package analytics

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		period     string
		start, end string // empty: invalid
	}{
		{"2026", "2026-01-01T00:00", "2027-01-01T00:00"},
		{"2026-Q1", "2026-01-01T00:00", "2026-04-01T00:00"},
		{"2026-Q3", "2026-07-01T00:00", "2026-10-01T00:00"},
		{"2026-Q4", "2026-10-01T00:00", "2027-01-01T00:00"},
		{"2026-02", "2026-02-01T00:00", "2026-03-01T00:00"},
		{"2026-12", "2026-12-01T00:00", "2027-01-01T00:00"},
		{"2026-Q5", "", ""},
		{"2026-13", "", ""},
		{"2026-7", "", ""},
		{"26", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		start, end, err := Period(tt.period)
		if tt.start == "" {
			if err == nil {
				t.Errorf("Period(%q): no error", tt.period)
			}
			continue
		}
		if err != nil || !start.Equal(utc(tt.start)) || !end.Equal(utc(tt.end)) {
			t.Errorf("Period(%q) = [%v, %v) %v, want [%s, %s)", tt.period, start, end, err, tt.start, tt.end)
		}
	}
}

// activity is a fixture shared by the budget and interaction tests:
// Acme's interactions (kind, time UTC, cost, our participants)
//
//	CALL          2026-06-30 23:59  200
//	CALL          2026-07-01 00:00  300  Mia, Ivo
//	DINNER_EVENT  2026-09-30 23:59  800  Mia
//	CALL          2026-10-01 00:00  500
//
// and a budget of 1000 planned for 2026-Q3.
type activity struct {
	acme     *ent.Account
	mia, ivo *ent.TeamMember
}

func newActivity(t *testing.T, c *ent.Client) activity {
	t.Helper()
	ctx := context.Background()
	var f activity
	f.acme = c.Account.Create().SetName("Acme").SaveX(ctx)
	f.mia = c.TeamMember.Create().SetName("Mia").SetEmail("mia@us.example").SaveX(ctx)
	f.ivo = c.TeamMember.Create().SetName("Ivo").SetEmail("ivo@us.example").SaveX(ctx)
	add := func(kind, at string, cost float64, team ...*ent.TeamMember) {
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.Kind(kind)).SetOccurredAt(utc(at)).SetCost(cost).
			AddTeamMembers(team...).ExecX(ctx)
	}
	// Neither a cancelled activity nor a planned one counts: they spent
	// nothing (the cases below would see their month and cost).
	c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCALL).SetOccurredAt(utc("2026-07-15T10:00")).
		SetCost(999).SetStatus(interaction.StatusCANCELLED).AddTeamMembers(f.mia).ExecX(ctx)
	c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCALL).SetOccurredAt(time.Now().AddDate(0, 2, 0)).
		SetCost(777).SetStatus(interaction.StatusPLANNED).AddTeamMembers(f.mia).ExecX(ctx)
	add("CALL", "2026-06-30T23:59", 200)
	add("CALL", "2026-07-01T00:00", 300, f.mia, f.ivo)
	add("DINNER_EVENT", "2026-09-30T23:59", 800, f.mia)
	add("CALL", "2026-10-01T00:00", 500)
	c.Budget.Create().SetAccount(f.acme).SetPeriod("2026-Q3").SetPlanned(1000).ExecX(ctx)
	return f
}

// TestBudget: a period is [start, end), so 2026-Q3 spends 300 + 800 = 1100
// of 1000 (overrun by 100); Q4 spends the 500 of October 1st with nothing
// planned; July 2026 has no budget row of its own (the plan is per
// quarter) and spends 300; 2025 has neither, so there is no status.
func TestBudget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newActivity(t, db.Client)
		tests := []struct {
			period string
			want   *BudgetStatus
		}{
			{"2026-Q3", &BudgetStatus{Period: "2026-Q3", Planned: 1000, Spent: 1100, Remaining: -100, Overrun: true}},
			{"2026-Q4", &BudgetStatus{Period: "2026-Q4", Planned: 0, Spent: 500, Remaining: -500, Overrun: true}},
			{"2026-07", &BudgetStatus{Period: "2026-07", Planned: 0, Spent: 300, Remaining: -300, Overrun: true}},
			{"2025", nil},
		}
		for _, tt := range tests {
			got, err := Budget(context.Background(), db.Client, f.acme.ID, tt.period)
			if err != nil {
				t.Fatalf("%s: %v", tt.period, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s: %+v, want %+v", tt.period, got, tt.want)
			}
		}
		if _, err := Budget(context.Background(), db.Client, f.acme.ID, "2026-Q5"); err == nil {
			t.Error("2026-Q5: no error")
		}
	})
}

func interactionRows(rows []*InteractionRow) string {
	var s []string
	for _, r := range rows {
		var key []string
		if r.Kind != nil {
			key = append(key, string(*r.Kind))
		}
		if r.Month != nil {
			key = append(key, *r.Month)
		}
		if r.TeamMember != nil {
			key = append(key, r.TeamMember.Name)
		}
		s = append(s, fmt.Sprintf("%s:%d/%g", strings.Join(key, "+"), r.Count, r.CostSum))
	}
	return strings.Join(s, " ")
}

// TestInteractionStats groups the activity fixture: by UTC month (the
// minute before and after midnight fall apart); by kind within Q3 (from
// inclusive, to exclusive: 300 + 800, not the 500 of October 1st); by
// team member (once per participant of ours: Mia 300 + 800, Ivo 300;
// interactions without one fall out).
func TestInteractionStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		newActivity(t, db.Client)
		from, to := utc("2026-07-01T00:00"), utc("2026-10-01T00:00")
		tests := []struct {
			name     string
			groupBy  []string
			from, to *time.Time
			want     string
		}{
			{"by month", []string{ByMonth}, nil, nil, "2026-06:1/200 2026-07:1/300 2026-09:1/800 2026-10:1/500"},
			{"by kind in Q3", []string{ByKind}, &from, &to, "CALL:1/300 DINNER_EVENT:1/800"},
			{"by team member", []string{ByTeamMember}, nil, nil, "Mia:2/1100 Ivo:1/300"},
			{"no grouping", nil, nil, nil, ":4/1800"},
		}
		for _, tt := range tests {
			rows, err := InteractionStats(context.Background(), db.Client, tt.groupBy, tt.from, tt.to)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := interactionRows(rows); got != tt.want {
				t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
			}
		}
	})
}

// TestAccountStats groups three accounts:
//
//	One    STRATEGIC EU      revenue 70 potential 0
//	Two    STRATEGIC (none)  revenue 20 potential 20
//	Three  GENERAL   EU      revenue 10 potential 30
//
// ABC over the portfolio (100): One A (0% before it), Two A (70%), Three
// B (90%). By tier and region in SQL, NULL region first; by ABC class in
// Go. Filtered to GENERAL, Three is still B: classes stay relative to
// the whole portfolio (classified alone it would be A).
func TestAccountStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		c.Account.Create().SetName("One").SetTier(domain.TierStrategic).SetRegion("EU").SetAnnualRevenue(70).SetPotentialValue(0).ExecX(ctx)
		c.Account.Create().SetName("Two").SetTier(domain.TierStrategic).SetAnnualRevenue(20).SetPotentialValue(20).ExecX(ctx)
		c.Account.Create().SetName("Three").SetTier(domain.TierGeneral).SetRegion("EU").SetAnnualRevenue(10).SetPotentialValue(30).ExecX(ctx)
		general := domain.TierGeneral
		tests := []struct {
			name    string
			groupBy []string
			where   *ent.AccountWhereInput
			want    string
		}{
			{"by tier", []string{ByTier}, nil, "GENERAL:1/10/30 STRATEGIC:2/90/20"},
			{"by region, NULL first", []string{ByRegion}, nil, "-:1/20/20 EU:2/80/30"},
			{"by ABC class", []string{ByAbcClass}, nil, "A:2/90/20 B:1/10/30"},
			{"by tier and CLV quadrant", []string{ByTier, ByClvQuadrant}, nil,
				// Medians 20 (revenue) and 20 (potential): One high/low,
				// Two low/low, Three low/high.
				"GENERAL+POTENTIAL_VALUE:1/10/30 STRATEGIC+LOW_VALUE:1/20/20 STRATEGIC+SECONDARY_VALUE:1/70/0"},
			{"filtered, classes of the whole portfolio", []string{ByAbcClass}, &ent.AccountWhereInput{Tier: &general}, "B:1/10/30"},
			{"no grouping", nil, nil, ":3/100/50"},
		}
		for _, tt := range tests {
			rows, err := AccountStats(ctx, c, tt.groupBy, tt.where, false, time.Now())
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []string
			for _, r := range rows {
				var key []string
				if r.Tier != nil {
					key = append(key, string(*r.Tier))
				}
				if contains(tt.groupBy, ByRegion) {
					if r.Region == nil {
						key = append(key, "-")
					} else {
						key = append(key, *r.Region)
					}
				}
				if r.AbcClass != nil {
					key = append(key, string(*r.AbcClass))
				}
				if r.ClvQuadrant != nil {
					key = append(key, string(*r.ClvQuadrant))
				}
				got = append(got, fmt.Sprintf("%s:%d/%g/%g", strings.Join(key, "+"), r.Count, r.RevenueSum, r.PotentialSum))
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("%s: %s, want %s", tt.name, s, tt.want)
			}
		}
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestContactStats groups by attitude: champions Cy (influence 5,
// covered by Mia at 2) and Cal (3, known by nobody): 2, average 4, 1
// covered; Ned neutral (4, Mia at 1: covered from strength 1): 1, 4, 1;
// Opal opponent (1, only Ivo, inactive, at 4): 1, 1, 0 covered.
func TestContactStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		mia := c.TeamMember.Create().SetName("Mia").SetEmail("mia@us.example").SaveX(ctx)
		ivo := c.TeamMember.Create().SetName("Ivo").SetEmail("ivo@us.example").SetActive(false).SaveX(ctx)
		person := func(name string, att domain.Attitude, infl int) *ent.Contact {
			return c.Contact.Create().SetAccount(acme).SetName(name).SetAttitude(att).SetInfluence(infl).SaveX(ctx)
		}
		cy, ned, opal := person("Cy", domain.AttitudeChampion, 5), person("Ned", domain.AttitudeNeutral, 4), person("Opal", domain.AttitudeOpponent, 1)
		person("Cal", domain.AttitudeChampion, 3)
		c.Coverage.Create().SetTeamMember(mia).SetContact(cy).SetStrength(2).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(ned).SetStrength(1).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(ivo).SetContact(opal).SetStrength(4).ExecX(ctx)

		rows, err := ContactStats(ctx, c, []string{ByAttitude}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%s:%d/%g/%d", *r.Attitude, r.Count, r.AverageInfluence, r.CoveredCount))
		}
		if s, want := strings.Join(got, " "), "CHAMPION:2/4/1 NEUTRAL:1/4/1 OPPONENT:1/1/0"; s != want {
			t.Errorf("by attitude: %s, want %s", s, want)
		}
		rows, err = ContactStats(ctx, c, []string{ByAccount}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// (5+4+1+3)/4 = 3.25; Cy and Ned covered.
		if len(rows) != 1 || rows[0].Account == nil || rows[0].Account.ID != acme.ID || rows[0].Count != 4 ||
			rows[0].AverageInfluence != 3.25 || rows[0].CoveredCount != 2 {
			t.Errorf("by account: %+v, want Acme 4 contacts, average 3.25, 2 covered", rows[0])
		}
	})
}

// TestSatisfactionTrend averages per UTC month: Acme's July surveys 6 and
// 9 make 7.5 (2), August's 5 makes 5 (1). Other's July 0 joins them when
// no account is named: (6+9+0)/3 = 5 (3). From is inclusive, to
// exclusive: [July 20, August 1) holds only the 9.
func TestSatisfactionTrend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		other := c.Account.Create().SetName("Other").SaveX(ctx)
		survey := func(a *ent.Account, at string, score float64) {
			c.Survey.Create().SetAccount(a).SetChannel("ONLINE").SetScore(score).SetSurveyedAt(utc(at)).ExecX(ctx)
		}
		survey(acme, "2026-07-03T10:00", 6)
		survey(acme, "2026-07-20T10:00", 9)
		survey(acme, "2026-08-01T00:00", 5)
		survey(other, "2026-07-31T23:59", 0)
		from, to := utc("2026-07-20T00:00"), utc("2026-08-01T00:00")
		tests := []struct {
			name     string
			account  *int
			from, to *time.Time
			want     string
		}{
			{"one account", &acme.ID, nil, nil, "2026-07:7.5/2 2026-08:5/1"},
			{"all accounts", nil, nil, nil, "2026-07:5/3 2026-08:5/1"},
			{"a window", &acme.ID, &from, &to, "2026-07:9/1"},
		}
		for _, tt := range tests {
			points, err := SatisfactionTrend(ctx, c, tt.account, tt.from, tt.to)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []string
			for _, p := range points {
				got = append(got, fmt.Sprintf("%s:%g/%d", p.Month, p.AverageScore, p.Count))
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("%s: %s, want %s", tt.name, s, tt.want)
			}
		}
	})
}
