package portfolio

import (
	"context"
	"fmt"

	"rapport/internal/analytics"
	"rapport/internal/auth"
	"rapport/internal/chunk"
)

// accountActivity is one account's interactions per UTC month and kind,
// read at tick (no cells: none).
type accountActivity struct {
	tick  uint64
	cells []analytics.Cell
}

// Activity returns the interactions per account, UTC month and kind of
// the accounts the viewer in ctx sees (interactions are confined by their
// account alone, so a scoped viewer's are exactly their accounts' cells).
// The cells follow the change feed as health does: an account's are
// current while no change after their read touched it (an interaction
// moved between accounts names both); the rest are read in one statement
// (every account's, after a start or reset, or when more than chunk.Size
// changed) or one per chunk.Size accounts. The maps returned are shared:
// read only.
func (p *Portfolio) Activity(ctx context.Context) (analytics.Activity, error) {
	if err := p.sync(ctx); err != nil {
		return nil, err
	}
	var visible []int // nil: every account
	if v := auth.FromContext(ctx); v != nil && v.Scoped() {
		ids, err := v.AccountIDs(ctx, p.client)
		if err != nil {
			return nil, fmt.Errorf("portfolio: %w", err)
		}
		visible = append([]int{}, ids...) // not nil, even when empty
	}
	out, todo, all := p.currentActivity(visible)
	if len(todo) == 0 && !all {
		return out, nil
	}
	// One read at a time: readers arriving together wait for the first
	// and usually find its cells current.
	p.computing.Lock()
	defer p.computing.Unlock()
	out, todo, all = p.currentActivity(visible)
	if len(todo) == 0 && !all {
		return out, nil
	}
	if len(todo) > chunk.Size {
		all = true // one statement over everything beats many IN lists
	}
	p.mu.Lock()
	tick := p.tick
	p.mu.Unlock()
	var ids []int
	if !all {
		ids = todo
	}
	fresh, err := analytics.ReadActivity(system(ctx), p.client, ids)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	p.mu.Lock()
	if all {
		if tick >= p.activityAt {
			p.activityAt = tick
			for id, a := range p.activity {
				if a.tick <= tick && fresh[id] == nil {
					delete(p.activity, id) // no interactions any more
				}
			}
		}
		for id, cells := range fresh {
			p.keepActivity(id, tick, cells)
		}
	} else {
		for _, id := range todo {
			p.keepActivity(id, tick, fresh[id])
		}
	}
	p.mu.Unlock()
	// What was just read answers this request, even when a change arrived
	// meanwhile (it was committed after the request began).
	if visible == nil {
		if !all {
			for _, id := range todo {
				if cells := fresh[id]; len(cells) > 0 {
					out[id] = cells
				} else {
					delete(out, id)
				}
			}
			return out, nil
		}
		return fresh, nil
	}
	if !all {
		for _, id := range todo {
			if cells := fresh[id]; len(cells) > 0 {
				out[id] = cells
			}
		}
		return out, nil
	}
	mine := make(analytics.Activity, len(visible))
	for _, id := range visible {
		if cells := fresh[id]; len(cells) > 0 {
			mine[id] = cells
		}
	}
	return mine, nil
}

// keepActivity stores account id's cells read at tick unless a later read
// was kept. Called with mu.
func (p *Portfolio) keepActivity(id int, tick uint64, cells []analytics.Cell) {
	if old := p.activity[id]; old != nil && old.tick > tick {
		return
	}
	p.activity[id] = &accountActivity{tick: tick, cells: cells}
}

// currentActivity returns the current cells of the visible accounts
// (every account's when visible is nil), the accounts whose cells are not
// current, and whether every account's must be read (never read, or reset
// since).
func (p *Portfolio) currentActivity(visible []int) (analytics.Activity, []int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	base := p.activityAt >= p.resetAt && p.activityAt > 0
	// readAt is the tick account id's cells were read at: its own read, or
	// the last read of every account when it had none then.
	readAt := func(id int) (uint64, *accountActivity) {
		if a := p.activity[id]; a != nil {
			return a.tick, a
		}
		if base {
			return p.activityAt, nil
		}
		return 0, nil
	}
	current := func(id int) (*accountActivity, bool) {
		t, a := readAt(id)
		return a, t > 0 && t >= p.resetAt && t >= p.activityChanged[id]
	}
	var todo []int
	if visible == nil {
		if !base {
			return nil, nil, true
		}
		out := make(analytics.Activity, len(p.activity))
		for id, a := range p.activity {
			if len(a.cells) > 0 {
				out[id] = a.cells
			}
		}
		// Accounts changed since their read, those without interactions
		// then included.
		for id := range p.activityChanged {
			if _, ok := current(id); !ok {
				todo = append(todo, id)
				delete(out, id)
			}
		}
		return out, todo, false
	}
	out := make(analytics.Activity, len(visible))
	for _, id := range visible {
		a, ok := current(id)
		switch {
		case !ok:
			todo = append(todo, id)
		case a != nil && len(a.cells) > 0:
			out[id] = a.cells
		}
	}
	return out, todo, false
}
