package alerts

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/alert"
	"rapport/ent/alertrulesetting"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
	"rapport/internal/clock"
	"rapport/internal/stakeholder/walk"
)

// Engine follows one store's change feed, evaluates the change rules on
// what each batch touched, and raises (and clears) alerts.
type Engine struct {
	client *ent.Client
	feed   *changelog.Feed

	mu    sync.Mutex // facts and ops
	facts *facts
	ops   []op // raises and clears waiting to be written, in order

	write sync.Mutex // one writer of ops and sweeps at a time
}

// op is a candidate to raise, or an occurrence key to clear.
type op struct {
	raise *Candidate
	clear string
}

// Intervals of the server's loop: how often it reads the feed for changes
// and how often it checks the scheduled rules.
var (
	ChangeInterval = 2 * time.Second
	TimeInterval   = time.Minute
)

var engines sync.Map // *ent.Client -> *Engine

// For returns client's engine, following its change feed from the first
// call on; nil for a client without a feed. In a server (not under go
// test) it also runs the loop that raises alerts; tests drive it with
// Check.
func For(client *ent.Client) *Engine {
	if e, ok := engines.Load(client); ok {
		return e.(*Engine)
	}
	feed := changelog.For(client)
	if feed == nil {
		return nil
	}
	e := &Engine{client: client, feed: feed, facts: newFacts()}
	if old, loaded := engines.LoadOrStore(client, e); loaded {
		return old.(*Engine)
	}
	feed.Register(e)
	if !testing.Testing() {
		go e.loop()
	}
	return e
}

func system(ctx context.Context) context.Context { return auth.WithViewer(ctx, auth.System) }

func (e *Engine) loop() {
	ctx := context.Background()
	changes := time.NewTicker(ChangeInterval)
	defer changes.Stop()
	var lastSweep time.Time
	for range changes.C {
		if changelog.For(e.client) != e.feed {
			return // the store closed
		}
		now := time.Now()
		sweep := now.Sub(lastSweep) >= TimeInterval
		if sweep {
			lastSweep = now
		}
		if _, err := e.check(ctx, now, sweep); err != nil {
			if changelog.For(e.client) != e.feed {
				return // the store closed during the check: not a fault
			}
			slog.Warn("alerts: check", "err", err)
		}
	}
}

// Reset reloads the facts. It raises nothing: an alert is a change seen,
// and a condition that held before the server started was either raised
// then or is older than what the rules watch.
func (e *Engine) Reset(ctx context.Context, q changelog.Queryer) error {
	f := newFacts()
	if err := f.load(ctx, q); err != nil {
		return err
	}
	e.mu.Lock()
	e.facts = f
	e.mu.Unlock()
	return nil
}

// Apply evaluates the change rules on the contacts the batch touched. It
// only reads (the feed's read transaction): the alerts are written by
// Check, after the feed's read.
func (e *Engine) Apply(ctx context.Context, q changelog.Queryer, batch []changelog.Entry) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	changes, err := e.facts.apply(ctx, q, batch)
	if err != nil {
		return err
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].cur.ID < changes[j].cur.ID })
	for _, ch := range changes {
		for _, r := range changeRules {
			switch {
			case r.enters(ch.prev, ch.cur):
				c := r.Explain(ch.cur)
				e.ops = append(e.ops, op{raise: &c})
			case ch.prev != nil && r.Holds(ch.prev) && !r.Holds(ch.cur):
				e.ops = append(e.ops, op{clear: occurrenceKey(r.Name, ent.TypeContact, ch.cur.ID)})
			}
		}
	}
	return nil
}

// Check brings the engine up to the latest commit and writes the alerts
// the changes raised; with sweep it also checks the scheduled rules at
// ctx's clock. It returns the alerts this call raised.
func (e *Engine) Check(ctx context.Context, sweep bool) ([]*ent.Alert, error) {
	return e.check(ctx, clock.Now(ctx), sweep)
}

