package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/bench/gql"
	"rapport/bench/load"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

// profileCase runs one case against the handler in this process for d at
// the run's concurrency, with the CPU profiler on, and writes the profile
// to path, with block and allocation profiles beside it: where a missed
// target's time goes, without touching the server.
func profileCase(ctx context.Context, o options, url, token, id, path string, shape dataset.Shape, seq *atomic.Int64) error {
	db, err := wiring.Open(ctx, url, store.Options{})
	if err != nil {
		return fmt.Errorf("open for profiling: %w", err)
	}
	defer db.Close()
	handler := server.New(serverConfig(), db)
	// As the served binary before it says ready: the feed's followers and
	// the grid loaded, so that the profile shows requests, not start-up.
	if err := server.Warm(ctx, db); err != nil {
		return fmt.Errorf("warm the in-process server: %w", err)
	}
	// And settled, as the served binary is before the table's cases: the
	// first alert sweep and suggestion refresh otherwise fill the profile
	// (40% of createContact's, with their writes queued on the same lock).
	waited, err := settle(ctx, busyTicks(os.Getpid(), db.Dialect == dialect.Postgres), 3*time.Minute)
	if err != nil {
		return fmt.Errorf("settle before profiling: %w", err)
	}
	logf("%s: the in-process server settled %s after warming", db.Dialect, waited.Round(time.Second))
	client := &gql.Client{URL: "http://in-process/graphql", Handler: handler, Token: token}
	schema, err := client.Introspect(ctx)
	if err != nil {
		return err
	}
	env := &cases.Env{API: client, Ops: o.ops, DB: db.SQL, Dialect: db.Dialect, Shape: shape, Schema: schema, Seq: seq}
	for _, c := range cases.All(env) {
		if c.ID != id {
			continue
		}
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
		defer f.Close()
		// The block profile says where requests wait rather than work
		// (pool, locks, SQLite's busy handler), which CPU time alone hides.
		runtime.SetBlockProfileRate(int(time.Microsecond))
		defer runtime.SetBlockProfileRate(0)
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start profile: %w", err)
		}
		res := load.Run(ctx, load.Options{Concurrency: o.concurrency, Duration: max(o.duration, 5*time.Second)}, c.API)
		pprof.StopCPUProfile()
		blockPath, allocsPath := strings.TrimSuffix(path, ".pprof")+"-block.pprof", strings.TrimSuffix(path, ".pprof")+"-allocs.pprof"
		if err := writeProfile("block", blockPath); err != nil {
			return err
		}
		if err := writeProfile("allocs", allocsPath); err != nil {
			return err
		}
		logf("profiled case %s in process: %s; go tool pprof -top %s (and %s, %s)", id, res, path, blockPath, allocsPath)
		return nil
	}
	return fmt.Errorf("no case %q", id)
}

// writeProfile writes the runtime's profile name to path.
func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("write %s profile: %w", name, err)
	}
	return f.Close()
}
