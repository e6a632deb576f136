package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/ent/session"
	"rapport/ent/signinfailure"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/gid"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"correct horse battery", true},
		{"rapport-demo", true},
		{"Tr0ub4dor&3", false},            // 11 characters
		{"1qaz2wsx3edc", false},           // on the list of common passwords
		{"Q1W2E3R4T5Y6", false},           // on it, in capitals
		{"password1234!", false},          // a common one with digits added
		{"iloveyou2026", false},           // likewise
		{"aaaaaaaaaaaaaa", false},         // one character
		{"ann@us.example", false},         // the e-mail address
		{"ann.example.x", true},           // merely long enough
		{strings.Repeat("ab", 65), false}, // over 128
		{"çàèùçàèùçàèù", true},            // 12 characters, 24 bytes
	}
	for _, tt := range tests {
		err := auth.ValidatePassword(tt.password, "ann@us.example")
		if (err == nil) != tt.ok {
			t.Errorf("ValidatePassword(%q) = %v, want ok=%v", tt.password, err, tt.ok)
		}
	}
}

func TestEmailSyntax(t *testing.T) {
	for email, ok := range map[string]bool{
		"ann@us.example": true, "a.b+c@x-y.example.com": true, "admin@demo.rapport": true,
		"ann": false, "ann@": false, "@us.example": false, "Ann <ann@us.example>": false,
		"a b@us.example": false, "ann@[127.0.0.1]": false, "ann@us.example\n": false, "": false,
	} {
		if err := auth.ValidateEmail(email); (err == nil) != ok {
			t.Errorf("ValidateEmail(%q) = %v, want ok=%v", email, err, ok)
		}
	}
	db := storetest.Open(t, storetest.SQLite)
	if _, err := auth.CreateUser(context.Background(), db.Client, auth.NewUser{Email: "not an address", Password: "correct horse battery", Role: auth.RoleViewer}); err == nil {
		t.Error("created a user with an invalid e-mail address")
	}
	if _, err := auth.CreateUser(context.Background(), db.Client, auth.NewUser{Email: "ann@us.example", Password: "password", Role: auth.RoleViewer}); err == nil {
		t.Error("created a user with the password \"password\"")
	}
}

// signer posts to /auth/* of a server over db.
type signer struct {
	t *testing.T
	h http.Handler
}

func newSigner(t *testing.T, db *store.DB, cfg config.Config) signer {
	return signer{t: t, h: server.New(cfg, db)}
}

func (s signer) post(path, body string, header map[string]string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	s.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

func (s signer) login(email, password string, header map[string]string) *httptest.ResponseRecorder {
	s.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return s.post("/auth/login", string(body), header)
}

func TestSignInAcceptsOnlyJSONFromAllowedOrigins(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	user(t, db, "ann@us.example", auth.RoleViewer, nil)
	cfg := config.Defaults()
	cfg.CORSOrigins = []string{"https://app.us.example"}
	s := newSigner(t, db, cfg)
	good := `{"email":"ann@us.example","password":"correct horse"}`
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"a text/plain body (a cross-site form)", map[string]string{"Content-Type": "text/plain"}, http.StatusUnsupportedMediaType},
		{"a form body", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"a foreign origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"the plain-HTTP origin of an HTTPS server", map[string]string{"Origin": "http://example.com"}, http.StatusForbidden},
		{"a cross-site fetch without Origin", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"the server's own origin", map[string]string{"Origin": "https://example.com"}, http.StatusOK},
		{"an allowed origin", map[string]string{"Origin": "https://app.us.example"}, http.StatusOK},
		{"no browser", nil, http.StatusOK},
	}
	for _, tt := range tests {
		if rec := s.post("/auth/login", good, tt.header); rec.Code != tt.want {
			t.Errorf("%s: %d %s, want %d", tt.name, rec.Code, rec.Body.String(), tt.want)
		}
	}
}

