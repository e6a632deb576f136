package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"rapport/ent"
	"rapport/ent/webhook"
	"rapport/ent/webhookdelivery"
	"rapport/internal/auth"
	"rapport/internal/gid"
)

// Delivery headers.
const (
	HeaderSignature = "X-Rapport-Signature" // sha256=<hex HMAC of "<timestamp>.<body>">
	HeaderTimestamp = "X-Rapport-Timestamp" // unix seconds; receivers refuse old ones (replay)
	HeaderEvent     = "X-Rapport-Event"
	HeaderDelivery  = "X-Rapport-Delivery" // the delivery's ID: the same on every retry, for dedupe
	maxAttempts     = 12
	batch           = 50
	// lease is how long a claimed delivery is left to its sender before
	// another round (or another server) may send it again: longer than
	// the HTTP timeout, so that only a crash causes a second send.
	lease = 15 * time.Second
)

// Sign returns the signature header value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", ts)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Dispatcher delivers due outbox rows.
type Dispatcher struct {
	Client   *ent.Client
	HTTP     *http.Client
	Secrets  *Sealer
	Interval time.Duration
}

// NewDispatcher returns a dispatcher polling every second, sending through
// guard (nil: one that allows no internal range) and opening the stored
// secrets with secrets (nil: the process's own key, see ProcessSealer).
func NewDispatcher(client *ent.Client, guard *Guard, secrets *Sealer) *Dispatcher {
	if guard == nil {
		guard, _ = NewGuard(nil)
	}
	if secrets == nil {
		secrets = ProcessSealer()
	}
	return &Dispatcher{Client: client, HTTP: guard.HTTPClient(10 * time.Second), Secrets: secrets, Interval: time.Second}
}

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "webhook delivery round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue sends every due delivery once and returns how many it tried.
func (d *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	ctx = auth.WithViewer(ctx, auth.System)
	now := time.Now()
	due, err := d.Client.WebhookDelivery.Query().
		Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING), webhookdelivery.NextAttemptAtLTE(now),
			// A webhook deactivated by another server since its deliveries
			// were queued gets none (Outbox also ends them at once).
			webhookdelivery.HasWebhookWith(webhook.Active(true))).
		Order(ent.Asc(webhookdelivery.FieldID)).
		WithWebhook().
		Limit(batch).
		All(ctx)
	if err != nil {
		return 0, fmt.Errorf("load due deliveries: %w", err)
	}
	tried := 0
	for _, del := range due {
		// Claim the row, so that another server on the same database does
		// not send it at the same moment (delivery stays at least once).
		n, err := d.Client.WebhookDelivery.Update().
			Where(webhookdelivery.ID(del.ID), webhookdelivery.NextAttemptAt(del.NextAttemptAt)).
			SetNextAttemptAt(now.Add(lease)).
			Save(ctx)
		if err != nil || n == 0 {
			continue
		}
		tried++
		d.send(ctx, del)
	}
	return tried, nil
}

func (d *Dispatcher) send(ctx context.Context, del *ent.WebhookDelivery) {
	hook := del.Edges.Webhook
	body, _ := json.Marshal(map[string]any{"delivery": gid.Encode(del.ID), "event": del.Event, "payload": del.Payload})
	ts := time.Now().Unix()
	status, sendErr := 0, error(nil)
	secret, err := d.Secrets.Open(hook.Secret)
	if err != nil {
		slog.ErrorContext(ctx, "open webhook secret", "webhook", hook.ID, "err", err)
		d.record(ctx, del, 0, errSecret)
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(HeaderSignature, Sign(secret, ts, body))
		req.Header.Set(HeaderEvent, del.Event)
		req.Header.Set(HeaderDelivery, gid.Encode(del.ID))
		var resp *http.Response
		resp, sendErr = d.HTTP.Do(req)
		if sendErr == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			status = resp.StatusCode
		}
	} else {
		sendErr = err
	}
	d.record(ctx, del, status, sendErr)
}

var errSecret = errors.New("secret")

// record writes the outcome of one attempt to the delivery log.
func (d *Dispatcher) record(ctx context.Context, del *ent.WebhookDelivery, status int, sendErr error) {
	attempts := del.Attempts + 1
	upd := d.Client.WebhookDelivery.UpdateOneID(del.ID).SetAttempts(attempts)
	if status != 0 {
		upd.SetLastStatus(status)
	}
	switch {
	case sendErr == nil && status >= 200 && status < 300:
		upd.SetStatus(webhookdelivery.StatusDELIVERED).SetDeliveredAt(time.Now()).SetLastError("")
	case attempts >= maxAttempts:
		upd.SetStatus(webhookdelivery.StatusFAILED).SetLastError(errText(sendErr, status))
	default:
		// 1 s, 2 s, 4 s ... doubling up to an hour.
		backoff := min(time.Second<<min(attempts-1, 12), time.Hour)
		upd.SetNextAttemptAt(time.Now().Add(backoff)).SetLastError(errText(sendErr, status))
	}
	if err := upd.Exec(ctx); err != nil && ctx.Err() == nil {
		slog.WarnContext(ctx, "record webhook delivery", "delivery", del.ID, "err", err)
	}
}

func errText(err error, status int) string {
	if errors.Is(err, errSecret) {
		return "the signing secret cannot be read with this server's key"
	}
	return deliveryError(err, status)
}
