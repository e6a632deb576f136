// Package metrics exposes Rapport's Prometheus metrics at /metrics: GraphQL
// requests by operation and outcome, their latency and SQL statements, the
// database pool, and imported rows.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"rapport/internal/importer"
	"rapport/internal/store"
)

// maxOperations bounds the operation label: names are chosen by clients,
// and a label with unbounded values would grow the registry without end.
const maxOperations = 200

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// knownOutcomes are the outcome label's values besides "ok"; any other
// error code is counted as "error".
var knownOutcomes = map[string]bool{
	"BAD_USER_INPUT": true, "NOT_FOUND": true, "CONFLICT": true, "UNAUTHENTICATED": true, "FORBIDDEN": true,
	"INTERNAL_SERVER_ERROR": true, "GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true,
	"REQUEST_TOO_LARGE": true, "THROTTLED": true, "QUERY_TOO_COMPLEX": true, "PERSISTED_QUERY_NOT_FOUND": true,
}

// Metrics holds one server's registry and instruments.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	statements *prometheus.HistogramVec
	importRows *prometheus.CounterVec

	mu  sync.Mutex
	ops map[string]bool
}

// New returns the metrics of a server whose pool is db.
func New(db *sql.DB) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome (ok, or the first error's code).",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rapport_graphql_request_duration_seconds",
			Help:    "GraphQL request latency, from the request's arrival to the response's end.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		statements: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rapport_graphql_sql_statements",
			Help:    "SQL statements one GraphQL request sent (authentication included).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12),
		}, []string{"operation"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_import_rows_total",
			Help: "Rows of contact imports by status; applied is false for dry runs and refused all-or-nothing imports.",
		}, []string{"status", "applied"}),
		ops: map[string]bool{},
	}
	m.reg.MustRegister(m.requests, m.latency, m.statements, m.importRows,
		collectors.NewDBStatsCollector(db, "rapport"),
		newWebhookCollector(db),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry, for tests and further collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

type stateKey struct{}

// state is filled in as a GraphQL request travels.
type state struct {
	statements atomic.Int64
	mu         sync.Mutex
	operation  string
	outcome    string
}

// Middleware measures each request to the GraphQL endpoint: it counts the
// request's SQL statements and times it; Extension, installed in the
// GraphQL handler, says which operation it was and how it ended.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &state{}
		ctx := context.WithValue(r.Context(), stateKey{}, st)
		ctx = store.WithStatementCount(ctx, &st.statements)
		ctx = importer.WithObserver(ctx, m.observeImport)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if r.Method == http.MethodOptions {
			return
		}
		st.mu.Lock()
		op, outcome := st.operation, st.outcome
		st.mu.Unlock()
		if outcome == "" { // refused before GraphQL ran
			outcome = httpOutcome(rec.status)
		}
		op = m.operationLabel(op)
		m.requests.WithLabelValues(op, outcome).Inc()
		m.latency.WithLabelValues(op).Observe(time.Since(start).Seconds())
		m.statements.WithLabelValues(op).Observe(float64(st.statements.Load()))
	})
}

func httpOutcome(status int) string {
	switch {
	case status < 400:
		return "ok"
	case status == http.StatusUnauthorized:
		return "UNAUTHENTICATED"
	case status == http.StatusForbidden:
		return "FORBIDDEN"
	case status == http.StatusRequestEntityTooLarge:
		return "REQUEST_TOO_LARGE"
	case status == http.StatusTooManyRequests:
		return "THROTTLED"
	}
	return "http_" + strconv.Itoa(status)
}

func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ops[name] {
		if len(m.ops) >= maxOperations {
			return "other"
		}
		m.ops[name] = true
	}
	return name
}

func (m *Metrics) observeImport(res *importer.Result) {
	applied := strconv.FormatBool(res.Applied)
	for status, n := range map[importer.RowStatus]int{
		importer.StatusCreated: res.Totals.Created, importer.StatusUpdated: res.Totals.Updated,
		importer.StatusUnchanged: res.Totals.Unchanged, importer.StatusError: res.Totals.Errors,
	} {
		if n > 0 {
			m.importRows.WithLabelValues(string(status), applied).Add(float64(n))
		}
	}
}

// Extension tells Middleware the operation's name and outcome. Install it
// in the gqlgen handler with srv.Use(metrics.Extension{}).
type Extension struct{}

var (
	_ graphql.HandlerExtension          = Extension{}
	_ graphql.ResponseInterceptor       = Extension{}
	_ graphql.OperationParameterMutator = Extension{}
)

// MutateOperationParameters notes the operationName the client sent, for
// requests that fail before their document is parsed and validated.
func (Extension) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		st.mu.Lock()
		st.operation = raw.OperationName
		st.mu.Unlock()
	}
	return nil
}

// ExtensionName implements graphql.HandlerExtension.
func (Extension) ExtensionName() string { return "Metrics" }

// Validate implements graphql.HandlerExtension.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (Extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	st, ok := ctx.Value(stateKey{}).(*state)
	if !ok {
		return resp
	}
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
		if code, _ := resp.Errors[0].Extensions["code"].(string); knownOutcomes[code] {
			outcome = code
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil && oc.Operation.Name != "" {
			st.operation = oc.Operation.Name
		} else if oc.OperationName != "" {
			st.operation = oc.OperationName
		}
	}
	if st.outcome == "" || st.outcome == "ok" {
		st.outcome = outcome
	}
	return resp
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush passes flushes through.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
