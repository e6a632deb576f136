// Command floor serves the benchmark's floor over HTTP: for each case that
// has one, the same question answered with hand-written SQL through
// database/sql and encoded with encoding/json by a minimal net/http
// handler, with no GraphQL, ORM, authentication or middleware. The bench
// starts it beside the server and drives both with the same load
// generator, so that × floor measures what GraphQL and the ORM add.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

func main() {
	var (
		dbURL = flag.String("db", "", "database URL (sqlite:PATH or postgres://...) holding the bench dataset")
		scale = flag.String("scale", "M", "the dataset's scale: S, M or L")
		addr  = flag.String("addr", "127.0.0.1:8081", "listen address")
	)
	flag.Parse()
	s, ok := dataset.Scales[strings.ToUpper(*scale)]
	if !ok || *dbURL == "" {
		fmt.Fprintln(os.Stderr, "usage: floor -db URL -scale S|M|L [-addr host:port]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Opened as the server opens its store: the same pool and pragmas.
	db, err := wiring.Open(ctx, *dbURL, store.Options{})
	if err != nil {
		log.Fatalf("floor: %v", err)
	}
	defer db.Close()
	// Its writes' external IDs start far from the harness's own.
	seq := &atomic.Int64{}
	seq.Store(1 << 40)
	env := &cases.Env{DB: db.SQL, Dialect: db.Dialect, Shape: dataset.ShapeOf(s), Seq: seq}
	srv := &http.Server{Addr: *addr, Handler: cases.FloorHandler(env), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("floor: %v", err)
	}
}
