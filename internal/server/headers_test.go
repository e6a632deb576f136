package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"rapport/internal/config"
	"rapport/internal/server"
	"rapport/internal/storetest"
)

func get(h http.Handler, path string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPagesCarrySecurityHeaders(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	h := server.New(config.Defaults(), db)
	inline := regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	for _, path := range []string{"/", "/accounts/QWNjb3VudDox", "/playground"} {
		rec := get(h, path, nil)
		csp := rec.Header().Get("Content-Security-Policy")
		script := ""
		for _, d := range strings.Split(csp, ";") {
			if d = strings.TrimSpace(d); strings.HasPrefix(d, "script-src ") {
				script = d
			}
		}
		switch {
		case rec.Code != http.StatusOK:
			t.Errorf("%s: %d", path, rec.Code)
		case !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "object-src 'none'") || script == "":
			t.Errorf("%s: CSP %q", path, csp)
		case strings.Contains(script, "unsafe-inline") || strings.Contains(script, "unsafe-eval") || strings.Contains(script, "*"):
			t.Errorf("%s: script-src %q allows more than the page's own scripts", path, script)
		}
		// Every inline script of the page is allowed by its hash, so that
		// the page works under the policy.
		for _, m := range inline.FindAllStringSubmatch(rec.Body.String(), -1) {
			sum := sha256.Sum256([]byte(m[1]))
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(script, h) {
				t.Errorf("%s: inline script not allowed by %q", path, script)
			}
		}
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
			"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
	}
	if csp := get(h, "/playground", nil).Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'sha256-") {
		t.Errorf("GraphiQL's inline script has no hash in %q", csp)
	}
	if csp := get(h, "/healthz", nil).Header().Get("Content-Security-Policy"); csp != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("API answer CSP = %q", csp)
	}
	cfg := config.Defaults()
	cfg.InsecureHTTP = true
	if hsts := get(server.New(cfg, db), "/", nil).Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS over plain HTTP: %q", hsts)
	}
}

func TestMetricsAreOffTheAPIListenerUnlessATokenIsSet(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	cfg := config.Defaults()
	if rec := get(server.New(cfg, db), "/metrics", nil); rec.Code == http.StatusOK {
		t.Errorf("/metrics served on the API listener by default: %d", rec.Code)
	}
	cfg.MetricsToken = "scrape-me"
	h := server.Build(cfg, db)
	if rec := get(h.API, "/metrics", nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d, want 401", rec.Code)
	}
	if rec := get(h.API, "/metrics", map[string]string{"Authorization": "Bearer nope"}); rec.Code != http.StatusUnauthorized {
		t.Errorf("/metrics with a wrong token: %d, want 401", rec.Code)
	}
	if rec := get(h.API, "/metrics", map[string]string{"Authorization": "Bearer scrape-me"}); rec.Code != http.StatusOK {
		t.Errorf("/metrics with the token: %d", rec.Code)
	}
	if rec := get(h.Metrics, "/metrics", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "go_sql") {
		t.Errorf("the metrics listener's handler: %d", rec.Code)
	}
}

func TestNoCORSOriginByDefault(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	for _, origin := range []string{"http://localhost:5173", "http://127.0.0.1:5173", "https://evil.example"} {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		rec := httptest.NewRecorder()
		server.New(config.Defaults(), db).ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s allowed by default: %q", origin, got)
		}
	}
}
