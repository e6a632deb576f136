package memgraph

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"rapport/ent"
	"rapport/internal/changelog"
)

// Index hands out the current snapshot of one database. It follows the
// database's change feed: the feed calls Reset for the first read (a full
// load) and Apply for every batch of committed changes after that, one at
// a time, and a graph read first brings the feed up to date (Sync), so
// that it sees every change committed before it began, this server's and
// every other's.
type Index struct {
	feed *changelog.Feed
	cur  atomic.Pointer[Snapshot]
}

// indexes maps each store's client to its index. The server's resolvers
// only hold the client, and a registry keyed by it keeps the index out of
// every signature between the store and the traversals.
var indexes sync.Map // *ent.Client -> *Index

// Install registers an index for client, following feed.
func Install(client *ent.Client, feed *changelog.Feed) *Index {
	ix := &Index{feed: feed}
	feed.Register(ix)
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

// Snapshot returns a snapshot that holds every change committed before the
// call: one statement when there is nothing new.
func (ix *Index) Snapshot(ctx context.Context) (*Snapshot, error) {
	if err := ix.feed.Sync(ctx); err != nil {
		return nil, err
	}
	s := ix.cur.Load()
	if s == nil {
		return nil, fmt.Errorf("no snapshot") // Sync loads one or fails
	}
	return s, nil
}

// Reset loads the whole graph (changelog.Consumer).
func (ix *Index) Reset(ctx context.Context, q changelog.Queryer) error {
	start := time.Now()
	// Let the old snapshot go before loading: at scale L each is 90 MB,
	// and requests still using it keep it alive until they finish.
	ix.cur.Store(nil)
	s, err := Load(ctx, q)
	if err != nil {
		return fmt.Errorf("load graph snapshot: %w", err)
	}
	ix.cur.Store(s)
	slog.DebugContext(ctx, "graph snapshot loaded", "accounts", s.NumAccounts(), "contacts", s.NumContacts(),
		"relations", s.NumRelations(), "coverages", s.NumCoverages(), "members", s.NumMembers(),
		"bytes", s.Bytes(), "took", time.Since(start))
	return nil
}

// Apply follows a batch of committed changes (changelog.Consumer): the
// rows it names are read again and a new version of the snapshot shares
// everything else with the old one.
func (ix *Index) Apply(ctx context.Context, q changelog.Queryer, batch []changelog.Entry) error {
	cur := ix.cur.Load()
	if cur == nil {
		return ix.Reset(ctx, q)
	}
	d := dirtyFrom(batch)
	if d.empty() {
		return nil
	}
	next, err := cur.apply(ctx, q, d)
	if err != nil {
		return fmt.Errorf("apply graph changes: %w", err)
	}
	if next.worn() {
		return ix.Reset(ctx, q)
	}
	ix.cur.Store(next)
	return nil
}
