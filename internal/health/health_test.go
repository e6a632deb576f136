package health

import (
	"context"
	"math"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/chain"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

var now = time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func person(id int, role domain.DecisionRole, sen contact.Seniority, dept string, infl int, att domain.Attitude) *ent.Contact {
	return &ent.Contact{ID: id, DecisionRole: role, Seniority: sen, Department: dept, Influence: infl, Attitude: att}
}

func TestChainCoverage(t *testing.T) {
	link := func(contactID int, w float64) *ent.DecisionChainLink {
		return &ent.DecisionChainLink{ContactID: contactID, Weight: w}
	}
	best := func(strengths map[int]int) map[int]*chain.CoverageSummary {
		out := map[int]*chain.CoverageSummary{}
		for id, s := range strengths {
			out[id] = &chain.CoverageSummary{Strength: s}
		}
		return out
	}
	tests := []struct {
		name     string
		d        *accountData
		linkBest map[int]*chain.CoverageSummary
		want     float64
	}{
		// Links weigh 0.6 (contact 1, strength 2: covered) and 0.4 (contact
		// 2, strength 1: not): 0.6 / 1.0.
		{"weighted share of covered links",
			&accountData{links: []*ent.DecisionChainLink{link(1, 0.6), link(2, 0.4)}},
			best(map[int]int{1: 2, 2: 1}), 0.6},
		// Both weights 0: 1 of 2 links covered by count.
		{"zero weights count links",
			&accountData{links: []*ent.DecisionChainLink{link(1, 0), link(2, 0)}},
			best(map[int]int{1: 3}), 0.5},
		// No chain: decision makers and economic buyers, 1 of 2 at >= 2
		// (the user is not counted).
		{"without a chain, key contacts",
			&accountData{
				contacts: []*ent.Contact{
					person(1, domain.RoleDecisionMaker, contact.SeniorityEXECUTIVE, "", 3, domain.AttitudeNeutral),
					person(2, domain.RoleEconomicBuyer, contact.SeniorityEXECUTIVE, "", 3, domain.AttitudeNeutral),
					person(3, domain.RoleUser, contact.SeniorityEXECUTIVE, "", 3, domain.AttitudeNeutral),
				},
				best: map[int]int{1: 2, 2: 1, 3: 4},
			}, nil, 0.5},
		{"no chain and no decision maker is 0",
			&accountData{contacts: []*ent.Contact{person(1, domain.RoleUser, contact.SeniorityEXECUTIVE, "", 3, domain.AttitudeNeutral)}, best: map[int]int{1: 4}},
			nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chainCoverage(tt.d, tt.linkBest); !near(got.Value, tt.want) || got.Weight != WeightChainCoverage {
				t.Errorf("chainCoverage = %v (weight %v), want %v", got.Value, got.Weight, tt.want)
			}
		})
	}
}

func TestBreadth(t *testing.T) {
	tests := []struct {
		name string
		d    *accountData
		want float64
	}{
		// Covered (strength >= 1): 1 EXECUTIVE in IT and 2 STAFF in Ops; 3
		// (MANAGER, Sales) is known at strength 0. Levels 2/4, departments
		// 2/3: ½·0.5 + ½·(2/3) = 0.25 + 1/3.
		{"levels and departments",
			&accountData{
				contacts: []*ent.Contact{
					person(1, domain.RoleUser, contact.SeniorityEXECUTIVE, "IT", 3, domain.AttitudeNeutral),
					person(2, domain.RoleUser, contact.SenioritySTAFF, "Ops", 3, domain.AttitudeNeutral),
					person(3, domain.RoleUser, contact.SeniorityMANAGER, "Sales", 3, domain.AttitudeNeutral),
				},
				best: map[int]int{1: 1, 2: 3},
			}, 0.25 + 1.0/3},
		// No departments at all: the seniority term alone, 3/4.
		{"no departments recorded",
			&accountData{
				contacts: []*ent.Contact{
					person(1, domain.RoleUser, contact.SeniorityEXECUTIVE, "", 3, domain.AttitudeNeutral),
					person(2, domain.RoleUser, contact.SeniorityMANAGER, "", 3, domain.AttitudeNeutral),
					person(3, domain.RoleUser, contact.SenioritySTAFF, "", 3, domain.AttitudeNeutral),
				},
				best: map[int]int{1: 1, 2: 1, 3: 1},
			}, 0.75},
		{"nobody covered", &accountData{contacts: []*ent.Contact{person(1, domain.RoleUser, contact.SenioritySTAFF, "IT", 3, domain.AttitudeNeutral)}, best: map[int]int{}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := breadth(tt.d); !near(got.Value, tt.want) {
				t.Errorf("breadth = %v, want %v", got.Value, tt.want)
			}
		})
	}
}

