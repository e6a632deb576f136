package graph_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type portfolio struct {
	p1, p2 *ent.Account
}

// newPortfolio: the accounts of classify.TestClassify with tiers,
// segments and regions; contacts, interactions, surveys and budgets on
// the first two.
func newPortfolio(t *testing.T, db *store.DB) portfolio {
	b := newBuild(t, db)
	acc := func(name string, tier domain.Tier, seg account.Segment, region string, rev, pot float64) *ent.Account {
		return b.account(name, func(q *ent.AccountCreate) {
			q.SetTier(tier).SetSegment(seg).SetAnnualRevenue(rev).SetPotentialValue(pot)
			if region != "" {
				q.SetRegion(region)
			}
		})
	}
	var p portfolio
	p.p1 = acc("P1", domain.TierStrategic, account.SegmentTELECOM_OPERATOR, "North", 60, 50)
	p.p2 = acc("P2", domain.TierStrategic, account.SegmentFINANCE, "North", 30, 10)
	acc("P3", domain.TierGeneral, account.SegmentTELECOM_OPERATOR, "South", 20, 40)
	acc("P4", domain.TierGeneral, account.SegmentTELECOM_OPERATOR, "", 10, 20)
	acc("P5", domain.TierGeneral, account.SegmentFINANCE, "South", 25, 30)

	m, m2, gone := b.member("m", true), b.member("m2", true), b.member("gone", false)
	person := func(a *ent.Account, name string, r domain.DecisionRole, att domain.Attitude, s contact.Seniority, infl int) *ent.Contact {
		return b.contact(a, name, func(q *ent.ContactCreate) {
			q.SetDecisionRole(r).SetAttitude(att).SetSeniority(s).SetInfluence(infl)
		})
	}
	k1 := person(p.p1, "k1", domain.RoleDecisionMaker, domain.AttitudeChampion, contact.SeniorityEXECUTIVE, 5)
	k2 := person(p.p1, "k2", domain.RoleUser, domain.AttitudeNeutral, contact.SenioritySTAFF, 2)
	person(p.p1, "k3", domain.RoleUser, domain.AttitudeOpponent, contact.SenioritySTAFF, 3)
	k4 := person(p.p2, "k4", domain.RoleUser, domain.AttitudeNeutral, contact.SenioritySTAFF, 4)
	b.cover(m, k1, 2)
	b.cover(gone, k2, 3)
	b.cover(m, k4, 0)

	b.interaction(p.p1, interaction.KindDINNER_EVENT, day("2026-01-15"), 100, []*ent.TeamMember{m, m2}, k1)
	b.interaction(p.p1, interaction.KindEMAIL, day("2026-01-20"), 0, []*ent.TeamMember{m}, k1)
	b.interaction(p.p2, interaction.KindCOMPANY_VISIT, day("2026-02-03"), 50, nil)
	b.survey(p.p1, 8, day("2026-01-10"))
	b.survey(p.p1, 6, day("2026-01-25"))
	b.survey(p.p1, 9, day("2026-03-01"))
	b.survey(p.p2, 4, day("2026-01-05"))
	must[*ent.Budget](t)(db.Client.Budget.Create().SetAccountID(p.p1.ID).SetPeriod("2026-Q1").SetPlanned(120).Save(b.ctx))
	must[*ent.Budget](t)(db.Client.Budget.Create().SetAccountID(p.p2.ID).SetPeriod("2026-02").SetPlanned(30).Save(b.ctx))
	return p
}

// rowsOf renders each stats row as "key,key: n1 n2 ..." with the numbers
// in the order given.
func rowsOf(t *testing.T, c *apitest.Client, query string, vars map[string]any, field string, keys, nums []string) []string {
	t.Helper()
	var got map[string][]map[string]any
	c.MustDo(query, vars, &got)
	var out []string
	for _, r := range got[field] {
		var ks, ns []string
		for _, k := range keys {
			v := r[k]
			if m, ok := v.(map[string]any); ok {
				v = m["name"]
			}
			ks = append(ks, fmt.Sprint(v))
		}
		for _, n := range nums {
			f := r[n].(float64)
			ns = append(ns, strings.TrimSuffix(fmt.Sprintf("%.2f", f), ".00"))
		}
		out = append(out, strings.Join(ks, ",")+": "+strings.Join(ns, " "))
	}
	return out
}

