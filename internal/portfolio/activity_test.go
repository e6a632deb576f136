package portfolio_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/analytics"
	"rapport/internal/auth"
	"rapport/internal/changelog"
	"rapport/internal/portfolio"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// The groupings the maintained cells answer (the Analytics page asks for
// [MONTH, KIND] and [ACCOUNT, MONTH]).
var activityGroupings = [][]string{
	nil, {analytics.ByAccount}, {analytics.ByMonth}, {analytics.ByKind},
	{analytics.ByMonth, analytics.ByKind}, {analytics.ByAccount, analytics.ByMonth},
	{analytics.ByKind, analytics.ByAccount}, {analytics.ByAccount, analytics.ByMonth, analytics.ByKind},
}

var activityKinds = []interaction.Kind{interaction.KindCALL, interaction.KindEMAIL, interaction.KindCOMPANY_VISIT, interaction.KindCOMPLAINT}

// activityWorld is a few accounts and their interactions, changed at random.
type activityWorld struct {
	t        *testing.T
	c        *ent.Client
	ctx      context.Context
	r        *rand.Rand
	accounts []int
	inters   []int
}

// when is a random time around the turn of three months, often minutes
// from midnight of a month's first day and in a zone east of UTC, so that
// the UTC month differs from the local one.
func (w *activityWorld) when() time.Time {
	zone := time.FixedZone("UTC+8", 8*3600)
	if w.r.IntN(2) == 0 {
		zone = time.UTC
	}
	base := time.Date(2026, time.Month(5+w.r.IntN(3)), 1, 0, 0, 0, 0, time.UTC)
	return base.Add(time.Duration(w.r.IntN(24*60)-12*60) * time.Minute).In(zone)
}

// cost is a random cost in quarters: exact in binary, so that a plain
// SUM in any order (PostgreSQL's) is exact too and the engines' answer is
// one number (see Sum and decision 0005).
func (w *activityWorld) cost() float64 { return float64(w.r.IntN(4000)) / 4 }

func (w *activityWorld) account() {
	a := must[*ent.Account](w.t)(w.c.Account.Create().SetName(fmt.Sprintf("Account %d", len(w.accounts))).Save(w.ctx))
	w.accounts = append(w.accounts, a.ID)
}

func (w *activityWorld) interaction() {
	i := must[*ent.Interaction](w.t)(w.c.Interaction.Create().SetAccountID(w.accounts[w.r.IntN(len(w.accounts))]).
		SetKind(activityKinds[w.r.IntN(len(activityKinds))]).SetOccurredAt(w.when()).SetCost(w.cost()).Save(w.ctx))
	w.inters = append(w.inters, i.ID)
}

// change makes one random change that moves a cell, updating rows by ID
// as the API does.
func (w *activityWorld) change() string {
	if len(w.inters) == 0 {
		w.interaction()
		return "interaction created"
	}
	i := w.r.IntN(len(w.inters))
	id := w.inters[i]
	switch w.r.IntN(8) {
	case 0:
		must[*ent.Interaction](w.t)(w.c.Interaction.UpdateOneID(id).SetCost(w.cost()).Save(w.ctx))
		return "cost"
	case 1:
		must[*ent.Interaction](w.t)(w.c.Interaction.UpdateOneID(id).SetKind(activityKinds[w.r.IntN(len(activityKinds))]).Save(w.ctx))
		return "kind"
	case 2:
		must[*ent.Interaction](w.t)(w.c.Interaction.UpdateOneID(id).SetOccurredAt(w.when()).Save(w.ctx))
		return "time (often another month)"
	case 3:
		must[*ent.Interaction](w.t)(w.c.Interaction.UpdateOneID(id).SetAccountID(w.accounts[w.r.IntN(len(w.accounts))]).Save(w.ctx))
		return "moved to another account"
	case 4:
		if err := w.c.Interaction.DeleteOneID(id).Exec(w.ctx); err != nil {
			w.t.Fatal(err)
		}
		w.inters = append(w.inters[:i], w.inters[i+1:]...)
		return "deleted"
	case 5:
		w.account()
		return "account created"
	case 6:
		// Several in one transaction.
		tx := must[*ent.Tx](w.t)(w.c.Tx(w.ctx))
		for range 3 {
			i := must[*ent.Interaction](w.t)(tx.Interaction.Create().SetAccountID(w.accounts[w.r.IntN(len(w.accounts))]).
				SetKind(activityKinds[w.r.IntN(len(activityKinds))]).SetOccurredAt(w.when()).SetCost(w.cost()).Save(w.ctx))
			w.inters = append(w.inters, i.ID)
		}
		if err := tx.Commit(); err != nil {
			w.t.Fatal(err)
		}
		return "three in a transaction"
	default:
		w.interaction()
		return "interaction created"
	}
}

// showRows renders interactionStats rows with every key and exact numbers.
func showRows(rows []*analytics.InteractionRow) string {
	var b strings.Builder
	for _, r := range rows {
		if r.Account != nil {
			fmt.Fprintf(&b, "a%d ", r.Account.ID)
		}
		if r.Month != nil {
			b.WriteString(*r.Month + " ")
		}
		if r.Kind != nil {
			b.WriteString(string(*r.Kind) + " ")
		}
		fmt.Fprintf(&b, "%d %s; ", r.Count, strconv.FormatFloat(r.CostSum, 'g', -1, 64))
	}
	return b.String()
}

