// Package live publishes committed changes to the stakeholder graph to
// subscribers: in process on SQLite, and through PostgreSQL LISTEN/NOTIFY
// so that every server on one database hears every other server's writes.
package live

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// Actions of an Event, as in the audit trail.
const (
	Create = "CREATE"
	Update = "UPDATE"
	Delete = "DELETE"
)

// Event is one committed change of one entity that belongs to an account.
// The JSON names are short: events travel in NOTIFY payloads (8,000 bytes).
type Event struct {
	EntityType string `json:"t"`
	EntityID   int    `json:"i"`
	Action     string `json:"a"`
	AccountID  int    `json:"ac"`
	// Also is the account of the row's other end (a relation's target
	// contact, a chain link's contact) when it differs: a subscriber hears
	// of the row only when they may see both.
	Also int       `json:"al,omitempty"`
	At   time.Time `json:"at"`
}

// subscriberBuffer is how many events a slow subscriber may fall behind
// before further events for it are dropped (and logged).
const subscriberBuffer = 256

// Bus fans committed changes out to subscribers.
type Bus struct {
	mu     sync.Mutex
	subs   map[chan Event]struct{}
	closed bool

	pg *pgTransport // nil on SQLite: delivery is in process
}

// NewLocal returns a bus that delivers in this process only (SQLite).
func NewLocal() *Bus { return &Bus{subs: map[chan Event]struct{}{}} }

// NewPostgres returns a bus that publishes with NOTIFY on db and hears
// every server's events on a connection of its own to dsn, LISTENing on a
// channel named after the database schema.
func NewPostgres(db *sql.DB, dsn, schema string) *Bus {
	b := NewLocal()
	b.pg = newPGTransport(db, dsn, channelName(schema), b.deliver)
	return b
}

// Publish hands committed events to the subscribers of every server. It
// never fails the write it reports: a lost event is logged.
func (b *Bus) Publish(ctx context.Context, events []Event) {
	if len(events) == 0 {
		return
	}
	if b.pg != nil {
		if err := b.pg.notify(ctx, events); err != nil {
			slog.WarnContext(ctx, "live: publish events", "events", len(events), "err", err)
		}
		return
	}
	b.deliver(events)
}

// Subscribe returns a channel of every event published from now on; it is
// closed when ctx ends. On PostgreSQL it returns once this server LISTENs
// (or after a bounded wait, logged), so that no write after it is missed.
func (b *Bus) Subscribe(ctx context.Context) <-chan Event {
	ch := make(chan Event, subscriberBuffer)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		close(ch)
		return ch
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	if b.pg != nil {
		b.pg.start()
		if err := b.pg.waitReady(ctx, 5*time.Second); err != nil {
			slog.WarnContext(ctx, "live: subscribed before the listener was ready", "err", err)
		}
	}
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		if _, ok := b.subs[ch]; ok { // else Close has closed it
			delete(b.subs, ch)
			close(ch)
		}
		b.mu.Unlock()
	}()
	return ch
}

// Close ends every subscription (their streams complete, so that a
// server shutting down need not wait for them) and stops the listener.
func (b *Bus) Close() {
	b.mu.Lock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
	b.mu.Unlock()
	if b.pg != nil {
		b.pg.close()
	}
}

func (b *Bus) deliver(events []Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		for _, e := range events {
			select {
			case ch <- e:
			default:
				slog.Warn("live: subscriber too slow, event dropped", "type", e.EntityType, "id", e.EntityID)
			}
		}
	}
}
