package graph_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const healthQuery = `query($a: ID!) { node(id: $a) { ... on Account { health { score components { name value weight explanation } } } } }`

type healthPayload struct {
	Node struct {
		Health struct {
			Score      int
			Components []struct {
				Name, Explanation string
				Value, Weight     float64
			}
		}
	}
}

// healthAccount is worked out by hand:
//   - chainCoverage: open deal links c1 (0.6, covered at 3) and c2 (0.4,
//     uncovered): 0.6
//   - breadth: covered c1 (EXECUTIVE, IT) and c3 (STAFF, IT): ½·2/4 +
//     ½·1/2 (IT of IT, Finance) = 0.5
//   - attitudeBalance: c1 5·1 + c2 3·0 + c3 2·0.5 = 6 over influence 10:
//     0.6 (c4 has left and does not count)
//   - recency: last interaction 30 days ago: 0.5
//   - satisfaction: 8 in the last 180 days, 6 before: 0.8 + 2/20 = 0.9
//
// score = 100·(0.3·0.6 + 0.2·0.5 + 0.2·0.6 + 0.15·0.5 + 0.15·0.9) = 61.
func healthAccount(t *testing.T, b build, name string) *ent.Account {
	now := time.Now()
	a := b.account(name)
	m := b.member("m-"+name, true)
	withDept := func(s contact.Seniority, dept string, infl int, att domain.Attitude) func(*ent.ContactCreate) {
		return func(q *ent.ContactCreate) { q.SetSeniority(s).SetDepartment(dept).SetInfluence(infl).SetAttitude(att) }
	}
	c1 := b.contact(a, "c1", role(domain.RoleDecisionMaker), withDept(contact.SeniorityEXECUTIVE, "IT", 5, domain.AttitudeChampion))
	c2 := b.contact(a, "c2", withDept(contact.SeniorityMANAGER, "Finance", 3, domain.AttitudeOpponent))
	c3 := b.contact(a, "c3", withDept(contact.SenioritySTAFF, "IT", 2, domain.AttitudeNeutral))
	b.contact(a, "c4", withDept(contact.SeniorityEXECUTIVE, "Legal", 5, domain.AttitudeOpponent),
		func(q *ent.ContactCreate) { q.SetStatus(contact.StatusLEFT) })
	b.cover(m, c1, 3)
	b.cover(m, c3, 1)
	o := b.opportunity(a, "deal-"+name)
	b.link(o, c1, decisionchainlink.RoleINITIATOR, 1, 0.6)
	b.link(o, c2, decisionchainlink.RoleAPPROVER, 2, 0.4)
	b.interaction(a, interaction.KindCALL, now.AddDate(0, 0, -60), 0, nil)
	b.interaction(a, interaction.KindCOMPANY_VISIT, now.AddDate(0, 0, -30), 0, nil)
	b.survey(a, 8, now.AddDate(0, 0, -30))
	b.survey(a, 6, now.AddDate(0, 0, -200))
	return a
}

func TestAccountHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		tests := []struct {
			name    string
			account *ent.Account
			values  map[string]float64
			score   int
		}{
			{"worked example", healthAccount(t, b, "H"),
				map[string]float64{"chainCoverage": 0.6, "breadth": 0.5, "attitudeBalance": 0.6, "recency": 0.5, "satisfaction": 0.9}, 61},
			{"empty account: neutral attitude and satisfaction only", b.account("Empty"),
				map[string]float64{"chainCoverage": 0, "breadth": 0, "attitudeBalance": 0.5, "recency": 0, "satisfaction": 0.5}, -1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got healthPayload
				c.MustDo(healthQuery, map[string]any{"a": idOf(tt.account.ID)}, &got)
				h := got.Node.Health
				var weights float64
				for _, comp := range h.Components {
					weights += comp.Weight
					want, ok := tt.values[comp.Name]
					if !ok || math.Abs(comp.Value-want) > 1e-3 {
						t.Errorf("%s = %v, want %v (%s)", comp.Name, comp.Value, want, comp.Explanation)
					}
					if comp.Explanation == "" {
						t.Errorf("%s has no explanation", comp.Name)
					}
				}
				if len(h.Components) != len(tt.values) || math.Abs(weights-1) > 1e-9 {
					t.Errorf("components = %s", dump(h.Components))
				}
				if tt.score >= 0 && h.Score != tt.score {
					t.Errorf("score = %d, want %d", h.Score, tt.score)
				}
			})
		}
	})
}

func TestHealthOfManyAccountsIsBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		query := `query($p: String!) { accounts(first: 50, where: {nameHasPrefix: $p}) { edges { node { name health { score components { value } } } } } }`
		count := func(prefix string, n int) int64 {
			for i := range n {
				healthAccount(t, b, fmt.Sprintf("%s%d", prefix, i))
			}
			return c.Statements(func() {
				var got struct {
					Accounts struct {
						Edges []struct {
							Node struct{ Health struct{ Score int } }
						}
					}
				}
				c.MustDo(query, map[string]any{"p": prefix}, &got)
				for _, e := range got.Accounts.Edges {
					if e.Node.Health.Score != 61 {
						t.Errorf("score = %d, want 61", e.Node.Health.Score)
					}
				}
				if len(got.Accounts.Edges) != n {
					t.Errorf("accounts = %d, want %d", len(got.Accounts.Edges), n)
				}
			})
		}
		// The change feed's first read loads what follows it (the graph
		// index too): not part of either count.
		c.MustDo(`{ accountStats(groupBy: [ABC_CLASS]) { count } }`, nil, nil)
		s, l := count("few", 3), count("many", 50)
		t.Logf("statements: %d for 3 accounts with health, %d for 50", s, l)
		if s != l {
			t.Errorf("statements grew with the accounts: %d for 3, %d for 50", s, l)
		}
	})
}
