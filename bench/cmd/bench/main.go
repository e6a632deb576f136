// Command bench is Rapport's benchmark harness (make bench): it generates
// a dataset at a named scale, starts the real server binary on it (SQLite,
// then a fresh PostgreSQL database), drives each case from this process,
// measures the same reads in hand-written SQL as the floor and, with
// BENCH_PEERS=1, PostGraphile as a peer, and writes BENCHMARKS.md.
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
	"sync/atomic"
	"syscall"
	"time"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/bench/gql"
	"rapport/bench/load"
	"rapport/internal/auth"
	"rapport/internal/store"
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
	logf("building the server")
	bin, err := buildServer(ctx, root, tmp)
	if err != nil {
		return err
	}
	rep := &report{opts: o, started: started, loadStart: loadAverage()}
	for _, b := range o.backends {
		if err := runBackend(ctx, o, b, bin, tmp, rep); err != nil {
			return fmt.Errorf("%s: %w", b, err)
		}
	}
	if o.profile != "" {
		return nil
	}
	rep.total, rep.loadEnd = time.Since(started), loadAverage()
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
	return nil
}

// runBackend loads the dataset into a fresh database, counts statements,
// starts the binary (and the peer) on it and runs every case.
func runBackend(ctx context.Context, o options, backend, bin, tmp string, rep *report) error {
	url, drop, err := freshDatabase(ctx, o, backend, tmp)
	if err != nil {
		return err
	}
	defer drop()
	db, err := store.Open(ctx, url, store.Options{Migrate: true})
	if err != nil {
		return err
	}
	logf("%s: loading scale %s", backend, o.scale.Name)
	st, err := dataset.Load(ctx, db, o.scale)
	if err != nil {
		db.Close()
		return fmt.Errorf("load dataset: %w", err)
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
	logf("%s: loaded %d rows in %s", backend, st.Total(), st.Duration.Round(time.Millisecond))
	shape := dataset.ShapeOf(o.scale)
	seq := &atomic.Int64{}
	if o.profile != "" {
		return profileCase(ctx, o, url, token, o.profile, filepath.Join(os.TempDir(), fmt.Sprintf("rapport-bench-%s-%s.pprof", o.profile, backend)), shape, seq)
	}
	stmts, _, err := countStatements(ctx, url, token, shape, seq)
	if err != nil {
		return err
	}

	floorDB, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		return err
	}
	defer floorDB.Close()
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), serverEnv(url, addr)...)
	srv, err := start(ctx, "rapport-"+backend, cmd, tmp, httpReady("http://"+addr+"/readyz"))
	if err != nil {
		return err
	}
	defer srv.stop()
	api := gql.New("http://" + addr + "/graphql")
	api.Token = token
	schema, err := api.Introspect(ctx)
	if err != nil {
		return err
	}
	env := &cases.Env{API: api, DB: floorDB.SQL, Dialect: floorDB.Dialect, Shape: shape, Schema: schema, Seq: seq}
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
	for _, c := range cases.All(env) {
		if o.only != nil && !o.only[c.ID] {
			continue
		}
		r := row{backend: backend, c: c, stmts: -1}
		if s, ok := stmts[c.ID]; ok {
			r.stmts = s
		}
		opts := load.Options{Concurrency: o.concurrency, Duration: o.duration, MaxRequests: o.maxRequests, Warmup: 2 * o.concurrency}
		if c.Concurrency > 0 {
			opts.Concurrency, opts.MaxRequests, opts.Warmup = c.Concurrency, c.MaxRequests, 0
		}
		if m := c.Missing(schema); m != "" {
			r.skip = "skipped: the server has no " + m
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
		if err := resetPeakRSS(pid); err != nil {
			r.rssNote = "cumulative"
		}
		res := load.Run(ctx, opts, c.API)
		r.api = &res
		if kb, err := peakRSS(pid); err == nil {
			r.rssKB = kb
		}
		logf("%s %s rapport: %s", backend, c.ID, res)
		if c.Floor != nil {
			f := load.Run(ctx, opts, c.Floor)
			r.floor = &f
			logf("%s %s floor:   %s", backend, c.ID, f)
		}
		if c.Peer != nil && env.Peer != nil {
			p := load.Run(ctx, opts, c.Peer)
			r.peer = &p
			logf("%s %s peer:    %s", backend, c.ID, p)
		}
		rep.rows = append(rep.rows, r)
	}
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
