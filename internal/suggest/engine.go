package suggest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
	"rapport/internal/clock"
)

// Engine follows one store's change feed and refreshes the suggestions of
// the accounts whose interactions, relations or coverage changed: after
// the commit, off the writing request's path (docs/decisions/0010).
type Engine struct {
	client *ent.Client
	feed   *changelog.Feed

	mu    sync.Mutex
	dirty map[int]bool // accounts to refresh

	write sync.Mutex
}

// Interval is how often a server reads the feed for the suggestions.
var Interval = 2 * time.Second

var engines sync.Map // *ent.Client -> *Engine

// For returns client's engine, following its change feed from the first
// call on; nil for a client without a feed. In a server it also runs the
// loop that refreshes; tests drive it with Check.
func For(client *ent.Client) *Engine {
	if e, ok := engines.Load(client); ok {
		return e.(*Engine)
	}
	feed := changelog.For(client)
	if feed == nil {
		return nil
	}
	e := &Engine{client: client, feed: feed, dirty: map[int]bool{}}
	if old, loaded := engines.LoadOrStore(client, e); loaded {
		return old.(*Engine)
	}
	feed.Register(e)
	if !testing.Testing() {
		go e.loop()
	}
	return e
}

func (e *Engine) loop() {
	t := time.NewTicker(Interval)
	defer t.Stop()
	var next time.Time
	for now := range t.C {
		if changelog.For(e.client) != e.feed {
			return
		}
		if now.Before(next) {
			continue
		}
		// After a check, rest three times as long as it took: under a
		// steady stream of writes across the portfolio, a check every
		// two seconds refreshed every written account, a quarter of the
		// two cores, and the writers queued on SQLite's write lock ran
		// that much slower. The queue is at most a few checks behind.
		began := time.Now()
		_, err := e.check(context.Background(), began, true)
		next = time.Now().Add(3 * time.Since(began))
		if err != nil {
			if changelog.For(e.client) != e.feed {
				return // the store closed during the check: not a fault
			}
			slog.Warn("suggest: check", "err", err)
		}
	}
}

// Reset marks every account for a refresh: the feed cannot say what
// changed while nobody followed it (a server's start, an import, a
// restore). The refresh runs in the background, PartSize accounts a
// transaction.
func (e *Engine) Reset(ctx context.Context, q changelog.Queryer) error {
	rows, err := q.QueryContext(ctx, "SELECT id FROM accounts")
	if err != nil {
		return err
	}
	all := map[int]bool{}
	if err := scanIDs(rows, all); err != nil {
		return err
	}
	e.mu.Lock()
	for id := range all {
		e.dirty[id] = true
	}
	e.mu.Unlock()
	return nil
}

// PartSize is how many accounts one refresh transaction takes.
const PartSize = 200

// Apply notes the accounts whose evidence the batch may have changed: those
// of the interactions, relations, coverage and people it names (re-read by
// ID, unless the entry names the account). A row deleted since is not
// found; its account is refreshed with its next change.
//
// A person's change counts only if they attended a meeting: a contact is
// evidence through the meetings it attended (whether it is active, whom it
// reports to), and its relations and coverage are entries of their own. A
// new contact has attended nothing, and an integration creating contacts
// across the portfolio had every check re-read the meetings of every
// account it wrote: at scale L, 45% of the server's CPU while 8 writers
// streamed createContact (decision 0016's rest did not help: the work
// itself was for nothing). A deleted contact's suggestions go with it
// (ON DELETE CASCADE).
func (e *Engine) Apply(ctx context.Context, q changelog.Queryer, batch []changelog.Entry) error {
	var persons, inter, rel, cov []int
	accountOf := map[int]int{} // a person's account, when the entry names it
	for _, en := range batch {
		switch en.Type {
		case ent.TypeContact: // left, came back, or a new manager
			persons = append(persons, en.ID)
			if en.Account != 0 {
				accountOf[en.ID] = en.Account
			}
		case ent.TypeInteraction:
			inter = append(inter, en.ID)
		case ent.TypeContactRelation:
			rel = append(rel, en.ID)
		case ent.TypeCoverage:
			cov = append(cov, en.ID)
		}
	}
	attended := map[int]bool{}
	if err := readIDs(ctx, q, "SELECT DISTINCT contact_id FROM interaction_contacts WHERE contact_id", persons, attended); err != nil {
		return fmt.Errorf("suggest: attendees: %w", err)
	}
	found := map[int]bool{}
	var people []int
	for _, id := range persons {
		switch {
		case !attended[id]:
		case accountOf[id] != 0: // the entry names it: no read
			found[accountOf[id]] = true
		default:
			people = append(people, id)
		}
	}
	for _, r := range []struct {
		base string
		ids  []int
	}{
		{"SELECT account_id FROM interactions WHERE id", inter},
		{"SELECT account_id FROM contacts WHERE id", people},
		{"SELECT c.account_id FROM contact_relations r JOIN contacts c ON c.id = r.from_id WHERE r.id", rel},
		{"SELECT c.account_id FROM coverages v JOIN contacts c ON c.id = v.contact_id WHERE v.id", cov},
	} {
		if err := readIDs(ctx, q, r.base, r.ids, found); err != nil {
			return err
		}
	}
	e.mu.Lock()
	for id := range found {
		e.dirty[id] = true
	}
	e.mu.Unlock()
	return nil
}

