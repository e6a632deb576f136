package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// GraphQL over HTTP: a GET request is safe, so it must never run a
// mutation, whoever sends it and however the mutation is named.
func TestGetNeverRunsMutations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		for _, tt := range []struct{ name, query, operationName string }{
			{"anonymous mutation", `mutation { upsertAccount(input: {externalID: "G-1", name: "X"}) { created } }`, ""},
			{"named mutation", `mutation M { upsertAccount(input: {externalID: "G-2", name: "X"}) { created } }`, "M"},
			{"mutation picked from a document with a query", `query Q { __typename } mutation M { upsertAccount(input: {externalID: "G-3", name: "X"}) { created } }`, "M"},
			{"import", `mutation { importContacts(input: {rows: []}) { applied } }`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				v := url.Values{"query": {tt.query}}
				if tt.operationName != "" {
					v.Set("operationName", tt.operationName)
				}
				req := httptest.NewRequest(http.MethodGet, "/graphql?"+v.Encode(), nil)
				req.Header.Set("Authorization", "Bearer "+c.Token)
				rec := httptest.NewRecorder()
				c.Handler.ServeHTTP(rec, req)
				if rec.Code < 400 {
					t.Errorf("GET mutation: status %d, want a 4xx\n%s", rec.Code, rec.Body.String())
				}
			})
		}
		ctx := auth.WithViewer(context.Background(), auth.System)
		if n := db.Client.Account.Query().CountX(ctx); n != 0 {
			t.Errorf("%d accounts after GET mutations, want 0", n)
		}
	})
}

// A client that accepts application/graphql-response+json gets it, with
// 400 for a request that does not validate; others keep application/json.
func TestResponseMediaTypeFollowsAccept(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	for _, tt := range []struct {
		name, accept, body, wantType string
		wantStatus                   int
	}{
		{"graphql-response+json", "application/graphql-response+json", `{"query":"{ __typename }"}`, "application/graphql-response+json", 200},
		{"graphql-response+json preferred", "application/graphql-response+json, application/json;q=0.9", `{"query":"{ __typename }"}`, "application/graphql-response+json", 200},
		{"invalid document is 400", "application/graphql-response+json", `{"query":"{ nope }"}`, "application/graphql-response+json", 400},
		{"application/json", "application/json", `{"query":"{ __typename }"}`, "application/json", 200},
		{"no Accept", "", `{"query":"{ __typename }"}`, "application/json", 200},
		{"legacy invalid document stays 422 under application/json", "application/json", `{"query":"{ nope }"}`, "application/json", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+c.Token)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			rec := httptest.NewRecorder()
			c.Handler.ServeHTTP(rec, req)
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) || rec.Code != tt.wantStatus {
				t.Errorf("status %d type %q, want %d %q\n%s", rec.Code, got, tt.wantStatus, tt.wantType, rec.Body.String())
			}
		})
	}
}

// A POST body that is not a JSON request is a 400 with a GraphQL error,
// and a request that fails validation is answered without running.
func TestMalformedPostBodies(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	for _, tt := range []struct {
		name, body, wantInBody string
		wantStatus             int
	}{
		{"not JSON", `{"query": `, `could not be decoded: unexpected EOF","extensions":{"code":"BAD_USER_INPUT"}`, 400},
		{"query is not a string", `{"query": 12}`, `"code":"BAD_USER_INPUT"`, 400},
		{"no query", `{}`, "no operation provided", 422},
		{"syntax error", `{"query": "{ accounts( }"}`, "GRAPHQL_PARSE_FAILED", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+c.Token)
			rec := httptest.NewRecorder()
			c.Handler.ServeHTTP(rec, req)
			var resp struct {
				Errors []json.RawMessage `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
				t.Fatalf("body %s is not a GraphQL error response: %v", rec.Body.String(), err)
			}
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantInBody) {
				t.Errorf("status %d, body %s; want %d and %q", rec.Code, rec.Body.String(), tt.wantStatus, tt.wantInBody)
			}
		})
	}
}
