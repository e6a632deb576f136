// Package webhook tells registered endpoints about changes. Every change
// writes its events to an outbox table (webhook_deliveries) in the same
// transaction, so a crash loses none; a dispatcher delivers them at least
// once, signed with HMAC-SHA256 and retried with exponential back-off, and
// the table doubles as the delivery log.
package webhook

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/webhook"
	"rapport/ent/webhookdelivery"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/gid"
)

// eventPrefix names each type's events; the types in silent send none,
// and every type is in one of the two (TestEveryTypeIsPublishedOrSilent):
// a new entity is a decision, not an omission.
var eventPrefix = map[string]string{
	ent.TypeAccount: "account", ent.TypeContact: "contact", ent.TypeContactRelation: "relation",
	ent.TypeCoverage: "coverage", ent.TypeInteraction: "interaction", ent.TypeOpportunity: "opportunity",
	ent.TypeDecisionChainLink: "chain_link", ent.TypeAssessment: "assessment",
	ent.TypeEngagement: "engagement", ent.TypeExecutivePairing: "executive_pairing",
	ent.TypeValueAssessment: "value_assessment", ent.TypeAlert: "alert",
	ent.TypeAccountPlan: "plan", ent.TypeObjective: "objective", ent.TypeRisk: "risk",
	ent.TypeAccountOffering: "account_offering", ent.TypeOffering: "offering", ent.TypeTierPolicy: "tier_policy", ent.TypeSuggestion: "suggestion",
	ent.TypeHandover: "handover", ent.TypeHandoverItem: "handover_item",
	ent.TypeContactRole: "contact_role", ent.TypeSurvey: "survey", ent.TypeComplaint: "complaint",
	ent.TypeBudget: "budget",
}

// silent are the types that send no events, and why.
var silent = map[string]string{
	ent.TypeContactNeed:      "readable only by the account team (teamOnly scope), and a webhook is not on any team",
	ent.TypeAlertState:       "one user's inbox state (acknowledged, snoozed): the alert itself sends alert.raised",
	ent.TypeAlertRuleSetting: "an admin's switch for a rule per tier: configuration, not customer data",
	ent.TypeStageChange:      "sent as opportunity.stage_changed",
	ent.TypeTierChange:       "written with the account's tier change, which sends account.updated",
	ent.TypeTeamMember:       "our own people, kept in the admin pages; what they know of contacts sends coverage.*",
	ent.TypeUser:             "sign-in accounts: security data",
	ent.TypeAPIToken:         "credentials",
	ent.TypeSession:          "credentials",
	ent.TypeSignInFailure:    "security bookkeeping",
	ent.TypeAuditEvent:       "the audit trail itself",
	ent.TypeChange:           "the change feed's own rows",
	ent.TypeWebhook:          "the endpoints themselves",
	ent.TypeWebhookDelivery:  "the outbox itself",
}

// NewOutbox returns the ent hook that writes a delivery for every
// subscribed webhook of every event a mutation causes. Each client gets its
// own: the cache of active webhooks belongs to one database (a process
// holding two stores, as the tests do, must not queue one's webhooks in the
// other).
func NewOutbox() ent.Hook {
	active := &activeHooks{}
	return func(next ent.Mutator) ent.Mutator { return outbox(active, next) }
}

func outbox(active *activeHooks, next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if m.Type() == ent.TypeWebhook {
			return deactivate(ctx, active, next, m)
		}
		prefix, ok := eventPrefix[m.Type()]
		if !ok {
			return next.Mutate(ctx, m)
		}
		events, err := eventsOf(ctx, m, prefix)
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || len(events) == 0 {
			return v, err
		}
		c, ok := m.(interface{ Client() *ent.Client })
		if !ok {
			return v, nil
		}
		hooks, err := active.get(ctx, c.Client())
		if err != nil || len(hooks) == 0 {
			return v, err
		}
		payload := payloadOf(m, v)
		for _, ev := range events {
			for _, h := range hooks {
				if !slices.Contains(h.Events, ev) && !slices.Contains(h.Events, "*") {
					continue
				}
				p := map[string]any{"event": ev}
				for k, val := range payload {
					p[k] = val
				}
				if err := c.Client().WebhookDelivery.Create().SetWebhookID(h.ID).SetEvent(ev).SetPayload(p).Exec(ctx); err != nil {
					return nil, fmt.Errorf("queue %s for webhook: %w", ev, err)
				}
			}
		}
		return v, nil
	})
}