func TestAttitudeBalance(t *testing.T) {
	p := func(infl int, att domain.Attitude) *ent.Contact {
		return person(0, domain.RoleUser, contact.SenioritySTAFF, "", infl, att)
	}
	tests := []struct {
		name     string
		contacts []*ent.Contact
		want     float64
	}{
		{"nobody is neutral", nil, 0.5},
		{"all champions", []*ent.Contact{p(5, domain.AttitudeChampion)}, 1},
		{"all opponents", []*ent.Contact{p(2, domain.AttitudeOpponent)}, 0},
		// (4·(1+2)/4 + 1·(−1+2)/4) / 5 = (3 + 0.25) / 5 = 0.65: a supporter
		// of influence 4 outweighs a skeptic of influence 1.
		{"weighted by influence", []*ent.Contact{p(4, domain.AttitudeSupporter), p(1, domain.AttitudeSkeptic)}, 0.65},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := attitudeBalance(&accountData{contacts: tt.contacts}); !near(got.Value, tt.want) {
				t.Errorf("attitudeBalance = %v, want %v", got.Value, tt.want)
			}
		})
	}
}

func TestRecency(t *testing.T) {
	at := func(days float64) *time.Time {
		t := now.Add(-time.Duration(days * 24 * float64(time.Hour)))
		return &t
	}
	tests := []struct {
		name string
		last *time.Time
		want float64
	}{
		{"no interaction", nil, 0},
		{"today", at(0), 1},
		{"one half-life", at(30), 0.5},
		{"two half-lives", at(60), 0.25},
		{"in the future counts as today", at(-3), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := recency(&accountData{lastActivity: tt.last}, now); !near(got.Value, tt.want) {
				t.Errorf("recency = %v, want %v", got.Value, tt.want)
			}
		})
	}
}

