package alerts_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"rapport/bench/dataset"
	"rapport/ent"
	"rapport/ent/alertstate"
	"rapport/internal/alerts"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/storetest"
)

// BenchmarkRuleEvaluation measures what the alert rules add to a write:
// the engine's Check right after a committed write (the write itself not
// counted): the feed's read, re-reading the written rows, the rules, and
// for a write that raises, the alert's insert and its introduction path.
// And the inbox read (counts and the first page). The data set is the
// bench's (RAPPORT_BENCH_SCALE, M by default).
//
//	go test ./internal/alerts -run '^$' -bench RuleEvaluation -benchtime 200x
func BenchmarkRuleEvaluation(b *testing.B) {
	name := os.Getenv("RAPPORT_BENCH_SCALE")
	if name == "" {
		name = "M"
	}
	scale := dataset.Scales[name]
	for _, s := range storetest.Stores {
		b.Run(string(s), func(b *testing.B) {
			db := storetest.Open(b, s)
			ctx := b.Context()
			if _, err := dataset.Load(ctx, db, scale); err != nil {
				b.Fatal(err)
			}
			e := alerts.For(db.Client)
			if _, err := e.Check(ctx, false); err != nil {
				b.Fatal(err)
			}
			timed := func(b *testing.B, write func(i int)) {
				var ds []time.Duration
				i := 0
				for b.Loop() {
					b.StopTimer()
					i++
					write(i)
					b.StartTimer()
					t0 := time.Now()
					if _, err := e.Check(ctx, false); err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(t0))
				}
				report(b, ds)
			}
			b.Run("after a contact's write", func(b *testing.B) {
				timed(b, func(i int) {
					id := scale.ContactAt(2+i%(scale.Accounts-1), 50+i%40)
					db.Client.Contact.UpdateOneID(id).SetTitle("Title " + string(rune('A'+i%26))).ExecX(ctx)
				})
			})
			b.Run("after a write that raises", func(b *testing.B) {
				timed(b, func(i int) {
					id := scale.ContactAt(2+i%(scale.Accounts-1), 50+(i/scale.Accounts)%40)
					att := domain.AttitudeSkeptic
					if (i/scale.Accounts)%2 == 1 {
						att = domain.AttitudeNeutral
					}
					db.Client.Contact.UpdateOneID(id).SetDecisionRole(domain.RoleDecisionMaker).SetAttitude(att).ExecX(ctx)
				})
			})
			// The scheduled rules of the relationship programme, each a
			// constant number of statements over the whole data set.
			for _, rule := range []string{alerts.StakeholderOverdue, alerts.ActivityOverdue, alerts.BudgetOverrun} {
				b.Run("scheduled "+rule, func(b *testing.B) {
					var ds []time.Duration
					n := 0
					for b.Loop() {
						t0 := time.Now()
						cands, err := alerts.Candidates(ctx, db.Client, rule, time.Now())
						if err != nil {
							b.Fatal(err)
						}
						ds = append(ds, time.Since(t0))
						n = len(cands)
					}
					report(b, ds)
					b.ReportMetric(float64(n), "holding")
				})
			}
			b.Run("inbox read", func(b *testing.B) {
				v := &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "bench", Role: auth.RoleAdmin, AllAccounts: true}
				uctx := auth.WithViewer(ctx, v)
				n := db.Client.Alert.Query().CountX(uctx)
				var ds []time.Duration
				first := 20
				for b.Loop() {
					t0 := time.Now()
					if _, err := alerts.Count(uctx, db.Client, 1, time.Now()); err != nil {
						b.Fatal(err)
					}
					if _, err := db.Client.Alert.Query().WithStates(func(q *ent.AlertStateQuery) { q.Where(alertstate.UserID(1)) }).
						Where(alerts.InState(1, alerts.StateNew, time.Now())).
						Paginate(uctx, nil, &first, nil, nil, ent.WithAlertOrder(&ent.AlertOrder{Direction: entgql.OrderDirectionDesc, Field: ent.AlertOrderFieldCreatedAt})); err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(t0))
				}
				report(b, ds)
				b.ReportMetric(float64(n), "alerts")
			})
		})
	}
}

func report(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
}
