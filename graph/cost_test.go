package graph_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"rapport/graph"
	"rapport/internal/config"
	"rapport/internal/limits"
)

// dashboardWorstVariables are the largest values the dashboard sends for
// the variables that change an operation's cost (AccountPage.tsx: depth
// 0-3, hops 2-6, stale 30-180 days; the accounts list asks for 1,000 rows
// when it filters on computed values).
var dashboardWorstVariables = map[string]any{
	"depth": 3, "subs": true, "maxHops": 6, "staleDays": 180, "first": 1000, "last": 50,
}

func defaultLimits() limits.Limits {
	cfg := config.Defaults()
	return limits.Limits{
		MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases, MaxCost: cfg.MaxCost,
		MaxPageSize: cfg.MaxPageSize, DefaultPageSize: cfg.DefaultPageSize, FieldCost: graph.FieldCost,
	}
}

// TestDashboardOperationsFitTheDefaultLimits computes the cost of every
// operation the dashboard sends, with the largest variables it sends, and
// checks that the default limit accepts each while staying a few times the
// heaviest (a limit far above every real operation bounds nothing). The
// rate limit must hold twice the heaviest page, and run dry for a script
// that repeats the heaviest operation twice a second.
func TestDashboardOperationsFitTheDefaultLimits(t *testing.T) {
	schema := graph.NewSchema(nil, nil).Schema()
	l := defaultLimits()
	docs := map[string]*ast.QueryDocument{}
	costOf := func(name string, over map[string]any) int {
		doc := docs[name]
		op := doc.Operations[0]
		vars := map[string]any{}
		for _, v := range op.VariableDefinitions {
			if w, ok := over[v.Variable]; ok {
				vars[v.Variable] = w
			} else if w, ok := dashboardWorstVariables[v.Variable]; ok {
				vars[v.Variable] = w
			}
		}
		c, err := l.Measure(doc, op, vars)
		if err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
		if c.Depth > l.MaxDepth {
			t.Errorf("%s: %d levels deep, over the default %d", name, c.Depth, l.MaxDepth)
		}
		return c.Requested
	}
	type measured struct {
		name string
		cost int
	}
	var all []measured
	for _, o := range dashboardOperations(t) {
		doc, gerr := gqlparser.LoadQuery(schema, o.text)
		if gerr != nil {
			t.Fatalf("%s: %v", o.name, gerr)
		}
		docs[o.name] = doc
		all = append(all, measured{o.name, costOf(o.name, nil)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].cost > all[j].cost })
	var table strings.Builder
	for _, m := range all {
		fmt.Fprintf(&table, "  %-28s %7d\n", m.name, m.cost)
		if m.cost > l.MaxCost {
			t.Errorf("%s costs %d, over the default limit %d", m.name, m.cost, l.MaxCost)
		}
	}
	// The pages as the dashboard loads them (AccountsPage.tsx: 20 rows
	// with their worst gaps, in one request; AccountPage.tsx: the account,
	// its graph, gaps, power map, the team, a path search, a node's
	// panel and the organizational layer and value cards).
	pages := []measured{
		{"accounts list", costOf("AccountsList", map[string]any{"first": 20})},
		{"account", costOf("AccountGraph", nil) + costOf("StakeholderGraph", nil) + costOf("CoverageGaps", nil) +
			costOf("TeamMembers", nil) + costOf("PowerMap", nil) + costOf("IntroductionPaths", nil) + costOf("NodeDetail", nil) +
			costOf("AccountOrgLayer", nil)},
		{"analytics", costOf("Analytics", nil)},
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].cost > pages[j].cost })
	for _, p := range pages {
		fmt.Fprintf(&table, "  page %-23s %7d\n", p.name, p.cost)
	}
	t.Logf("dashboard operations by cost (largest variables):\n%s", &table)
	heaviest := all[0].cost
	if l.MaxCost < 2*heaviest || l.MaxCost > 10*heaviest {
		t.Errorf("default max cost %d is not a few times the heaviest dashboard operation (%s, %d)", l.MaxCost, all[0].name, heaviest)
	}
	rate := config.Defaults().RateLimit
	if rate < 2*pages[0].cost {
		t.Errorf("default rate limit %d a minute holds less than twice the heaviest page (%s, %d)", rate, pages[0].name, pages[0].cost)
	}
	if rate >= 2*60*heaviest {
		t.Errorf("default rate limit %d a minute lets a script repeat %s (%d) twice a second for ever", rate, all[0].name, heaviest)
	}
}

// TestAccountSuggestionsCostTheirFirst: the list is priced by the rows it
// may return, as a connection is, within its 1-100 bound.
func TestAccountSuggestionsCostTheirFirst(t *testing.T) {
	for _, c := range []struct {
		args map[string]any
		want int
	}{{map[string]any{}, 50}, {map[string]any{"first": 10}, 10}, {map[string]any{"first": 1000}, 100}} {
		if got := graph.FieldCost["Account.suggestions"](c.args); got != c.want {
			t.Errorf("suggestions(%v) costs %d, want %d", c.args, got, c.want)
		}
	}
}
