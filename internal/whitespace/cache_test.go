package whitespace_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/whitespace"
)

// summary writes every number and name of a grid, row by row, so that two
// grids compare as text.
func summary(v *whitespace.View) string {
	var b strings.Builder
	for _, o := range v.Offerings {
		fmt.Fprintf(&b, "offering %d %s\n", o.ID, o.Name)
	}
	for _, r := range v.Rows {
		fmt.Fprintf(&b, "row %d %s %g %g %g %g\n", r.Account.ID, r.Account.Name, r.CurrentRevenue, r.Whitespace, r.GroupCurrentRevenue, r.GroupWhitespace)
		for _, c := range r.Cells {
			fmt.Fprintf(&b, "  %d %v %s %g %g %g %g %g\n", c.OfferingID, c.Known, c.Status, c.CurrentRevenue, c.Potential, c.Whitespace,
				c.SubsidiariesCurrentRevenue, c.SubsidiariesWhitespace)
		}
	}
	for _, c := range v.Columns {
		fmt.Fprintf(&b, "column %d %g %g\n", c.Offering.ID, c.CurrentRevenue, c.Whitespace)
	}
	fmt.Fprintf(&b, "total %g %g\n", v.TotalCurrentRevenue, v.TotalWhitespace)
	return b.String()
}

// TestKeptGridEqualsAFreshLoadAfterRandomChanges: the portfolio's grid the
// cache keeps is, after every change of accounts, offerings and account
// offerings, exactly the grid read from the database; a read with nothing
// changed costs the feed's one statement; a scoped viewer is not served
// from it.
func TestKeptGridEqualsAFreshLoadAfterRandomChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		cache := whitespace.CacheFor(c)
		if cache == nil {
			t.Fatal("no cache: the store has no change feed")
		}
		accounts := []*ent.Account{c.Account.Create().SetName("Acme").SaveX(ctx)}
		offerings := []*ent.Offering{c.Offering.Create().SetName("Cloud").SaveX(ctx)}
		var aos []*ent.AccountOffering
		statuses := []accountoffering.Status{accountoffering.StatusINSTALLED, accountoffering.StatusOPEN_OPPORTUNITY,
			accountoffering.StatusNO_FIT, accountoffering.StatusNOT_DISCUSSED}
		rng := rand.New(rand.NewPCG(17, 16))
		check := func(step string) {
			t.Helper()
			for _, subs := range []bool{true, false} {
				kept, ok, err := cache.Portfolio(ctx, subs)
				if err != nil || !ok {
					t.Fatalf("%s: kept grid: ok %v err %v", step, ok, err)
				}
				fresh, err := whitespace.Load(ctx, c, whitespace.Filter{IncludeSubsidiaries: subs})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := summary(kept), summary(fresh); got != want {
					t.Fatalf("%s (subsidiaries %v): kept grid\n%s\nfresh\n%s", step, subs, got, want)
				}
			}
		}
		check("start")
		for i := range 60 {
			switch rng.IntN(7) {
			case 0: // an account, a subsidiary half the time
				q := c.Account.Create().SetName(fmt.Sprintf("Account %d", i))
				if rng.IntN(2) == 0 {
					q.SetParent(accounts[rng.IntN(len(accounts))])
				}
				accounts = append(accounts, q.SaveX(ctx))
			case 1:
				offerings = append(offerings, c.Offering.Create().SetName(fmt.Sprintf("Offering %d", i)).SaveX(ctx))
			case 2, 3:
				a, o := accounts[rng.IntN(len(accounts))], offerings[rng.IntN(len(offerings))]
				ao, err := c.AccountOffering.Create().SetAccount(a).SetOffering(o).SetStatus(statuses[rng.IntN(4)]).
					SetCurrentRevenue(float64(rng.IntN(1000))).SetPotential(float64(rng.IntN(2000))).Save(ctx)
				if err == nil { // the pair may be there already
					aos = append(aos, ao)
				}
			case 4:
				if len(aos) > 0 {
					ao := aos[rng.IntN(len(aos))]
					c.AccountOffering.UpdateOneID(ao.ID).SetCurrentRevenue(float64(rng.IntN(1000))).SetStatus(statuses[rng.IntN(4)]).ExecX(ctx)
				}
			case 5:
				if len(aos) > 0 {
					k := rng.IntN(len(aos))
					c.AccountOffering.DeleteOneID(aos[k].ID).ExecX(ctx)
					aos = append(aos[:k], aos[k+1:]...)
				}
			case 6: // renames reorder rows; an inactive offering leaves the columns
				if rng.IntN(2) == 0 {
					a := accounts[rng.IntN(len(accounts))]
					c.Account.UpdateOneID(a.ID).SetName(fmt.Sprintf("Renamed %d", i)).ExecX(ctx)
				} else {
					o := offerings[rng.IntN(len(offerings))]
					c.Offering.UpdateOneID(o.ID).SetActive(rng.IntN(2) == 0).ExecX(ctx)
				}
			}
			check(fmt.Sprintf("after change %d", i))
		}

		var n atomic.Int64
		if _, ok, err := cache.Portfolio(store.WithStatementCount(ctx, &n), true); err != nil || !ok {
			t.Fatalf("kept grid: %v %v", ok, err)
		}
		if n.Load() > 1 {
			t.Errorf("a read with nothing changed ran %d statements, want the feed's one at most", n.Load())
		}

		scoped := auth.WithViewer(context.Background(), &auth.Viewer{Kind: auth.KindUser, ID: 1, Role: auth.RoleEditor})
		if _, ok, err := cache.Portfolio(scoped, true); err != nil || ok {
			t.Errorf("a scoped viewer was served the portfolio's grid (ok %v, err %v)", ok, err)
		}
	})
}
