package chain

import (
	"context"
	"math"
	"testing"

	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/internal/storetest"
)

func TestRatios(t *testing.T) {
	link := func(w float64, covered bool) *Entry { return &Entry{Weight: w, Covered: covered} }
	tests := []struct {
		name              string
		links             []*Entry
		byCount, byWeight float64
	}{
		{"an empty chain covers nothing", nil, 0, 0},
		// 2 of 3 links; weights 0.5 + 0.2 of 1.0.
		{"count and weight differ", []*Entry{link(0.5, true), link(0.3, false), link(0.2, true)}, 2.0 / 3, 0.7},
		// The uncovered link carries 0.9 of the weight: 1/2 by count, 0.1 by weight.
		{"a heavy uncovered link weighs", []*Entry{link(0.1, true), link(0.9, false)}, 0.5, 0.1},
		// Weights all 0: the weighted ratio falls back to the count, 1/2.
		{"zero weights fall back to the count", []*Entry{link(0, true), link(0, false)}, 0.5, 0.5},
		{"all covered", []*Entry{link(1, true), link(0.4, true)}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w := Ratios(tt.links)
			if math.Abs(c-tt.byCount) > 1e-9 || math.Abs(w-tt.byWeight) > 1e-9 {
				t.Errorf("Ratios = (%v, %v), want (%v, %v)", c, w, tt.byCount, tt.byWeight)
			}
		})
	}
}

// fixture: one opportunity whose chain names three contacts, and a second
// opportunity with no chain.
//
//	X (position 1, weight 0.5): Ann 2, Ben 2 and primary owner, Cid 4 but inactive
//	Y (position 2, weight 0.3): only Cid (inactive) covers them
//	Z (position 3, weight 0.2): Ann 1, an acquaintance
//
// The links are created out of order (Z, X, Y) so that the order must
// come from position.
type fixture struct {
	deal, empty   *ent.Opportunity
	x, y, z       *ent.Contact
	ann, ben, cid *ent.TeamMember
	benX          *ent.Coverage
}

func newFixture(t *testing.T, c *ent.Client) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	acme := c.Account.Create().SetName("Acme").SaveX(ctx)
	f.deal = c.Opportunity.Create().SetName("Deal").SetAccountID(acme.ID).SaveX(ctx)
	f.empty = c.Opportunity.Create().SetName("Empty").SetAccountID(acme.ID).SaveX(ctx)
	f.x = c.Contact.Create().SetName("X").SetAccountID(acme.ID).SaveX(ctx)
	f.y = c.Contact.Create().SetName("Y").SetAccountID(acme.ID).SaveX(ctx)
	f.z = c.Contact.Create().SetName("Z").SetAccountID(acme.ID).SaveX(ctx)
	member := func(name string, active bool) *ent.TeamMember {
		return c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").SetActive(active).SaveX(ctx)
	}
	f.ann, f.ben, f.cid = member("Ann", true), member("Ben", true), member("Cid", false)
	cover := func(m *ent.TeamMember, ct *ent.Contact, strength int, primary bool) *ent.Coverage {
		return c.Coverage.Create().SetTeamMember(m).SetContact(ct).SetStrength(strength).SetPrimaryOwner(primary).SaveX(ctx)
	}
	cover(f.ann, f.x, 2, false)
	f.benX = cover(f.ben, f.x, 2, true) // a later row, but the primary owner: wins the tie
	cover(f.cid, f.x, 4, false)
	cover(f.cid, f.y, 4, false)
	cover(f.ann, f.z, 1, false)
	chainLink := func(ct *ent.Contact, role decisionchainlink.Role, pos int, w float64) {
		c.DecisionChainLink.Create().SetOpportunity(f.deal).SetContact(ct).SetRole(role).SetPosition(pos).SetWeight(w).ExecX(ctx)
	}
	chainLink(f.z, decisionchainlink.RoleAPPROVER, 3, 0.2)
	chainLink(f.x, decisionchainlink.RoleINITIATOR, 1, 0.5)
	chainLink(f.y, decisionchainlink.RoleTECHNICAL_EVALUATOR, 2, 0.3)
	return f
}

func TestStrongestCoverage(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	f := newFixture(t, c)
	best, err := StrongestCoverage(context.Background(), c, []int{f.x.ID, f.y.ID, f.z.ID})
	if err != nil {
		t.Fatal(err)
	}
	// X: Cid's 4 is inactive; Ann and Ben tie at 2 and Ben is the primary
	// owner. Y: only inactive coverage, so absent. Z: Ann at 1.
	want := map[int]struct {
		member   string
		strength int
	}{f.x.ID: {"Ben", 2}, f.z.ID: {"Ann", 1}}
	if len(best) != len(want) {
		t.Errorf("got %d contacts, want %d (Y has no active coverage): %v", len(best), len(want), best)
	}
	for id, w := range want {
		b := best[id]
		if b == nil || b.TeamMember.Name != w.member || b.Strength != w.strength {
			t.Errorf("contact %d: got %+v, want %s at %d", id, b, w.member, w.strength)
		}
	}
	if b := best[f.x.ID]; b != nil && b.Coverage.ID != f.benX.ID {
		t.Errorf("X's coverage row = %d, want Ben's %d", b.Coverage.ID, f.benX.ID)
	}
	if got, err := StrongestCoverage(context.Background(), c, nil); err != nil || len(got) != 0 {
		t.Errorf("no contacts: got %v, %v; want an empty map", got, err)
	}
}

func TestLoad(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	f := newFixture(t, c)
	chains, err := Load(context.Background(), c, []int{f.deal.ID, f.empty.ID}, Columns{})
	if err != nil {
		t.Fatal(err)
	}
	deal := chains[f.deal.ID]
	// In position order X, Y, Z; only X is covered at 2 or more (Y has no
	// active coverage, Z only an acquaintance at 1): 1 of 3 by count,
	// 0.5 of 1.0 by weight.
	want := []struct {
		name    string
		pos     int
		covered bool
	}{{"X", 1, true}, {"Y", 2, false}, {"Z", 3, false}}
	if len(deal.Links) != len(want) {
		t.Fatalf("got %d links, want %d", len(deal.Links), len(want))
	}
	for i, w := range want {
		l := deal.Links[i]
		if l.Contact.Name != w.name || l.Position != w.pos || l.Covered != w.covered {
			t.Errorf("link %d = %s at %d covered %v, want %s at %d covered %v", i, l.Contact.Name, l.Position, l.Covered, w.name, w.pos, w.covered)
		}
	}
	if math.Abs(deal.CoverageRatio-1.0/3) > 1e-9 || math.Abs(deal.WeightedCoverageRatio-0.5) > 1e-9 {
		t.Errorf("ratios = (%v, %v), want (1/3, 0.5)", deal.CoverageRatio, deal.WeightedCoverageRatio)
	}
	if e := chains[f.empty.ID]; e == nil || len(e.Links) != 0 || e.CoverageRatio != 0 || e.WeightedCoverageRatio != 0 {
		t.Errorf("opportunity without a chain = %+v, want an empty chain with ratios 0", e)
	}
}