func TestSignInCookieIsSecureUnlessPlainHTTP(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	user(t, db, "ann@us.example", auth.RoleViewer, nil)
	for _, insecure := range []bool{false, true} {
		cfg := config.Defaults()
		cfg.InsecureHTTP = insecure
		rec := newSigner(t, db, cfg).login("ann@us.example", "correct horse", nil)
		cookies := rec.Result().Cookies()
		if len(cookies) != 1 {
			t.Fatalf("insecure=%v: cookies %v", insecure, cookies)
		}
		c := cookies[0]
		wantName := map[bool]string{false: "__Host-rapport_session", true: "rapport_session"}[insecure]
		if c.Name != wantName || c.Secure == insecure || !c.HttpOnly || c.Path != "/" {
			t.Errorf("insecure=%v: cookie %+v, want %s Secure=%v", insecure, c, wantName, !insecure)
		}
		if hsts := rec.Header().Get("Strict-Transport-Security"); (hsts == "") != insecure {
			t.Errorf("insecure=%v: HSTS %q", insecure, hsts)
		}
	}
}

// TestSignInThrottle runs two servers over one database, behind a trusted
// proxy, and checks each limit: per account across addresses, per
// address across accounts, and the forwarded address not believed from
// an untrusted peer.
func TestSignInThrottle(t *testing.T) {
	for _, kind := range storetest.Stores {
		t.Run(string(kind), func(t *testing.T) {
			url := storetest.URL(t, kind)
			db1, db2 := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			for _, e := range []string{"ann@us.example", "bob@us.example", "cat@us.example"} {
				user(t, db1, e, auth.RoleViewer, nil)
			}
			cfg := config.Defaults()
			cfg.TrustedProxies = []string{"192.0.2.0/24"} // httptest's peer is 192.0.2.1
			servers := []signer{newSigner(t, db1, cfg), newSigner(t, db2, cfg)}
			from := func(addr string) map[string]string {
				return map[string]string{"X-Forwarded-For": "203.0.113.9, " + addr}
			}

			// One account guessed from 20 addresses, alternately on each server.
			for i := 0; i < 20; i++ {
				if rec := servers[i%2].login("ann@us.example", "wrong password!", from(fmt.Sprintf("198.51.100.%d", i))); rec.Code != http.StatusUnauthorized {
					t.Fatalf("guess %d: %d", i, rec.Code)
				}
			}
			if rec := servers[0].login("ann@us.example", "correct horse", from("198.51.100.99")); rec.Code != http.StatusTooManyRequests {
				t.Errorf("account after 20 failures from 20 addresses: %d, want 429", rec.Code)
			}

			// One address spraying a password over 30 accounts.
			for i := 0; i < 30; i++ {
				servers[i%2].login(fmt.Sprintf("nobody%d@us.example", i), "Summer2026!!", from("198.51.100.200"))
			}
			if rec := servers[1].login("bob@us.example", "correct horse", from("198.51.100.200")); rec.Code != http.StatusTooManyRequests {
				t.Errorf("address after spraying 30 accounts: %d, want 429", rec.Code)
			}
			if rec := servers[1].login("bob@us.example", "correct horse", from("198.51.100.201")); rec.Code != http.StatusOK {
				t.Errorf("the same account from another address: %d, want 200", rec.Code)
			}

			// Without a trusted proxy, X-Forwarded-For is the client's own
			// say: changing it does not escape the per-address limit.
			direct := newSigner(t, db2, config.Defaults())
			for i := 0; i < 5; i++ {
				direct.login("cat@us.example", "wrong password!", from(fmt.Sprintf("198.51.100.%d", 150+i)))
			}
			if rec := direct.login("cat@us.example", "correct horse", from("198.51.100.160")); rec.Code != http.StatusTooManyRequests {
				t.Errorf("forged X-Forwarded-For escaped the limit: %d, want 429", rec.Code)
			}
		})
	}
}

