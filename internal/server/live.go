package server

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/config"
)

// Subscriptions (see graph/live.graphqls) arrive over WebSocket or SSE.
// Both are long-lived: they are exempt from the request timeout, and a
// WebSocket authenticates in its connection_init message, since a browser
// cannot set headers on the upgrade request.

// isStream reports a request that opens a subscription stream.
func isStream(r *http.Request) bool {
	return isWebSocket(r) || (r.Method == http.MethodPost && strings.Contains(r.Header.Get("Accept"), "text/event-stream"))
}

func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

type upgradeCookieKey struct{}

// withWebSocket sends WebSocket upgrades from allowed origins straight to
// gql (they authenticate in connection_init, see websocketInit) and
// everything else to next. The origin check is CORS's allow-list (plus the
// server's own origin): a cookie would otherwise let any site subscribe.
func withWebSocket(cfg config.Config, gql, next http.Handler) http.Handler {
	origins := cfg.CORSOrigins
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isWebSocket(r) {
			next.ServeHTTP(w, r)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !slices.Contains(origins, o) && !slices.Contains(origins, "*") && !sameOrigin(cfg, r, o) {
			http.Error(w, "origin not allowed", http.StatusForbidden)
			return
		}
		ctx := context.WithValue(r.Context(), upgradeCookieKey{}, r.Header.Values("Cookie"))
		gql.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sameOrigin reports the server's own origin: HTTPS (terminated here or
// by a proxy), or plain HTTP where the deployment says it is.
func sameOrigin(cfg config.Config, r *http.Request, origin string) bool {
	return origin == "https://"+r.Host || (cfg.InsecureHTTP && origin == "http://"+r.Host)
}

// websocketTransport is gqlgen's WebSocket transport (graphql-transport-ws
// and the older graphql-ws) authenticating with authn.
func websocketTransport(authn *auth.Service) transport.Websocket {
	return transport.Websocket{
		// withWebSocket has checked the origin against the allow-list.
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true},
		},
		InitFunc:              websocketInit(authn),
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: 15 * time.Second,
	}
}

// websocketInit authenticates a connection from connection_init's
// {"authorization": "Bearer ..."}, else from the upgrade request's
// session cookie, exactly as an HTTP request to /graphql would be. The
// connection then lives on that credential: it is checked again before
// every operation (see newGraphQL) and the connection closes within a
// second of its revocation, sign-out, expiry or its user's deactivation
// (auth.Service.Watch), on whichever server that happened.
func websocketInit(authn *auth.Service) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/graphql", nil)
		if err != nil {
			return ctx, nil, err
		}
		if h := payload.Authorization(); h != "" {
			req.Header.Set("Authorization", h)
		} else {
			cookies, _ := ctx.Value(upgradeCookieKey{}).([]string)
			for _, c := range cookies {
				req.Header.Add("Cookie", c)
			}
		}
		authed, status, _ := authn.Authenticate(req)
		if status != 0 {
			return ctx, nil, apperr.New(apperr.Unauthenticated, "", "send {\"authorization\": \"Bearer <token>\"} in connection_init, or sign in")
		}
		return authn.Watch(authed), nil, nil
	}
}
