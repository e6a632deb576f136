package auth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/apitoken"
	"rapport/ent/session"
	"rapport/ent/user"
)

// Names of the session cookie and the CSRF header.
const (
	SessionCookie  = "rapport_session"
	CSRFHeader     = "X-CSRF-Token"
	sessionTTL     = 12 * time.Hour
	loginFailLimit = 5
	loginWindow    = 15 * time.Minute
)

// Service authenticates requests and serves the sign-in endpoints.
type Service struct {
	client   *ent.Client
	throttle *throttle
}

// NewService returns the authentication service over client.
func NewService(client *ent.Client) *Service {
	return &Service{client: client, throttle: &throttle{fails: map[string][]time.Time{}}}
}

// Require wraps next so that it runs only for an authenticated viewer,
// which it puts in the request context. A bad or expired token is HTTP
// 401; a cookie-authenticated POST without the session's CSRF token is 403.
func (s *Service) Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		v, status, msg := s.authenticate(r)
		if v == nil {
			code := "UNAUTHENTICATED"
			switch status {
			case http.StatusForbidden:
				code = "FORBIDDEN"
			case http.StatusServiceUnavailable:
				code = "UNAVAILABLE"
			}
			writeError(w, status, code, msg)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithViewer(r.Context(), v)))
	})
}

func (s *Service) authenticate(r *http.Request) (*Viewer, int, string) {
	ctx := WithViewer(r.Context(), System)
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, http.StatusUnauthorized, "the Authorization header must be \"Bearer <token>\""
		}
		hash := HashSecret(strings.TrimSpace(token))
		now := time.Now()
		if v, ok := tokens.get(hash, now); ok {
			return v, 0, ""
		}
		t, err := s.client.APIToken.Query().Where(apitoken.TokenHash(hash)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, http.StatusUnauthorized, "unknown API token"
		}
		if err != nil {
			slog.ErrorContext(ctx, "look up API token", "err", err)
			return nil, http.StatusServiceUnavailable, "could not check credentials; try again"
		}
		if t.RevokedAt != nil {
			return nil, http.StatusUnauthorized, "this API token was revoked"
		}
		if t.ExpiresAt != nil && now.After(*t.ExpiresAt) {
			return nil, http.StatusUnauthorized, "this API token has expired"
		}
		if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
			// At most one write a minute per token: reads stay reads.
			_ = s.client.APIToken.UpdateOne(t).SetLastUsedAt(now).Exec(ctx)
		}
		v := &Viewer{Kind: KindToken, ID: t.ID, Name: "token:" + t.Name, Role: t.Role, AllAccounts: t.AllAccounts}
		tokens.put(hash, v, t.ExpiresAt, now)
		return v, 0, ""
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, http.StatusUnauthorized, "sign in, or send an API token as \"Authorization: Bearer <token>\""
	}
	sess, err := s.client.Session.Query().
		Where(session.TokenHash(HashSecret(c.Value)), session.ExpiresAtGT(time.Now())).
		WithUser().Only(ctx)
	if err != nil || !sess.Edges.User.Active {
		return nil, http.StatusUnauthorized, "your session has ended; sign in again"
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(r) && r.Header.Get(CSRFHeader) != sess.CsrfToken {
		return nil, http.StatusForbidden, "missing or wrong " + CSRFHeader + " header"
	}
	return userViewer(sess.Edges.User), 0, ""
}

// sameOrigin reports a request the browser says comes from a page of this
// server (GraphiQL, the dashboard). Browsers set Origin on every POST and
// a page cannot forge it, so a cross-site form or fetch fails here and
// must then show the session's CSRF token, which it cannot read.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return origin == scheme+r.Host
}

func userViewer(u *ent.User) *Viewer {
	return &Viewer{Kind: KindUser, ID: u.ID, Name: u.Email, Role: u.Role, AllAccounts: u.AllAccounts, TeamMemberID: u.TeamMemberID}
}

// Routes registers /auth/login, /auth/logout and /auth/me on mux.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /auth/login", s.login)
	mux.HandleFunc("POST /auth/logout", s.logout)
	mux.HandleFunc("GET /auth/me", s.me)
}

type meResponse struct {
	User      userJSON `json:"user"`
	CSRFToken string   `json:"csrfToken"`
}

type userJSON struct {
	ID          int    `json:"-"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	AllAccounts bool   `json:"allAccounts"`
}

func (s *Service) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Password string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", "send {\"email\": ..., \"password\": ...}")
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	key := email + "|" + clientIP(r)
	if wait := s.throttle.blocked(key); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		writeError(w, http.StatusTooManyRequests, "RATE_LIMITED", "too many failed sign-ins; try again later")
		return
	}
	ctx := WithViewer(r.Context(), System)
	u, err := s.client.User.Query().Where(user.Email(email), user.Active(true)).Only(ctx)
	if err != nil || !CheckPassword(u.PasswordHash, in.Password) {
		s.throttle.fail(key)
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "wrong email or password")
		return
	}
	s.throttle.reset(key)
	secret, csrf := NewSecret("s_"), NewSecret("c_")
	now := time.Now()
	if err := s.client.Session.Create().SetTokenHash(HashSecret(secret)).SetCsrfToken(csrf).
		SetUserID(u.ID).SetCreatedAt(now).SetExpiresAt(now.Add(sessionTTL)).Exec(ctx); err != nil {
		slog.ErrorContext(ctx, "create session", "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "could not sign in")
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, Expires: now.Add(sessionTTL),
	})
	writeJSON(w, http.StatusOK, meResponse{User: toJSON(u), CSRFToken: csrf})
}

func (s *Service) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		ctx := WithViewer(r.Context(), System)
		if _, err := s.client.Session.Delete().Where(session.TokenHash(HashSecret(c.Value))).Exec(ctx); err != nil {
			slog.ErrorContext(ctx, "end session", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: http.SameSiteLaxMode})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Service) me(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "not signed in")
		return
	}
	ctx := WithViewer(r.Context(), System)
	sess, err := s.client.Session.Query().
		Where(session.TokenHash(HashSecret(c.Value)), session.ExpiresAtGT(time.Now())).WithUser().Only(ctx)
	if err != nil {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "not signed in")
		return
	}
	writeJSON(w, http.StatusOK, meResponse{User: toJSON(sess.Edges.User), CSRFToken: sess.CsrfToken})
}

func toJSON(u *ent.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), AllAccounts: u.AllAccounts}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return host
}

// throttle counts failed sign-ins per email and address in a sliding
// window; it lives in one process, which is enough to stop guessing.
type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func (t *throttle) recent(key string, now time.Time) []time.Time {
	var kept []time.Time
	for _, at := range t.fails[key] {
		if now.Sub(at) < loginWindow {
			kept = append(kept, at)
		}
	}
	t.fails[key] = kept
	return kept
}

func (t *throttle) blocked(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if f := t.recent(key, now); len(f) >= loginFailLimit {
		return loginWindow - now.Sub(f[0])
	}
	return 0
}

func (t *throttle) fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recent(key, time.Now()), time.Now())
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}
