package graph_test

import (
	"fmt"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func TestAccountClassesOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		// Same portfolio as classify.TestClassify.
		for i, v := range [][2]float64{{60, 50}, {30, 10}, {20, 40}, {10, 20}, {25, 30}} {
			b.account(fmt.Sprintf("acc%d", i+1), func(q *ent.AccountCreate) {
				q.SetAnnualRevenue(v[0]).SetPotentialValue(v[1]).SetTier(domain.TierGeneral)
			})
		}
		want := map[string]string{
			"acc1": "A HIGH_VALUE STRATEGIC", "acc2": "A SECONDARY_VALUE PARTNER", "acc3": "A POTENTIAL_VALUE STRATEGIC",
			"acc4": "B LOW_VALUE COMMERCIAL", "acc5": "A LOW_VALUE PARTNER",
		}
		var got struct {
			Accounts struct {
				Edges []struct {
					Node struct{ Name, AbcClass, ClvQuadrant, RecommendedTier, Tier string }
				}
			}
		}
		// The first read after the changes classifies the portfolio; the
		// classes are then maintained (package portfolio).
		c.MustDo(`{ accounts(first: 1) { edges { node { abcClass } } } }`, nil, nil)
		n := c.Statements(func() {
			c.MustDo(`{ accounts(first: 10) { edges { node { name tier abcClass clvQuadrant recommendedTier } } } }`, nil, &got)
		})
		for _, e := range got.Accounts.Edges {
			if s := e.Node.AbcClass + " " + e.Node.ClvQuadrant + " " + e.Node.RecommendedTier; s != want[e.Node.Name] {
				t.Errorf("%s = %s, want %s", e.Node.Name, s, want[e.Node.Name])
			}
		}
		// The page and the change feed's look: one statement, or three when
		// it has news (a token's lastUsedAt); the classes are not read again.
		if n > 4 {
			t.Errorf("statements = %d, want at most 4 (the page and the change feed's look; the API token is cached)", n)
		}
	})
}
