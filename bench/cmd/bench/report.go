package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/bench/load"
)

type loadInfo struct {
	backend string
	stats   loadStats
}

type row struct {
	backend          string
	c                cases.Case
	skip             string
	stmts            int64
	rssKB            int
	rssNote          string
	api, floor, peer *load.Result
	// Mixed cases: the readers alone, the writes beside them, staleness.
	alone, writes, stale *load.Result
	detail               string // Case.Detail after the run
}

type report struct {
	opts options
	// loadStart and loadEnd are the machine's load averages: numbers taken
	// while other work shares the cores are not comparable with quiet ones.
	loadStart, loadEnd string
	started            time.Time
	total              time.Duration
	loads              []loadInfo
	rows               []row
	notes              []string
	targets            []target
}

func (r *report) markdown() string {
	var b strings.Builder
	o := r.opts
	fmt.Fprintf(&b, "# Benchmarks\n\nWritten by `make bench` (bench/cmd/bench); do not edit by hand.\n\n")
	fmt.Fprintf(&b, "- Command: `%s`\n", command())
	fmt.Fprintf(&b, "- Date: %s; the whole run took %s\n", r.started.UTC().Format("2006-01-02 15:04 MST"), r.total.Round(time.Second))
	fmt.Fprintf(&b, "- Machine: %s, %d cores, %s memory, %s %s/%s\n", cpuModel(), runtime.NumCPU(), memTotal(),
		runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "- Machine load average (1, 5, 15 min) at start: %s; at end: %s\n", r.loadStart, r.loadEnd)
	fmt.Fprintf(&b, "- Load: %d concurrent requests from a separate process, %s per case and target (at most %d requests), after %d warm-up requests\n",
		o.concurrency, o.duration, o.maxRequests, 2*o.concurrency)
	sh := dataset.ShapeOf(o.scale)
	fmt.Fprintf(&b, "- Dataset %s: %d accounts (account 1 with %d stakeholders, the others %d each), %d contacts, %d relations\n",
		o.scale.Name, o.scale.Accounts, o.scale.BigAccount, o.scale.ContactsPer, sh.Contacts, sh.Relations)
	for _, l := range r.loads {
		fmt.Fprintf(&b, "  - %s: %d rows loaded in %s%s (%s)\n", l.backend, l.stats.Total(), l.stats.Duration.Round(time.Millisecond), l.stats.cachedNote(), counts(l.stats.Rows))
	}
	b.WriteString("\n| case | db | req/s | p50 | p99 | errors | stmts/req | peak RSS | floor p50 | × floor | peer req/s | × peer |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, w := range r.rows {
		name := w.c.ID + ") " + w.c.Title
		if w.c.Mixed != nil {
			continue // their own table below
		}
		if w.skip != "" {
			fmt.Fprintf(&b, "| %s | %s | %s | | | | | | %s | | | |\n", name, w.backend, w.skip, floorP50(w.floor))
			continue
		}
		a := w.api
		if a.Requests == 0 {
			fmt.Fprintf(&b, "| %s | %s | no request completed | | | | %s | | %s | | | |\n", name, w.backend, stmts(w.stmts), floorP50(w.floor))
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", name, w.backend,
			a.RPS, ms(a.P50), ms(a.P99), a.Errors, stmts(w.stmts), rss(w.rssKB, w.rssNote),
			floorP50(w.floor), ratio(a, w.floor), peerRPS(w.peer), peerRatio(a, w.peer))
	}
	r.mixedTable(&b)
	r.targetTable(&b)
	b.WriteString("\n## How to read it\n\n")
	b.WriteString("- req/s, p50, p99, errors: the real `rapport serve` binary, driven over HTTP by the harness process. " +
		"A GraphQL response with errors counts as an error; the harness checks every response's status, completeness and errors, and parses one in 32 in full (the same for PostGraphile).\n")
	b.WriteString("- stmts/req: SQL statements for one request of the case, counted in-process by running the same handler " +
		"(`server.New`) over a store whose driver counts (`store.WithStatementCount`); the server exposes no counter.\n")
	b.WriteString("- peak RSS: the server's VmHWM during the case, reset through /proc/PID/clear_refs before each case; " +
		"the reset starts from the current RSS, and Go keeps freed memory a while, so a case after a heavy one reads at least that one's level.\n")
	b.WriteString("- floor: the same question answered by a minimal Go HTTP server (bench/cmd/floor: net/http, database/sql with the same pool as the server, the same SQL by hand, encoding/json; no GraphQL, no ORM, no authentication), " +
		"driven by the same load generator at the same concurrency; × floor is Rapport's p50 over the floor's p50, so it measures what GraphQL, the ORM and the server's middleware add.\n")
	fmt.Fprintf(&b, "- d*: the dashboard's own operations, read from frontend/src/gql/gql.ts (the documents graphql-codegen wrote from the components' queries, with the fragments they spread) and sent with the variables the pages send on first load; "+
		"%d page loads at a time (a few people), not a load test. A page case's request is the whole page; its note gives each operation's own p50 and p99. "+
		"urql adds __typename to each selection; the bench sends the documents as written.\n", o.dashConc)
	b.WriteString("- peer: PostGraphile 4 (with @graphile/pg-aggregates) over the same PostgreSQL tables, only with BENCH_PEERS=1; " +
		"× peer is Rapport's req/s over PostGraphile's.\n")
	fmt.Fprintf(&b, "- A case with a floor or a peer measures them side by side: %d rounds that share the duration, each running Rapport, the floor and the peer in turn, "+
		"the order turned by one each round; each side's figures merge its rounds, so drift during a case (a database's background work, another tenant) falls on all sides alike.\n", rounds)
	b.WriteString("- Targets: see the table above; `make bench` fails when one is missed or a case has errors (the targets are not checked at scale S).\n")
	var notes []string
	seen := map[string]bool{}
	for _, w := range r.rows {
		if w.c.Note != "" && !seen[w.c.ID] {
			seen[w.c.ID] = true
			notes = append(notes, fmt.Sprintf("case %s: %s", w.c.ID, w.c.Note))
		}
		if w.detail != "" {
			notes = append(notes, fmt.Sprintf("case %s on %s: %s", w.c.ID, w.backend, w.detail))
		}
		if w.api != nil && w.api.FirstErr != nil {
			notes = append(notes, fmt.Sprintf("case %s on %s, first error: %v", w.c.ID, w.backend, w.api.FirstErr))
		}
		for _, x := range []struct {
			who string
			r   *load.Result
		}{{"floor", w.floor}, {"peer", w.peer}, {"writes", w.writes}, {"staleness probe", w.stale}} {
			if x.r != nil && x.r.FirstErr != nil {
				notes = append(notes, fmt.Sprintf("case %s on %s, %s's first error: %v", w.c.ID, w.backend, x.who, x.r.FirstErr))
			}
		}
	}
	for _, n := range append(notes, r.notes...) {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	return b.String()
}

func command() string {
	cmd := "go run ./bench/cmd/bench " + strings.Join(os.Args[1:], " ")
	if os.Getenv("BENCH_PEERS") == "1" {
		cmd = "BENCH_PEERS=1 " + cmd
	}
	return strings.TrimSpace(cmd)
}

func counts(m map[string]int) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

func stmts(n int64) string {
	if n < 0 {
		return "?"
	}
	return fmt.Sprint(n)
}

func rss(kb int, note string) string {
	if kb == 0 {
		return "?"
	}
	s := fmt.Sprintf("%.0f MiB", float64(kb)/1024)
	if note != "" {
		s += " (" + note + ")"
	}
	return s
}

func floorP50(f *load.Result) string {
	if f == nil || f.Requests == 0 {
		return "—"
	}
	return ms(f.P50)
}

func ratio(a, f *load.Result) string {
	if f == nil || f.P50 == 0 || f.Errors > 0 || a.Errors > 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f×", float64(a.P50)/float64(f.P50))
}

func peerRPS(p *load.Result) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f", p.RPS)
}

func peerRatio(a, p *load.Result) string {
	if p == nil || p.RPS == 0 || p.Errors > 0 || a.Errors > 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a.RPS/p.RPS)
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	var kb int
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
		}
	}
	return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
}