// compareActivity checks every grouping of the maintained cells against
// the SQL engine, as the viewer in ctx sees them.
func compareActivity(t *testing.T, ctx context.Context, p *portfolio.Portfolio, c *ent.Client, step string) {
	t.Helper()
	for _, g := range activityGroupings {
		act, err := p.Activity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := analytics.InteractionStatsFrom(ctx, c, act, g, true)
		if err != nil {
			t.Fatal(err)
		}
		want, err := analytics.InteractionStats(ctx, c, g, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if showRows(got) != showRows(want) {
			t.Fatalf("after %s, grouped by %v:\n maintained %s\n the engine %s", step, g, showRows(got), showRows(want))
		}
		// Counts alone (the Analytics page's mix): the same rows and counts.
		counts, err := analytics.InteractionStatsFrom(ctx, c, act, g, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range want {
			r.CostSum = 0
		}
		if showRows(counts) != showRows(want) {
			t.Fatalf("after %s, grouped by %v, counts alone:\n maintained %s\n the engine %s", step, g, showRows(counts), showRows(want))
		}
	}
}

// TestMaintainedActivityEqualsAFreshComputationAfterRandomChanges: the
// interactions kept per account, UTC month and kind answer every grouping
// of interactionStats they can exactly as its SQL does, after each of 60
// random changes (created, cost, kind, time across a month's turn in
// another zone, moved between accounts, deleted, several in one
// transaction, new accounts), for the server and for an editor who sees
// two of the accounts (their aggregates count only those).
func TestMaintainedActivityEqualsAFreshComputationAfterRandomChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := portfolio.For(db.Client)
		if p == nil {
			t.Fatal("the store has no portfolio")
		}
		ctx := context.Background()
		for seed := uint64(1); seed <= 3; seed++ {
			w := &activityWorld{t: t, c: db.Client, ctx: ctx, r: rand.New(rand.NewPCG(seed, 2))}
			for range 4 {
				w.account()
			}
			m := must[*ent.TeamMember](t)(db.Client.TeamMember.Create().SetName("Ed").
				SetEmail(fmt.Sprintf("ed%d@us.example", emails.Add(1))).AddAccountIDs(w.accounts[0], w.accounts[1]).Save(ctx))
			editor := func() context.Context {
				// A viewer per request, as the server makes them.
				return auth.WithViewer(ctx, &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "ed", Role: auth.RoleEditor, TeamMemberID: &m.ID})
			}
			for range 20 {
				w.interaction()
			}
			compareActivity(t, ctx, p, db.Client, fmt.Sprintf("seed %d: the first read", seed))
			compareActivity(t, editor(), p, db.Client, fmt.Sprintf("seed %d: the first read (editor)", seed))
			for i := range 60 {
				step := fmt.Sprintf("seed %d change %d (%s)", seed, i, w.change())
				if i%2 == 0 {
					compareActivity(t, editor(), p, db.Client, step+" (editor)")
					compareActivity(t, ctx, p, db.Client, step)
				} else {
					compareActivity(t, ctx, p, db.Client, step)
					compareActivity(t, editor(), p, db.Client, step+" (editor)")
				}
			}
		}
	})
}

// TestUnchangedActivityReadsOnlyTheFeed: once read, the cells come from
// memory (the feed's one statement); an interaction's change reads its
// account's again, another row's change of the account does not.
func TestUnchangedActivityReadsOnlyTheFeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := portfolio.For(db.Client)
		ctx := context.Background()
		w := &activityWorld{t: t, c: db.Client, ctx: ctx, r: rand.New(rand.NewPCG(9, 9))}
		for range 3 {
			w.account()
		}
		for range 10 {
			w.interaction()
		}
		statements := func() int64 {
			n0 := db.Counter.Load()
			if _, err := p.Activity(ctx); err != nil {
				t.Fatal(err)
			}
			return db.Counter.Load() - n0
		}
		statements() // the feed's first read, every account's interactions
		if n := statements(); n != 1 {
			t.Errorf("an unchanged read took %d statements, want 1 (the feed)", n)
		}
		w.interaction()
		if n := statements(); n != 3 {
			t.Errorf("after a change: %d statements, want 3 (the feed's two, the changed account's interactions)", n)
		}
		if n := statements(); n != 1 {
			t.Errorf("then %d statements, want 1", n)
		}
		// A contact, a coverage's or a deal's change moves the account's
		// health, not its interactions: an integration syncing contacts
		// across the portfolio must not make every read re-read them.
		// The feed's other followers read the new contact: bring them up
		// to date first, so that only the activity's own reads are counted.
		must[*ent.Contact](t)(db.Client.Contact.Create().SetName("New").SetAccountID(w.accounts[0]).Save(ctx))
		if err := changelog.For(db.Client).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := statements(); n != 1 {
			t.Errorf("after a contact's creation: %d statements, want 1 (the feed; no interactions)", n)
		}
	})
}

// TestSumIsExactInAnyOrder: the cells' cost sums do not depend on the
// order of adding or on how they are grouped.
func TestSumIsExactInAnyOrder(t *testing.T) {
	xs := []float64{0.1, 0.2, 0.3, 1e16, 1, -1e16, 1e-3, 7.25}
	var all analytics.Sum
	for _, x := range xs {
		all.Add(x)
	}
	// The 1e16 cancel: 0.1+0.2+0.3+1+0.001+7.25, rounded once (a plain sum
	// in this order gives 7.251).
	if got, want := all.Float64(), 8.851; got != want {
		t.Errorf("sum %v, want %v", got, want)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 50 {
		r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		var a, b analytics.Sum
		cut := r.IntN(len(xs))
		for _, x := range xs[:cut] {
			a.Add(x)
		}
		for _, x := range xs[cut:] {
			b.Add(x)
		}
		a.AddSum(b)
		if a.Float64() != all.Float64() {
			t.Fatalf("order %v: %v, want %v", xs, a.Float64(), all.Float64())
		}
	}
}