func sessionCookie(t *testing.T, rec *httptest.ResponseRecorder) (*http.Cookie, string) {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("sign in: %d %s", rec.Code, rec.Body.String())
	}
	var me struct{ CSRFToken string }
	_ = json.Unmarshal(rec.Body.Bytes(), &me)
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.SecureSessionCookie {
			return c, me.CSRFToken
		}
	}
	t.Fatal("no session cookie")
	return nil, ""
}

func TestSessionAndAccountLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		user(t, db, "ann@us.example", auth.RoleEditor, nil)
		admin := apitest.New(t, db)
		s := newSigner(t, db, config.Defaults())
		asAnn := func(rec *httptest.ResponseRecorder) *apitest.Client {
			c, csrf := sessionCookie(t, rec)
			cp := admin.As("")
			cp.Cookie, cp.CSRF = c, csrf
			return cp
		}
		me := `{ __typename }`
		s1 := asAnn(s.login("ann@us.example", "correct horse", nil))
		s2 := asAnn(s.login("ann@us.example", "correct horse", nil))

		// Changing one's password ends one's other sessions.
		if res := s1.Do(`mutation { changePassword(currentPassword: "wrong one", newPassword: "a new long passphrase") }`, nil); len(res.Errors) == 0 {
			t.Error("changed the password without the current one")
		}
		if res := s1.Do(`mutation { changePassword(currentPassword: "correct horse", newPassword: "password1234") }`, nil); len(res.Errors) == 0 {
			t.Error("changed the password to a common one")
		}
		if res := admin.Do(`mutation { changePassword(currentPassword: "x", newPassword: "a new long passphrase") }`, nil); len(res.Errors) == 0 || res.Errors[0].Code() != "FORBIDDEN" {
			t.Errorf("a token changed a password: %+v", res.Errors)
		}
		s1.MustDo(`mutation { changePassword(currentPassword: "correct horse", newPassword: "a new long passphrase") }`, nil, nil)
		if res := s1.Do(me, nil); res.Status != http.StatusOK {
			t.Errorf("the session that changed the password: %d", res.Status)
		}
		if res := s2.Do(me, nil); res.Status != http.StatusUnauthorized {
			t.Errorf("another session after a password change: %d, want 401", res.Status)
		}
		if rec := s.login("ann@us.example", "correct horse", nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("old password: %d", rec.Code)
		}
		// The change is audited as Ann's, not the system's.
		annUser, _ := auth.FindUser(ctx, db.Client, "ann@us.example")
		changed, err := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeUser), auditevent.EntityID(annUser.ID),
			auditevent.ActorTypeEQ(auditevent.ActorTypeUSER), auditevent.ActorID(annUser.ID)).Count(auth.WithViewer(ctx, auth.System))
		if err != nil || changed != 1 {
			t.Errorf("audit events of Ann's password change by Ann: %d %v", changed, err)
		}

		// Admins end a user's sessions, deactivate and reactivate them.
		ann, _ := auth.FindUser(ctx, db.Client, "ann@us.example")
		annID := gid.Encode(ann.ID)
		if res := s1.Do(`mutation($id: ID!) { endUserSessions(id: $id) }`, map[string]any{"id": annID}); len(res.Errors) == 0 {
			t.Error("a non-admin ended sessions")
		}
		var ended struct{ EndUserSessions int }
		admin.MustDo(`mutation($id: ID!) { endUserSessions(id: $id) }`, map[string]any{"id": annID}, &ended)
		if ended.EndUserSessions != 1 || s1.Do(me, nil).Status != http.StatusUnauthorized {
			t.Errorf("endUserSessions ended %d; session still works: %v", ended.EndUserSessions, s1.Do(me, nil).Status)
		}
		// Ending them is audited as the admin's deletion of sessions.
		if n, err := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeSession), auditevent.ActionEQ(auditevent.ActionDELETE),
			auditevent.ActorTypeEQ(auditevent.ActorTypeTOKEN)).Count(auth.WithViewer(ctx, auth.System)); err != nil || n != 1 {
			t.Errorf("audit events of ending Ann's sessions: %d %v", n, err)
		}
		s3 := asAnn(s.login("ann@us.example", "a new long passphrase", nil))
		admin.MustDo(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, map[string]any{"id": annID}, nil)
		if res := s3.Do(me, nil); res.Status != http.StatusUnauthorized {
			t.Errorf("session of a deactivated user: %d", res.Status)
		}
		if n := db.Client.Session.Query().Where(session.UserID(ann.ID)).CountX(ctx); n != 0 {
			t.Errorf("%d sessions left after deactivation", n)
		}
		if rec := s.login("ann@us.example", "a new long passphrase", nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("a deactivated user signed in: %d", rec.Code)
		}
		admin.MustDo(`mutation($id: ID!) { reactivateUser(id: $id) { active } }`, map[string]any{"id": annID}, nil)
		s4 := asAnn(s.login("ann@us.example", "a new long passphrase", nil))

		// A session idle for longer than the timeout has ended.
		db.Client.Session.Update().Where(session.UserID(ann.ID)).SetLastSeenAt(time.Now().Add(-2 * time.Hour)).ExecX(ctx)
		if res := s4.Do(me, nil); res.Status != http.StatusUnauthorized {
			t.Errorf("idle session: %d, want 401", res.Status)
		}

		// The purge deletes ended sessions and old failed sign-ins.
		db.Client.SignInFailure.Create().SetEmail("x@us.example").SetAddress("198.51.100.1").SetAt(time.Now().Add(-time.Hour)).ExecX(ctx)
		svc := auth.NewService(db.Client)
		p, err := svc.Purge(context.Background(), time.Now())
		if err != nil || p.Sessions != 1 || p.SignInFailures < 1 {
			t.Errorf("purge = %+v, %v; want the idle session and the old failure", p, err)
		}
		if n := db.Client.SignInFailure.Query().Where(signinfailure.AtLT(time.Now().Add(-15 * time.Minute))).CountX(ctx); n != 0 {
			t.Errorf("%d old failures left", n)
		}

		// Tokens expire by default; 0 days asks for one that does not.
		var tok struct {
			CreateAPIToken struct {
				APIToken struct{ ExpiresAt *time.Time }
			}
		}
		admin.MustDo(`mutation { createAPIToken(input: {name: "bi", role: VIEWER}) { apiToken { expiresAt } } }`, nil, &tok)
		if e := tok.CreateAPIToken.APIToken.ExpiresAt; e == nil || e.Sub(time.Now().Add(90*24*time.Hour)).Abs() > time.Hour {
			t.Errorf("default expiry = %v, want in 90 days", e)
		}
		admin.MustDo(`mutation { createAPIToken(input: {name: "forever", role: VIEWER, expiresInDays: 0}) { apiToken { expiresAt } } }`, nil, &tok)
		if e := tok.CreateAPIToken.APIToken.ExpiresAt; e != nil {
			t.Errorf("expiresInDays 0 = %v, want none", e)
		}
	})
}

func TestSecurityEventsAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		user(t, db, "ann@us.example", auth.RoleViewer, nil)
		cfg := config.Defaults()
		cfg.TrustedProxies = []string{"192.0.2.1"}
		s := newSigner(t, db, cfg)
		hdr := map[string]string{"X-Forwarded-For": "198.51.100.7", "X-Request-Id": "client-42"}
		for i := 0; i < 5; i++ {
			s.login("ann@us.example", "secret guess "+fmt.Sprint(i), hdr)
		}
		cookie, csrf := sessionCookie(t, s.login("ann@us.example", "correct horse", map[string]string{"X-Forwarded-For": "198.51.100.8"}))
		s.post("/auth/logout", "", map[string]string{auth.CSRFHeader: csrf, "X-Forwarded-For": "198.51.100.8"}, cookie)
		req := httptest.NewRequest(http.MethodGet, "/graphql?query=%7B__typename%7D", nil)
		req.Header.Set("Authorization", "Bearer rpt_AbCdEfGhIjKl")
		req.Header.Set("X-Forwarded-For", "198.51.100.9")
		s.h.ServeHTTP(httptest.NewRecorder(), req)

		count := map[auditevent.Action]int{}
		for _, e := range db.Client.AuditEvent.Query().Where(auditevent.ActionIn(
			auditevent.ActionSIGN_IN, auditevent.ActionSIGN_IN_FAILED, auditevent.ActionSIGN_OUT,
			auditevent.ActionLOCKOUT, auditevent.ActionREFUSED)).Order(ent.Asc(auditevent.FieldID)).AllX(ctx) {
			count[e.Action]++
			if e.RequestID == "" || e.ClientAddress == "" {
				t.Errorf("%s without request id or client address: %+v", e.Action, e)
			}
			for _, ch := range e.Changes {
				if s, _ := ch.After.(string); strings.Contains(s, "secret guess") || strings.Contains(s, "correct horse") {
					t.Errorf("%s records a password: %+v", e.Action, e.Changes)
				}
			}
			switch e.Action {
			case auditevent.ActionSIGN_IN_FAILED:
				if e.ClientAddress != "198.51.100.7" || e.ClientRequestID != "client-42" || e.RequestID == "client-42" || e.ActorName != "unauthenticated:ann@us.example" {
					t.Errorf("failed sign-in event: %+v", e)
				}
			case auditevent.ActionSIGN_IN, auditevent.ActionSIGN_OUT:
				if e.ActorType != auditevent.ActorTypeUSER || e.ActorName != "ann@us.example" || e.ClientAddress != "198.51.100.8" {
					t.Errorf("%s event: %+v", e.Action, e)
				}
			case auditevent.ActionREFUSED:
				if e.ClientAddress != "198.51.100.9" || e.ActorName != "unauthenticated:token:rpt_AbCdEf" {
					t.Errorf("refused event: %+v", e)
				}
			}
		}
		want := map[auditevent.Action]int{auditevent.ActionSIGN_IN_FAILED: 5, auditevent.ActionLOCKOUT: 1,
			auditevent.ActionSIGN_IN: 0, auditevent.ActionSIGN_OUT: 0, auditevent.ActionREFUSED: 1}
		// The sixth sign-in (right password, another address) succeeds.
		want[auditevent.ActionSIGN_IN], want[auditevent.ActionSIGN_OUT] = 1, 1
		for a, n := range want {
			if count[a] != n {
				t.Errorf("%d %s events, want %d (all: %v)", count[a], a, n, count)
			}
		}
	})
}

// BenchmarkSignInUnknownVsKnownEmail measures a failed sign-in for an
// e-mail that exists and one that does not: both run argon2id, so the
// two ns/op agree within noise (before, unknown was ~2 ms, known ~35 ms).
// Run: go test -run '^$' -bench SignInUnknownVsKnown -count 5 ./internal/auth/
func BenchmarkSignInUnknownVsKnownEmail(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	if _, err := auth.CreateUser(context.Background(), db.Client, auth.NewUser{
		Email: "ann@us.example", Password: "correct horse", Role: auth.RoleViewer}); err != nil {
		b.Fatal(err)
	}
	h := server.New(config.Defaults(), db)
	ctx := auth.WithViewer(context.Background(), auth.System)
	for _, email := range []string{"ann@us.example", "nobody@us.example"} {
		name := map[bool]string{true: "known", false: "unknown"}[email == "ann@us.example"]
		b.Run(name, func(b *testing.B) {
			body := fmt.Sprintf(`{"email":%q,"password":"wrong password"}`, email)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db.Client.SignInFailure.Delete().ExecX(ctx) // stay under the throttle
				req := httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				b.StartTimer()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusUnauthorized {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
