package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The dashboard's own operations, taken from frontend/src/gql (Env.Ops)
// with the variables its pages send on first load. A page case sends the
// requests the page sends, in the order it sends them: what waits for
// what, and what goes out together.

// accountsPage is the accounts list's page size (AccountsPage.tsx).
const accountsPage = 20

// browserConns is how many requests a browser has in flight to one host
// over HTTP/1.1.
const browserConns = 6

// dashboardOp returns the document of the dashboard's operation name, and
// a reason when the dashboard has no such operation.
func (e *Env) dashboardOp(name string) (string, string) {
	if d, ok := e.Ops[name]; ok {
		return d, ""
	}
	return "", "dashboard operation " + name
}

// opTimes keeps each operation's latency inside a page case, for the
// note that says which request the page waits on.
type opTimes struct {
	mu sync.Mutex
	d  map[string][]time.Duration
}

func (t *opTimes) add(name string, d time.Duration) {
	t.mu.Lock()
	if t.d == nil {
		t.d = map[string][]time.Duration{}
	}
	t.d[name] = append(t.d[name], d)
	t.mu.Unlock()
}

// summary lists each operation's p50 and p99, slowest first, then forgets them.
func (t *opTimes) summary() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	type op struct {
		name     string
		p50, p99 time.Duration
	}
	var ops []op
	for name, ds := range t.d {
		slices.Sort(ds)
		ops = append(ops, op{name, ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*99/100)]})
	}
	t.d = nil
	slices.SortFunc(ops, func(a, b op) int { return int(b.p50 - a.p50) })
	parts := make([]string, len(ops))
	for i, o := range ops {
		parts[i] = fmt.Sprintf("%s p50 %s p99 %s", o.name, roundMS(o.p50), roundMS(o.p99))
	}
	if len(parts) == 0 {
		return ""
	}
	return "each operation: " + strings.Join(parts, "; ")
}

