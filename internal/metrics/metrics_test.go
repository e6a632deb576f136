package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/config"
	"rapport/internal/storetest"
)

// metricsToken serves /metrics on the API listener (off by default).
const metricsToken = "metrics-test-token"

func metricsConfig() config.Config {
	cfg := config.Defaults()
	cfg.MetricsToken = metricsToken
	return cfg
}

func scrape(t *testing.T, c *apitest.Client) string {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	c.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	return rec.Body.String()
}

// value returns the sample of the series line that starts with prefix.
func value(t *testing.T, body, prefix string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, prefix+" ") {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, prefix)), 64)
			if err != nil {
				t.Fatalf("parse %q: %v", line, err)
			}
			return v
		}
	}
	t.Fatalf("no series %s in:\n%s", prefix, body)
	return 0
}

func TestMetricsCountRequestsStatementsPoolAndImports(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.NewWithConfig(t, db, metricsConfig())
	c.MustDo(`query Accounts { accounts(first: 5) { totalCount } }`, nil, nil)
	c.MustDo(`query Accounts { accounts(first: 5) { totalCount } }`, nil, nil)
	// A document that fails validation is named by the operationName sent.
	req := httptest.NewRequest(http.MethodPost, "/graphql",
		strings.NewReader(`{"query": "query Broken { nope }", "operationName": "Broken"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token)
	rec := httptest.NewRecorder()
	c.Handler.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "GRAPHQL_VALIDATION_FAILED") {
		t.Fatalf("want a validation error, got %s", rec.Body.String())
	}
	if res := c.Do(`mutation Bad { upsertAccount(input: {externalID: "", name: "X"}) { created } }`, nil); len(res.Errors) == 0 {
		t.Fatal("want a BAD_USER_INPUT error")
	}
	// A webhook listening for new contacts: the import below queues one
	// delivery for the row it creates.
	c.MustDo(`mutation { createWebhook(input: {url: "http://127.0.0.1:9/hook", events: ["contact.created"]}) { secret } }`, nil, nil)
	c.MustDo(`mutation { upsertAccount(input: {externalID: "ERP-1", name: "A"}) { created } }`, nil, nil)
	c.MustDo(`mutation Import($i: ImportContactsInput!) { importContacts(input: $i) { applied } }`, map[string]any{"i": map[string]any{
		"atomicity": "PER_ROW",
		"rows": []map[string]any{
			{"externalID": "HR-1", "name": "A", "accountExternalID": "ERP-1"},
			{"externalID": "HR-2", "name": "B", "accountExternalID": "nope"},
		}}}, nil)
	c.As("").Do(`{ __typename }`, nil) // refused before GraphQL runs

	body := scrape(t, c)
	for prefix, want := range map[string]float64{
		`rapport_graphql_requests_total{operation="Accounts",outcome="ok"}`:                      2,
		`rapport_graphql_requests_total{operation="Broken",outcome="GRAPHQL_VALIDATION_FAILED"}`: 1,
		`rapport_graphql_requests_total{operation="Bad",outcome="BAD_USER_INPUT"}`:               1,
		`rapport_graphql_requests_total{operation="anonymous",outcome="UNAUTHENTICATED"}`:        1,
		`rapport_graphql_request_duration_seconds_count{operation="Accounts"}`:                   2,
		`rapport_graphql_sql_statements_count{operation="Accounts"}`:                             2,
		`rapport_import_rows_total{applied="true",status="CREATED"}`:                             1,
		`rapport_import_rows_total{applied="true",status="ERROR"}`:                               1,
		`rapport_webhook_deliveries{status="PENDING"}`:                                           1,
		`rapport_webhook_deliveries{status="DELIVERED"}`:                                         0,
	} {
		if got := value(t, body, prefix); got != want {
			t.Errorf("%s = %v, want %v", prefix, got, want)
		}
	}
	// Each Accounts query sends its own statements (token lookup, count).
	if got := value(t, body, `rapport_graphql_sql_statements_sum{operation="Accounts"}`); got < 2 {
		t.Errorf("statements for two Accounts queries = %v, want at least 2", got)
	}
	if !regexp.MustCompile(`(?m)^go_sql_max_open_connections\{db_name="rapport"\} 16$`).MatchString(body) {
		t.Errorf("no pool stats (go_sql_max_open_connections) in:\n%s", body)
	}
}

func TestMetricsOperationLabelIsBounded(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.NewWithConfig(t, db, metricsConfig())
	for i := range 205 {
		c.MustDo(`query Q`+strconv.Itoa(i)+` { __typename }`, nil, nil)
	}
	body := scrape(t, c)
	if n := strings.Count(body, "rapport_graphql_requests_total{operation=\"Q"); n > 200 {
		t.Errorf("%d operation label values, want at most 200", n)
	}
	if got := value(t, body, `rapport_graphql_requests_total{operation="other",outcome="ok"}`); got < 5 {
		t.Errorf("other = %v, want the operations past the cap", got)
	}
}
