// Package audit records every change in the same transaction as the change:
// who (user, token or the system), what (entity type and ID, action), the
// changed fields before and after, and the request it came from.
package audit

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/domain"
)

type requestIDKey struct{}

// WithRequestID tags ctx with the request ID recorded on audit events.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// redacted fields are recorded as changed, never with their values: every
// field ent/schema marks Sensitive (a password hash, a token hash, a
// webhook's signing secret), plus these names wherever they occur.
var redacted = map[string]bool{"password_hash": true, "token_hash": true, "csrf_token": true, "secret": true}

// sensitive lists, per entity type, the fields its schema marks Sensitive
// (generated from the schema, so a new entity's are there without a line).
var sensitive = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for typ, fields := range ent.SensitiveFields {
		out[typ] = map[string]bool{}
		for _, f := range fields {
			out[typ][f] = true
		}
	}
	return out
}()

// isRedacted reports a field of typ whose value the trail must not hold.
func isRedacted(typ, field string) bool {
	return redacted[field] || sensitive[typ][field]
}

// Hook writes an AuditEvent for every successful mutation. It skips the
// audit trail itself, the server's own session bookkeeping (sign-in and
// sign-out are security events of their own; an admin ending someone's
// sessions is recorded here), the sign-in throttle and the webhook outbox
// (its rows are their own log).
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if serversOwn(ctx, m) {
			return next.Mutate(ctx, m)
		}
		if bookkeeping(m) {
			return next.Mutate(ctx, m)
		}
		changes, err := before(ctx, m)
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if err := record(ctx, m, changes, v); err != nil {
			return nil, fmt.Errorf("write audit event: %w", err)
		}
		return v, nil
	})
}

// serversOwn reports the server's own bookkeeping, which the trail leaves
// out: itself, sessions the server opens, touches and ends, the sign-in
// throttle and the webhook outbox.
func serversOwn(ctx context.Context, m ent.Mutation) bool {
	switch m.Type() {
	case ent.TypeAuditEvent, ent.TypeWebhookDelivery, ent.TypeSignInFailure:
		return true
	case ent.TypeSession:
		v := auth.FromContext(ctx)
		return m.Op().Is(ent.OpCreate) || v == nil || v.Kind == auth.KindSystem
	}
	return false
}

// bookkeeping reports a change of nothing but usage timestamps (a token's
// last use), which is not worth an audit event per request.
func bookkeeping(m ent.Mutation) bool {
	for _, f := range m.Fields() {
		if f != "last_used_at" && f != "updated_at" {
			return false
		}
	}
	return m.Op().Is(ent.OpUpdateOne) && len(m.Fields()) > 0
}

func before(ctx context.Context, m ent.Mutation) (map[string]domain.FieldChange, error) {
	changes := map[string]domain.FieldChange{}
	for _, f := range m.Fields() {
		if f == "updated_at" || f == "created_at" {
			continue
		}
		after, _ := m.Field(f)
		c := domain.FieldChange{After: after}
		if m.Op().Is(ent.OpUpdateOne) {
			old, err := m.OldField(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("read old %s: %w", f, err)
			}
			if fmt.Sprint(old) == fmt.Sprint(after) {
				continue // set to the value it had
			}
			c.Before = old
		}
		if isRedacted(m.Type(), f) {
			c = domain.FieldChange{After: "[redacted]"}
		}
		changes[f] = c
	}
	for _, f := range m.ClearedFields() {
		changes[f] = domain.FieldChange{After: nil}
	}
	if err := deletedEdge(ctx, m, changes); err != nil {
		return nil, err
	}
	for _, e := range m.AddedEdges() {
		if ids := m.AddedIDs(e); len(ids) > 0 && changes[e+"_id"].After == nil {
			changes["+"+e] = domain.FieldChange{After: sortedIDs(ids)}
		}
	}
	for _, e := range m.RemovedEdges() {
		if ids := m.RemovedIDs(e); len(ids) > 0 {
			changes["-"+e] = domain.FieldChange{Before: sortedIDs(ids)}
		}
	}
	return changes, nil
}

// event is one audit event waiting to be written: a few words, where an
// AuditEventCreate builder (with its mutation and a client) is kilobytes
// and an import buffers one per row.
type event struct {
	at         time.Time
	action     auditevent.Action
	entityType string
	entityID   *int
	rows       *int
	changes    map[string]domain.FieldChange
	actorType  auditevent.ActorType
	actorName  string
	actorID    *int
	requestID  *string
	clientID   *string
	clientAddr *string
}