func (e *Engine) check(ctx context.Context, now time.Time, sweep bool) ([]*ent.Alert, error) {
	ctx = system(ctx)
	if err := e.feed.Sync(ctx); err != nil {
		return nil, err
	}
	e.write.Lock()
	defer e.write.Unlock()
	e.mu.Lock()
	ops := e.ops
	e.ops = nil
	e.mu.Unlock()
	raised, err := e.writeOps(ctx, ops, now)
	if err != nil || !sweep {
		return raised, err
	}
	for _, r := range timeRules {
		more, err := e.sweep(ctx, r, now)
		if err != nil {
			return raised, fmt.Errorf("alerts: rule %s: %w", r.Name, err)
		}
		raised = append(raised, more...)
	}
	return raised, nil
}

// writeOps writes ops in order: runs of clears in one statement each.
func (e *Engine) writeOps(ctx context.Context, ops []op, now time.Time) ([]*ent.Alert, error) {
	var (
		raised []*ent.Alert
		clears []string
		raises []Candidate
	)
	flush := func() error {
		if len(raises) > 0 {
			as, err := e.raise(ctx, raises, now)
			if err != nil {
				return err
			}
			raised = append(raised, as...)
			raises = nil
		}
		if len(clears) > 0 {
			if err := e.clear(ctx, clears, now); err != nil {
				return err
			}
			clears = nil
		}
		return nil
	}
	for _, o := range ops {
		if o.raise != nil {
			if len(clears) > 0 {
				if err := flush(); err != nil {
					return raised, err
				}
			}
			raises = append(raises, *o.raise)
			continue
		}
		if len(raises) > 0 {
			if err := flush(); err != nil {
				return raised, err
			}
		}
		clears = append(clears, o.clear)
	}
	return raised, flush()
}

func (e *Engine) clear(ctx context.Context, keys []string, now time.Time) error {
	for len(keys) > 0 {
		part := keys[:min(len(keys), chunk.Size)]
		keys = keys[len(part):]
		if err := e.client.Alert.Update().Where(alert.OccurrenceKeyIn(part...)).
			ClearOccurrenceKey().SetClearedAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("alerts: clear ended occurrences: %w", err)
		}
	}
	return nil
}

// sweep checks one scheduled rule: raises what holds without an open
// alert, clears the open alerts whose condition ended.
func (e *Engine) sweep(ctx context.Context, r *TimeRule, now time.Time) ([]*ent.Alert, error) {
	cands, err := r.Check(ctx, e.client, now)
	if err != nil {
		return nil, err
	}
	open, err := e.client.Alert.Query().Where(alert.Rule(r.Name), alert.OccurrenceKeyNotNil()).
		Select(alert.FieldOccurrenceKey).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("open alerts: %w", err)
	}
	isOpen := map[string]bool{}
	for _, k := range open {
		isOpen[k] = true
	}
	holds := map[string]bool{}
	var fresh []Candidate
	for _, c := range cands {
		holds[c.Key()] = true
		if !isOpen[c.Key()] {
			fresh = append(fresh, c)
		}
	}
	var ended []string
	for _, k := range open {
		if !holds[k] {
			ended = append(ended, k)
		}
	}
	if err := e.clear(ctx, ended, now); err != nil {
		return nil, err
	}
	return e.raise(ctx, fresh, now)
}

// raise writes the candidates whose rule is on for their account's tier,
// each in a transaction of its own: a candidate another server raised
// first fails on the unique occurrence key and is skipped.
func (e *Engine) raise(ctx context.Context, cands []Candidate, now time.Time) ([]*ent.Alert, error) {
	return raise(ctx, e.client, cands, now, true)
}