// readIDs adds to into the IDs that base (a statement ending in a column to
// match) reads for ids: one statement for each chunk.Size of them.
func readIDs(ctx context.Context, q changelog.Queryer, base string, ids []int, into map[int]bool) error {
	for _, part := range chunk.IDs(ids, chunk.Size) {
		list := make([]string, len(part))
		for i, id := range part {
			list[i] = strconv.Itoa(id)
		}
		rows, err := q.QueryContext(ctx, base+" IN ("+strings.Join(list, ",")+")")
		if err != nil {
			return err
		}
		if err := scanIDs(rows, into); err != nil {
			return err
		}
	}
	return nil
}

func scanIDs(rows *sql.Rows, into map[int]bool) error {
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		into[id] = true
	}
	return rows.Err()
}

// Check brings the engine up to the latest commit and refreshes the
// accounts it touched, at ctx's clock.
func (e *Engine) Check(ctx context.Context) (Result, error) {
	return e.check(ctx, clock.Now(ctx), false)
}

// check refreshes the accounts marked since the last one. Paced (the
// background loop), it rests after each part as long as the part took, so
// that a refresh of every account (after a start: 2,000 accounts at scale
// L, seconds of reads) takes at most about one core's half and requests
// keep the rest; suggestions are not waited for.
func (e *Engine) check(ctx context.Context, now time.Time, paced bool) (Result, error) {
	if err := e.feed.Sync(ctx); err != nil {
		return Result{}, err
	}
	e.write.Lock()
	defer e.write.Unlock()
	e.mu.Lock()
	ids := make([]int, 0, len(e.dirty))
	for id := range e.dirty {
		ids = append(ids, id)
	}
	e.dirty = map[int]bool{}
	e.mu.Unlock()
	if len(ids) == 0 {
		return Result{}, nil
	}
	sort.Ints(ids)
	var total Result
	var took time.Duration
	for i := 0; i < len(ids); i += PartSize {
		part := ids[i:min(i+PartSize, len(ids))]
		if paced && i > 0 {
			time.Sleep(took)
		}
		start := time.Now()
		res, err := e.refresh(ctx, part, now)
		took = time.Since(start)
		if err != nil {
			e.mu.Lock()
			for _, id := range ids[i:] {
				e.dirty[id] = true
			}
			e.mu.Unlock()
			return total, err
		}
		total.Created += res.Created
		total.Updated += res.Updated
		total.Reopened += res.Reopened
		total.Removed += res.Removed
	}
	return total, nil
}

// refresh reads the evidence of accounts, then writes their suggestions in
// a transaction of their own. The reads (most of the work: every meeting of
// PartSize accounts, seconds at scale L) stay outside it, so that on SQLite
// the write lock is held for the writes alone and users' writes do not
// queue behind the refresh. Evidence committed between the two is in the
// feed, and its account is refreshed again on the next turn; the decisions
// are read in the transaction, so a suggestion decided meanwhile is not
// overwritten.
func (e *Engine) refresh(ctx context.Context, accounts []int, now time.Time) (Result, error) {
	ctx = auth.WithViewer(ctx, auth.System)
	var res Result
	for _, part := range chunk.IDs(accounts, chunk.Size) {
		cands, err := candidates(ctx, e.client, part, now)
		if err != nil {
			return res, fmt.Errorf("suggest: evidence of %d accounts: %w", len(part), err)
		}
		tx, err := e.client.Tx(ctx)
		if err != nil {
			return res, err
		}
		r, err := write(ctx, tx.Client(), part, cands, now)
		if err == nil {
			err = tx.Commit()
		} else {
			_ = tx.Rollback()
		}
		if err != nil {
			return res, fmt.Errorf("suggest: write the suggestions of %d accounts: %w", len(part), err)
		}
		res.Created += r.Created
		res.Updated += r.Updated
		res.Reopened += r.Reopened
		res.Removed += r.Removed
	}
	return res, nil
}
