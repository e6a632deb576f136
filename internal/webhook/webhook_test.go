package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/webhook"
)

type received struct {
	event, delivery string
	payload         map[string]any
}

// receiver records signed deliveries, refusing bad signatures.
func receiver(t *testing.T, secret *string, status *int) (*httptest.Server, func() []received) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts, _ := strconv.ParseInt(r.Header.Get(webhook.HeaderTimestamp), 10, 64)
		if r.Header.Get(webhook.HeaderSignature) != webhook.Sign(*secret, ts, body) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var msg struct {
			Delivery, Event string
			Payload         map[string]any
		}
		_ = json.Unmarshal(body, &msg)
		mu.Lock()
		got = append(got, received{msg.Event, msg.Delivery, msg.Payload})
		mu.Unlock()
		w.WriteHeader(*status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received { mu.Lock(); defer mu.Unlock(); return append([]received(nil), got...) }
}

func TestChangesAreDeliveredSignedAndLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		secret, status := "", http.StatusOK
		srv, got := receiver(t, &secret, &status)
		var made struct {
			CreateWebhook struct {
				Secret  string
				Webhook struct{ ID string }
			}
		}
		c.MustDo(`mutation($u: String!) { createWebhook(input: {url: $u, events: ["contact.created", "opportunity.stage_changed"]}) { secret webhook { id } } }`,
			map[string]any{"u": srv.URL}, &made)
		secret = made.CreateWebhook.Secret

		var acc struct{ CreateAccount struct{ ID string } }
		c.MustDo(`mutation { createAccount(input: {name: "Hooked Telecom"}) { id } }`, nil, &acc)
		c.MustDo(`mutation($a: ID!) { createContact(input: {accountID: $a, name: "Wu Hao"}) { id } }`, map[string]any{"a": acc.CreateAccount.ID}, nil)
		var opp struct{ CreateOpportunity struct{ ID string } }
		c.MustDo(`mutation($a: ID!) { createOpportunity(input: {accountID: $a, name: "Core 2027"}) { id } }`, map[string]any{"a": acc.CreateAccount.ID}, &opp)
		c.MustDo(`mutation($o: ID!) { updateOpportunity(id: $o, input: {stage: PROPOSAL}) { id } }`, map[string]any{"o": opp.CreateOpportunity.ID}, nil)
		// A rejected mutation queues nothing.
		c.Do(`mutation($a: ID!) { ok: createContact(input: {accountID: $a, name: "Ghost"}) { id } bad: createContact(input: {accountID: $a, name: ""}) { id } }`,
			map[string]any{"a": acc.CreateAccount.ID})

		d := webhook.NewDispatcher(db.Client, loopbackAllowed(t), nil)
		if _, err := d.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		g := got()
		if len(g) != 2 || g[0].event != "contact.created" || g[1].event != "opportunity.stage_changed" {
			t.Fatalf("received %+v, want contact.created then opportunity.stage_changed", g)
		}
		if fields, _ := g[0].payload["fields"].(map[string]any); fields["name"] != "Wu Hao" {
			t.Errorf("payload = %v", g[0].payload)
		}
		var log struct {
			WebhookDeliveries struct {
				Edges []struct {
					Node struct {
						Status     string
						Attempts   int
						LastStatus *int
					}
				}
			}
		}
		c.MustDo(`{ webhookDeliveries(first: 10) { edges { node { status attempts lastStatus } } } }`, nil, &log)
		if len(log.WebhookDeliveries.Edges) != 2 {
			t.Fatalf("delivery log has %d rows, want 2", len(log.WebhookDeliveries.Edges))
		}
		for _, e := range log.WebhookDeliveries.Edges {
			if e.Node.Status != "DELIVERED" || e.Node.Attempts != 1 || e.Node.LastStatus == nil || *e.Node.LastStatus != 200 {
				t.Errorf("delivery = %+v", e.Node)
			}
		}

		// A failing endpoint keeps the event pending for a later retry.
		status = http.StatusInternalServerError
		c.MustDo(`mutation($a: ID!) { createContact(input: {accountID: $a, name: "Retry Me"}) { id } }`, map[string]any{"a": acc.CreateAccount.ID}, nil)
		if _, err := d.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		var pending struct {
			WebhookDeliveries struct {
				Edges []struct {
					Node struct {
						Attempts   int
						LastStatus *int
						LastError  string
					}
				}
			}
		}
		c.MustDo(`{ webhookDeliveries(first: 10, where: {status: PENDING}) { edges { node { attempts lastStatus lastError } } } }`, nil, &pending)
		if len(pending.WebhookDeliveries.Edges) != 1 || pending.WebhookDeliveries.Edges[0].Node.Attempts != 1 {
			t.Errorf("pending after a 500: %+v", pending.WebhookDeliveries.Edges)
		}
	})
}

// loopbackAllowed is the guard of tests whose receivers listen on
// 127.0.0.1: an operator's allow-list naming loopback.
func loopbackAllowed(t *testing.T) *webhook.Guard {
	t.Helper()
	g, err := webhook.NewGuard([]string{"127.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPlanChangesQueueEvents: account plans and their objectives queue
// plan.* and objective.* events like the stakeholder graph's entities.
func TestPlanChangesQueueEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		c.MustDo(`mutation { createWebhook(input: {url: "https://plans.example.com/hook", events: ["plan.created", "objective.created", "plan.deleted"]}) { webhook { id } } }`, nil, nil)
		var acc struct{ CreateAccount struct{ ID string } }
		c.MustDo(`mutation { createAccount(input: {name: "Planned Telecom"}) { id } }`, nil, &acc)
		var plan struct{ CreateAccountPlan struct{ ID string } }
		c.MustDo(`mutation($a: ID!) { createAccountPlan(input: {accountID: $a, fiscalYear: 2030}) { id } }`, map[string]any{"a": acc.CreateAccount.ID}, &plan)
		c.MustDo(`mutation($p: ID!) { createObjective(input: {planID: $p, title: "Cover the board", metric: COVERAGE_RATIO, target: 0.8}) { id } }`,
			map[string]any{"p": plan.CreateAccountPlan.ID}, nil)
		c.MustDo(`mutation($p: ID!) { deleteAccountPlan(id: $p) { deletedID } }`, map[string]any{"p": plan.CreateAccountPlan.ID}, nil)
		var events []string
		for _, d := range db.Client.WebhookDelivery.Query().Order(ent.Asc("id")).AllX(context.Background()) {
			events = append(events, d.Event)
		}
		want := []string{"plan.created", "objective.created", "plan.deleted"}
		if strings.Join(events, ",") != strings.Join(want, ",") {
			t.Errorf("queued %v, want %v", events, want)
		}
	})
}