func roundMS(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// timed runs the dashboard operation name and records its latency.
func (e *Env) timed(ctx context.Context, t *opTimes, name string, vars map[string]any, out any) error {
	doc := e.Ops[name]
	start := time.Now()
	err := e.API.Do(ctx, doc, vars, out)
	t.add(name, time.Since(start))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// parallel runs fs with at most browserConns at once and returns the first error.
func parallel(fs ...func() error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, browserConns)
	)
	for _, f := range fs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// accountsListVars is what AccountsPage sends on first load: sorted by
// name, no filter, the first page.
func accountsListVars() map[string]any {
	return map[string]any{"first": accountsPage, "orderBy": []any{map[string]any{"field": "NAME", "direction": "ASC"}}}
}

// dashboardCases are the dashboard's pages and the operations they wait on.
func (e *Env) dashboardCases() []Case {
	s := e.Shape
	acct := e.id(s.PageAccountID)
	var out []Case
	single := func(id, title, name string, vars map[string]any, note string) {
		doc, missing := e.dashboardOp(name)
		out = append(out, Case{ID: id, Title: title, Dashboard: true, missing: missing, Note: note,
			API: func(ctx context.Context, _, _ int) error { return e.API.Do(ctx, doc, vars, nil) }})
	}

	single("da", fmt.Sprintf("dashboard accounts list: AccountsList, first %d by name", accountsPage), "AccountsList", accountsListVars(),
		"the accounts page's list request alone; da+ adds what the page sends per row")

	// The accounts page as a browser loads it: the list, then one request
	// per row for each operation the page's rows ask for on their own.
	rowOps := []string{}
	if _, ok := e.Ops["WorstGap"]; ok {
		rowOps = append(rowOps, "WorstGap")
	}
	listTimes := &opTimes{}
	_, listMissing := e.dashboardOp("AccountsList")
	out = append(out, Case{
		ID: "da+", Title: fmt.Sprintf("dashboard accounts page: the list, then %s per row", orNothing(rowOps)),
		Dashboard: true, missing: listMissing, Detail: listTimes.summary,
		Note: fmt.Sprintf("one request is the whole page: AccountsList, then each row's own requests (%s), %d at a time as a browser sends them",
			orNothing(rowOps), browserConns),
		API: func(ctx context.Context, _, _ int) error {
			var list struct {
				Accounts struct {
					Edges []struct {
						Node struct {
							ID string `json:"id"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"accounts"`
			}
			if err := e.timed(ctx, listTimes, "AccountsList", accountsListVars(), &list); err != nil {
				return err
			}
			var fs []func() error
			for _, edge := range list.Accounts.Edges {
				for _, op := range rowOps {
					vars := map[string]any{"accountId": edge.Node.ID}
					fs = append(fs, func() error { return e.timed(ctx, listTimes, op, vars, nil) })
				}
			}
			return parallel(fs...)
		},
	})

	// The account page (AccountPage.tsx): AccountGraph and TeamMembers at
	// once; the graph, gaps, power map and what-changed wait for the
	// account, then go out together. The path finder waits for a click.
	pageTimes := &opTimes{}
	missing := ""
	for _, name := range []string{"AccountGraph", "TeamMembers", "StakeholderGraph", "AccountCadence", "CoverageGaps", "PowerMap", "GraphDiff"} {
		if _, m := e.dashboardOp(name); m != "" && missing == "" {
			missing = m
		}
	}
	out = append(out, Case{
		ID: "dp", Title: fmt.Sprintf("dashboard account page, %d stakeholders: its seven requests", min(100, s.Scale.ContactsPer)),
		Dashboard: true, missing: missing, Detail: pageTimes.summary,
		Note: "one request is the whole page: AccountGraph with TeamMembers, then StakeholderGraph (depth 0), AccountCadence (the account and its subsidiaries), CoverageGaps (90 days), PowerMap and GraphDiff (90 days) together, with the variables the page sends on first load",
		API: func(ctx context.Context, _, _ int) error {
			team := make(chan error, 1)
			go func() { team <- e.timed(ctx, pageTimes, "TeamMembers", nil, nil) }()
			var page struct {
				Node struct {
					ID           string `json:"id"`
					Subsidiaries struct {
						Edges []struct {
							Node struct {
								ID string `json:"id"`
							} `json:"node"`
						} `json:"edges"`
					} `json:"subsidiaries"`
				} `json:"node"`
			}
			err := e.timed(ctx, pageTimes, "AccountGraph", map[string]any{"id": acct}, &page)
			if err == nil {
				from, to := diffWindow(90, time.Now())
				accounts := []string{page.Node.ID}
				for _, s := range page.Node.Subsidiaries.Edges {
					accounts = append(accounts, s.Node.ID)
				}
				err = parallel(
					func() error {
						return e.timed(ctx, pageTimes, "StakeholderGraph", map[string]any{"accountId": acct, "depth": 0, "subs": false, "asOf": nil}, nil)
					},
					func() error {
						return e.timed(ctx, pageTimes, "AccountCadence", map[string]any{"accounts": accounts}, nil)
					},
					func() error {
						return e.timed(ctx, pageTimes, "CoverageGaps", map[string]any{"accountId": acct, "staleDays": 90}, nil)
					},
					func() error { return e.timed(ctx, pageTimes, "PowerMap", map[string]any{"accountId": acct}, nil) },
					func() error {
						return e.timed(ctx, pageTimes, "GraphDiff", map[string]any{"accountId": acct, "from": from, "to": to}, nil)
					},
				)
			}
			if terr := <-team; err == nil {
				err = terr
			}
			return err
		},
	})

	single("dn", "dashboard person panel: NodeDetail of a decision maker", "NodeDetail",
		map[string]any{"id": e.id(s.DecisionMaker)}, "")
	single("dy", "dashboard Analytics page: Analytics", "Analytics", nil,
		"the Analytics page's one request: 1,000 accounts with ABC and CLV, interaction mix and spend by month, budgets, satisfaction")
	return out
}

// diffWindow is the dashboard's What-changed window (whatChanged.ts): the
// last days days up to the next midnight UTC.
func diffWindow(days int, now time.Time) (string, string) {
	now = now.UTC()
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	return to.AddDate(0, 0, -days).Format(time.RFC3339), to.Format(time.RFC3339)
}

func orNothing(ops []string) string {
	if len(ops) == 0 {
		return "nothing"
	}
	return strings.Join(ops, ", ")
}
