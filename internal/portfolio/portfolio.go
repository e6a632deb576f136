// Package portfolio keeps the portfolio's derived values (each account's
// health, its coverage gaps in brief, the ABC and CLV classes) up to date
// as data changes, from the change feed (package changelog), so that a
// list or an aggregate over many accounts reads them instead of computing
// them on every request. The values are the engines' own (health,
// gaps, classify), taken apart by how they move with time.
package portfolio

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"rapport/ent"
	"rapport/internal/analytics"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/classify"
	"rapport/internal/gaps"
	"rapport/internal/health"
)

// Portfolio is one store's maintained values. Its methods answer exactly
// what the engines compute for the viewer in the context.
type Portfolio struct {
	client *ent.Client
	feed   *changelog.Feed // nil: every read computes afresh
	warm   bool            // recompute changed accounts in the background

	mu sync.Mutex
	// tick numbers the changes this portfolio has heard of. A value
	// computed from a read that began at tick t is current while no change
	// after t touched what it reads.
	tick     uint64
	resetAt  uint64         // everything changed at this tick (Reset)
	changed  map[int]uint64 // account -> tick of its last change
	values   map[int]*values
	inflight map[int]*flight // accounts being computed
	dirty    map[int]bool    // changed accounts the warmer has not recomputed
	allDirty bool            // every account (after Reset)
	warming  bool
	idle     chan struct{} // closed when the running warmer stops (WaitWarm)

	// Who reads whose rows, from the last computation of each account:
	// readers[b] are the accounts whose values read rows of account b (their
	// decision chains name b's contacts, or b's contacts hold a role
	// there); members[m] the accounts whose
	// values count team member m's coverage.
	readers map[int]map[int]bool
	members map[int]map[int]bool

	// Every account's grouping keys and amounts (accountStats') and the
	// classes they give.
	accounts       *analytics.Snapshot
	classesAt      uint64 // tick the accounts were read at
	classesChanged uint64 // tick of the last change of any account's values

	// The interactions per account, UTC month and kind (activity.go), and
	// the tick of each account's last change of them: only an
	// interaction's (or its account's) change moves them, where
	// everything else an account holds moves its health. An integration
	// creating contacts across the portfolio otherwise made every read
	// of them re-read all 541,000 interactions at scale L.
	activity        map[int]*accountActivity
	activityChanged map[int]uint64
	activityAt      uint64     // tick of the last read of every account's; 0 none
	computing       sync.Mutex // one activity read at a time
}

// values are one account's maintained values, read at tick.
type values struct {
	tick   uint64
	health *health.Parts
	gaps   *gaps.Summary
}

var (
	portfolios sync.Map   // weak.Pointer[ent.Client] -> weak.Pointer[Portfolio]
	follow     sync.Mutex // one portfolio per client
)

// Enabled switches the maintained values on (the default) or off
// (RAPPORT_PORTFOLIO=0): off, For returns nil and every request computes
// them afresh with the engines, as before. Tests and the benchmark probe
// compare both ways.
var Enabled atomic.Bool

func init() { Enabled.Store(os.Getenv("RAPPORT_PORTFOLIO") != "0") }

// For returns client's portfolio, following client's change feed from the
// first call on; nil for a client without a feed (a transaction's) or when
// the maintained values are switched off. In a server it also recomputes
// changed accounts in the background; in tests only what a request asks
// for is computed, so that statement counts stay exact.
//
// (The store cannot start it when it opens: package store is below the
// engines, whose tests open stores.)
func For(client *ent.Client) *Portfolio {
	if !Enabled.Load() || client == nil {
		return nil
	}
	key := weak.Make(client)
	if p := loaded(key); p != nil {
		return p
	}
	feed := changelog.For(client)
	if feed == nil {
		return nil
	}
	follow.Lock()
	defer follow.Unlock()
	if p := loaded(key); p != nil {
		return p
	}
	p := New(client, feed, !testing.Testing())
	// Held by the feed it follows, not by this map: a closed store's
	// portfolio goes with its feed, and the entry with the client.
	portfolios.Store(key, weak.Make(p))
	runtime.AddCleanup(client, func(k weak.Pointer[ent.Client]) { portfolios.Delete(k) }, key)
	return p
}

