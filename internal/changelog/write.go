// Package changelog keeps the durable feed of committed changes: every
// transaction that writes rows appends, right before it commits, one row
// per entity it created, updated or deleted to the table changes
// (ent/schema/change.go). Servers follow the feed (Feed) to keep what they
// hold in memory (the stakeholder graph, the portfolio's maintained values)
// up to date incrementally: each server reads only what was committed since
// its last read, sees its own writes at once and every other server's on
// its next read, and a restart or a pruned feed falls back to a full load.
//
// Appending rows replaces the single epoch row every graph write used to
// increment: on PostgreSQL that row's lock serialised all writers at
// commit; inserts into a table with an identity column do not.
package changelog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"rapport/ent"
	"rapport/internal/chunk"
)

// Entry is one committed change of one row.
type Entry struct {
	Seq  int64  // position in the feed
	Type string // ent type name (ent.TypeContact, ...)
	ID   int
	// Account is the account the row belongs to, 0 when it belongs to
	// none (a team member) or the writer did not know it; Also is the
	// account of its other end (a relation's target contact's).
	Account, Also int
}

// Reset is the Type of an entry that tells followers to reload everything:
// written by code that replaces tables past the hooks (a restore, the
// bench's bulk loader).
const Reset = "*"

// untracked are the types whose rows are the server's own bookkeeping:
// nothing follows them, and writing a change per sign-in or per delivery
// attempt would only grow the feed.
var untracked = map[string]bool{
	ent.TypeChange: true, ent.TypeAuditEvent: true, ent.TypeSession: true,
	ent.TypeSignInFailure: true, ent.TypeWebhookDelivery: true,
}

// farEnds maps "Type.edge" to the type at the edge's far end, for edges
// whose rows live at the far end or in a join table: adding or removing
// such an edge writes the far rows.
var farEnds = func() map[string]string {
	m := map[string]string{}
	for _, e := range ent.Edges {
		if !e.OwnFK {
			m[e.Type+"."+e.Name] = e.Target
		}
	}
	return m
}()

// Hook records the rows every mutation writes: its own, and the far rows of
// the edges it adds or removes. Rows removed by a foreign key's cascade are
// not named; followers derive them from the row whose deletion caused them.
// Install it outside the hooks that Note from (the live hook), so that its
// commit hook, registered first, runs after theirs have noted.
func Hook(dia string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if untracked[m.Type()] {
				return next.Mutate(ctx, m)
			}
			ctx, b, flush := bufferFor(ctx, m, dia)
			var ids []int
			if !m.Op().Is(ent.OpCreate) {
				var err error
				if ids, err = MutatedIDs(ctx, m); err != nil {
					return nil, err
				}
				ctx = context.WithValue(ctx, mutatedKey{}, mutated{m, ids})
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				if flush != nil {
					_ = flush(ctx, false) // a transaction's cleanup is registered still
				}
				return v, err
			}
			if m.Op().Is(ent.OpCreate) {
				if n, ok := m.(interface{ ID() (int, bool) }); ok {
					if id, exists := n.ID(); exists {
						ids = []int{id}
					}
				}
			}
			for _, id := range ids {
				b.add(Entry{Type: m.Type(), ID: id})
			}
			for _, edges := range [][]string{m.AddedEdges(), m.RemovedEdges()} {
				for _, name := range edges {
					far, ok := farEnds[m.Type()+"."+name]
					if !ok {
						continue
					}
					vals := m.AddedIDs(name)
					vals = append(vals, m.RemovedIDs(name)...)
					for _, val := range vals {
						if id, ok := val.(int); ok {
							b.add(Entry{Type: far, ID: id})
						}
					}
				}
			}
			if flush != nil {
				if err := flush(ctx, true); err != nil {
					return nil, err
				}
			}
			return v, nil
		})
	}
}

// Note adds entries with their accounts for rows m writes (the live hook,
// which reads them anyway for its events, notes them here).
func Note(ctx context.Context, m ent.Mutation, entries ...Entry) {
	if b := pendingFor(ctx, m); b != nil {
		for _, e := range entries {
			b.add(e)
		}
	}
}

type mutatedKey struct{}

type mutated struct {
	m   ent.Mutation
	ids []int
}

// ReadIDs returns the rows of the update or delete m as the feed's hook
// read them before the write, for the hooks inside it (the audit trail
// records a bulk delete row by row without reading them again); ok is
// false when the hook did not read them.
func ReadIDs(ctx context.Context, m ent.Mutation) (ids []int, ok bool) {
	r, ok := ctx.Value(mutatedKey{}).(mutated)
	if !ok || r.m != m {
		return nil, false
	}
	return r.ids, true
}

// MutatedIDs are the rows an update or delete touches, read before the
// write (after a delete they are gone).
func MutatedIDs(ctx context.Context, m ent.Mutation) ([]int, error) {
	if n, ok := m.(interface{ ID() (int, bool) }); ok {
		if id, exists := n.ID(); exists {
			return []int{id}, nil
		}
	}
	q, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil, nil
	}
	ids, err := q.IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("changelog: rows of %s: %w", m.Type(), err)
	}
	return ids, nil
}

// buffer collects the entries of one transaction (or of one mutation
// outside a transaction).
type buffer struct {
	mu   sync.Mutex
	seen map[Entry]bool
	list []Entry
}

func (b *buffer) add(e Entry) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen == nil {
		b.seen = map[Entry]bool{}
	}
	if !b.seen[e] {
		b.seen[e] = true
		b.list = append(b.list, e)
	}
}

