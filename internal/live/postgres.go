package live

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// maxPayload keeps a NOTIFY payload under PostgreSQL's 8,000-byte limit.
const maxPayload = 7000

// channelName is the NOTIFY channel of a schema: tests run one schema
// each in one database, and must not hear each other.
func channelName(schema string) string {
	name := "rapport_live"
	if schema != "" && schema != "public" {
		name += "_" + schema
	}
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// pgTransport publishes with pg_notify on the shared pool and listens on
// a dedicated connection (a pooled one would be returned with LISTEN on it).
type pgTransport struct {
	db      *sql.DB
	dsn     string
	channel string
	deliver func([]Event)

	once   sync.Once
	ready  chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func newPGTransport(db *sql.DB, dsn, channel string, deliver func([]Event)) *pgTransport {
	ctx, cancel := context.WithCancel(context.Background())
	return &pgTransport{db: db, dsn: dsn, channel: channel, deliver: deliver,
		ready: make(chan struct{}), ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// notify sends events in as few payloads as fit. It runs after the commit,
// so it must not depend on the request: a cancelled request still reports.
func (p *pgTransport) notify(ctx context.Context, events []Event) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, chunk := range payloads(events) {
		if _, err := p.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", p.channel, chunk); err != nil {
			return fmt.Errorf("notify %s: %w", p.channel, err)
		}
	}
	return nil
}

// payloads encodes events as JSON arrays of at most maxPayload bytes.
func payloads(events []Event) []string {
	var out []string
	var cur []string
	size := 2
	for _, e := range events {
		b, _ := json.Marshal(e)
		if len(cur) > 0 && size+len(b)+1 > maxPayload {
			out = append(out, "["+strings.Join(cur, ",")+"]")
			cur, size = nil, 2
		}
		cur = append(cur, string(b))
		size += len(b) + 1
	}
	if len(cur) > 0 {
		out = append(out, "["+strings.Join(cur, ",")+"]")
	}
	return out
}

// start runs the listener once, on the first subscription.
func (p *pgTransport) start() {
	p.once.Do(func() { go p.listen() })
}

func (p *pgTransport) waitReady(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errors.New("timed out waiting for LISTEN")
	}
}

// listen keeps a LISTENing connection, reconnecting after failures.
func (p *pgTransport) listen() {
	defer close(p.done)
	var readyOnce sync.Once
	for p.ctx.Err() == nil {
		err := p.listenOnce(func() { readyOnce.Do(func() { close(p.ready) }) })
		if p.ctx.Err() != nil {
			return
		}
		slog.Warn("live: listener lost its connection; reconnecting", "channel", p.channel, "err", err)
		select {
		case <-p.ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (p *pgTransport) listenOnce(ready func()) error {
	conn, err := pgx.Connect(p.ctx, p.dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(p.ctx, "LISTEN "+pgx.Identifier{p.channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	ready()
	for {
		n, err := conn.WaitForNotification(p.ctx)
		if err != nil {
			return err
		}
		var events []Event
		if err := json.Unmarshal([]byte(n.Payload), &events); err != nil {
			slog.Warn("live: bad notification payload", "err", err)
			continue
		}
		p.deliver(events)
	}
}

func (p *pgTransport) close() {
	p.cancel()
	// A listener never started is now never started; one running ends.
	p.once.Do(func() { close(p.done) })
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
	}
}
