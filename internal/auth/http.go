package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"rapport/ent"
	"rapport/ent/apitoken"
	"rapport/ent/session"
	"rapport/ent/user"
)

// Names of the session cookie and the CSRF header. The cookie is
// SecureSessionCookie ("__Host-": only over HTTPS, for this host and path
// /) unless the deployment is plain HTTP (Options.InsecureHTTP).
const (
	SessionCookie       = "rapport_session"
	SecureSessionCookie = "__Host-rapport_session"
	CSRFHeader          = "X-CSRF-Token"
)

// Security event actions, as recorded in the audit trail.
const (
	EventSignIn       = "SIGN_IN"
	EventSignInFailed = "SIGN_IN_FAILED"
	EventSignOut      = "SIGN_OUT"
	EventLockout      = "LOCKOUT"
	EventRefused      = "REFUSED"
)

// Event is a security event for the audit trail: never a password or a
// secret, only who (as far as known) and what.
type Event struct {
	Action string
	// Actor is who acted when known; ActorName names the actor otherwise
	// (the e-mail tried, a token's prefix).
	Actor     *Viewer
	ActorName string
	// UserID is the user the event concerns, if any.
	UserID *int
	Detail map[string]any
}

// Options configure a Service.
type Options struct {
	// InsecureHTTP: the deployment is plain HTTP (no Secure cookie).
	InsecureHTTP bool
	// TrustedProxies may name the client in X-Forwarded-For.
	TrustedProxies []netip.Prefix
	// AllowedOrigins may call /auth/* from a browser besides the server's
	// own origin (the CORS allow-list).
	AllowedOrigins []string
	// SessionLifetime and IdleTimeout end sessions; 0 takes the defaults.
	SessionLifetime, IdleTimeout time.Duration
	// OnEvent receives security events (sign-in, refusals, ...).
	OnEvent func(ctx context.Context, e Event)
}

// Default session limits.
const (
	defaultSessionLifetime = 12 * time.Hour
	defaultIdleTimeout     = time.Hour
	// lastSeenEvery bounds the writes a session's use costs.
	lastSeenEvery = time.Minute
)

// Service authenticates requests and serves the sign-in endpoints.
type Service struct {
	client   *ent.Client
	throttle throttle
	opts     Options
}

// NewService returns the authentication service over client with the
// default options (HTTPS, no proxies, no other origins).
func NewService(client *ent.Client) *Service {
	return NewServiceWith(client, Options{})
}

// NewServiceWith returns the authentication service over client.
func NewServiceWith(client *ent.Client, opts Options) *Service {
	if opts.SessionLifetime <= 0 {
		opts.SessionLifetime = defaultSessionLifetime
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = defaultIdleTimeout
	}
	return &Service{client: client, throttle: throttle{client: client}, opts: opts}
}

// CookieName is the session cookie's name under the service's options.
func (s *Service) CookieName() string {
	if s.opts.InsecureHTTP {
		return SessionCookie
	}
	return SecureSessionCookie
}

func (s *Service) event(ctx context.Context, e Event) {
	if s.opts.OnEvent != nil {
		s.opts.OnEvent(ctx, e)
	}
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
		ctx, status, msg := s.Authenticate(r)
		if status != 0 {
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
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Authenticate checks r's credential and returns its context with the
// viewer (and the credential, for later checks: see Recheck and Watch),
// or the HTTP status and message of the refusal. A refusal of a request
// that showed a credential is a security event; one that showed none is
// not recorded (anyone could fill the audit trail with those).
func (s *Service) Authenticate(r *http.Request) (context.Context, int, string) {
	v, cred, status, msg := s.authenticate(r)
	if v == nil {
		if cred != nil && status != http.StatusServiceUnavailable {
			s.event(r.Context(), Event{Action: EventRefused, ActorName: cred.name,
				Detail: map[string]any{"status": status, "reason": msg, "path": r.URL.Path}})
		}
		return r.Context(), status, msg
	}
	if m := RequestMetaFrom(r.Context()); m != nil {
		m.Actor = v.Name
	}
	ctx := context.WithValue(WithViewer(r.Context(), v), credentialKey{}, cred)
	return ctx, 0, ""
}

func (s *Service) authenticate(r *http.Request) (*Viewer, *credential, int, string) {
	ctx := WithViewer(r.Context(), System)
	now := time.Now()
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, nil, http.StatusUnauthorized, "the Authorization header must be \"Bearer <token>\""
		}
		token = strings.TrimSpace(token)
		cred := &credential{token: true, hash: HashSecret(token), name: "token:" + tokenPrefix(token)}
		v, status, msg := s.tokenViewer(ctx, cred.hash, now, true)
		if v != nil {
			cred.name = v.Name
		}
		return v, cred, status, msg
	}
	c, err := r.Cookie(s.CookieName())
	if err != nil || c.Value == "" {
		return nil, nil, http.StatusUnauthorized, "sign in, or send an API token as \"Authorization: Bearer <token>\""
	}
	cred := &credential{hash: HashSecret(c.Value), name: "session"}
	v, sess, status, msg := s.sessionViewer(ctx, cred.hash, now, true)
	if v == nil {
		return nil, cred, status, msg
	}
	cred.name = v.Name
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !s.sameOrigin(r) && r.Header.Get(CSRFHeader) != sess.CsrfToken {
		return nil, cred, http.StatusForbidden, "missing or wrong " + CSRFHeader + " header"
	}
	return v, cred, 0, ""
}

