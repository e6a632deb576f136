package graph_test

import (
	"context"
	"testing"
	"time"

	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/clock"
	maintained "rapport/internal/portfolio"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestBudgetSpentSumsDoneInteractionsOfItsPeriod: Budget.spent is what the
// account's done interactions in the budget's period cost, by hand, with
// the maintained values on and off, and a page of budgets costs the same
// statements for 3 accounts as for 30 (issue 19: the Analytics page).
func TestBudgetSpentSumsDoneInteractionsOfItsPeriod(t *testing.T) {
	for _, keep := range []bool{true, false} {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			was := maintained.Enabled.Load()
			maintained.Enabled.Store(keep)
			defer maintained.Enabled.Store(was)
			bg := context.Background()
			c := db.Client
			day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
			acme := c.Account.Create().SetName("Acme").SaveX(bg)
			other := c.Account.Create().SetName("Other").SaveX(bg)
			meet := func(a int, on string, cost float64, st interaction.Status) {
				// written on New Year's Day 2026: a planned one lies ahead
				c.Interaction.Create().SetAccountID(a).SetKind(interaction.KindCALL).SetOccurredAt(day(on)).
					SetCost(cost).SetStatus(st).ExecX(clock.At(bg, day("2026-01-01")))
			}
			meet(acme.ID, "2026-02-10", 80, interaction.StatusDONE)
			meet(acme.ID, "2026-03-31", 30, interaction.StatusDONE)
			meet(acme.ID, "2026-04-01", 999, interaction.StatusDONE)      // the next quarter
			meet(acme.ID, "2026-03-15", 500, interaction.StatusPLANNED)   // not spent yet
			meet(acme.ID, "2026-03-16", 400, interaction.StatusCANCELLED) // never spent
			meet(other.ID, "2026-02-10", 7, interaction.StatusDONE)
			c.Budget.Create().SetAccountID(acme.ID).SetPeriod("2026-Q1").SetPlanned(100).ExecX(bg)
			c.Budget.Create().SetAccountID(acme.ID).SetPeriod("2026").SetPlanned(2000).ExecX(bg)
			c.Budget.Create().SetAccountID(acme.ID).SetPeriod("2026-02").SetPlanned(50).ExecX(bg)
			c.Budget.Create().SetAccountID(other.ID).SetPeriod("2026-Q1").SetPlanned(10).ExecX(bg)
			admin := apitest.New(t, db)
			const q = `{ budgets(first: 100, orderBy: [{field: PERIOD, direction: ASC}]) { edges { node { period planned spent account { name } } } } }`
			var out struct {
				Budgets struct {
					Edges []struct {
						Node struct {
							Period  string
							Planned float64
							Spent   float64
							Account struct{ Name string }
						}
					}
				}
			}
			admin.MustDo(q, nil, &out)
			got := map[string]float64{}
			for _, e := range out.Budgets.Edges {
				got[e.Node.Account.Name+" "+e.Node.Period] = e.Node.Spent
			}
			want := map[string]float64{"Acme 2026-Q1": 110, "Acme 2026": 1109, "Acme 2026-02": 80, "Other 2026-Q1": 7}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("maintained values %v: spent of %s = %v, want %v (all: %v)", keep, k, got[k], w, got)
				}
			}

			few := admin.Statements(func() { admin.MustDo(q, nil, &out) })
			for i := range 27 {
				a := c.Account.Create().SetName("More").SaveX(bg)
				meet(a.ID, "2026-01-0"+string(rune('1'+i%9)), 5, interaction.StatusDONE)
				c.Budget.Create().SetAccountID(a.ID).SetPeriod("2026-Q1").SetPlanned(10).ExecX(bg)
			}
			admin.MustDo(q, nil, &out) // the maintained cells of the new accounts are read once
			many := admin.Statements(func() { admin.MustDo(q, nil, &out) })
			if many > few {
				t.Errorf("maintained values %v: 31 budgets took %d statements, 4 took %d", keep, many, few)
			}
		})
	}
}