func TestAggregates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		p := newPortfolio(t, db)
		// The change feed's first read (the graph index's load with it) is
		// not the aggregates' cost.
		c.MustDo(`{ accountStats(groupBy: [ABC_CLASS]) { count } }`, nil, nil)
		accountQ := `query($g: [AccountGroup!]!, $w: AccountWhereInput) { accountStats(groupBy: $g, where: $w) {
			tier segment region abcClass clvQuadrant count revenueSum potentialSum } }`
		contactQ := `query($g: [ContactGroup!]!, $w: ContactWhereInput) { contactStats(groupBy: $g, where: $w) {
			decisionRole attitude seniority account { name } count averageInfluence coveredCount } }`
		interactionQ := `query($g: [InteractionGroup!]!, $from: Time, $to: Time) { interactionStats(groupBy: $g, from: $from, to: $to) {
			kind month account { name } teamMember { name } count costSum } }`
		trendQ := `query($a: ID, $from: Time) { satisfactionTrend(accountId: $a, from: $from) { month averageScore count } }`
		tests := []struct {
			name, query, field string
			vars               map[string]any
			keys, nums         []string
			want               []string
		}{
			{"accounts by tier", accountQ, "accountStats", map[string]any{"g": []string{"TIER"}},
				[]string{"tier"}, []string{"count", "revenueSum", "potentialSum"},
				[]string{"GENERAL: 3 55 90", "STRATEGIC: 2 90 60"}},
			{"accounts by segment, filtered", accountQ, "accountStats", map[string]any{"g": []string{"SEGMENT"}, "w": map[string]any{"tier": "STRATEGIC"}},
				[]string{"segment"}, []string{"count", "revenueSum"},
				[]string{"FINANCE: 1 30", "TELECOM_OPERATOR: 1 60"}},
			{"accounts by region, no region is a group", accountQ, "accountStats", map[string]any{"g": []string{"REGION"}},
				[]string{"region"}, []string{"count"},
				[]string{"<nil>: 1", "North: 2", "South: 2"}},
			{"accounts by ABC class", accountQ, "accountStats", map[string]any{"g": []string{"ABC_CLASS"}},
				[]string{"abcClass"}, []string{"count", "revenueSum", "potentialSum"},
				[]string{"A: 4 135 130", "B: 1 10 20"}},
			{"accounts by CLV quadrant and tier", accountQ, "accountStats", map[string]any{"g": []string{"CLV_QUADRANT", "TIER"}},
				[]string{"clvQuadrant", "tier"}, []string{"count"},
				[]string{"HIGH_VALUE,STRATEGIC: 1", "LOW_VALUE,GENERAL: 2", "POTENTIAL_VALUE,GENERAL: 1", "SECONDARY_VALUE,STRATEGIC: 1"}},
			// Filtered, the quadrants stay relative to the whole portfolio:
			// within the two strategic accounts alone P2 would be LOW_VALUE.
			{"strategic accounts by CLV quadrant", accountQ, "accountStats", map[string]any{"g": []string{"CLV_QUADRANT"}, "w": map[string]any{"tier": "STRATEGIC"}},
				[]string{"clvQuadrant"}, []string{"count", "revenueSum"},
				[]string{"HIGH_VALUE: 1 60", "SECONDARY_VALUE: 1 30"}},
			{"all accounts", accountQ, "accountStats", map[string]any{"g": []string{}},
				nil, []string{"count", "revenueSum"}, []string{": 5 145"}},
			{"contacts by decision role", contactQ, "contactStats", map[string]any{"g": []string{"DECISION_ROLE"}},
				[]string{"decisionRole"}, []string{"count", "averageInfluence", "coveredCount"},
				[]string{"DECISION_MAKER: 1 5 1", "USER: 3 3 0"}},
			{"contacts by account", contactQ, "contactStats", map[string]any{"g": []string{"ACCOUNT"}},
				[]string{"account"}, []string{"count", "averageInfluence", "coveredCount"},
				[]string{"P1: 3 3.33 1", "P2: 1 4 0"}},
			{"neutral contacts by seniority", contactQ, "contactStats", map[string]any{"g": []string{"SENIORITY"}, "w": map[string]any{"attitude": "NEUTRAL"}},
				[]string{"seniority"}, []string{"count", "averageInfluence"},
				[]string{"STAFF: 2 3"}},
			{"interactions by month", interactionQ, "interactionStats", map[string]any{"g": []string{"MONTH"}},
				[]string{"month"}, []string{"count", "costSum"},
				[]string{"2026-01: 2 100", "2026-02: 1 50"}},
			{"interactions by kind", interactionQ, "interactionStats", map[string]any{"g": []string{"KIND"}},
				[]string{"kind"}, []string{"count", "costSum"},
				[]string{"COMPANY_VISIT: 1 50", "DINNER_EVENT: 1 100", "EMAIL: 1 0"}},
			{"interactions by team member", interactionQ, "interactionStats", map[string]any{"g": []string{"TEAM_MEMBER"}},
				[]string{"teamMember"}, []string{"count", "costSum"},
				[]string{"m: 2 100", "m2: 1 100"}},
			{"interactions by account and month, from", interactionQ, "interactionStats",
				map[string]any{"g": []string{"ACCOUNT", "MONTH"}, "from": "2026-01-18T00:00:00Z"},
				[]string{"account", "month"}, []string{"count", "costSum"},
				[]string{"P1,2026-01: 1 0", "P2,2026-02: 1 50"}},
			{"satisfaction by month", trendQ, "satisfactionTrend", nil,
				[]string{"month"}, []string{"averageScore", "count"},
				[]string{"2026-01: 6 3", "2026-03: 9 1"}},
			{"satisfaction of one account", trendQ, "satisfactionTrend", map[string]any{"a": idOf(p.p1.ID)},
				[]string{"month"}, []string{"averageScore", "count"},
				[]string{"2026-01: 7 2", "2026-03: 9 1"}},
			{"satisfaction from", trendQ, "satisfactionTrend", map[string]any{"from": "2026-02-01T00:00:00Z"},
				[]string{"month"}, []string{"averageScore", "count"},
				[]string{"2026-03: 9 1"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []string
				n := c.Statements(func() { got = rowsOf(t, c, tt.query, tt.vars, tt.field, tt.keys, tt.nums) })
				if !slices.Equal(got, tt.want) {
					t.Errorf("rows = %q\nwant   %q", got, tt.want)
				}
				if n > 3 {
					t.Errorf("%d statements, want at most 3", n)
				}
			})
		}

		// averageHealth is the mean of the group's health scores.
		var scores struct {
			Accounts struct {
				Edges []struct {
					Node struct{ Health struct{ Score int } }
				}
			}
		}
		c.MustDo(`{ accounts(first: 10) { edges { node { health { score } } } } }`, nil, &scores)
		var sum float64
		for _, e := range scores.Accounts.Edges {
			sum += float64(e.Node.Health.Score)
		}
		var avg struct {
			AccountStats []struct{ AverageHealth float64 }
		}
		c.MustDo(`{ accountStats(groupBy: []) { averageHealth } }`, nil, &avg)
		if want := sum / 5; math.Abs(avg.AccountStats[0].AverageHealth-want) > 1e-9 {
			t.Errorf("averageHealth = %v, want %v", avg.AccountStats[0].AverageHealth, want)
		}
	})
}