func loaded(key weak.Pointer[ent.Client]) *Portfolio {
	if v, ok := portfolios.Load(key); ok {
		return v.(weak.Pointer[Portfolio]).Value()
	}
	return nil
}

// New returns a portfolio of client registered on feed (when not nil);
// warm recomputes changed accounts in the background.
func New(client *ent.Client, feed *changelog.Feed, warm bool) *Portfolio {
	p := &Portfolio{
		client: client, feed: feed, warm: warm,
		changed: map[int]uint64{}, activityChanged: map[int]uint64{}, values: map[int]*values{}, inflight: map[int]*flight{}, dirty: map[int]bool{},
		readers: map[int]map[int]bool{}, members: map[int]map[int]bool{}, activity: map[int]*accountActivity{},
		allDirty: true, tick: 1, resetAt: 1, classesChanged: 1,
	}
	if feed != nil {
		feed.Register(p)
	}
	return p
}

// system is ctx acting as the server: maintained values are computed over
// everything, and narrowed to the viewer when read (see Health).
func system(ctx context.Context) context.Context { return auth.WithViewer(ctx, auth.System) }

// sync brings the portfolio up to the latest commit.
func (p *Portfolio) sync(ctx context.Context) error {
	if p.feed == nil {
		p.mu.Lock()
		p.markAll()
		p.mu.Unlock()
		return nil
	}
	if err := p.feed.Sync(system(ctx)); err != nil {
		return fmt.Errorf("portfolio: %w", err)
	}
	return nil
}

// current reports whether v holds account id's values at now.
func (p *Portfolio) current(id int, v *values, now time.Time) bool {
	return v != nil && v.tick >= p.resetAt && v.tick >= p.changed[id] && v.health.Valid(now)
}

// load returns the values of ids at now, computing those that are not
// current, as the server sees them. Accounts another caller is computing
// (the fields of one list run concurrently; the warmer) are waited for
// rather than computed twice.
func (p *Portfolio) load(ctx context.Context, ids []int, now time.Time) (map[int]*values, error) {
	if err := p.sync(ctx); err != nil {
		return nil, err
	}
	out := make(map[int]*values, len(ids))
	for round := 0; ; round++ {
		var todo []int
		waits := map[*flight]bool{}
		mine := &flight{done: make(chan struct{})}
		p.mu.Lock()
		for _, id := range ids {
			if _, ok := out[id]; ok {
				continue
			}
			if v := p.values[id]; p.current(id, v, now) {
				out[id] = v
				continue
			}
			if f := p.inflight[id]; f != nil && round == 0 {
				waits[f] = true
				continue
			}
			todo = append(todo, id)
			p.inflight[id] = mine
		}
		p.mu.Unlock()
		if len(todo) > 0 {
			fresh, err := p.compute(system(ctx), todo, now)
			p.mu.Lock()
			for _, id := range todo {
				if p.inflight[id] == mine {
					delete(p.inflight, id)
				}
			}
			p.mu.Unlock()
			close(mine.done)
			if err != nil {
				return nil, err
			}
			for id, v := range fresh {
				out[id] = v
			}
		}
		if len(waits) == 0 {
			return out, nil
		}
		for f := range waits {
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		// What the others computed is current unless it changed meanwhile
		// (or they failed, or computed another time): the second round
		// computes the rest itself.
	}
}

// flight is a computation in progress.
type flight struct{ done chan struct{} }

// compute reads the values of ids at now and keeps them.
func (p *Portfolio) compute(ctx context.Context, ids []int, now time.Time) (map[int]*values, error) {
	p.mu.Lock()
	tick := p.tick
	p.mu.Unlock()
	hs, err := health.LoadParts(ctx, p.client, ids, now)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	gs, err := gaps.Summarize(ctx, p.client, ids)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	out := make(map[int]*values, len(ids))
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		v := &values{tick: tick, health: hs[id], gaps: gs[id]}
		out[id] = v
		if old := p.values[id]; old != nil && old.tick > tick {
			continue // a later read was kept meanwhile
		}
		p.keep(id, v)
	}
	return out, nil
}

