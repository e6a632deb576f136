package webhook_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/ent/webhookdelivery"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/webhook"
)

func TestGuardRefusesInternalAddressesUnlessAllowed(t *testing.T) {
	g, err := webhook.NewGuard([]string{"10.1.2.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	g.Own = append(g.Own, netip.MustParseAddr("203.0.113.7")) // as if the server's public address
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"::1", false}, {"0.0.0.0", false}, {"::", false},
		{"10.0.0.1", false}, {"172.16.5.4", false}, {"192.168.1.1", false}, {"fd00::1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"100.64.0.1", false}, {"::ffff:127.0.0.1", false},
		{"::ffff:169.254.169.254", false}, {"64:ff9b::7f00:1", false}, {"224.0.0.1", false},
		{"203.0.113.7", false}, // the server itself
		{"10.1.2.3", true},     // on the allow-list
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true},
	}
	for _, tt := range tests {
		if got := g.Allowed(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Allowed(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// hookTo registers a webhook for contact.created at url and creates a
// contact, queueing one delivery.
func hookTo(t *testing.T, c *apitest.Client, url string) string {
	t.Helper()
	var made struct {
		CreateWebhook struct {
			Secret  string
			Webhook struct{ ID string }
		}
	}
	c.MustDo(`mutation($u: String!) { createWebhook(input: {url: $u, events: ["contact.created"]}) { secret webhook { id } } }`,
		map[string]any{"u": url}, &made)
	var acc struct{ CreateAccount struct{ ID string } }
	c.MustDo(`mutation { createAccount(input: {name: "Hooked"}) { id } }`, nil, &acc)
	c.MustDo(`mutation($a: ID!) { createContact(input: {accountID: $a, name: "Wu"}) { id } }`, map[string]any{"a": acc.CreateAccount.ID}, nil)
	return made.CreateWebhook.Webhook.ID
}

func lastDelivery(t *testing.T, db *store.DB) *ent.WebhookDelivery {
	t.Helper()
	d, err := db.Client.WebhookDelivery.Query().Order(ent.Desc(webhookdelivery.FieldID)).First(auth.WithViewer(context.Background(), auth.System))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeliveriesDoNotReachInside(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var hits atomic.Int32
		inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		t.Cleanup(inside.Close)
		_, port, _ := net.SplitHostPort(strings.TrimPrefix(inside.URL, "http://"))
		ctx := context.Background()
		for _, tt := range []struct{ name, url string }{
			{"a loopback address", inside.URL},
			{"a name resolving to loopback", "http://localhost:" + port + "/hook"},
			{"the unspecified address", "http://0.0.0.0:" + port + "/hook"},
			{"IPv6 loopback", "http://[::1]:" + port + "/hook"},
			{"the cloud metadata address", "http://169.254.169.254/latest/meta-data/"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				c := apitest.New(t, db)
				hookTo(t, c, tt.url)
				d := webhook.NewDispatcher(db.Client, nil, nil) // the default: no internal range allowed
				if _, err := d.DeliverDue(ctx); err != nil {
					t.Fatal(err)
				}
				del := lastDelivery(t, db)
				if !strings.HasPrefix(del.LastError, "refused:") || del.Status != webhookdelivery.StatusPENDING {
					t.Errorf("delivery to %s: status %s, error %q; want refused", tt.url, del.Status, del.LastError)
				}
				// Sent nowhere, and the log names no address or port.
				if hits.Load() != 0 || strings.Contains(del.LastError, port) || strings.Contains(del.LastError, "127.0.0.1") {
					t.Errorf("hits %d, error %q", hits.Load(), del.LastError)
				}
				_, _ = db.Client.Webhook.Update().SetActive(false).Save(auth.WithViewer(ctx, auth.System))
			})
		}
	})
}

func TestDeliveriesFollowNoRedirectAndLogNoInternalDetail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var hits atomic.Int32
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		t.Cleanup(target.Close)
		redirect := httptest.NewServer(http.RedirectHandler(target.URL+"/internal", http.StatusTemporaryRedirect))
		t.Cleanup(redirect.Close)
		c := apitest.New(t, db)
		hookTo(t, c, redirect.URL)
		// Loopback is allowed here, so that only the redirect rule stops it.
		d := webhook.NewDispatcher(db.Client, loopbackAllowed(t), nil)
		if _, err := d.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		del := lastDelivery(t, db)
		if hits.Load() != 0 || del.LastStatus == nil || *del.LastStatus != http.StatusTemporaryRedirect ||
			del.LastError != "HTTP 307: redirects are not followed" || del.Status != webhookdelivery.StatusPENDING {
			t.Errorf("redirected delivery: hits %d, status %v, error %q, state %s", hits.Load(), del.LastStatus, del.LastError, del.Status)
		}

		// A closed port says "could not connect", not the dialler's text.
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		closed := "http://" + ln.Addr().String() + "/hook"
		ln.Close()
		_, _ = db.Client.Webhook.Update().SetActive(false).Save(auth.WithViewer(ctx, auth.System))
		hookTo(t, c, closed)
		if _, err := d.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if del := lastDelivery(t, db); del.LastError != "could not connect" {
			t.Errorf("closed port logged %q, want \"could not connect\"", del.LastError)
		}
	})
}

func TestSecretIsEncryptedAtRestAndRedactedInTheAuditTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := apitest.New(t, db)
		var made struct {
			CreateWebhook struct {
				Secret  string
				Webhook struct{ ID string }
			}
		}
		c.MustDo(`mutation { createWebhook(input: {url: "https://example.com/hook", events: ["*"]}) { secret webhook { id } } }`, nil, &made)
		secret := made.CreateWebhook.Secret
		stored := db.Client.Webhook.Query().OnlyX(ctx).Secret
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, secret) {
			t.Fatalf("stored secret %q is not encrypted", stored)
		}
		if got, err := db.Secrets.Open(stored); err != nil || got != secret {
			t.Errorf("Open(stored) = %q, %v; want the secret shown at creation", got, err)
		}
		other, _ := webhook.NewSealer(make([]byte, 32))
		if _, err := other.Open(stored); err == nil {
			t.Error("another key opened the secret")
		}
		ev := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeWebhook)).OnlyX(ctx)
		if ch, ok := ev.Changes["secret"]; !ok || ch.After != "[redacted]" || ch.Before != nil {
			t.Errorf("audit changes.secret = %+v, want [redacted]", ch)
		}
		for _, e := range db.Client.AuditEvent.Query().AllX(ctx) {
			for f, ch := range e.Changes {
				if strings.Contains(fmtAny(ch.After), secret) || strings.Contains(fmtAny(ch.After), stored) {
					t.Errorf("audit event %d field %s holds the secret", e.ID, f)
				}
			}
		}
	})
}

func TestDeactivationStopsPendingDeliveries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		t.Cleanup(srv.Close)
		c := apitest.New(t, db)
		id := hookTo(t, c, srv.URL)
		c.MustDo(`mutation($id: ID!) { deactivateWebhook(id: $id) { active } }`, map[string]any{"id": id}, nil)
		del := lastDelivery(t, db)
		if del.Status != webhookdelivery.StatusFAILED || del.LastError != "webhook deactivated" {
			t.Errorf("queued delivery after deactivation: %s %q, want FAILED", del.Status, del.LastError)
		}
		if _, err := webhook.NewDispatcher(db.Client, loopbackAllowed(t), nil).DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if hits.Load() != 0 {
			t.Errorf("%d deliveries went out after deactivation", hits.Load())
		}
	})
}

func fmtAny(v any) string {
	s, _ := v.(string)
	return s
}