// entries returns the buffer's entries, dropping an entry without an
// account when another names the same row with one.
func (b *buffer) entries() []Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	type row struct {
		typ string
		id  int
	}
	known := map[row]bool{}
	for _, e := range b.list {
		if e.Account != 0 {
			known[row{e.Type, e.ID}] = true
		}
	}
	out := make([]Entry, 0, len(b.list))
	for _, e := range b.list {
		if e.Account == 0 && e.Also == 0 && known[row{e.Type, e.ID}] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// pending holds each open transaction's buffer, by ent.TxKey: every
// mutation's Tx() is a new handle on the same transaction. Outside a
// transaction, the buffer of the mutation in flight rides in its context.
var pending sync.Map

type ctxKey struct{}

// bufferFor returns the buffer for m's rows and the function to call once
// the mutation has returned: outside a transaction it writes them (the
// buffer rides in the context meanwhile, for Note); in a transaction's
// first mutation it registers the writing at commit.
func bufferFor(ctx context.Context, m ent.Mutation, dia string) (context.Context, *buffer, func(ctx context.Context, ok bool) error) {
	if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
		if tx, err := txm.Tx(); err == nil {
			b, register := txBuffer(tx, dia)
			if register == nil {
				return ctx, b, nil
			}
			return ctx, b, func(context.Context, bool) error { register(); return nil }
		}
	}
	if b, ok := ctx.Value(ctxKey{}).(*buffer); ok {
		return ctx, b, nil // a write inside another's hooks: the outer one flushes
	}
	b := &buffer{}
	c, ok := m.(interface{ Client() *ent.Client })
	if !ok {
		return ctx, b, nil
	}
	return context.WithValue(ctx, ctxKey{}, b), b, func(ctx context.Context, ok bool) error {
		if !ok {
			return nil
		}
		return write(ctx, c.Client(), dia, b.entries())
	}
}

func pendingFor(ctx context.Context, m ent.Mutation) *buffer {
	if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
		if tx, err := txm.Tx(); err == nil {
			if b, ok := pending.Load(ent.TxKey(tx)); ok {
				return b.(*buffer)
			}
			return nil
		}
	}
	b, _ := ctx.Value(ctxKey{}).(*buffer)
	return b
}

// txBuffer returns the buffer of tx's entries and, the first time, the
// function that registers its writing at commit. The caller registers it
// after the mutation: a commit hook registered later runs later, so that
// rows the other hooks write at commit (none tracked today) would still be
// noted before the feed is written.
func txBuffer(tx *ent.Tx, dia string) (*buffer, func()) {
	key := ent.TxKey(tx)
	if b, ok := pending.Load(key); ok {
		return b.(*buffer), nil
	}
	b := &buffer{}
	if old, loaded := pending.LoadOrStore(key, b); loaded {
		return old.(*buffer), nil
	}
	return b, func() {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
				pending.Delete(key)
				if err := write(ctx, t, dia, b.entries()); err != nil {
					_ = t.Rollback()
					return err
				}
				return next.Commit(ctx, t)
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error {
				pending.Delete(key)
				return next.Rollback(ctx, t)
			})
		})
	}
}

// Execer runs a statement: an *ent.Tx, an *ent.Client, a *sql.DB or *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// columns per row of the insert, and rows per statement (SQLite allows
// 32,766 variables, PostgreSQL 65,535).
const perRow = 5

var rowsPerInsert = chunk.Size / perRow

func write(ctx context.Context, x Execer, dia string, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	txid := "0"
	if dia == dialect.Postgres {
		txid = "txid_current()"
	}
	at := time.Now().UTC()
	for start := 0; start < len(entries); start += rowsPerInsert {
		part := entries[start:min(start+rowsPerInsert, len(entries))]
		var sb strings.Builder
		sb.WriteString("INSERT INTO changes (txid, entity_type, entity_id, account_id, also, at) VALUES ")
		args := make([]any, 0, len(part)*perRow)
		for i, e := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&sb, "(%s, %s, %s, %s, %s, %s)", txid, ph(dia, n+1), ph(dia, n+2), ph(dia, n+3), ph(dia, n+4), ph(dia, n+5))
			args = append(args, e.Type, e.ID, e.Account, e.Also, at)
		}
		if _, err := x.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("write change feed: %w", err)
		}
	}
	return nil
}

func ph(dia string, n int) string {
	if dia == dialect.Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// MarkReset appends a Reset entry: every follower reloads everything on
// its next read. Code that replaces tables past the ent hooks (a restore,
// a bulk loader) runs it after (or in the same transaction as) the change.
func MarkReset(ctx context.Context, x Execer, dia string) error {
	return write(ctx, x, dia, []Entry{{Type: Reset}})
}

// Head is the highest entry ID of the feed on db, for Restored.
func Head(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read change feed head: %w", err)
	}
	return n, nil
}

// Restored follows a PostgreSQL restore that replaced the tables (the feed
// among them) under running servers: the feed's identity is moved past
// before, the head the servers may have read, so that the Reset entry
// written next is numbered above every position a server holds.
func Restored(ctx context.Context, db *sql.DB, before int64) error {
	if _, err := db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('changes', 'id'), GREATEST($1::bigint, (SELECT COALESCE(MAX(id), 0) FROM changes)) + 1)`, before); err != nil {
		return fmt.Errorf("advance change feed: %w", err)
	}
	return MarkReset(ctx, db, dialect.Postgres)
}