func (e *event) create(c *ent.AuditEventClient) *ent.AuditEventCreate {
	return c.Create().
		SetAt(e.at).
		SetAction(e.action).
		SetEntityType(e.entityType).
		SetNillableEntityID(e.entityID).
		SetNillableRows(e.rows).
		SetChanges(e.changes).
		SetActorType(e.actorType).
		SetActorName(e.actorName).
		SetNillableActorID(e.actorID).
		SetNillableRequestID(e.requestID).
		SetNillableClientRequestID(e.clientID).
		SetNillableClientAddress(e.clientAddr)
}

// setRequest fills in the request an event came from.
func (e *event) setRequest(ctx context.Context) {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		e.requestID = &id
	}
	if m := auth.RequestMetaFrom(ctx); m != nil {
		if e.requestID == nil && m.ID != "" {
			e.requestID = &m.ID
		}
		if m.ClientID != "" {
			id := m.ClientID
			e.clientID = &id
		}
		if m.Address != "" {
			a := m.Address
			e.clientAddr = &a
		}
	}
}

// Security returns the receiver of the authentication service's events
// (sign-in, failed sign-in, sign-out, lockout, refused request), which it
// writes to the trail through client at once, outside any transaction.
func Security(client *ent.Client) func(ctx context.Context, ev auth.Event) {
	return func(ctx context.Context, ev auth.Event) {
		e := &event{at: time.Now(), action: auditevent.Action(ev.Action), entityType: ent.TypeUser, entityID: ev.UserID}
		if ev.Action == auth.EventSignIn || ev.Action == auth.EventSignOut {
			e.entityType = ent.TypeSession
		}
		actor := ev.Actor
		switch {
		case actor != nil:
			e.actorType, e.actorName = auditActor(actor.Kind), actor.Name
			if actor.Kind != auth.KindSystem {
				id := actor.ID
				e.actorID = &id
			}
		default:
			// Not authenticated: the name tried (an e-mail, a token's
			// prefix) is all there is; the actor type says nobody vouched.
			e.actorType, e.actorName = auditevent.ActorTypeSYSTEM, "unauthenticated:"+ev.ActorName
		}
		if len(ev.Detail) > 0 {
			e.changes = map[string]domain.FieldChange{}
			for k, v := range ev.Detail {
				e.changes[k] = domain.FieldChange{After: v}
			}
		}
		e.setRequest(ctx)
		if err := e.create(client.AuditEvent).Exec(auth.WithViewer(context.WithoutCancel(ctx), auth.System)); err != nil {
			slog.ErrorContext(ctx, "write security audit event", "action", ev.Action, "err", err)
		}
	}
}

