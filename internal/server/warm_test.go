package server_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/config"
	"rapport/internal/server"
	"rapport/internal/storetest"
)

// loads counts a consumer's loads.
type loads struct{ resets, applies int }

func (l *loads) Reset(context.Context, changelog.Queryer) error { l.resets++; return nil }
func (l *loads) Apply(context.Context, changelog.Queryer, []changelog.Entry) error {
	l.applies++
	return nil
}

// TestWarmLoadsTheFeedsFollowersBeforeAnyRequest: a server loads what
// follows the change feed when it starts (Warm), not on the first
// request; that request then only polls the feed.
func TestWarmLoadsTheFeedsFollowersBeforeAnyRequest(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	server.New(config.Defaults(), db) // registers the portfolio, alerts, suggestions, the grid's cache
	l := &loads{}
	changelog.For(db.Client).Register(l)
	if l.resets != 0 {
		t.Fatalf("loaded before Warm: %d", l.resets)
	}
	if err := server.Warm(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	if l.resets != 1 {
		t.Fatalf("after Warm: %d loads, want 1", l.resets)
	}
	if err := changelog.For(db.Client).Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if l.resets != 1 {
		t.Errorf("the next sync loaded again (%d loads): Warm left a follower unloaded", l.resets)
	}
}

// TestWarmKeepsTheGridForTheFirstRequest: after Warm the first request for
// the whole portfolio's whitespace grid costs what a later one does (the
// feed's poll), not the grid's reads: it was read at start.
func TestWarmKeepsTheGridForTheFirstRequest(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := auth.WithViewer(t.Context(), auth.System)
	a := db.Client.Account.Create().SetName("Acme").SaveX(ctx)
	o := db.Client.Offering.Create().SetName("Support").SaveX(ctx)
	db.Client.AccountOffering.Create().SetAccountID(a.ID).SetOfferingID(o.ID).SetCurrentRevenue(10).SetPotential(30).SaveX(ctx)
	c := apitest.New(t, db)
	if err := server.Warm(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	const q = `{ whitespaceGrid { rows { account { id } cells { whitespace } } totalWhitespace } }`
	var out struct {
		WhitespaceGrid struct{ TotalWhitespace float64 } `json:"whitespaceGrid"`
	}
	first := c.Statements(func() { c.MustDo(q, nil, &out) })
	if out.WhitespaceGrid.TotalWhitespace != 20 {
		t.Fatalf("total whitespace %v, want 20", out.WhitespaceGrid.TotalWhitespace)
	}
	later := c.Statements(func() { c.MustDo(q, nil, &out) })
	if first != later {
		t.Errorf("the first grid request after Warm took %d statements, a later one %d: the grid was not kept at start", first, later)
	}
}

// blocking is a follower whose first load waits for release.
type blocking struct{ release chan struct{} }

func (b *blocking) Reset(context.Context, changelog.Queryer) error { <-b.release; return nil }
func (b *blocking) Apply(context.Context, changelog.Queryer, []changelog.Entry) error {
	return nil
}

// TestReadyOnlyOnceWarm: while StartWarm's load runs /readyz answers 503
// with Retry-After (a load balancer keeps traffic away), and 200 once it
// is done.
func TestReadyOnlyOnceWarm(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	h := server.Build(config.Defaults(), db)
	b := &blocking{release: make(chan struct{})}
	changelog.For(db.Client).Register(b)
	ready := func() (int, string) {
		rec := httptest.NewRecorder()
		h.API.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code, rec.Header().Get("Retry-After")
	}
	if code, _ := ready(); code != 200 {
		t.Fatalf("before warming: %d, want 200 (a server that does not warm is ready)", code)
	}
	done := h.StartWarm(t.Context(), db)
	if code, retry := ready(); code != 503 || retry == "" {
		t.Errorf("while warming: %d (Retry-After %q), want 503 with Retry-After", code, retry)
	}
	close(b.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if code, _ := ready(); code != 200 {
		t.Errorf("after warming: %d, want 200", code)
	}
}
