// Package server wires Rapport's HTTP surface: the GraphQL endpoint,
// GraphiQL, health checks and the embedded dashboard, behind request IDs,
// structured logs, CORS and body and time limits.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"rapport/frontend"
	"rapport/internal/audit"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/metrics"
	"rapport/internal/store"
	"rapport/internal/tracing"
)

// New returns the server's root handler.
func New(cfg config.Config, db *store.DB) http.Handler {
	return Build(cfg, db).API
}

// Handlers are what the server serves: the API listener's handler, the
// Prometheus metrics (for a listener of their own, see
// RAPPORT_METRICS_ADDR), and the authentication service (for its purge).
type Handlers struct {
	API     http.Handler
	Metrics http.Handler
	Auth    *auth.Service
	// warming is set while StartWarm's load runs: /readyz says not yet.
	warming *atomic.Bool
}

// StartWarm loads what follows the change feed in the background (Warm)
// and holds /readyz at 503 until it is done, so that a load balancer (or
// the bench) sends requests once the graph index and the maintained values
// are loaded (seconds at scale L) rather than making the first ones wait.
// A failed load still ends the wait: the first requests retry it. The
// channel gets Warm's result.
func (h Handlers) StartWarm(ctx context.Context, db *store.DB) <-chan error {
	h.warming.Store(true)
	done := make(chan error, 1)
	go func() {
		err := Warm(ctx, db)
		h.warming.Store(false)
		done <- err
	}()
	return done
}