// keep stores v as id's values and indexes what they read. Called with mu.
func (p *Portfolio) keep(id int, v *values) {
	if old := p.values[id]; old != nil {
		for _, b := range slices.Concat(old.gaps.Accounts, old.gaps.Homes) {
			delete(p.readers[b], id)
		}
		for _, m := range old.gaps.TeamMembers {
			delete(p.members[m], id)
		}
	}
	p.values[id] = v
	// A role holder's home account (Homes) is read like a chain's
	// contact's: a change of the person or their coverage names it.
	for _, b := range slices.Concat(v.gaps.Accounts, v.gaps.Homes) {
		if b == id {
			continue
		}
		if p.readers[b] == nil {
			p.readers[b] = map[int]bool{}
		}
		p.readers[b][id] = true
	}
	for _, m := range v.gaps.TeamMembers {
		if p.members[m] == nil {
			p.members[m] = map[int]bool{}
		}
		p.members[m][id] = true
	}
}

// Health returns the health of accounts ids at now, as health.Compute
// gives it to the viewer in ctx.
func (p *Portfolio) Health(ctx context.Context, ids []int, now time.Time) (map[int]*health.Health, error) {
	return healthOf(ctx, p, ids, now, func(h *health.Parts) *health.Health { return h.At(now) },
		func(h *health.Health) *health.Health { return h })
}

// Scores returns the health scores of accounts ids at now, as Health
// would, without the components' explanations (the portfolio's average
// health).
func (p *Portfolio) Scores(ctx context.Context, ids []int, now time.Time) (map[int]int, error) {
	return healthOf(ctx, p, ids, now, func(h *health.Parts) int { return h.ScoreAt(now) },
		func(h *health.Health) int { return h.Score })
}