func record(ctx context.Context, m ent.Mutation, changes map[string]domain.FieldChange, v ent.Value) error {
	c, ok := m.(interface{ Client() *ent.Client })
	if !ok {
		return nil
	}
	e := &event{at: time.Now(), entityType: m.Type(), changes: changes}
	switch {
	case m.Op().Is(ent.OpCreate):
		e.action = auditevent.ActionCREATE
	case m.Op().Is(ent.OpUpdate | ent.OpUpdateOne):
		e.action = auditevent.ActionUPDATE
	default:
		e.action = auditevent.ActionDELETE
	}
	if id, ok := m.(interface{ ID() (int, bool) }); ok {
		if n, exists := id.ID(); exists {
			e.entityID = &n
		}
	}
	bulk := !m.Op().Is(ent.OpCreate | ent.OpUpdateOne | ent.OpDeleteOne)
	if n, ok := v.(int); ok && bulk {
		e.rows = &n // bulk update or delete: how many rows
	}
	actor := auth.FromContext(ctx)
	if actor == nil {
		actor = auth.System
	}
	e.actorType, e.actorName = auditActor(actor.Kind), actor.Name
	if actor.Kind != auth.KindSystem {
		id := actor.ID
		e.actorID = &id
	}
	e.setRequest(ctx)
	events := []*event{e}
	if ids, ok := changelog.ReadIDs(ctx, m); ok && bulk {
		// A bulk update or delete is recorded row by row, as the change
		// feed read them before the write: each row's history shows it
		// (a contact deleted with its account, a subsidiary detached).
		events = events[:0]
		for _, id := range ids {
			r := *e
			r.entityID, r.rows = &id, nil
			events = append(events, &r)
		}
	}
	// Inside a request's transaction the events are written together, in
	// multi-row statements of flushChunk: one statement per 500 rows of an
	// import instead of one per row, and at most 500 events held in memory.
	// Elsewhere they are written at once.
	if tx := ent.TxFromContext(ctx); tx != nil {
		if _, err := m.(interface{ Tx() (*ent.Tx, error) }).Tx(); err == nil {
			b := bufferFor(tx)
			for _, e := range events {
				if b.add(e) >= flushChunk {
					if err := b.flush(ctx, tx); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	for _, e := range events {
		if err := e.create(c.Client().AuditEvent).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// buffers holds the pending events of each open transaction.
var buffers sync.Map // *ent.Tx -> *buffer

type buffer struct {
	mu     sync.Mutex
	events []*event
}

// add queues e and returns how many events wait.
func (b *buffer) add(e *event) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, e)
	return len(b.events)
}

// bufferFor returns tx's buffer, registering on first use the commit hook
// that writes the rest of it and the rollback hook that drops it.
func bufferFor(tx *ent.Tx) *buffer {
	if b, ok := buffers.Load(tx); ok {
		return b.(*buffer)
	}
	b, loaded := buffers.LoadOrStore(tx, &buffer{})
	buf := b.(*buffer)
	if !loaded {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
				buffers.Delete(tx)
				if err := buf.flush(ctx, t); err != nil {
					_ = t.Rollback()
					return err
				}
				return next.Commit(ctx, t)
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error {
				buffers.Delete(tx)
				return next.Rollback(ctx, t)
			})
		})
	}
	return buf
}

// flushChunk keeps a bulk insert (11 columns a row) under SQLite's
// bound-variable limit and bounds the events a transaction holds.
const flushChunk = 500

// flush writes the waiting events through tx. The events written before
// the commit are part of the transaction like the rest: a rollback takes
// them back with the changes they record.
func (b *buffer) flush(ctx context.Context, tx *ent.Tx) error {
	b.mu.Lock()
	events := b.events
	b.events = nil
	b.mu.Unlock()
	for len(events) > 0 {
		n := min(len(events), flushChunk)
		creates := make([]*ent.AuditEventCreate, n)
		for i, e := range events[:n] {
			creates[i] = e.create(tx.AuditEvent)
		}
		if err := tx.AuditEvent.CreateBulk(creates...).Exec(ctx); err != nil {
			return fmt.Errorf("write %d audit events: %w", n, err)
		}
		events = events[n:]
	}
	return nil
}

func auditActor(kind string) auditevent.ActorType {
	return auditevent.ActorType(kind)
}

func sortedIDs(vals []ent.Value) []int {
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		if n, ok := v.(int); ok {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// deletedEdge records what a deleted coverage or relation connected and
// how strong it was, as the values before: the row is gone afterwards,
// and graphDiff reports it as ended from this event.
func deletedEdge(ctx context.Context, m ent.Mutation, changes map[string]domain.FieldChange) error {
	if !m.Op().Is(ent.OpDeleteOne) {
		return nil
	}
	switch m := m.(type) {
	case *ent.CoverageMutation:
		id, ok := m.ID()
		if !ok {
			return nil
		}
		c, err := m.Client().Coverage.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil // the delete itself reports it
		}
		if err != nil {
			return fmt.Errorf("read coverage %d before deleting it: %w", id, err)
		}
		changes["contact_id"] = domain.FieldChange{Before: c.ContactID}
		changes["team_member_id"] = domain.FieldChange{Before: c.TeamMemberID}
		changes["strength"] = domain.FieldChange{Before: c.Strength}
	case *ent.ContactRelationMutation:
		id, ok := m.ID()
		if !ok {
			return nil
		}
		r, err := m.Client().ContactRelation.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil // the delete itself reports it
		}
		if err != nil {
			return fmt.Errorf("read relation %d before deleting it: %w", id, err)
		}
		changes["from_id"] = domain.FieldChange{Before: r.FromID}
		changes["to_id"] = domain.FieldChange{Before: r.ToID}
		changes["kind"] = domain.FieldChange{Before: r.Kind}
		changes["strength"] = domain.FieldChange{Before: r.Strength}
	}
	return nil
}
