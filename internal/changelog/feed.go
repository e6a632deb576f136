package changelog

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"rapport/ent"
)

// Queryer runs a read statement: the feed's read transaction.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Consumer follows the feed. The feed calls it with one consistent view of
// the database at a time (a read transaction), never two calls at once,
// and always in commit order.
type Consumer interface {
	// Reset rebuilds everything from the database as q shows it: on the
	// first read, after a Reset entry, and when the server has not read
	// the feed for longer than it is kept (entries may be gone).
	Reset(ctx context.Context, q Queryer) error
	// Apply brings the consumer from the previous call's view to q's:
	// batch names every row committed in between (an entry may repeat,
	// and may name a row that is gone again; re-reading the row's current
	// state from q is always right).
	Apply(ctx context.Context, q Queryer, batch []Entry) error
}

// Retention is how long the feed keeps entries. A server that has not
// read it for half as long reloads everything instead of trusting it.
const Retention = time.Hour

const pruneEvery = time.Minute

// SlowApply is how long one consumer may take to apply a batch before the
// feed logs it: readers that sync wait for every consumer in turn.
const SlowApply = 50 * time.Millisecond

// Feed is one database's change feed as this process follows it.
type Feed struct {
	db    *sql.DB
	dia   string
	count func(context.Context)

	polls atomic.Uint64 // polls started

	mu        sync.Mutex
	consumers []*follower
	lastDone  uint64    // number of the last poll that completed
	last      int64     // the highest entry read
	running   []int64   // PostgreSQL: transactions running at the last read
	lastRead  time.Time // of the last successful read
	lastPrune time.Time
}

type follower struct {
	c      Consumer
	loaded bool
}

// feeds maps each store's client to its feed, as memgraph keeps its
// index: resolvers hold the client only.
var feeds sync.Map // *ent.Client -> *Feed

// Install registers the change-recording hook on client and a feed for
// it. count, when set, is told of every statement the feed runs, with the
// context of the request that caused it. Call it before the hooks that
// Note (see Hook).
func Install(client *ent.Client, db *sql.DB, dia string, count func(context.Context)) *Feed {
	client.Use(Hook(dia))
	f := &Feed{db: db, dia: dia, count: count}
	feeds.Store(client, f)
	return f
}

// Forget drops client's feed (the store is closing).
func Forget(client *ent.Client) { feeds.Delete(client) }

// For returns client's feed, or nil for a client without one (a
// transaction's).
func For(client *ent.Client) *Feed {
	f, _ := feeds.Load(client)
	feed, _ := f.(*Feed)
	return feed
}

// Register adds a consumer; it is Reset on the next Sync.
func (f *Feed) Register(c Consumer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.consumers = append(f.consumers, &follower{c: c})
}

// Sync brings every consumer up to the database's latest commit: every
// change committed before Sync was called is applied when it returns. One
// statement when nothing changed; a burst of callers shares one read.
func (f *Feed) Sync(ctx context.Context) error {
	arrived := f.polls.Load()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lastDone > arrived {
		// A read that began after this call did has completed: it saw
		// everything this caller must see.
		return nil
	}
	n := f.polls.Add(1)
	if err := f.sync(ctx); err != nil {
		return err
	}
	f.lastDone = n
	if time.Since(f.lastPrune) > pruneEvery {
		// Housekeeping, off the request: it ran in whichever request
		// synced first after a minute, which paid for it (and counted its
		// statement, one more than the same request a minute earlier).
		f.lastPrune = time.Now()
		go f.prune()
	}
	return nil
}

