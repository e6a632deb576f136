package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"rapport/internal/apitest"
	"rapport/internal/config"
	"rapport/internal/server"
	"rapport/internal/storetest"
)

func TestHTTPSurface(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	cfg := config.Defaults()
	cfg.CORSOrigins = []string{"http://localhost:5173"}
	h := server.New(cfg, db)
	bearer := "Bearer " + apitest.NewToken(t, db, "VIEWER", true)

	tests := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		body       string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{name: "liveness", method: "GET", path: "/healthz", wantStatus: 200, wantBody: "ok"},
		{name: "readiness checks the database", method: "GET", path: "/readyz", wantStatus: 200, wantBody: "ready"},
		{name: "GraphiQL", method: "GET", path: "/playground", wantStatus: 200, wantBody: "graphiql"},
		{name: "GraphQL needs credentials", method: "GET", path: "/graphql?query=%7B__typename%7D", wantStatus: 401, wantBody: "UNAUTHENTICATED"},
		{name: "a bad token is 401", method: "GET", path: "/graphql?query=%7B__typename%7D", header: map[string]string{"Authorization": "Bearer rpt_nope"},
			wantStatus: 401, wantBody: "UNAUTHENTICATED"},
		{name: "GET query", method: "GET", path: "/graphql?query=%7B__typename%7D", header: map[string]string{"Authorization": bearer}, wantStatus: 200, wantBody: `"__typename":"Query"`},
		{name: "a client's request id is kept beside the server's own", method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "abc123"},
			wantStatus: 200, wantHeader: map[string]string{"X-Client-Request-Id": "abc123"}},
		{name: "SPA route falls back to the dashboard", method: "GET", path: "/accounts/QWNjb3VudDox", wantStatus: 200, wantBody: "<html"},
		{name: "missing asset is 404", method: "GET", path: "/assets/nope.js", wantStatus: 404},
		{name: "allowed origin gets CORS headers", method: "OPTIONS", path: "/graphql",
			header:     map[string]string{"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"},
			wantStatus: 204, wantHeader: map[string]string{"Access-Control-Allow-Origin": "http://localhost:5173", "Access-Control-Allow-Credentials": "true"}},
		{name: "other origin gets none", method: "OPTIONS", path: "/graphql",
			header:     map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
			wantStatus: 204, wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "oversized body is refused", method: "POST", path: "/graphql", header: map[string]string{"Content-Type": "application/json", "Authorization": bearer},
			body: `{"query":"{__typename}","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`, wantStatus: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d; body %.200s", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if !strings.Contains(strings.ToLower(rec.Body.String()), strings.ToLower(tt.wantBody)) {
				t.Errorf("body %.200q does not contain %q", rec.Body.String(), tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestSPAServesHashedAssetsWithLongCache(t *testing.T) {
	dist := fstest.MapFS{
		"index.html":         {Data: []byte("<html>dashboard</html>")},
		"assets/app-1a2b.js": {Data: []byte("console.log(1)")},
	}
	h := server.NewSPA(dist)
	for _, tt := range []struct{ path, cache, body string }{
		{"/assets/app-1a2b.js", "public, max-age=31536000, immutable", "console.log"},
		{"/", "no-cache", "dashboard"},
		{"/accounts/x/opportunities/y", "no-cache", "dashboard"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != 200 || rec.Header().Get("Cache-Control") != tt.cache || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s: status %d cache %q body %q", tt.path, rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
		}
	}
}

func TestIntrospectionCanBeTurnedOff(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	for _, on := range []bool{true, false} {
		cfg := config.Defaults()
		cfg.Introspection = on
		res := apitest.NewWithConfig(t, db, cfg).Do(`{ __schema { queryType { name } } }`, nil)
		if got := len(res.Errors) == 0; got != on {
			t.Errorf("introspection=%v: errors %+v", on, res.Errors)
		}
	}
}

// TestAutomaticPersistedQueries: a client sends only the query's hash; the
// server asks for the query once, then runs it from the hash alone.
func TestAutomaticPersistedQueries(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	query := `{ accounts(first: 1) { totalCount } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) apitest.Result {
		b, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.Token)
		rec := httptest.NewRecorder()
		c.Handler.ServeHTTP(rec, req)
		var res apitest.Result
		_ = json.Unmarshal(rec.Body.Bytes(), &res)
		return res
	}
	if res := post(map[string]any{"extensions": ext}); len(res.Errors) == 0 || res.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("hash before the query: %+v, want PersistedQueryNotFound", res.Errors)
	}
	if res := post(map[string]any{"query": query, "extensions": ext}); len(res.Errors) > 0 {
		t.Fatalf("hash with the query: %+v", res.Errors)
	}
	if res := post(map[string]any{"extensions": ext}); len(res.Errors) > 0 || !strings.Contains(string(res.Data), "totalCount") {
		t.Errorf("hash alone: %s %+v", res.Data, res.Errors)
	}
}

// TestBulkImportMayExceedTheBodyLimit: only a request that is nothing but
// an importContacts mutation may be larger than 1 MiB.
func TestBulkImportMayExceedTheBodyLimit(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	c.MustDo(`mutation { createAccount(input: {name: "Bulk Corp", externalID: "BULK"}) { id } }`, nil, nil)
	rows := make([]map[string]any, 12_000)
	for i := range rows {
		rows[i] = map[string]any{"externalID": fmt.Sprintf("BULK-%05d", i), "name": fmt.Sprintf("Person %05d of the bulk import", i),
			"accountExternalID": "BULK", "title": "Engineer", "department": "Network Operations"}
	}
	vars := map[string]any{"i": map[string]any{"rows": rows}}
	if b, _ := json.Marshal(vars); len(b) <= 1<<20 {
		t.Fatalf("the test body is only %d bytes", len(b))
	}
	var out struct {
		ImportContacts struct{ Totals struct{ Created, Errors int } }
	}
	c.MustDo(`mutation($i: ImportContactsInput!) { importContacts(input: $i) { totals { created errors } } }`, vars, &out)
	if out.ImportContacts.Totals.Created != 12_000 {
		t.Errorf("created %+v, want 12000", out.ImportContacts.Totals)
	}
	// The same size for anything else is refused.
	res := c.Do(`mutation($i: ImportContactsInput!) { importContacts(input: $i) { totals { created } } accounts(first: 1) { totalCount } }`, vars)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a large request that is not only an import: status %d", res.Status)
	}
}