// deactivate runs a webhook change and, when it deactivates webhooks,
// ends their pending deliveries in the same transaction: a retry queued
// before must not go out after.
func deactivate(ctx context.Context, active *activeHooks, next ent.Mutator, m ent.Mutation) (ent.Value, error) {
	var ids []int
	wm, ok := m.(*ent.WebhookMutation)
	if !ok {
		return next.Mutate(ctx, m)
	}
	if on, set := wm.Active(); set && !on {
		var err error
		if ids, err = wm.IDs(ctx); err != nil {
			return nil, fmt.Errorf("find webhooks to deactivate: %w", err)
		}
	}
	v, err := next.Mutate(ctx, m)
	active.forget()
	if err != nil || len(ids) == 0 {
		return v, err
	}
	if _, err := wm.Client().WebhookDelivery.Update().
		Where(webhookdelivery.WebhookIDIn(ids...), webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING)).
		SetStatus(webhookdelivery.StatusFAILED).SetLastError("webhook deactivated").
		Save(auth.WithViewer(ctx, auth.System)); err != nil {
		return nil, fmt.Errorf("end pending deliveries of deactivated webhooks: %w", err)
	}
	return v, nil
}

// eventsOf names the events of a mutation before it runs (a stage change
// needs the old stage).
func eventsOf(ctx context.Context, m ent.Mutation, prefix string) ([]string, error) {
	if m.Type() == ent.TypeAlert { // raised once, then only cleared
		if m.Op().Is(ent.OpCreate) {
			return []string{"alert.raised"}, nil
		}
		return nil, nil
	}
	switch {
	case m.Op().Is(ent.OpCreate):
		return []string{prefix + ".created"}, nil
	case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
		return []string{prefix + ".deleted"}, nil
	}
	events := []string{prefix + ".updated"}
	if om, ok := m.(*ent.OpportunityMutation); ok && m.Op().Is(ent.OpUpdateOne) {
		if stage, set := om.Stage(); set {
			old, err := om.OldStage(ctx)
			if err != nil {
				return nil, fmt.Errorf("read old stage: %w", err)
			}
			if old != stage {
				events = append(events, "opportunity.stage_changed")
			}
		}
	}
	return events, nil
}

// payloadOf describes the changed object: its type, API ID, and the fields
// the mutation set.
func payloadOf(m ent.Mutation, v ent.Value) map[string]any {
	p := map[string]any{"type": m.Type(), "at": time.Now().UTC().Format(time.RFC3339Nano)}
	if idm, ok := m.(interface{ ID() (int, bool) }); ok {
		if id, exists := idm.ID(); exists {
			p["id"] = gid.Encode(id)
		}
	}
	if n, ok := v.(int); ok && p["id"] == nil {
		p["rows"] = n
	}
	fields := map[string]any{}
	for _, f := range m.Fields() {
		if f == "created_at" || f == "updated_at" || strings.HasSuffix(f, "_hash") {
			continue
		}
		val, _ := m.Field(f)
		if id, ok := val.(int); ok && strings.HasSuffix(f, "_id") {
			val = gid.Encode(id)
		}
		fields[f] = val
	}
	if len(fields) > 0 {
		p["fields"] = fields
	}
	return p
}

// activeHooks caches the active webhooks for a few seconds, so that a
// change costs no query when nobody listens; a change of a webhook
// through this process drops the cache at once.
type activeHooks struct {
	mu    sync.Mutex
	hooks []*ent.Webhook
	until time.Time
}

const cacheTTL = 5 * time.Second

func (a *activeHooks) get(ctx context.Context, c *ent.Client) ([]*ent.Webhook, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if time.Now().Before(a.until) {
		return a.hooks, nil
	}
	hooks, err := c.Webhook.Query().Where(webhook.Active(true)).All(auth.WithViewer(ctx, auth.System))
	if err != nil {
		return nil, fmt.Errorf("load webhooks: %w", err)
	}
	a.hooks, a.until = hooks, time.Now().Add(cacheTTL)
	return hooks, nil
}

func (a *activeHooks) forget() {
	a.mu.Lock()
	a.until = time.Time{}
	a.mu.Unlock()
}

// Events lists the event types a webhook may ask for.
func Events() []string {
	var out []string
	for _, p := range eventPrefix {
		if p == "alert" {
			continue // alerts send alert.raised only
		}
		out = append(out, p+".created", p+".updated", p+".deleted")
	}
	slices.Sort(out)
	return append(out, "opportunity.stage_changed", "alert.raised")
}

// Create registers a webhook and returns its signing secret, shown once.
func Create(ctx context.Context, c *ent.Client, rawURL string, events []string, description *string) (*ent.Webhook, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", apperr.Invalid("url", "must be an http(s) URL")
	}
	if len(events) == 0 {
		return nil, "", apperr.Invalid("events", "name at least one event, or *")
	}
	known := Events()
	for _, e := range events {
		if e != "*" && !slices.Contains(known, e) {
			return nil, "", apperr.Invalid("events", "unknown event %q (known: %s)", e, strings.Join(known, ", "))
		}
	}
	secret := auth.NewSecret("whsec_")
	w, err := c.Webhook.Create().SetURL(rawURL).SetEvents(events).SetSecret(secret).SetNillableDescription(description).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	return w, secret, nil
}
