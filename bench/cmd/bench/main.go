// Command bench is Rapport's benchmark harness (make bench): it generates
// a dataset at a named scale, starts the real server binary on it (SQLite,
// then a fresh PostgreSQL database), drives each case from this process,
// measures the same reads in hand-written SQL served over HTTP by the
// floor server (bench/cmd/floor) and, with BENCH_PEERS=1, PostGraphile as
// a peer, runs the dashboard's own operations and the graph's readers
// under a steady write rate, writes BENCHMARKS.md, and exits 1 when a
// target is missed or a case errs (not at scale S, the smoke test).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/bench/gql"
	"rapport/bench/load"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

type options struct {
	scale       dataset.Scale
	duration    time.Duration
	concurrency int
	maxRequests int
	backends    []string
	pgURL       string
	out         string
	peers       bool
	only        map[string]bool
	profile     string // case ID to profile in process, then stop
	dashConc    int    // concurrency of the dashboard's page cases
	ops         map[string]string
	root        string
	cacheDir    string // where loaded datasets are kept between runs; "" for none
}

func main() {
	var (
		o        options
		scale    = flag.String("scale", "S", "dataset scale: S, M or L")
		backends = flag.String("backends", "sqlite,postgres", "comma-separated: sqlite, postgres")
		only     = flag.String("cases", "", "comma-separated case IDs to run (default all)")
	)
	flag.DurationVar(&o.duration, "duration", 0, "time per case and target (default 1s at S, 10s otherwise)")
	flag.IntVar(&o.concurrency, "concurrency", 8, "concurrent requests")
	flag.IntVar(&o.maxRequests, "max-requests", 50000, "most requests per case and target")
	flag.StringVar(&o.pgURL, "pg", envOr("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"), "PostgreSQL server to create the bench database on (on loopback without TLS unless it sets sslmode)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "where to write the table")
	flag.StringVar(&o.profile, "profile", "", "profile this case in process (CPU, written to $TMPDIR/rapport-bench-CASE-DB.pprof) instead of running the table")
	flag.IntVar(&o.dashConc, "dashboard-concurrency", 2, "concurrent page loads for the dashboard's cases (a few people, not a load test)")
	flag.StringVar(&o.cacheDir, "cache", envOr("BENCH_CACHE", defaultCache()), "keep loaded datasets here between runs (\"\" or \"off\" for none)")
	flag.Parse()
	s, ok := dataset.Scales[strings.ToUpper(*scale)]
	if !ok {
		fatalf("unknown scale %q: want S, M or L", *scale)
	}
	o.scale, o.backends, o.peers = s, split(*backends), os.Getenv("BENCH_PEERS") == "1"
	if *only != "" {
		o.only = map[string]bool{}
		for _, id := range split(*only) {
			o.only[id] = true
		}
	}
	if o.duration == 0 {
		o.duration = 10 * time.Second
		if s.Name == "S" {
			o.duration = time.Second // CI's smoke test: the whole run stays under two minutes
		}
	}
	// The in-process handler logs through slog; only its warnings matter here.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fatalf("bench: %v", err)
	}
}

