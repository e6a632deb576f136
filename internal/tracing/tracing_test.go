package tracing_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/storetest"
	"rapport/internal/tracing"
)

// TestTracesReachTheConfiguredCollector runs a request through the real
// handler with an OTLP endpoint set and sees the spans arrive at a
// collector on loopback.
func TestTracesReachTheConfiguredCollector(t *testing.T) {
	var posts, bytes atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/traces" && r.Method == http.MethodPost {
			n, _ := io.Copy(io.Discard, r.Body)
			posts.Add(1)
			bytes.Add(n)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer collector.Close()
	stop, err := tracing.Setup(context.Background(), collector.URL)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	c.MustDo(`query AccountsForTracing { accounts(first: 1) { totalCount } }`, nil, nil)
	if err := stop(context.Background()); err != nil { // flushes
		t.Fatal(err)
	}
	if posts.Load() == 0 || bytes.Load() == 0 {
		t.Errorf("the collector received %d posts (%d bytes), want the request's spans", posts.Load(), bytes.Load())
	}
}