// healthOf reads accounts ids' health at now through kept for the values
// kept, and through fresh for the accounts whose values read rows the
// viewer may not see (the engine under the viewer's scope).
func healthOf[T any](ctx context.Context, p *Portfolio, ids []int, now time.Time,
	kept func(*health.Parts) T, fresh func(*health.Health) T) (map[int]T, error) {
	vs, err := p.load(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	out := make(map[int]T, len(ids))
	for id, v := range vs {
		out[id] = kept(v.health)
	}
	outside, err := p.outside(ctx, vs)
	if err != nil || len(outside) == 0 {
		return out, err
	}
	scoped, err := health.Compute(ctx, p.client, outside, now)
	if err != nil {
		return nil, err
	}
	for id, h := range scoped {
		out[id] = fresh(h)
	}
	return out, nil
}

// Gaps returns how many coverage gaps each of accounts ids has at now with
// staleDays, and the first, as gaps.Find lists them to the viewer in ctx.
func (p *Portfolio) Gaps(ctx context.Context, ids []int, now time.Time, staleDays int) (map[int]gaps.Overview, error) {
	vs, err := p.load(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	out := make(map[int]gaps.Overview, len(ids))
	for id, v := range vs {
		out[id] = v.gaps.At(now, staleDays)
	}
	outside, err := p.outside(ctx, vs)
	if err != nil || len(outside) == 0 {
		return out, err
	}
	scoped, err := gaps.Summarize(ctx, p.client, outside)
	if err != nil {
		return nil, err
	}
	for id, s := range scoped {
		out[id] = s.At(now, staleDays)
	}
	return out, nil
}

// outside returns the accounts among vs whose values read rows of
// accounts the viewer in ctx may not see: the engines, run for that
// viewer, would not see those rows and answer otherwise.
func (p *Portfolio) outside(ctx context.Context, vs map[int]*values) ([]int, error) {
	v := auth.FromContext(ctx)
	if v == nil || !v.Scoped() {
		return nil, nil
	}
	var out []int
	for id, val := range vs {
		for _, b := range val.gaps.Accounts {
			ok, err := v.CanSeeAccount(ctx, p.client, b)
			if err != nil {
				return nil, err
			}
			if !ok {
				out = append(out, id)
				break
			}
		}
	}
	return out, nil
}

// Classes returns every account's ABC class, CLV quadrant and recommended
// tier. They are relative to the whole portfolio, for every viewer: the
// portfolio is read as the server sees it.
func (p *Portfolio) Classes(ctx context.Context) (map[int]classify.Classes, error) {
	s, err := p.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	return s.Classes, nil
}

// Accounts returns every account's grouping keys and amounts with their
// classes, as the server sees them, for viewers who see every account. It
// is read again after any change of an account (any column moves a class
// or a group) and shared until then.
func (p *Portfolio) Accounts(ctx context.Context) (*analytics.Snapshot, error) {
	if err := p.sync(ctx); err != nil {
		return nil, err
	}
	p.mu.Lock()
	if p.accounts != nil && p.classesAt >= p.classesChanged && p.classesAt >= p.resetAt {
		s := p.accounts
		p.mu.Unlock()
		return s, nil
	}
	tick := p.tick
	p.mu.Unlock()
	s, err := analytics.NewSnapshot(system(ctx), p.client)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	p.mu.Lock()
	if tick >= p.classesAt {
		p.accounts, p.classesAt = s, tick
	}
	p.mu.Unlock()
	return s, nil
}

// warmer recomputes changed accounts in the background, a part at a time,
// while there are any: readers then rarely compute.
//
// A run that follows writes (not a start's or a reset's, which a start
// waits for) is paced: after each part it rests three times as long as the
// part took, so that it uses at most a quarter of a core. Under a steady
// stream of writes across the portfolio it otherwise took half of the two
// cores (every written account recomputed at once), and the writers, whose
// transactions queue on SQLite's one write lock, ran at half speed. What
// it has not reached yet is computed by the request that reads it, as
// always.
func (p *Portfolio) warmer() {
	ctx := system(context.Background())
	whole := false // this run recomputes every account
	for {
		p.mu.Lock()
		all := p.allDirty
		waited := p.idle != nil // a start waits for this run
		p.allDirty = false
		var ids []int
		for id := range p.dirty {
			ids = append(ids, id)
			delete(p.dirty, id)
			if len(ids) == warmPart {
				break
			}
		}
		if !all && len(ids) == 0 {
			p.stopped()
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		if all {
			whole = true
			accs, err := p.client.Account.Query().IDs(ctx)
			if err != nil {
				p.stopWarming(err)
				return
			}
			p.mu.Lock()
			for _, id := range accs {
				p.dirty[id] = true
			}
			p.mu.Unlock()
			continue
		}
		began := time.Now()
		if _, err := p.load(ctx, ids, began); err != nil {
			p.stopWarming(err)
			return
		}
		if _, err := p.Classes(ctx); err != nil {
			p.stopWarming(err)
			return
		}
		if _, err := p.Activity(ctx); err != nil {
			p.stopWarming(err)
			return
		}
		if !whole && !waited {
			time.Sleep(warmRest * time.Since(began))
		}
	}
}

// warmRest is how many times as long as a part took the warmer rests after
// it, outside a start's run (see warmer).
const warmRest = 3

// warmPart is how many accounts the warmer computes at a time: small
// enough that a reader computing its own never waits long behind it on
// SQLite's connection pool.
const warmPart = 200

func (p *Portfolio) stopWarming(err error) {
	slog.Debug("portfolio: background recompute stopped; readers compute what they need", "err", err)
	p.mu.Lock()
	p.stopped()
	p.mu.Unlock()
}

// stopped ends a warmer's run. Called with mu.
func (p *Portfolio) stopped() {
	p.warming = false
	if p.idle != nil {
		close(p.idle)
		p.idle = nil
	}
}

// WaitWarm waits until the background recompute has nothing left (or
// stopped on an error), or ctx ends. A server's start waits for it before
// it says ready: at scale L every account's values take 6-8 s of CPU, and
// requests served meanwhile shared the two cores with it (the accounts
// page at 245 ms p99 instead of 23 ms; issue 19).
func (p *Portfolio) WaitWarm(ctx context.Context) error {
	p.mu.Lock()
	p.wake()
	if !p.warming {
		p.mu.Unlock()
		return nil
	}
	if p.idle == nil {
		p.idle = make(chan struct{})
	}
	idle := p.idle
	p.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wake starts the warmer when there is work. Called with mu.
func (p *Portfolio) wake() {
	if p.warm && !p.warming && (p.allDirty || len(p.dirty) > 0) {
		p.warming = true
		go p.warmer()
	}
}