func run(ctx context.Context, o options) error {
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "rapport-bench-")
	if err != nil {
		return fmt.Errorf("make a temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	o.root = root
	if o.ops, err = gql.LoadOperations(filepath.Join(root, "frontend", "src", "gql", "gql.ts")); err != nil {
		return err
	}
	logf("building the server and the floor")
	bin, err := buildServer(ctx, root, tmp)
	if err != nil {
		return err
	}
	floorBin, err := build(ctx, root, tmp, "floor", "./bench/cmd/floor")
	if err != nil {
		return err
	}
	rep := &report{opts: o, started: started, loadStart: loadAverage()}
	for _, b := range o.backends {
		if err := runBackend(ctx, o, b, bin, floorBin, tmp, rep); err != nil {
			return fmt.Errorf("%s: %w", b, err)
		}
	}
	if o.profile != "" {
		return nil
	}
	rep.total, rep.loadEnd = time.Since(started), loadAverage()
	rep.evaluate()
	text := rep.markdown()
	fmt.Print("\n" + text)
	out := o.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	logf("wrote %s in %s total", out, rep.total.Round(time.Second))
	if missed := rep.missed(); len(missed) > 0 {
		return fmt.Errorf("%d of %d targets missed or cases failed:\n  %s", len(missed), len(rep.targets), strings.Join(missed, "\n  "))
	}
	return nil
}

// runBackend loads the dataset into a fresh database, counts statements,
// starts the binary, the floor (and the peer) on it and runs every case.
func runBackend(ctx context.Context, o options, backend, bin, floorBin, tmp string, rep *report) error {
	url, drop, err := freshDatabase(ctx, o, backend, tmp)
	if err != nil {
		return err
	}
	defer drop()
	logf("%s: loading scale %s", backend, o.scale.Name)
	st, err := loadDataset(ctx, o, backend, url)
	if err != nil {
		return err
	}
	db, err := wiring.Open(ctx, url, store.Options{Migrate: true})
	if err != nil {
		return err
	}
	// The API wants a caller: an admin token that sees every account, as
	// an integrator's would.
	token, _, err := auth.CreateToken(auth.WithViewer(ctx, auth.System), db.Client,
		auth.NewToken{Name: "bench", Role: auth.RoleAdmin, AllAccounts: true})
	db.Close()
	if err != nil {
		return fmt.Errorf("create an API token: %w", err)
	}
	rep.loads = append(rep.loads, loadInfo{backend, st})
	logf("%s: loaded %d rows in %s%s", backend, st.Total(), st.Duration.Round(time.Millisecond), st.cachedNote())
	shape := dataset.ShapeOf(o.scale)
	seq := &atomic.Int64{}
	if o.profile != "" {
		return profileCase(ctx, o, url, token, o.profile, filepath.Join(os.TempDir(), fmt.Sprintf("rapport-bench-%s-%s.pprof", o.profile, backend)), shape, seq)
	}
	stmts, _, err := countStatements(ctx, o, url, token, shape, seq)
	if err != nil {
		return err
	}

	floorDB, err := wiring.Open(ctx, url, store.Options{})
	if err != nil {
		return err
	}
	defer floorDB.Close()
	srv, api, err := startServer(ctx, bin, "rapport-"+backend, url, token, tmp)
	if err != nil {
		return err
	}
	defer srv.stop()
	floorAddr, err := freeAddr()
	if err != nil {
		return err
	}
	floorSrv, err := start(ctx, "floor-"+backend, exec.CommandContext(ctx, floorBin, "-db", url, "-scale", o.scale.Name, "-addr", floorAddr),
		tmp, httpReady("http://"+floorAddr+"/readyz"))
	if err != nil {
		return err
	}
	defer floorSrv.stop()
	schema, err := api.Introspect(ctx)
	if err != nil {
		return err
	}
	env := &cases.Env{API: api, Floor: cases.NewFloorClient("http://" + floorAddr), Ops: o.ops,
		DB: floorDB.SQL, Dialect: floorDB.Dialect, Shape: shape, Schema: schema, Seq: seq}
	if o.peers && backend == "postgres" {
		peer, client, err := startPeer(ctx, url, tmp)
		if err != nil {
			rep.notes = append(rep.notes, fmt.Sprintf("PostGraphile did not start, no peer column: %v", err))
		} else {
			defer peer.stop()
			env.Peer = client
		}
	}
	pid := srv.cmd.Process.Pid
	if waited, err := settle(ctx, busyTicks(pid, backend == "postgres"), 3*time.Minute); err != nil {
		rep.notes = append(rep.notes, fmt.Sprintf("%s: the server did not settle before the cases: %v", backend, err))
	} else if waited > 6*time.Second {
		logf("%s: the server settled %s after it said ready", backend, waited.Round(time.Second))
		rep.notes = append(rep.notes, fmt.Sprintf("%s: the cases began once the server (and on PostgreSQL the database) had settled, %s after it said ready (a fresh dataset's first alert sweep and suggestion refresh)",
			backend, waited.Round(time.Second)))
	}
	for _, c := range cases.All(env) {
		if o.only != nil && !o.only[c.ID] {
			continue
		}
		r := row{backend: backend, c: c, stmts: -1}
		if s, ok := stmts[c.ID]; ok {
			r.stmts = s
		}
		opts := load.Options{Concurrency: o.concurrency, Duration: o.duration, MaxRequests: o.maxRequests, Warmup: 2 * o.concurrency}
		if c.Dashboard {
			opts.Concurrency, opts.Warmup = o.dashConc, 2*o.dashConc
		}
		if c.Concurrency > 0 {
			opts.Concurrency, opts.MaxRequests, opts.Warmup = c.Concurrency, c.MaxRequests, 0
		}
		if m := c.Missing(schema); m != "" {
			r.skip = "skipped: the server has no " + m
			if strings.HasPrefix(m, "dashboard operation") {
				r.skip = "skipped: frontend/src/gql has no " + m
			}
			logf("%s %s: %s", backend, c.ID, r.skip)
			// The floor still runs: it checks its SQL and gives the
			// reference the API will be held to once the field lands.
			if c.Floor != nil {
				f := load.Run(ctx, opts, c.Floor)
				r.floor = &f
				logf("%s %s floor:   %s", backend, c.ID, f)
			}
			rep.rows = append(rep.rows, r)
			continue
		}
		if c.Mixed != nil {
			if err := runMixed(ctx, o, backend, bin, url, token, tmp, env, c, opts, &r); err != nil {
				return fmt.Errorf("case %s: %w", c.ID, err)
			}
			rep.rows = append(rep.rows, r)
			continue
		}
		if err := resetPeakRSS(pid); err != nil {
			r.rssNote = "cumulative"
		}
		// The API, its floor and its peer are measured side by side (see
		// interleaved); a case with its own request count runs each once.
		ops, into, names := []load.Op{c.API}, []**load.Result{&r.api}, []string{"rapport"}
		if c.Floor != nil {
			ops, into, names = append(ops, c.Floor), append(into, &r.floor), append(names, "floor")
		}
		if c.Peer != nil && env.Peer != nil {
			ops, into, names = append(ops, c.Peer), append(into, &r.peer), append(names, "peer")
		}
		n := rounds
		if c.Concurrency > 0 || len(ops) == 1 {
			n = 1
		}
		for i, res := range interleaved(ctx, opts, ops, n) {
			*into[i] = &res
			logf("%s %s %-8s %s", backend, c.ID, names[i]+":", res)
		}
		if kb, err := peakRSS(pid); err == nil {
			r.rssKB = kb
		}
		if c.Detail != nil {
			r.detail = c.Detail()
		}
		rep.rows = append(rep.rows, r)
	}
	return nil
}

// startServer starts the binary on url at a free port and returns a
// client of its API with token.
func startServer(ctx context.Context, bin, name, url, token, tmp string) (*proc, *gql.Client, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), serverEnv(url, addr)...)
	srv, err := start(ctx, name, cmd, tmp, httpReady("http://"+addr+"/readyz"))
	if err != nil {
		return nil, nil, err
	}
	api := gql.New("http://" + addr + "/graphql")
	api.Token = token
	return srv, api, nil
}

