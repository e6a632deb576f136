package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/gid"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// socket is a graphql-transport-ws client connection.
type socket struct {
	t    *testing.T
	c    *coderws.Conn
	next int
}

func openSocket(t *testing.T, ctx context.Context, base string, header http.Header, init map[string]any) *socket {
	t.Helper()
	c, resp, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
		&coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if err := wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": init}); err != nil {
		t.Fatal(err)
	}
	var msg map[string]any
	if err := wsjson.Read(ctx, c, &msg); err != nil || msg["type"] != "connection_ack" {
		t.Fatalf("got %v %v, want connection_ack", msg, err)
	}
	return &socket{t: t, c: c}
}

// do runs one operation on the socket and returns its first answer, or
// the error of a closed connection.
func (s *socket) do(ctx context.Context, query string) (map[string]any, error) {
	s.next++
	id := fmt.Sprint(s.next)
	if err := wsjson.Write(ctx, s.c, map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query}}); err != nil {
		return nil, err
	}
	for {
		var msg map[string]any
		if err := wsjson.Read(ctx, s.c, &msg); err != nil {
			return nil, err
		}
		if msg["id"] == id && (msg["type"] == "next" || msg["type"] == "error") {
			return msg, nil
		}
	}
}

// closedWithin waits for the server to close the socket and says how long
// it took.
func (s *socket) closedWithin(ctx context.Context, limit time.Duration) (time.Duration, bool) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		var msg map[string]any
		if err := wsjson.Read(ctx, s.c, &msg); err != nil {
			return time.Since(start), ctx.Err() == nil
		}
	}
}

const mintAdmin = `mutation { createAPIToken(input: {name: "minted", role: ADMIN}) { token } }`

func succeeded(msg map[string]any) bool {
	p, _ := msg["payload"].(map[string]any)
	return msg["type"] == "next" && p["errors"] == nil && p["data"] != nil
}

// TestLiveConnectionsEndWithTheirCredential opens sockets on server A and
// ends their credentials through server B sharing the database, by SQL
// (so that no hook of A's process hears of it): a revoked token, a
// deleted (signed-out) session, a deactivated user. Each socket must close
// within a second and a half (the check runs every 400 ms).
func TestLiveConnectionsEndWithTheirCredential(t *testing.T) {
	for _, kind := range storetest.Stores {
		t.Run(string(kind), func(t *testing.T) {
			url := storetest.URL(t, kind)
			dbA, dbB := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cfg := config.Defaults()
			cfg.InsecureHTTP = true
			srvA := httptest.NewServer(server.New(cfg, dbA))
			t.Cleanup(srvA.Close)
			exec := func(db *store.DB, q string) {
				t.Helper()
				if _, err := db.SQL.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			for _, e := range []string{"ann@us.example", "bob@us.example"} {
				if _, err := auth.CreateUser(ctx, dbA.Client, auth.NewUser{Email: e, Password: "correct horse battery", Role: auth.RoleAdmin, AllAccounts: true}); err != nil {
					t.Fatal(err)
				}
			}

			t.Run("a revoked token", func(t *testing.T) {
				secret, tok, err := auth.CreateToken(ctx, dbA.Client, auth.NewToken{Name: "ws", Role: auth.RoleAdmin, AllAccounts: true})
				if err != nil {
					t.Fatal(err)
				}
				s := openSocket(t, ctx, srvA.URL, nil, map[string]any{"authorization": "Bearer " + secret})
				if msg, err := s.do(ctx, mintAdmin); err != nil || !succeeded(msg) {
					t.Fatalf("before revocation: %v %v", msg, err)
				}
				exec(dbB, fmt.Sprintf("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE id = %d", tok.ID))
				if d, ok := s.closedWithin(ctx, 1500*time.Millisecond); !ok {
					t.Fatalf("socket of a revoked token still open after %v", d)
				}
				if msg, err := s.do(ctx, mintAdmin); err == nil && succeeded(msg) {
					t.Fatalf("minted a token on a revoked token's socket: %v", msg)
				}
			})

			for _, tt := range []struct {
				name, email, sql string
			}{
				{"a signed-out session", "ann@us.example", "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'ann@us.example')"},
				{"a deactivated user", "bob@us.example", "UPDATE users SET active = false WHERE email = 'bob@us.example'"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					signed := apitest.NewWithConfig(t, dbA, cfg).SignIn(tt.email, "correct horse battery")
					s := openSocket(t, ctx, srvA.URL, http.Header{"Cookie": {signed.Cookie.String()}}, nil)
					if msg, err := s.do(ctx, `{ __typename }`); err != nil || !succeeded(msg) {
						t.Fatalf("before: %v %v", msg, err)
					}
					exec(dbB, tt.sql)
					if d, ok := s.closedWithin(ctx, 1500*time.Millisecond); !ok {
						t.Fatalf("socket still open after %v", d)
					}
				})
			}
		})
	}
}

// TestRevocationRefusesTheNextOperationAtOnce revokes through the API of
// the server holding the socket: the very next operation is refused.
func TestRevocationRefusesTheNextOperationAtOnce(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := config.Defaults()
	srv := httptest.NewServer(server.New(cfg, db))
	t.Cleanup(srv.Close)
	secret, tok, err := auth.CreateToken(ctx, db.Client, auth.NewToken{Name: "ws", Role: auth.RoleAdmin, AllAccounts: true})
	if err != nil {
		t.Fatal(err)
	}
	s := openSocket(t, ctx, srv.URL, nil, map[string]any{"authorization": "Bearer " + secret})
	if msg, err := s.do(ctx, mintAdmin); err != nil || !succeeded(msg) {
		t.Fatalf("before revocation: %v %v", msg, err)
	}
	apitest.NewWithConfig(t, db, cfg).MustDo(`mutation($id: ID!) { revokeAPIToken(id: $id) { id } }`, map[string]any{"id": gid.Encode(tok.ID)}, nil)
	msg, err := s.do(ctx, mintAdmin)
	if err == nil && succeeded(msg) {
		t.Fatalf("createAPIToken(role: ADMIN) succeeded on the socket of a revoked token: %v", msg)
	}
	if err == nil && !strings.Contains(fmt.Sprint(msg), "UNAUTHENTICATED") {
		t.Errorf("refusal = %v, want UNAUTHENTICATED", msg)
	}
}

// TestSSEStreamEndsWithItsToken opens an SSE subscription and revokes its
// token behind the server's back: the stream ends within a second and a half.
func TestSSEStreamEndsWithItsToken(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := httptest.NewServer(server.New(config.Defaults(), db))
	t.Cleanup(srv.Close)
	secret, tok, err := auth.CreateToken(ctx, db.Client, auth.NewToken{Name: "sse", Role: auth.RoleViewer, AllAccounts: true})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql",
		strings.NewReader(`{"query":"subscription { interactionRecorded { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("SSE: %d", resp.StatusCode)
	}
	ended := make(chan time.Time, 1)
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				ended <- time.Now()
				return
			}
		}
	}()
	time.Sleep(200 * time.Millisecond)
	if _, err := db.SQL.ExecContext(ctx, fmt.Sprintf("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE id = %d", tok.ID)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	select {
	case at := <-ended:
		t.Logf("stream ended %v after the revocation", at.Sub(start))
	case <-time.After(1500 * time.Millisecond):
		t.Fatal("the SSE stream of a revoked token is still open")
	}
}
