package classify

import (
	"context"
	"math"
	"testing"

	"rapport/internal/domain"
	"rapport/internal/storetest"
)

func TestQuadrant(t *testing.T) {
	tests := []struct {
		highCurrent, highPotential bool
		want                       domain.ClvQuadrant
	}{
		{true, true, domain.ClvHighValue},
		{true, false, domain.ClvSecondaryValue},
		{false, true, domain.ClvPotentialValue},
		{false, false, domain.ClvLowValue},
	}
	for _, tt := range tests {
		if got := Quadrant(tt.highCurrent, tt.highPotential); got != tt.want {
			t.Errorf("Quadrant(%v, %v) = %s, want %s", tt.highCurrent, tt.highPotential, got, tt.want)
		}
	}
}

// TestClassifyMedians checks the medians the CLV quadrant is cut at: the
// middle value of an odd portfolio, and "strictly above" so that equal
// accounts are all LOW_VALUE.
func TestClassifyMedians(t *testing.T) {
	tests := []struct {
		name string
		accs []Account
		want map[int]domain.ClvQuadrant
	}{
		{
			// Revenues 10, 20, 30: median 20. Potentials 5, 50, 7: median 7.
			// 1 (10, 5) low/low; 2 (20, 50) low (20 is not above 20)/high;
			// 3 (30, 7) high/low (7 is not above 7).
			"odd portfolio: the middle value, strictly above",
			[]Account{{ID: 1, Revenue: 10, Potential: 5}, {ID: 2, Revenue: 20, Potential: 50}, {ID: 3, Revenue: 30, Potential: 7}},
			map[int]domain.ClvQuadrant{1: domain.ClvLowValue, 2: domain.ClvPotentialValue, 3: domain.ClvSecondaryValue},
		},
		{
			"equal accounts are all low value",
			[]Account{{ID: 1, Revenue: 5, Potential: 5}, {ID: 2, Revenue: 5, Potential: 5}},
			map[int]domain.ClvQuadrant{1: domain.ClvLowValue, 2: domain.ClvLowValue},
		},
		{
			// Revenue median (0+100)/2 = 50; potential median (0+100)/2 = 50.
			"even portfolio: the mean of the middle two",
			[]Account{{ID: 1, Revenue: 100, Potential: 100}, {ID: 2, Revenue: 0, Potential: 0}},
			map[int]domain.ClvQuadrant{1: domain.ClvHighValue, 2: domain.ClvLowValue},
		},
		{"no accounts", nil, map[int]domain.ClvQuadrant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.accs)
			if len(got) != len(tt.want) {
				t.Errorf("classified %d accounts, want %d", len(got), len(tt.want))
			}
			for id, w := range tt.want {
				if got[id].Clv != w {
					t.Errorf("account %d: CLV %s, want %s", id, got[id].Clv, w)
				}
			}
		})
	}
}

// TestLoad reads the portfolio from the store: revenues 70, 20, 10 make
// 1 A (0% before it), 2 A (70% before), 3 B (90% before); medians 20 and
// 20 (potentials 0, 20, 30) make 1 SECONDARY, 2 LOW, 3 POTENTIAL.
func TestLoad(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	ctx := context.Background()
	a1 := c.Account.Create().SetName("One").SetAnnualRevenue(70).SetPotentialValue(0).SaveX(ctx)
	a2 := c.Account.Create().SetName("Two").SetAnnualRevenue(20).SetPotentialValue(20).SaveX(ctx)
	a3 := c.Account.Create().SetName("Three").SetAnnualRevenue(10).SetPotentialValue(30).SaveX(ctx)
	got, err := Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]Classes{
		a1.ID: {domain.ClassA, domain.ClvSecondaryValue, domain.TierPartner},
		a2.ID: {domain.ClassA, domain.ClvLowValue, domain.TierPartner},
		a3.ID: {domain.ClassB, domain.ClvPotentialValue, domain.TierPartner},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("account %d = %+v, want %+v", id, got[id], w)
		}
	}
}

// TestLoadPowerMap places an account's active stakeholders, most
// influential first (then most interested, then by name):
//
//	Bob  influence 5, interest 4, skeptic   MANAGE_CLOSELY
//	Ann  influence 5, interest 2, champion  KEEP_SATISFIED
//	Dan  influence 3, interest 3, supporter MONITOR (3 is the unassessed default)
//	Cat  influence 2, interest 5, neutral   KEEP_INFORMED
//
// Eve has left and Zed works for another account: neither is placed.
// Support = Σ influence·score/2 / Σ influence
//
//	= (5·(−1) + 5·2 + 2·0 + 3·1)/2 / 15 = 8/2/15 = 4/15.
func TestLoadPowerMap(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	ctx := context.Background()
	acme := c.Account.Create().SetName("Acme").SaveX(ctx)
	other := c.Account.Create().SetName("Other").SaveX(ctx)
	person := func(acc int, name string, infl, interest int, att domain.Attitude) {
		c.Contact.Create().SetAccountID(acc).SetName(name).SetInfluence(infl).SetInterest(interest).SetAttitude(att).ExecX(ctx)
	}
	person(acme.ID, "Cat", 2, 5, domain.AttitudeNeutral)
	person(acme.ID, "Ann", 5, 2, domain.AttitudeChampion)
	person(acme.ID, "Dan", 3, 3, domain.AttitudeSupporter)
	person(acme.ID, "Bob", 5, 4, domain.AttitudeSkeptic)
	person(other.ID, "Zed", 5, 5, domain.AttitudeOpponent)
	c.Contact.Create().SetAccountID(acme.ID).SetName("Eve").SetInfluence(5).SetAttitude(domain.AttitudeOpponent).
		SetStatus("LEFT").ExecX(ctx)

	pm, err := LoadPowerMap(ctx, c, acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		q    domain.PowerQuadrant
	}{
		{"Bob", domain.PowerManageClosely}, {"Ann", domain.PowerKeepSatisfied},
		{"Dan", domain.PowerMonitor}, {"Cat", domain.PowerKeepInformed},
	}
	if len(pm.Stakeholders) != len(want) {
		t.Fatalf("got %d stakeholders, want %d", len(pm.Stakeholders), len(want))
	}
	for i, w := range want {
		if s := pm.Stakeholders[i]; s.Contact.Name != w.name || s.Quadrant != w.q {
			t.Errorf("stakeholder %d = %s %s, want %s %s", i, s.Contact.Name, s.Quadrant, w.name, w.q)
		}
	}
	if math.Abs(pm.Support-4.0/15) > 1e-9 {
		t.Errorf("support = %v, want 4/15", pm.Support)
	}
	if _, err := LoadPowerMap(ctx, c, acme.ID+1000); err == nil {
		t.Error("an unknown account: no error, want NOT_FOUND")
	}
}
