package demo_test

import (
	"context"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/demo"
	"rapport/internal/orglayer"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/valuation"
)

// TestDemoValueAndOrgLayer: through the real store (its hooks compute the
// scores and record the stage history), every demo account's latest value
// assessment recommends the tier it has, the strategic accounts have
// engagements and executive pairings, and stages keep their history.
func TestDemoValueAndOrgLayer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
		if _, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1, Now: now}); err != nil {
			t.Fatalf("load: %v", err)
		}
		accounts := db.Client.Account.Query().AllX(ctx)
		ids := make([]int, len(accounts))
		for i, a := range accounts {
			ids[i] = a.ID
		}
		latest, err := valuation.Latest(ctx, db.Client, ids)
		if err != nil {
			t.Fatal(err)
		}
		reasons, err := valuation.RecordedReasons(ctx, db.Client, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range accounts {
			if reasons[a.ID] == nil {
				t.Errorf("%s: no reason recorded with its tier", a.Name)
			}
			va := latest[a.ID]
			if va == nil {
				t.Errorf("%s has no value assessment", a.Name)
				continue
			}
			if va.RecommendedTier != a.Tier {
				t.Errorf("%s: assessment scores %v and recommends %s, the recorded tier is %s", a.Name, va.Score, va.RecommendedTier, a.Tier)
			}
			t.Logf("%-45s %-10s value score %5.1f", a.Name, a.Tier, va.Score)
		}
		if n := db.Client.ValueAssessment.Query().CountX(ctx); n != len(accounts)+3 {
			t.Errorf("%d value assessments, want one per account and three earlier ones", n)
		}
		if n := db.Client.Engagement.Query().CountX(ctx); n < 10 {
			t.Errorf("%d engagements", n)
		}
		pairings := db.Client.ExecutivePairing.Query().WithAccount().WithTeamMember().WithContact().AllX(ctx)
		if len(pairings) < 9 {
			t.Errorf("%d executive pairings", len(pairings))
		}
		pids := make([]int, len(pairings))
		for i, p := range pairings {
			pids[i] = p.ID
		}
		health, err := orglayer.Load(ctx, db.Client, pids, now)
		if err != nil {
			t.Fatal(err)
		}
		states := map[orglayer.State]int{}
		for _, p := range pairings {
			h := health[p.ID]
			states[h.State]++
			t.Logf("%-20s %-14s with %-14s %-10s score %3d (%s)", p.Edges.Account.Name[:min(20, len(p.Edges.Account.Name))], p.Edges.TeamMember.Name, p.Edges.Contact.Name, h.State, h.Score, h.Explanation)
		}
		if states[orglayer.StateNeverMet] == 0 {
			t.Error("no pairing is NEVER_MET: Huaxin Henan's new general manager has met nobody")
		}
		if n := db.Client.StageChange.Query().CountX(ctx); n < 2*len(accounts)+8 {
			t.Errorf("%d stage changes, want the initial two per account and the planned moves", n)
		}
		_ = ent.TypeAccount
	})
}
