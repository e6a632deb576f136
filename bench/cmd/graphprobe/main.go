// Command graphprobe times the graph snapshot (package memgraph) and the
// traversals directly, without GraphQL or HTTP: how long a snapshot load
// takes and how much heap it holds at a scale, and the latency of
// stakeholderGraph and introductionPaths on a warm snapshot. The bench's
// cases measure the same calls through the whole server.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"rapport/bench/dataset"
	"rapport/internal/auth"
	"rapport/internal/stakeholder/memgraph"
	"rapport/internal/stakeholder/walk"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

func main() {
	scale := flag.String("scale", "M", "S, M or L")
	url := flag.String("db", "", "database URL (default a fresh SQLite file)")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the snapshot loads here")
	flag.Parse()
	ctx := auth.WithViewer(context.Background(), auth.System)
	u := *url
	if u == "" {
		dir, _ := os.MkdirTemp("", "graphprobe")
		defer os.RemoveAll(dir)
		u = "sqlite:" + filepath.Join(dir, "r.db")
	}
	db, err := wiring.Open(ctx, u, store.Options{Migrate: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	s := dataset.Scales[*scale]
	st, err := dataset.Load(ctx, db, s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("dataset loaded", st.Duration)
	shape := dataset.ShapeOf(s)

	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
	}
	for i := range 3 {
		start := time.Now()
		snap, err := memgraph.Load(ctx, db.Client)
		if err != nil {
			log.Fatal(err)
		}
		took := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		fmt.Printf("load %d: %v, contacts %d relations %d coverages %d, estimate %.1f MB, heap growth %.1f MB\n", i, took,
			snap.NumContacts(), snap.NumRelations(), snap.NumCoverages(), float64(snap.Bytes())/1e6, float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/1e6)
		runtime.KeepAlive(snap)
	}
	pprof.StopCPUProfile()
	fmt.Println("peak RSS", peakRSS())
	time1 := func(name string, f func() error) {
		var ds []time.Duration
		for range 50 {
			start := time.Now()
			if err := f(); err != nil {
				log.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		fmt.Printf("%s: p50 %v p99 %v\n", name, ds[len(ds)/2], ds[len(ds)*99/100])
	}
	now := time.Now()
	time1("stakeholderGraph depth 2", func() error {
		g, err := walk.StakeholderGraph(ctx, db.Client, shape.BigAccountID, walk.GraphOptions{Depth: 2, MaxNodes: 2000, Now: now})
		if err == nil && len(g.Nodes) == 0 {
			err = fmt.Errorf("empty")
		}
		return err
	})
	g, _ := walk.StakeholderGraph(ctx, db.Client, shape.BigAccountID, walk.GraphOptions{Depth: 2, MaxNodes: 2000, Now: now})
	fmt.Println("nodes", len(g.Nodes), "edges", len(g.Edges), "truncated", g.Truncated)
	time1("introductionPaths", func() error {
		_, err := walk.IntroductionPaths(ctx, db.Client, walk.PathOptions{To: shape.DecisionMaker, MaxHops: 4, First: 3, Now: now})
		return err
	})
}

// peakRSS reads the process's peak resident set from /proc (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
