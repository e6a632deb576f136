package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"rapport/bench/cases"
	"rapport/bench/dataset"
	"rapport/bench/gql"
	"rapport/internal/config"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/wiring"
)

// countStatements runs one request of each case against the real handler
// in this process, over a store whose driver counts statements (the
// server exposes no such number, and should not for a benchmark's sake).
// It returns statements per case ID; a case whose request failed is left out.
func countStatements(ctx context.Context, o options, url, token string, shape dataset.Shape, seq *atomic.Int64) (map[string]int64, gql.Schema, error) {
	db, err := wiring.Open(ctx, url, store.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("open for counting: %w", err)
	}
	defer db.Close()
	cfg := serverConfig()
	h := server.New(cfg, db)
	var n atomic.Int64
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(store.WithStatementCount(r.Context(), &n)))
	})
	client := &gql.Client{URL: "http://in-process/graphql", Handler: counted, Token: token}
	schema, err := client.Introspect(ctx)
	if err != nil {
		return nil, nil, err
	}
	env := &cases.Env{API: client, Ops: o.ops, DB: db.SQL, Dialect: db.Dialect, Shape: shape, Schema: schema, Seq: seq}
	out := map[string]int64{}
	for _, c := range cases.All(env) {
		if c.Missing(schema) != "" || c.Mixed != nil && c.Mixed.TwoServers {
			continue
		}
		n.Store(0)
		if err := c.API(ctx, 0, 0); err != nil {
			logf("  statements for case %s not counted: %v", c.ID, err)
			continue
		}
		out[c.ID] = n.Load()
	}
	return out, schema, nil
}

// serverConfig is what the benchmark server runs with, in process and as
// the binary (see serverEnv): defaults, with a request timeout long enough
// for a 10,000-row import.
func serverConfig() config.Config {
	cfg := config.Defaults()
	cfg.RequestTimeout = 2 * time.Minute
	cfg.LogLevel = "warn"
	// The bench is one token asking as fast as it can: the per-token rate
	// limit (6,000,000 cost points a minute, 500 introductionPaths a
	// second) would measure the limiter, not the server.
	cfg.RateLimit = 0
	return cfg
}

func serverEnv(dbURL, addr string) []string {
	return []string{
		"RAPPORT_DATABASE_URL=" + dbURL,
		"RAPPORT_ADDR=" + addr,
		// Request logs at info would put a formatted line per request into
		// the measurement; production would ship them, the floor has none.
		"RAPPORT_LOG_LEVEL=warn",
		"RAPPORT_REQUEST_TIMEOUT=2m",
		"RAPPORT_RATE_LIMIT=0", // see serverConfig
	}
}
