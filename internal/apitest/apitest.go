// Package apitest drives the real HTTP handler in tests: a GraphQL client
// that returns data and errors (with their extensions) as sent on the wire.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/server"
	"rapport/internal/store"
)

func init() {
	// Request logs would drown test output; warnings and errors still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// Client posts GraphQL requests to an in-process server, as an admin
// API token unless told otherwise.
type Client struct {
	t       testing.TB
	Handler http.Handler
	DB      *store.DB
	// Token is sent as "Authorization: Bearer"; empty sends none.
	Token string
	// Cookie and CSRF authenticate as a signed-in user instead.
	Cookie *http.Cookie
	CSRF   string

	// counting, set while Statements runs, counts the statements of the
	// requests this client sends, and nothing else the store does.
	counting *atomic.Int64
}

// New returns a client for a server over db with the default config.
func New(t testing.TB, db *store.DB) *Client {
	return NewWithConfig(t, db, config.Defaults())
}

// NewWithConfig returns a client for a server over db with cfg.
func NewWithConfig(t testing.TB, db *store.DB, cfg config.Config) *Client {
	c := &Client{t: t, Handler: server.New(cfg, db), DB: db, Token: NewToken(t, db, auth.RoleAdmin, true)}
	// A token's first use records lastUsedAt; do it now so that tests
	// counting statements see only their own query's (and the one lookup
	// of the token every request makes).
	c.MustDo(`{ __typename }`, nil, nil)
	return c
}

// NewToken creates an API token and returns its secret.
func NewToken(t testing.TB, db *store.DB, role auth.Role, allAccounts bool) string {
	t.Helper()
	secret, _, err := auth.CreateToken(context.Background(), db.Client,
		auth.NewToken{Name: "test " + string(role), Role: role, AllAccounts: allAccounts})
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return secret
}

// SignIn signs in through POST /auth/login and returns a client that
// sends the session cookie and CSRF token.
func (c *Client) SignIn(email, password string) *Client {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	c.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		c.t.Fatalf("sign in as %s: %d %s", email, rec.Code, rec.Body.String())
	}
	var me struct{ CSRFToken string }
	_ = json.Unmarshal(rec.Body.Bytes(), &me)
	cp := *c
	cp.Token = ""
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == auth.SessionCookie || ck.Name == auth.SecureSessionCookie {
			cp.Cookie = ck
		}
	}
	cp.CSRF = me.CSRFToken
	return &cp
}

// As returns a copy of the client that authenticates with token.
func (c *Client) As(token string) *Client {
	cp := *c
	cp.Token = token
	cp.Cookie = nil
	return &cp
}

// Error is one GraphQL error as sent.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field returns extensions.field.
func (e Error) Field() string { s, _ := e.Extensions["field"].(string); return s }

// Result is a GraphQL response.
type Result struct {
	Status     int
	Header     http.Header
	Data       json.RawMessage `json:"data"`
	Errors     []Error         `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
}

// Do runs a query with variables and returns the response, errors included.
func (c *Client) Do(query string, vars map[string]any) Result {
	c.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		c.t.Fatalf("marshal request: %v", err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.counting != nil {
		req = req.WithContext(store.WithStatementCount(req.Context(), c.counting))
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.Cookie != nil {
		req.AddCookie(c.Cookie)
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	rec := httptest.NewRecorder()
	c.Handler.ServeHTTP(rec, req)
	var res Result
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		c.t.Fatalf("decode response (status %d): %v\n%s", rec.Code, err, rec.Body.String())
	}
	res.Status = rec.Code
	res.Header = rec.Header()
	return res
}

// MustDo runs a query, fails the test on any error, and decodes data into out.
func (c *Client) MustDo(query string, vars map[string]any, out any) {
	c.t.Helper()
	res := c.Do(query, vars)
	if len(res.Errors) > 0 {
		c.t.Fatalf("unexpected errors: %+v\nquery: %s", res.Errors, query)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			c.t.Fatalf("decode data: %v\n%s", err, res.Data)
		}
	}
}

// Statements runs fn and returns how many SQL statements the requests it
// sends through c issued. It counts under each request's context, so the
// server's background work (the change feed's follower, the portfolio's
// refresh, the pruning of old rows) never lands in a count: counting the
// whole store made such tests flaky. A request first refreshes the
// client's credential, so that the token cache's expiry (a second) does
// not add a lookup to some counts and not to others on a slow machine.
func (c *Client) Statements(fn func()) int64 {
	c.MustDo(`{ __typename }`, nil, nil)
	var n atomic.Int64
	c.counting = &n
	defer func() { c.counting = nil }()
	fn()
	return n.Load()
}