func (f *Feed) sync(ctx context.Context) error {
	stale := f.lastRead.IsZero() || time.Since(f.lastRead) > Retention/2
	if stale {
		return f.inReadTx(ctx, func(q Queryer) error { return f.reset(ctx, q) })
	}
	fresh := true
	for _, c := range f.consumers {
		fresh = fresh && c.loaded
	}
	if fresh {
		// A cheap look first, outside any transaction: usually nothing.
		batch, pos, err := f.poll(ctx, f.counted(f.db))
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			f.advance(pos)
			return nil
		}
	}
	return f.inReadTx(ctx, func(q Queryer) error {
		// Again in the transaction the consumers read in, which sees at
		// least what the first look saw.
		batch, pos, err := f.poll(ctx, q)
		if err != nil {
			return err
		}
		for _, e := range batch {
			if e.Type == Reset {
				return f.reset(ctx, q)
			}
		}
		// A consumer registered since the last read (or whose Apply
		// failed) loads from q, the view the others are brought to: the
		// loaded ones only apply the batch. Reloading every consumer for
		// a late one would reload the graph index (seconds at scale L)
		// on the first request that registers one (issue 19).
		for _, c := range f.consumers {
			if !c.loaded {
				if err := c.c.Reset(ctx, q); err != nil {
					return fmt.Errorf("reload: %w", err)
				}
				c.loaded = true
				continue
			}
			began := time.Now()
			if err := c.c.Apply(ctx, q, batch); err != nil {
				c.loaded = false // reloaded on the next read
				return fmt.Errorf("apply changes: %w", err)
			}
			if took := time.Since(began); took > SlowApply {
				// Every reader of the feed waits for the slowest consumer:
				// name it, so that a stall is found in the log, not guessed.
				slog.WarnContext(ctx, "applying changes was slow", "consumer", fmt.Sprintf("%T", c.c),
					"entries", len(batch), "took", took.Round(time.Millisecond))
			}
		}
		f.advance(pos)
		return nil
	})
}

// position is where a read left the feed.
type position struct {
	last    int64
	running []int64
}

func (f *Feed) advance(p position) {
	if p.last > f.last {
		f.last = p.last
	}
	f.running = p.running
	f.lastRead = time.Now()
}

// reset reloads every consumer from q and moves the feed to q's position.
func (f *Feed) reset(ctx context.Context, q Queryer) error {
	pos, err := f.position(ctx, q)
	if err != nil {
		return err
	}
	for _, c := range f.consumers {
		c.loaded = false
		if err := c.c.Reset(ctx, q); err != nil {
			return fmt.Errorf("reload: %w", err)
		}
		c.loaded = true
	}
	f.last = pos.last
	f.running = pos.running
	f.lastRead = time.Now()
	return nil
}

// On PostgreSQL entry IDs come from an identity sequence, taken at insert
// time: a transaction still running at a read may commit entries numbered
// below ones the read saw. A read therefore also asks for the entries of
// the transactions that were running at the previous one (its snapshot's
// xip list); every other transaction either had committed (and was seen)
// or began later, and numbers its entries above every one seen. On SQLite
// writers are serialised from their first write to their commit, so entry
// order is commit order.
const (
	pollSQLite = `SELECT '', id, entity_type, entity_id, account_id, also FROM changes WHERE id > ? ORDER BY id`
	// Two index scans (the primary key's range, the txid index), never a
	// scan of the hour of entries the table keeps.
	pollPostgres = `WITH s AS (SELECT txid_current_snapshot()::text AS snap),
	c AS (SELECT id, entity_type, entity_id, account_id, also FROM changes WHERE id > $1
		UNION ALL SELECT id, entity_type, entity_id, account_id, also FROM changes WHERE txid = ANY($2::bigint[]) AND id <= $1)
	SELECT s.snap, c.id, c.entity_type, c.entity_id, c.account_id, c.also FROM s LEFT JOIN c ON true ORDER BY c.id`
	headSQLite     = `SELECT '', COALESCE(MAX(id), 0) FROM changes`
	headPostgres   = `SELECT txid_current_snapshot()::text, COALESCE(MAX(id), 0) FROM changes`
	pruneStatement = `DELETE FROM changes WHERE at < `
)

