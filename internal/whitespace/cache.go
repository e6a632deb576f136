package whitespace

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"weak"

	"rapport/ent"
	"rapport/internal/auth"
	"rapport/internal/changelog"
)

// The grid of every account is the same for every viewer who reads every
// account (admins and all-account users), and it changes only when an
// account, an offering or an account offering does. At scale L it is
// 2,000 accounts x 20 offerings read from 24,000 rows, which costs more
// than writing the answer; so a Cache keeps that grid, one per value of
// includeSubsidiaries, and follows the change feed to know when it is
// stale. Scoped viewers and filtered grids are read as before: theirs are
// small, and the scope stays in the data layer.

// touches are the types whose changes move the portfolio's grid.
var touches = map[string]bool{
	ent.TypeAccount: true, ent.TypeOffering: true, ent.TypeAccountOffering: true,
}

// Cache keeps the whole portfolio's grid between changes.
type Cache struct {
	client *ent.Client
	feed   *changelog.Feed

	mu    sync.Mutex
	tick  uint64         // advanced by every batch that touches the grid
	views [2]*keptView   // by includeSubsidiaries
	load  [2]*sync.Mutex // one load at a time per kind
}

type keptView struct {
	tick uint64
	view *View
}

var (
	caches sync.Map // weak.Pointer[ent.Client] -> weak.Pointer[Cache]
	follow sync.Mutex
)

// CacheFor returns client's grid cache, registering it on the client's
// change feed on first use; nil for a client without a feed (a
// transaction's), whose reads go to the database.
func CacheFor(client *ent.Client) *Cache {
	if client == nil {
		return nil
	}
	key := weak.Make(client)
	if c := cached(key); c != nil {
		return c
	}
	feed := changelog.For(client)
	if feed == nil {
		return nil
	}
	follow.Lock()
	defer follow.Unlock()
	if c := cached(key); c != nil {
		return c
	}
	c := &Cache{client: client, feed: feed, tick: 1, load: [2]*sync.Mutex{{}, {}}}
	feed.Register(c) // the feed holds the cache; this map only finds it
	caches.Store(key, weak.Make(c))
	runtime.AddCleanup(client, func(k weak.Pointer[ent.Client]) { caches.Delete(k) }, key)
	return c
}

func cached(key weak.Pointer[ent.Client]) *Cache {
	if v, ok := caches.Load(key); ok {
		return v.(weak.Pointer[Cache]).Value()
	}
	return nil
}

// Reset forgets the kept grids.
func (c *Cache) Reset(context.Context, changelog.Queryer) error {
	c.mu.Lock()
	c.tick++
	c.mu.Unlock()
	return nil
}

// Apply marks the kept grids stale when the batch changes an account, an
// offering or an account offering.
func (c *Cache) Apply(_ context.Context, _ changelog.Queryer, batch []changelog.Entry) error {
	for _, e := range batch {
		if touches[e.Type] {
			c.mu.Lock()
			c.tick++
			c.mu.Unlock()
			return nil
		}
	}
	return nil
}

// Portfolio returns the grid of every account (no filter) for a viewer
// who reads every account, kept until the next change that moves it; ok
// is false when the viewer is scoped, and the caller loads the grid
// itself. The view is shared: read only.
func (c *Cache) Portfolio(ctx context.Context, includeSubsidiaries bool) (*View, bool, error) {
	if v := auth.FromContext(ctx); v == nil || v.Scoped() {
		return nil, false, nil
	}
	// Everything committed before this read is applied first: a writer
	// sees its own change at once.
	if err := c.feed.Sync(auth.WithViewer(ctx, auth.System)); err != nil {
		return nil, false, fmt.Errorf("whitespace: %w", err)
	}
	k := 0
	if includeSubsidiaries {
		k = 1
	}
	if v := c.current(k); v != nil {
		return v, true, nil
	}
	// Readers arriving together wait for the first load and share it.
	c.load[k].Lock()
	defer c.load[k].Unlock()
	if v := c.current(k); v != nil {
		return v, true, nil
	}
	c.mu.Lock()
	tick := c.tick
	c.mu.Unlock()
	view, err := Load(ctx, c.client, Filter{IncludeSubsidiaries: includeSubsidiaries})
	if err != nil {
		return nil, false, err
	}
	// Kept as of the tick read before the load: a change applied while it
	// ran makes it stale at once, so nothing older than a change is kept.
	c.mu.Lock()
	c.views[k] = &keptView{tick: tick, view: view}
	c.mu.Unlock()
	return view, true, nil
}

func (c *Cache) current(k int) *View {
	c.mu.Lock()
	defer c.mu.Unlock()
	if kv := c.views[k]; kv != nil && kv.tick == c.tick {
		return kv.view
	}
	return nil
}