// raise writes cands through client; inTx: each in a transaction of its
// own (client is not one already).
func raise(ctx context.Context, client *ent.Client, cands []Candidate, now time.Time, inTx bool) ([]*ent.Alert, error) {
	if len(cands) == 0 {
		return nil, nil
	}
	accounts, err := accountsOf(ctx, client, cands)
	if err != nil {
		return nil, err
	}
	off, err := disabled(ctx, client)
	if err != nil {
		return nil, err
	}
	var targets []*ent.Contact
	for _, c := range cands {
		if c.PathTo != 0 {
			targets = append(targets, &ent.Contact{ID: c.PathTo})
		}
	}
	paths := map[int][]*walk.Path{}
	if len(targets) > 0 {
		if paths, err = walk.PathsTo(ctx, client, targets, nil, 3, 1, now); err != nil {
			slog.WarnContext(ctx, "alerts: introduction paths", "err", err)
			paths = map[int][]*walk.Path{}
		}
	}
	var out []*ent.Alert
	for _, c := range cands {
		a, ok := accounts[c.Account]
		if !ok || off[string(a.Tier)+"/"+c.Rule] {
			continue
		}
		params := map[string]any{"account": a.Name}
		for k, v := range c.Params {
			params[k] = v
		}
		msg := fmt.Sprintf("%s: %s", a.Name, c.Message)
		create := func(cl *ent.Client) *ent.AlertCreate {
			return cl.Alert.Create().SetAccountID(c.Account).SetRule(c.Rule).SetSeverity(alert.Severity(c.Severity)).
				SetSubjectType(c.SubjectType).SetSubjectID(c.SubjectID).SetSubjectName(clip(c.SubjectName, 300)).
				SetMessage(clip(msg, 1000)).SetAction(clip(c.Action, 1000)).SetParams(params).
				SetRaisedAt(now).SetOccurrenceKey(c.Key())
		}
		var path *string
		if ps := paths[c.PathTo]; len(ps) > 0 {
			d := clip(ps[0].Description, 2000)
			path = &d
			params["path"] = d
		}
		var al *ent.Alert
		if inTx {
			al, err = insert(ctx, client, func(tx *ent.Tx) (*ent.Alert, error) { return create(tx.Client()).SetNillablePath(path).Save(ctx) })
		} else {
			al, err = create(client).SetNillablePath(path).Save(ctx)
		}
		if err != nil {
			return out, err
		}
		if al != nil {
			out = append(out, al)
		}
	}
	return out, nil
}

// insert runs create in a transaction; nil, nil when the occurrence is
// raised already.
func insert(ctx context.Context, client *ent.Client, create func(*ent.Tx) (*ent.Alert, error)) (*ent.Alert, error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: begin: %w", err)
	}
	a, err := create(tx)
	if err != nil {
		_ = tx.Rollback()
		if ent.IsConstraintError(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("alerts: raise: %w", err)
	}
	if err := tx.Commit(); err != nil {
		if ent.IsConstraintError(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("alerts: raise: commit: %w", err)
	}
	return a.Unwrap(), nil
}

func accountsOf(ctx context.Context, client *ent.Client, cands []Candidate) (map[int]*ent.Account, error) {
	seen := map[int]bool{}
	var ids []int
	for _, c := range cands {
		if !seen[c.Account] {
			seen[c.Account] = true
			ids = append(ids, c.Account)
		}
	}
	out := map[int]*ent.Account{}
	for _, part := range chunk.IDs(ids, chunk.Size) {
		rows, err := client.Account.Query().Where(account.IDIn(part...)).
			Select(account.FieldID, account.FieldName, account.FieldTier).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("alerts: accounts: %w", err)
		}
		for _, a := range rows {
			out[a.ID] = a
		}
	}
	return out, nil
}

// disabled returns the tier/rule pairs switched off.
func disabled(ctx context.Context, client *ent.Client) (map[string]bool, error) {
	rows, err := client.AlertRuleSetting.Query().Where(alertrulesetting.Enabled(false)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: rule settings: %w", err)
	}
	out := map[string]bool{}
	for _, r := range rows {
		out[r.Tier+"/"+r.Rule] = true
	}
	return out, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