func TestSatisfaction(t *testing.T) {
	s := func(daysAgo int, score float64) *ent.Survey {
		return &ent.Survey{SurveyedAt: now.AddDate(0, 0, -daysAgo), Score: score}
	}
	tests := []struct {
		name    string
		surveys []*ent.Survey
		want    float64
	}{
		{"no survey is neutral", nil, 0.5},
		// Recent mean (6+8)/2 = 7, no prior: 7/10.
		{"recent only", []*ent.Survey{s(10, 6), s(100, 8)}, 0.7},
		// Prior only (200 days ago): 4/10.
		{"prior only", []*ent.Survey{s(200, 4)}, 0.4},
		// Recent 8, prior 6: 8/10 + (8−6)/20 = 0.9.
		{"rising", []*ent.Survey{s(10, 8), s(200, 6)}, 0.9},
		// Recent 3, prior 9: 0.3 + (3−9)/20 = 0.
		{"falling", []*ent.Survey{s(10, 3), s(200, 9)}, 0},
		// Recent 10, prior 2: 1 + 8/20 = 1.4, clamped to 1.
		{"clamped to 1", []*ent.Survey{s(10, 10), s(200, 2)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := satisfaction(&accountData{surveys: tt.surveys}, now); !near(got.Value, tt.want) {
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

// TestCompute scores one account from the store, on both stores:
//
//	Dee   DECISION_MAKER EXECUTIVE IT  influence 5 champion, Mia covers at 3
//	Stu   USER           STAFF     Ops influence 1 opponent, only Ivo (inactive) covers, at 4
//	Lou   DECISION_MAKER (left)        influence 5 opponent: not counted
//
//	chainCoverage   no open chain (the WON deal's is ignored): 1 of 1 decision maker covered  = 1
//	breadth         covered Dee only: ½·(1/4) + ½·(1/2)                                     = 0.375
//	attitudeBalance (5·4/4 + 1·0/4) / 6                                                     = 5/6
//	recency         last interaction 30 days ago (one next week and a complaint 5 days ago
//	                do not count)                                                           = 0.5
//	satisfaction    recent 8, prior 6: 0.8 + 2/20                                            = 0.9
//	score = round(100·(0.30·1 + 0.20·0.375 + 0.20·5/6 + 0.15·0.5 + 0.15·0.9)) = round(75.17) = 75
//
// A second account with nothing recorded scores the neutral parts only:
// round(100·(0.20·0.5 + 0.15·0.5)) = round(17.5) = 18.
func TestCompute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		empty := c.Account.Create().SetName("Empty").SaveX(ctx)
		dee := c.Contact.Create().SetAccount(acme).SetName("Dee").SetDecisionRole(domain.RoleDecisionMaker).
			SetSeniority(contact.SeniorityEXECUTIVE).SetDepartment("IT").SetInfluence(5).SetAttitude(domain.AttitudeChampion).SaveX(ctx)
		stu := c.Contact.Create().SetAccount(acme).SetName("Stu").SetDecisionRole(domain.RoleUser).
			SetSeniority(contact.SenioritySTAFF).SetDepartment("Ops").SetInfluence(1).SetAttitude(domain.AttitudeOpponent).SaveX(ctx)
		lou := c.Contact.Create().SetAccount(acme).SetName("Lou").SetDecisionRole(domain.RoleDecisionMaker).
			SetInfluence(5).SetAttitude(domain.AttitudeOpponent).SetStatus(contact.StatusLEFT).SetLeftAt(now.AddDate(0, -1, 0)).SaveX(ctx)
		mia := c.TeamMember.Create().SetName("Mia").SetEmail("mia@us.example").SaveX(ctx)
		ivo := c.TeamMember.Create().SetName("Ivo").SetEmail("ivo@us.example").SetActive(false).SaveX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(dee).SetStrength(3).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(ivo).SetContact(stu).SetStrength(4).ExecX(ctx)
		won := c.Opportunity.Create().SetAccount(acme).SetName("Won").SetStage("WON").SaveX(ctx)
		c.DecisionChainLink.Create().SetOpportunity(won).SetContact(lou).SetRole("APPROVER").SetPosition(1).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("CALL").SetOccurredAt(now.AddDate(0, 0, -30)).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("CALL").SetOccurredAt(now.AddDate(0, 0, -90)).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("CALL").SetOccurredAt(now.AddDate(0, 0, 7)).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("COMPLAINT").SetOccurredAt(now.AddDate(0, 0, -5)).ExecX(ctx) // not a touch: ignored
		c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(8).SetSurveyedAt(now.AddDate(0, 0, -10)).ExecX(ctx)
		c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(6).SetSurveyedAt(now.AddDate(0, 0, -200)).ExecX(ctx)
		c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(0).SetSurveyedAt(now.AddDate(0, 0, -400)).ExecX(ctx) // over a year: ignored

		got, err := Compute(ctx, c, []int{acme.ID, empty.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		h := got[acme.ID]
		wantParts := map[string]float64{"chainCoverage": 1, "breadth": 0.375, "attitudeBalance": 5.0 / 6, "recency": 0.5, "satisfaction": 0.9}
		for _, part := range h.Components {
			if w, ok := wantParts[part.Name]; !ok || math.Abs(part.Value-w) > 1e-6 {
				t.Errorf("%s = %v, want %v (%s)", part.Name, part.Value, w, part.Explanation)
			}
		}
		if h.Score != 75 {
			t.Errorf("Acme's score = %d, want 75", h.Score)
		}
		if e := got[empty.ID]; e == nil || e.Score != 18 {
			t.Errorf("the empty account = %+v, want score 18", e)
		}
	})
}
