package limits_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/config"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func TestRateLimitByCost(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	cfg := config.Defaults()
	cfg.RateLimit = 120 // two points a second
	c := apitest.NewWithConfig(t, db, cfg)
	q := `{ accounts(first: 100) { edges { node { name } } } }` // costs 100
	if res := c.Do(q, nil); len(res.Errors) > 0 {
		t.Fatalf("first request refused: %+v", res.Errors)
	}
	res := c.Do(q, nil)
	if len(res.Errors) == 0 || res.Errors[0].Code() != "RATE_LIMITED" {
		t.Fatalf("second request: %+v, want RATE_LIMITED", res.Errors)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
	// Another token has its own budget.
	other := c.As(apitest.NewToken(t, db, "VIEWER", true))
	if res := other.Do(`{ accounts(first: 10) { totalCount } }`, nil); len(res.Errors) > 0 {
		t.Errorf("another token was throttled too: %+v", res.Errors)
	}
}

// TestHostileInputIsHarmless sends injection strings through string
// filters and oversized variables; each is answered (or refused) with a
// code, and the data and the server are intact afterwards.
func TestHostileInputIsHarmless(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		c.MustDo(`mutation { createAccount(input: {name: "Intact Corp"}) { id } }`, nil, nil)
		injections := []string{
			`'; DROP TABLE accounts; --`, `" OR 1=1 --`, `%`, `_`, `\`, `' UNION SELECT password_hash FROM users --`,
			"\x00", `$1`, `?`, strings.Repeat("A", 5000),
		}
		for _, s := range injections {
			for _, filter := range []string{"name", "nameContains", "nameContainsFold", "nameHasPrefix", "externalID", "region"} {
				res := c.Do(`query($w: AccountWhereInput) { accounts(first: 5, where: $w) { totalCount } }`,
					map[string]any{"w": map[string]any{filter: s}})
				for _, e := range res.Errors {
					if e.Code() != "BAD_USER_INPUT" {
						t.Errorf("%s=%q: internal error %s", filter, s, e.Message)
					}
				}
				if strings.Contains(string(res.Data), `"totalCount":1`) && filter != "nameContains" && filter != "nameContainsFold" {
					t.Errorf("%s=%q matched the account: %s", filter, s, res.Data)
				}
			}
		}
		var out struct{ Accounts struct{ TotalCount int } }
		c.MustDo(`{ accounts(first: 5) { totalCount } }`, nil, &out)
		if out.Accounts.TotalCount != 1 {
			t.Errorf("accounts after the injections: %d, want 1", out.Accounts.TotalCount)
		}

		huge := map[string]any{"i": map[string]any{"name": strings.Repeat("x", 900_000)}}
		res := c.Do(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, huge)
		if len(res.Errors) == 0 || res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("900 kB name: %+v, want BAD_USER_INPUT (name too long)", res.Errors)
		}
		if err := db.SQL.PingContext(context.Background()); err != nil {
			t.Errorf("database unhealthy: %v", err)
		}
	})
}

func TestCrossOriginRequestWithCredentialsFromAnUnlistedOrigin(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ accounts(first: 1) { totalCount } }"}`))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "rapport_session", Value: "stolen"})
	rec := httptest.NewRecorder()
	c.Handler.ServeHTTP(rec, req)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin = %q for an unlisted origin", got)
	}
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", rec.Code)
	}
}