func TestBudget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		p := newPortfolio(t, db)
		q := `query($a: ID!, $p: String!) { node(id: $a) { ... on Account { budget(period: $p) { period planned spent remaining overrun } } } }`
		tests := []struct {
			name    string
			account *ent.Account
			period  string
			want    string
		}{
			{"quarter within plan", p.p1, "2026-Q1", "120 100 20 false"},
			{"month without a plan overruns", p.p1, "2026-01", "0 100 -100 true"},
			{"year", p.p1, "2026", "0 100 -100 true"},
			{"month over plan", p.p2, "2026-02", "30 50 -20 true"},
			{"nothing planned or spent", p.p2, "2025", "null"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got struct {
					Node struct {
						Budget *struct {
							Planned, Spent, Remaining float64
							Overrun                   bool
						}
					}
				}
				c.MustDo(q, map[string]any{"a": idOf(tt.account.ID), "p": tt.period}, &got)
				s := "null"
				if b := got.Node.Budget; b != nil {
					s = fmt.Sprintf("%g %g %g %v", b.Planned, b.Spent, b.Remaining, b.Overrun)
				}
				if s != tt.want {
					t.Errorf("budget = %s, want %s", s, tt.want)
				}
			})
		}
		for _, bad := range []string{"2026-Q5", "2026-13", "26", "2026-7"} {
			if code := errorCode(t, c, q, map[string]any{"a": idOf(p.p1.ID), "p": bad}); code != "BAD_USER_INPUT" {
				t.Errorf("period %q: code %q, want BAD_USER_INPUT", bad, code)
			}
		}
	})
}

// TestAccountStatsByClassReadsTheAccountsOnce: grouped by a class, the
// accounts are read once; the classes, relative to the whole portfolio,
// are maintained (package portfolio): the change feed's look is the only
// other statement, filtered or not (two on PostgreSQL when it re-reads a
// transaction that was running at its last look).
func TestAccountStatsByClassReadsTheAccountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		newPortfolio(t, db)
		c.MustDo(`{ accounts(first: 1) { totalCount } }`, nil, nil)                  // the token's first use writes lastUsedAt
		c.MustDo(`{ accounts(first: 1) { edges { node { abcClass } } } }`, nil, nil) // the portfolio's first read
		for _, tc := range []struct {
			name  string
			where map[string]any
			want  int64
		}{{"unfiltered", nil, 3}, {"filtered", map[string]any{"tier": "STRATEGIC"}, 3}} {
			n0 := db.Counter.Load()
			c.MustDo(`query($w: AccountWhereInput) { accountStats(groupBy: [ABC_CLASS, CLV_QUADRANT], where: $w) { count } }`,
				map[string]any{"w": tc.where}, nil)
			if got := db.Counter.Load() - n0; got > tc.want {
				t.Errorf("%s: %d statements, want at most %d", tc.name, got, tc.want)
			}
		}
	})
}
