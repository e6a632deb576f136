package server

import (
	"context"
	"log/slog"
	"time"

	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/portfolio"
	"rapport/internal/store"
	"rapport/internal/whitespace"
)

// Warm loads what follows db's change feed (the graph index, the
// portfolio's maintained values, the alert rules, the suggestions, the
// whitespace grid's cache: whatever Build registered) and the whole
// portfolio's whitespace grid at once, instead
// of on the first request that reads the feed: at scale L the graph index
// alone takes 4-5 s to load, and every request that syncs the feed would
// wait for it (issue 19). A server calls it in the background after
// Build; requests arriving meanwhile wait for the same read instead of
// starting another (the feed shares one read between its callers).
func Warm(ctx context.Context, db *store.DB) error {
	feed := changelog.For(db.Client)
	if feed == nil {
		return nil
	}
	start := time.Now()
	ctx = auth.WithViewer(ctx, auth.System)
	if err := feed.Sync(ctx); err != nil {
		slog.WarnContext(ctx, "loading the change feed's followers at start failed; the first request retries", "err", err)
		return err
	}
	loaded := time.Since(start)
	// The whole portfolio's grid (the dashboard's default, with
	// subsidiaries rolled up) is kept between changes: read it now too,
	// so that the first grid request does not build it (0.5-1 s at L).
	if c := whitespace.CacheFor(db.Client); c != nil && portfolio.Enabled.Load() {
		if _, _, err := c.Portfolio(ctx, true); err != nil {
			slog.WarnContext(ctx, "reading the whitespace grid at start failed; the first request retries", "err", err)
			return err
		}
	}
	grid := time.Since(start) - loaded
	// Every account's maintained values (health, gaps, classes) are
	// computed in the background after the feed's first read; ready means
	// computed, so that the first requests do not share the CPU with it.
	if p := portfolio.For(db.Client); p != nil {
		if err := p.WaitWarm(ctx); err != nil {
			return err
		}
	}
	slog.InfoContext(ctx, "change feed's followers loaded", "took", loaded.Round(time.Millisecond),
		"grid", grid.Round(time.Millisecond), "portfolio", (time.Since(start) - loaded - grid).Round(time.Millisecond))
	return nil
}
