package portfolio_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"rapport/bench/dataset"
	"rapport/internal/apitest"
	"rapport/internal/config"
	"rapport/internal/gid"
	"rapport/internal/portfolio"
	"rapport/internal/storetest"
)

// The portfolio's operations as the dashboard sends them: the accounts
// list as it is now (health and worst gap in one request) and as it was
// (health, then one coverageGaps request per row), the Analytics page's
// classes, and averageHealth over every account.
const (
	listNow = `{ accounts(first: 20, orderBy: [{field: NAME}]) { totalCount edges { node { id name tier abcClass clvQuadrant
		health { score } gapSummary { count worst { kind severity reason contact { id name } } } } } } }`
	listBefore = `{ accounts(first: 20, orderBy: [{field: NAME}]) { totalCount edges { node { id name tier abcClass clvQuadrant
		health { score } } } } }`
	rowGaps           = `query($a: ID!) { coverageGaps(accountId: $a) { kind severity reason contact { id name } } }`
	analyticsAccounts = `{ accounts(first: 1000, orderBy: [{field: ANNUAL_REVENUE, direction: DESC}]) { totalCount edges { node { id name tier annualRevenue potentialValue abcClass clvQuadrant } } } }`
	analyticsPage     = `{ accounts(first: 1000, orderBy: [{field: ANNUAL_REVENUE, direction: DESC}]) { totalCount edges { node { id name tier annualRevenue potentialValue abcClass clvQuadrant } } }
		mix: interactionStats(groupBy: [MONTH, KIND]) { month kind count }
		spend: interactionStats(groupBy: [ACCOUNT, MONTH]) { month account { id } costSum }
		budgets(first: 1000, orderBy: [{field: PERIOD, direction: DESC}]) { edges { node { id period planned accountID account { id name } } } }
		satisfactionTrend { month averageScore count } }`
	averageByTier = `{ accountStats(groupBy: [TIER]) { tier count averageHealth } }`
)

// TestProbePortfolioAtScale measures the portfolio's operations on the
// bench's data set with the maintained values off (as before) and on.
// It is a benchmark (never part of make test): RAPPORT_PROBE_SCALE picks
// the scale (M by default), RAPPORT_PROBE_STORE sqlite or postgres
// (default both); it times its own runs and logs p50 and p99.
//
//	RAPPORT_PROBE_SCALE=L go test ./internal/portfolio/ -run '^$' -bench Probe -benchtime 1x -v -timeout 60m
func BenchmarkProbePortfolioAtScale(t *testing.B) {
	name := os.Getenv("RAPPORT_PROBE_SCALE")
	if name == "" {
		name = "M"
	}
	scale, ok := dataset.Scales[name]
	if !ok {
		t.Fatalf("RAPPORT_PROBE_SCALE=%q: want S, M or L", name)
	}
	stores := storetest.Stores
	if s := os.Getenv("RAPPORT_PROBE_STORE"); s != "" {
		stores = []storetest.Store{storetest.Store(s)}
	}
	runs := 30
	for _, st := range stores {
		t.Run(string(st), func(t *testing.B) {
			db := storetest.Open(t, st)
			ctx := context.Background()
			stats, err := dataset.Load(ctx, db, scale)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("loaded %d rows in %s", stats.Total(), stats.Duration.Round(time.Second))
			cfg := config.Defaults()
			cfg.RequestTimeout = 5 * time.Minute // the first reads load the graph index and every account
			cfg.RateLimit = 1 << 40              // the probe is one client sending as fast as it can
			c := apitest.NewWithConfig(t, db, cfg)
			start := time.Now()
			c.MustDo(`{ stakeholderGraph(accountId: "`+gid.Encode(gid.Of("Account", 1))+`", depth: 1) { nodes { id } } }`, nil, nil)
			t.Logf("%-8s the change feed's first read (the graph index's load): %s", st, time.Since(start).Round(time.Millisecond))
			var ids struct {
				Accounts struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			c.MustDo(`{ accounts(first: 20, orderBy: [{field: NAME}]) { edges { node { id } } } }`, nil, &ids)
			measure := func(name string, fn func()) {
				fn() // warm: caches, the feed's first read
				var ds []time.Duration
				var stmts int64
				deadline := time.Now().Add(time.Minute)
				for i := 0; i < runs && (i < 5 || time.Now().Before(deadline)); i++ {
					start := time.Now()
					stmts = c.Statements(fn)
					ds = append(ds, time.Since(start))
				}
				slices.Sort(ds)
				p := func(q float64) time.Duration { return ds[int(q*float64(len(ds)-1))].Round(100 * time.Microsecond) }
				t.Logf("%-8s %-52s p50 %9s  p99 %9s  (%d runs) %d statements", st, name, p(0.5), p(0.99), len(ds), stmts)
			}
			do := func(q string, vars map[string]any) func() {
				return func() { c.MustDo(q, vars, nil) }
			}
			before := func() {
				c.MustDo(listBefore, nil, nil)
				for _, e := range ids.Accounts.Edges {
					c.MustDo(rowGaps, map[string]any{"a": e.Node.ID}, nil)
				}
			}
			for _, on := range []bool{false, true} {
				portfolio.Enabled.Store(on)
				label := map[bool]string{false: "engines", true: "maintained"}[on]
				if on {
					start := time.Now()
					c.MustDo(averageByTier, nil, nil)
					t.Logf("%-8s first read after start (computes every account): %s", st, time.Since(start).Round(time.Millisecond))
				}
				measure(label+": accounts list + 20 coverageGaps (before)", before)
				if on {
					measure(label+": accounts list with worst gap (one request)", do(listNow, nil))
				}
				measure(label+": Analytics accounts (classes)", do(analyticsAccounts, nil))
				measure(label+": accountStats(TIER){averageHealth}", do(averageByTier, nil))
				measure(label+": the whole Analytics page operation", do(analyticsPage, nil))
			}
			portfolio.Enabled.Store(true)
			fmt.Fprintln(os.Stderr)
		})
	}
}
