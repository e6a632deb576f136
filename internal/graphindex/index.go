package graphindex

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"rapport/ent"
)

// loadTimeout bounds a snapshot load, which runs detached from the request
// that started it (others may be waiting on it).
const loadTimeout = 2 * time.Minute

// Source is where an index loads snapshots from: the pool under the ent
// client, so that a load can hold one read transaction of its own.
type Source struct {
	DB      *sql.DB
	Dialect string
	// Count, when set, is told of every statement a load runs, with the
	// context of the request that started it (statement counts, metrics).
	Count func(context.Context)
}

// Index hands out the current snapshot of one database.
type Index struct {
	client *ent.Client
	src    Source

	cur     atomic.Pointer[Snapshot]
	curSeq  uint64 // sequence of the load that produced cur; under mu
	mu      sync.Mutex
	seq     uint64
	loading *loadCall // the newest load in flight, if any
}

// loadCall is one load that several requests may wait on.
type loadCall struct {
	want int64  // the epoch the request that started it had read
	seq  uint64 // loads started later see a later state of the database
	done chan struct{}
	snap *Snapshot
	err  error
}

// indexes maps each store's client to its index. The server's resolvers
// only hold the client, and a registry keyed by it keeps the index out of
// every signature between the store and the traversals.
var indexes sync.Map // *ent.Client -> *Index

// Install registers the epoch hook on client and an index for it. Call it
// before the audit hook is installed (see Hook).
func Install(client *ent.Client, src Source) *Index {
	client.Use(Hook)
	ix := &Index{client: client, src: src}
	indexes.Store(client, ix)
	return ix
}

// Forget drops client's index and its snapshot (the store is closing).
func Forget(client *ent.Client) { indexes.Delete(client) }

// For returns client's index, or nil for a client without one (a
// transaction's client).
func For(client *ent.Client) *Index {
	ix, _ := indexes.Load(client)
	i, _ := ix.(*Index)
	return i
}

// Snapshot returns a snapshot as new as the database's epoch: one
// statement when the current one is up to date; otherwise the request
// waits for a load that started after it read the epoch (joining one in
// flight when there is such a load, so that a burst of requests after a
// write shares a single load).
func (ix *Index) Snapshot(ctx context.Context) (*Snapshot, error) {
	e, err := ReadEpoch(ctx, ix.client)
	if err != nil {
		return nil, err
	}
	// The epoch only grows (a bump adds one; a restore moves it past the
	// old value, see AdvancePast), so a snapshot at the epoch read, or at a
	// later one another request loaded meanwhile, has every change
	// committed before this request began.
	if s := ix.cur.Load(); s != nil && s.Epoch >= e {
		return s, nil
	}
	ix.mu.Lock()
	if s := ix.cur.Load(); s != nil && s.Epoch >= e {
		ix.mu.Unlock()
		return s, nil
	}
	l := ix.loading
	if l == nil || l.want < e {
		// No load, or one that started before the change this request
		// must see: start another. The older one still finishes for its
		// own waiters.
		ix.seq++
		l = &loadCall{want: e, seq: ix.seq, done: make(chan struct{})}
		// The current snapshot is stale for every request from now on
		// (their epoch reads come after this one): let it go now rather
		// than when the new one is in, so that the two are not both held
		// through the load (at scale L, 90 MB each). Requests still using
		// it keep it alive until they finish.
		ix.cur.Store(nil)
		ix.loading = l
		go ix.run(context.WithoutCancel(ctx), l)
	}
	ix.mu.Unlock()
	select {
	case <-l.done:
		return l.snap, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (ix *Index) run(ctx context.Context, l *loadCall) {
	ctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	start := time.Now()
	l.snap, l.err = ix.load(ctx)
	ix.mu.Lock()
	if ix.loading == l {
		ix.loading = nil
	}
	// The load that started last read the newest state: publish it unless
	// a later one already did.
	if l.err == nil && l.seq > ix.curSeq {
		ix.cur.Store(l.snap)
		ix.curSeq = l.seq
	}
	ix.mu.Unlock()
	close(l.done)
	if l.err != nil {
		slog.ErrorContext(ctx, "graph snapshot load failed", "err", l.err)
		return
	}
	s := l.snap
	slog.DebugContext(ctx, "graph snapshot loaded", "epoch", s.Epoch, "accounts", len(s.Accounts),
		"contacts", len(s.Contacts), "relations", len(s.Relations), "coverages", len(s.Coverages),
		"members", len(s.Members), "bytes", s.Bytes(), "took", time.Since(start))
}

// load reads a snapshot in one read transaction, so that the epoch and the
// rows agree. On PostgreSQL that is a REPEATABLE READ, READ ONLY
// transaction. On SQLite the pool's transactions begin IMMEDIATE (they take
// the write lock, see store.sqliteDSN), which would stall writers for the
// whole load: a plain deferred BEGIN on a connection of its own gives a
// WAL read snapshot and takes no write lock.
func (ix *Index) load(ctx context.Context) (*Snapshot, error) {
	if ix.src.Dialect == dialect.Postgres {
		tx, err := ix.src.DB.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return nil, fmt.Errorf("load snapshot: begin: %w", err)
		}
		defer tx.Rollback() //nolint:errcheck // read only: nothing to undo
		s, err := Load(ctx, counted{tx, ix.src.Count})
		if err != nil {
			return nil, fmt.Errorf("load snapshot: %w", err)
		}
		return s, tx.Commit()
	}
	conn, err := ix.src.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("load snapshot: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return nil, fmt.Errorf("load snapshot: begin: %w", err)
	}
	s, err := Load(ctx, counted{conn, ix.src.Count})
	end := "COMMIT"
	if err != nil {
		end = "ROLLBACK"
	}
	if _, cerr := conn.ExecContext(context.WithoutCancel(ctx), end); cerr != nil {
		// Never hand a connection still inside a transaction back to the
		// pool: mark it bad so that database/sql closes it.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		if err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("load snapshot: %w", err)
	}
	return s, nil
}

// counted passes statements to q and tells count about them.
type counted struct {
	q     Queryer
	count func(context.Context)
}

func (c counted) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if c.count != nil {
		c.count(ctx)
	}
	return c.q.QueryContext(ctx, query, args...)
}