func (f *Feed) poll(ctx context.Context, q Queryer) ([]Entry, position, error) {
	var (
		rows *sql.Rows
		err  error
	)
	if f.dia == dialect.Postgres {
		rows, err = q.QueryContext(ctx, pollPostgres, f.last, int64Array(f.running))
	} else {
		rows, err = q.QueryContext(ctx, pollSQLite, f.last)
	}
	if err != nil {
		return nil, position{}, fmt.Errorf("read change feed: %w", err)
	}
	defer rows.Close()
	var (
		batch []Entry
		pos   = position{last: f.last}
		snap  string
	)
	for rows.Next() {
		var (
			seq                sql.NullInt64
			typ                sql.NullString
			id, account, other sql.NullInt64
		)
		if err := rows.Scan(&snap, &seq, &typ, &id, &account, &other); err != nil {
			return nil, position{}, fmt.Errorf("read change feed: %w", err)
		}
		if !seq.Valid {
			continue // PostgreSQL's row of the snapshot alone: nothing new
		}
		batch = append(batch, Entry{Seq: seq.Int64, Type: typ.String, ID: int(id.Int64), Account: int(account.Int64), Also: int(other.Int64)})
		pos.last = max(pos.last, seq.Int64)
	}
	if err := rows.Err(); err != nil {
		return nil, position{}, fmt.Errorf("read change feed: %w", err)
	}
	if f.dia == dialect.Postgres {
		if pos.running, err = runningTxids(snap); err != nil {
			return nil, position{}, err
		}
	}
	return batch, pos, nil
}

func (f *Feed) position(ctx context.Context, q Queryer) (position, error) {
	query := headSQLite
	if f.dia == dialect.Postgres {
		query = headPostgres
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return position{}, fmt.Errorf("read change feed position: %w", err)
	}
	defer rows.Close()
	var (
		pos  position
		snap string
	)
	if rows.Next() {
		if err := rows.Scan(&snap, &pos.last); err != nil {
			return position{}, fmt.Errorf("read change feed position: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return position{}, fmt.Errorf("read change feed position: %w", err)
	}
	if f.dia == dialect.Postgres {
		if pos.running, err = runningTxids(snap); err != nil {
			return position{}, err
		}
	}
	return pos, nil
}

// runningTxids parses the xip list of a txid_current_snapshot() text,
// "xmin:xmax:xip1,xip2,...".
func runningTxids(snap string) ([]int64, error) {
	parts := strings.Split(snap, ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("read change feed: snapshot %q", snap)
	}
	var out []int64
	for _, s := range strings.Split(parts[2], ",") {
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("read change feed: snapshot %q: %w", snap, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// int64Array is a PostgreSQL array literal: passed as text and cast, it
// works through every driver.
func int64Array(ns []int64) string {
	var sb strings.Builder
	sb.WriteByte('{')
	for i, n := range ns {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.FormatInt(n, 10))
	}
	sb.WriteByte('}')
	return sb.String()
}

// prune deletes entries older than Retention. Every server does it now and
// then; they do not need to agree.
func (f *Feed) prune() {
	cut := time.Now().Add(-Retention).UTC()
	query := pruneStatement + "?"
	if f.dia == dialect.Postgres {
		query = pruneStatement + "$1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := f.db.ExecContext(ctx, query, cut); err != nil && !strings.Contains(err.Error(), "database is closed") {
		slog.Warn("prune change feed", "err", err)
	}
}

// inReadTx runs fn in one read transaction, so that the feed's position
// and the rows the consumers read agree. On PostgreSQL that is a
// REPEATABLE READ, READ ONLY transaction. On SQLite the pool's transactions
// begin IMMEDIATE (they take the write lock, see store.sqliteDSN), which
// would stall writers for a whole reload: a plain deferred BEGIN on a
// connection of its own gives a WAL read snapshot and takes no write lock.
func (f *Feed) inReadTx(ctx context.Context, fn func(Queryer) error) error {
	// Detached from the request: others may be waiting on this read, and a
	// reload abandoned halfway would leave the consumers empty.
	ctx = context.WithoutCancel(ctx)
	if f.dia == dialect.Postgres {
		tx, err := f.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return fmt.Errorf("read change feed: begin: %w", err)
		}
		defer tx.Rollback() //nolint:errcheck // read only: nothing to undo
		if err := fn(f.counted(tx)); err != nil {
			return err
		}
		return tx.Commit()
	}
	conn, err := f.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read change feed: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("read change feed: begin: %w", err)
	}
	err = fn(f.counted(conn))
	end := "COMMIT"
	if err != nil {
		end = "ROLLBACK"
	}
	if _, cerr := conn.ExecContext(ctx, end); cerr != nil {
		// Never hand a connection still inside a transaction back to the
		// pool: mark it bad so that database/sql closes it.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		if err == nil {
			err = cerr
		}
	}
	return err
}

func (f *Feed) counted(q Queryer) Queryer { return counted{q, f.count} }

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