// runMixed runs a mixed case: its readers alone for half the duration, as
// the baseline, then the readers with the writes at their rate and the
// staleness probe beside them; with TwoServers, on a second server.
func runMixed(ctx context.Context, o options, backend, bin, url, token, tmp string, env *cases.Env, c cases.Case, opts load.Options, r *row) error {
	m := c.Mixed
	if m.TwoServers {
		if backend != "postgres" {
			r.skip = "skipped: several servers share a database on PostgreSQL only"
			logf("%s %s: %s", backend, c.ID, r.skip)
			return nil
		}
		srvB, apiB, err := startServer(ctx, bin, "rapport-"+backend+"-b", url, token, tmp)
		if err != nil {
			return fmt.Errorf("start the second server: %w", err)
		}
		defer srvB.stop()
		env.Writer, env.Reader = env.API, apiB
		defer func() { env.Writer, env.Reader = nil, nil }()
	}
	for i := range 4 { // a first answer from each reader (the graph's first load) before any clock
		_ = c.API(ctx, i%opts.Concurrency, -1-i)
	}
	alone := opts
	alone.Duration = max(o.duration/2, time.Second)
	base := load.Run(ctx, alone, c.API)
	r.alone = &base
	logf("%s %s reads alone:       %s", backend, c.ID, base)

	var (
		wg            sync.WaitGroup
		writes        load.Result
		stale         []time.Duration
		staleErrs     int
		staleFirstErr error
	)
	deadline := time.Now().Add(opts.Duration)
	wg.Add(2)
	go func() { defer wg.Done(); writes = load.Paced(ctx, m.Rate, opts.Duration, m.Write) }()
	go func() {
		defer wg.Done()
		for ctx.Err() == nil && time.Now().Before(deadline) {
			d, err := m.Probe(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				staleErrs++
				if staleFirstErr == nil {
					staleFirstErr = err
				}
			}
			if d > 0 || err == nil {
				stale = append(stale, d)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	reads := load.Run(ctx, opts, c.API)
	wg.Wait()
	st := load.Summary(stale)
	st.Errors, st.FirstErr = staleErrs, staleFirstErr
	r.api, r.writes, r.stale = &reads, &writes, &st
	logf("%s %s reads under writes: %s", backend, c.ID, reads)
	logf("%s %s writes:             %s (missed ticks %d)", backend, c.ID, writes, writes.Missed)
	logf("%s %s staleness:          %d probes p50 %s p99 %s max %s errors %d", backend, c.ID, st.Requests, st.P50, st.P99, st.Max, st.Errors)
	return nil
}

// freshDatabase returns the URL of an empty database and how to remove it.
func freshDatabase(ctx context.Context, o options, backend, tmp string) (string, func(), error) {
	switch backend {
	case "sqlite":
		path := filepath.Join(tmp, "bench-"+o.scale.Name+".db")
		return "sqlite:" + path, func() {}, nil
	case "postgres":
		admin, err := sql.Open("pgx", databaseURL(o.pgURL, "postgres"))
		if err != nil {
			return "", nil, fmt.Errorf("open %s: %w", store.Redact(o.pgURL), err)
		}
		name := fmt.Sprintf("rapport_bench_%d", os.Getpid())
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("create database %s: %w", name, err)
		}
		drop := func() {
			// A fresh context: the run's may be cancelled, the database must still go.
			dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
				logf("drop database %s: %v", name, err)
			}
			admin.Close()
		}
		return databaseURL(o.pgURL, name), drop, nil
	}
	return "", nil, fmt.Errorf("unknown backend %q: want sqlite or postgres", backend)
}

// databaseURL is the URL of database name on the server at base. On
// loopback it turns TLS off unless base sets sslmode: pgx prefers TLS and
// node-postgres (PostGraphile) does not, and encrypting every message to
// a local server was a tenth of Rapport's CPU on the accounts page.
func databaseURL(base, name string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		return strings.TrimSuffix(base, "/") + "/" + name
	}
	u.Path = "/" + name
	q := u.Query()
	if ip := net.ParseIP(u.Hostname()); q.Get("sslmode") == "" && (u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()) {
		q.Set("sslmode", "disable")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run bench from inside the rapport module")
	}
	return filepath.Dir(mod), nil
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

var logOut io.Writer = os.Stderr

func logf(format string, args ...any) {
	fmt.Fprintf(logOut, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