// tokenPrefix is as much of a presented token as the API shows of one
// (APIToken.prefix), to name an unknown one in the audit trail.
func tokenPrefix(token string) string {
	n := len(TokenPrefix) + 6
	if len(token) < n || !strings.HasPrefix(token, TokenPrefix) {
		return "unknown"
	}
	return token[:n]
}

// tokenViewer checks an API token by its hash; cached says the token
// cache may answer (HTTP requests), else the database does (rechecks).
func (s *Service) tokenViewer(ctx context.Context, hash string, now time.Time, cached bool) (*Viewer, int, string) {
	if cached {
		if v, ok := tokens.get(hash, now); ok {
			return v, 0, ""
		}
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

// sessionViewer checks a session by its secret's hash: not expired, not
// idle too long, its user active. touch records the use (at most once a
// minute); a recheck of a live connection does not count as use.
func (s *Service) sessionViewer(ctx context.Context, hash string, now time.Time, touch bool) (*Viewer, *ent.Session, int, string) {
	const ended = "your session has ended; sign in again"
	sess, err := s.client.Session.Query().
		Where(session.TokenHash(hash), session.ExpiresAtGT(now)).
		WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, http.StatusUnauthorized, ended
	}
	if err != nil {
		slog.ErrorContext(ctx, "look up session", "err", err)
		return nil, nil, http.StatusServiceUnavailable, "could not check credentials; try again"
	}
	last := sess.CreatedAt
	if sess.LastSeenAt != nil {
		last = *sess.LastSeenAt
	}
	if now.Sub(last) > s.opts.IdleTimeout || sess.Edges.User == nil || !sess.Edges.User.Active {
		return nil, nil, http.StatusUnauthorized, ended
	}
	if touch && now.Sub(last) > lastSeenEvery {
		_ = s.client.Session.UpdateOne(sess).SetLastSeenAt(now).Exec(ctx)
	}
	return userViewer(sess.Edges.User), sess, 0, ""
}

// scheme is the scheme browsers use to reach the server: HTTPS unless the
// deployment says it is plain HTTP (a TLS-terminating proxy in front makes
// r.TLS nil, so r.TLS alone cannot tell).
func (s *Service) scheme(r *http.Request) string {
	if r.TLS != nil || !s.opts.InsecureHTTP {
		return "https://"
	}
	return "http://"
}

// sameOrigin reports a request the browser says comes from a page of this
// server (GraphiQL, the dashboard). Browsers set Origin on every POST and
// a page cannot forge it, so a cross-site form or fetch fails here and
// must then show the session's CSRF token, which it cannot read.
func (s *Service) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	return origin != "" && origin == s.scheme(r)+r.Host
}

// allowedOrigin reports a request /auth/* may answer: from the server's
// own origin or an allowed one, or from no browser at all (no Origin and
// no Sec-Fetch-Site saying cross-site: curl, scripts, tests).
func (s *Service) allowedOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		site := r.Header.Get("Sec-Fetch-Site")
		return site == "" || site == "same-origin" || site == "none"
	}
	return s.sameOrigin(r) || slices.Contains(s.opts.AllowedOrigins, origin)
}

// ClientAddress returns the client's address of r under the trusted
// proxies.
func (s *Service) ClientAddress(r *http.Request) string {
	if m := RequestMetaFrom(r.Context()); m != nil && m.Address != "" {
		return m.Address
	}
	return ClientAddress(r, s.opts.TrustedProxies)
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

// refuseForeign answers a /auth/* POST that is not JSON (415) or comes
// from a foreign origin (403), and reports whether it did. A JSON body
// cannot be sent cross-site without a CORS preflight, which only allowed
// origins pass; the Origin check refuses the rest outright.
func (s *Service) refuseForeign(w http.ResponseWriter, r *http.Request, needJSON bool) bool {
	if !s.allowedOrigin(r) {
		s.event(r.Context(), Event{Action: EventRefused, ActorName: "anonymous",
			Detail: map[string]any{"status": http.StatusForbidden, "reason": "origin not allowed", "origin": r.Header.Get("Origin"), "path": r.URL.Path}})
		writeError(w, http.StatusForbidden, "FORBIDDEN", "origin not allowed")
		return true
	}
	if needJSON {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "BAD_USER_INPUT", "send Content-Type: application/json")
			return true
		}
	}
	return false
}