// Build returns the server's handlers.
func Build(cfg config.Config, db *store.DB) Handlers {
	mux := http.NewServeMux()
	trusted, err := auth.ParsePrefixes(cfg.TrustedProxies)
	if err != nil {
		slog.Error("ignoring RAPPORT_TRUSTED_PROXIES", "err", err) // serve checks it before it gets here
	}
	authn := auth.NewServiceWith(db.Client, auth.Options{
		InsecureHTTP: cfg.InsecureHTTP, TrustedProxies: trusted, AllowedOrigins: cfg.CORSOrigins,
		SessionLifetime: cfg.SessionLifetime, IdleTimeout: cfg.SessionIdleTimeout,
		OnEvent: audit.Security(db.Client),
	})
	auth.SetDefaultTokenExpiry(cfg.TokenExpiry)
	gql := newGraphQL(cfg, db, authn)
	authn.Routes(mux)
	m := metrics.New(db.SQL)
	mux.Handle("/graphql", m.Middleware(withWebSocket(cfg, gql, authn.Require(graphQLBody(cfg, authn, gql)))))
	if cfg.MetricsToken != "" {
		// Off the API listener unless asked for, and then behind a token:
		// the metrics name operations and show the load.
		mux.Handle("GET /metrics", requireBearer(cfg.MetricsToken, m.Handler()))
	} else {
		mux.Handle("GET /metrics", http.NotFoundHandler()) // not the dashboard's fallback either
	}
	if cfg.Playground {
		mux.Handle("GET /playground", withPageCSP(renderedPage(playground.Handler("Rapport GraphQL", "/graphql"))))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	warming := new(atomic.Bool)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if warming.Load() {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("warming up: loading the graph index and the maintained values\n"))
			return
		}
		if err := db.SQL.PingContext(ctx); err != nil {
			slog.WarnContext(ctx, "readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("/", NewSPA(frontend.Dist()))

	c := cors.New(cors.Options{
		// A function, not AllowedOrigins: rs/cors reads an empty list as
		// "*", and the default is no origin at all.
		AllowOriginFunc: func(origin string) bool {
			return slices.Contains(cfg.CORSOrigins, origin) || slices.Contains(cfg.CORSOrigins, "*")
		},
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-Request-Id", "X-CSRF-Token"},
		ExposedHeaders:   []string{"X-Request-Id", "Retry-After"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	api := tracing.HTTP(requestContext(cfg, trusted, securityHeaders(cfg, c.Handler(mux))))
	return Handlers{API: api, Metrics: m.Handler(), Auth: authn, warming: warming}
}

// requireBearer serves next to requests carrying "Authorization: Bearer
// token" only.
func requireBearer(token string, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the metrics token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses request bodies over max bytes with 413 and a GraphQL
// error, before gqlgen reads them (it reads bodies without a cap).
// graphQLBody reads a GraphQL POST body within its limit and gives the
// request its time limit. Ordinary requests get MaxBodyBytes and
// RequestTimeout; a bulk import (a mutation whose only field is
// importContacts) may carry up to ImportMaxBytes and run for
// ImportTimeout, so that 50,000 rows fit. gqlgen itself reads bodies
// without a cap, so nothing larger ever reaches it.
func graphQLBody(cfg config.Config, authn *auth.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method != http.MethodPost || isStream(r) {
			ctx, cancel := withTimeout(streamTimeout(cfg, r), r.Context())
			defer cancel()
			if isStream(r) {
				// An SSE stream lives on its credential: it ends when the
				// credential does (see auth.Service.Watch).
				ctx = authn.Watch(ctx)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		limit := max(cfg.MaxBodyBytes, cfg.ImportMaxBytes)
		if r.ContentLength > limit {
			tooLarge(w, cfg.MaxBodyBytes)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			http.Error(w, "could not read the request body", http.StatusBadRequest)
			return
		}
		timeout := cfg.RequestTimeout
		if int64(len(body)) > cfg.MaxBodyBytes {
			if int64(len(body)) > limit || !isBulkImport(body) {
				tooLarge(w, cfg.MaxBodyBytes)
				return
			}
			timeout = cfg.ImportTimeout
		}
		ctx, cancel := withTimeout(timeout, r.Context())
		defer cancel()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func streamTimeout(cfg config.Config, r *http.Request) time.Duration {
	if isStream(r) {
		return 0 // a subscription lasts as long as the client wants
	}
	return cfg.RequestTimeout
}

// isBulkImport reports a request whose one operation is a mutation asking
// for importContacts and nothing else.
func isBulkImport(body []byte) bool {
	var req struct {
		Query string `json:"query"`
	}
	if json.Unmarshal(body, &req) != nil || req.Query == "" {
		return false
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: req.Query})
	if err != nil || len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Mutation {
		return false
	}
	for _, sel := range doc.Operations[0].SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || f.Name != "importContacts" {
			return false
		}
	}
	return len(doc.Operations[0].SelectionSet) > 0
}

func tooLarge(w http.ResponseWriter, max int64) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	fmt.Fprintf(w, `{"errors":[{"message":"request body larger than %d bytes","extensions":{"code":"REQUEST_TOO_LARGE"}}]}`, max)
}

type requestInfoKey struct{}

// requestInfo is filled in as a request travels, for its log line.
type requestInfo struct {
	id         string
	operation  string
	remoteIP   string
	retryAfter time.Duration
}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// RequestID returns the request's ID, or "".
func RequestID(ctx context.Context) string {
	if info := requestInfoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

// requestContext gives each request an ID of the server's own (a client's
// X-Request-Id, when sane, is kept beside it: in the logs, the audit trail
// and the X-Client-Request-Id answer header, never instead of it), the
// client's address, a time limit, and one log line when it ends.
func requestContext(cfg config.Config, trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		clientID := r.Header.Get("X-Request-Id")
		if !saneRequestID(clientID) {
			clientID = ""
		}
		meta := &auth.RequestMeta{ID: id, ClientID: clientID, Address: auth.ClientAddress(r, trusted)}
		info := &requestInfo{id: id, remoteIP: meta.Address}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		ctx = audit.WithRequestID(ctx, id)
		ctx = auth.WithRequestMeta(ctx, meta)
		// GraphQL POSTs get their time limit once their body says what they
		// are (graphQLBody); everything else gets it here.
		timeout := cfg.RequestTimeout
		if r.URL.Path == "/graphql" {
			timeout = 0
		}
		ctx, cancel := withTimeout(timeout, ctx)
		defer cancel()
		w.Header().Set("X-Request-Id", id)
		if clientID != "" {
			w.Header().Set("X-Client-Request-Id", clientID)
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK, info: info}
		next.ServeHTTP(rec, r.WithContext(ctx))
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || (r.URL.Path != "/graphql" && rec.status < 400) {
			level = slog.LevelDebug
		}
		slog.Log(ctx, level, "request",
			"request_id", id, "client_request_id", clientID, "client", meta.Address, "actor", meta.Actor,
			"method", r.Method, "path", r.URL.Path, "operation", info.operation,
			"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	info   *requestInfo
}

// WriteHeader records the status and adds Retry-After to a rate-limited
// answer (the limit is decided inside the GraphQL handler).
func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	if s.info != nil && s.info.retryAfter > 0 {
		s.Header().Set("Retry-After", strconv.Itoa(int(s.info.retryAfter.Seconds())+1))
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.info != nil && s.info.retryAfter > 0 && s.Header().Get("Retry-After") == "" {
		s.Header().Set("Retry-After", strconv.Itoa(int(s.info.retryAfter.Seconds())+1))
	}
	return s.ResponseWriter.Write(b)
}

// saneRequestID accepts a client's request ID of up to 64 visible ASCII
// characters, so that it cannot forge log lines or fill them.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush passes flushes through, for streaming transports.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