func (s *Service) login(w http.ResponseWriter, r *http.Request) {
	if s.refuseForeign(w, r, true) {
		return
	}
	var in struct{ Email, Password string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", "send {\"email\": ..., \"password\": ...}")
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	addr := s.ClientAddress(r)
	ctx := WithViewer(r.Context(), System)
	now := time.Now()
	verdict, err := s.throttle.check(ctx, email, addr, now)
	if err != nil {
		slog.ErrorContext(ctx, "check sign-in throttle", "err", err)
		writeError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "could not sign in; try again")
		return
	}
	if verdict.wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(verdict.wait.Seconds())+1))
		writeError(w, http.StatusTooManyRequests, "RATE_LIMITED", "too many failed sign-ins; try again later")
		return
	}
	u, err := s.client.User.Query().Where(user.Email(email)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		slog.ErrorContext(ctx, "look up user", "err", err)
	}
	// An unknown or inactive user costs the same argon2id run as a known
	// one, so that the answer's time does not tell which e-mails exist.
	var ok bool
	if err == nil && u.Active {
		ok = CheckPassword(u.PasswordHash, in.Password)
	} else {
		CheckPassword(dummyHash(), in.Password)
	}
	if !ok {
		s.failed(ctx, email, addr, u, now)
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "wrong email or password")
		return
	}
	if err := s.throttle.reset(ctx, email, addr); err != nil {
		slog.WarnContext(ctx, "reset sign-in throttle", "err", err)
	}
	secret, csrf := NewSecret("s_"), NewSecret("c_")
	if err := s.client.Session.Create().SetTokenHash(HashSecret(secret)).SetCsrfToken(csrf).
		SetUserID(u.ID).SetCreatedAt(now).SetLastSeenAt(now).SetExpiresAt(now.Add(s.opts.SessionLifetime)).Exec(ctx); err != nil {
		slog.ErrorContext(ctx, "create session", "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "could not sign in")
		return
	}
	v := userViewer(u)
	if m := RequestMetaFrom(ctx); m != nil {
		m.Actor = v.Name
	}
	s.event(ctx, Event{Action: EventSignIn, Actor: v, UserID: &u.ID})
	http.SetCookie(w, &http.Cookie{
		Name: s.CookieName(), Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: !s.opts.InsecureHTTP, Expires: now.Add(s.opts.SessionLifetime),
	})
	writeJSON(w, http.StatusOK, meResponse{User: toJSON(u), CSRFToken: csrf})
}

// failed records a failed sign-in (never the password tried) and, when
// it is the one that reaches a limit, the lockout it starts.
func (s *Service) failed(ctx context.Context, email, addr string, u *ent.User, now time.Time) {
	if err := s.throttle.fail(ctx, email, addr, now); err != nil {
		slog.ErrorContext(ctx, "record failed sign-in", "err", err)
	}
	var uid *int
	if u != nil {
		uid = &u.ID
	}
	s.event(ctx, Event{Action: EventSignInFailed, ActorName: email, UserID: uid, Detail: map[string]any{"email": email}})
	if v, err := s.throttle.check(ctx, email, addr, now); err == nil && v.wait > 0 {
		s.event(ctx, Event{Action: EventLockout, ActorName: email, UserID: uid,
			Detail: map[string]any{"email": email, "limit": v.limit, "seconds": int(v.wait.Seconds())}})
	}
}

func (s *Service) logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(s.CookieName())
	if err == nil {
		ctx := WithViewer(r.Context(), System)
		sess, qerr := s.client.Session.Query().Where(session.TokenHash(HashSecret(c.Value))).WithUser().Only(ctx)
		switch {
		case qerr == nil:
			// A foreign page may not sign the user out: the origin must be
			// allowed, or the request must show the session's CSRF token.
			if !s.sameOrigin(r) && r.Header.Get(CSRFHeader) != sess.CsrfToken && s.refuseForeign(w, r, false) {
				return
			}
			if err := s.client.Session.DeleteOne(sess).Exec(ctx); err != nil {
				slog.ErrorContext(ctx, "end session", "err", err)
			}
			var actor *Viewer
			if sess.Edges.User != nil {
				actor = userViewer(sess.Edges.User)
			}
			s.event(ctx, Event{Action: EventSignOut, Actor: actor, UserID: &sess.UserID})
		case !ent.IsNotFound(qerr):
			slog.ErrorContext(ctx, "look up session to end", "err", qerr)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		SameSite: http.SameSiteLaxMode, Secure: !s.opts.InsecureHTTP})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Service) me(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(s.CookieName())
	if err != nil {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "not signed in")
		return
	}
	ctx := WithViewer(r.Context(), System)
	v, sess, status, msg := s.sessionViewer(ctx, HashSecret(c.Value), time.Now(), true)
	if v == nil {
		if status != http.StatusServiceUnavailable {
			status, msg = http.StatusUnauthorized, "not signed in"
		}
		writeError(w, status, "UNAUTHENTICATED", msg)
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

// errEnded is a credential that is no longer valid.
var errEnded = errors.New("credential ended")
