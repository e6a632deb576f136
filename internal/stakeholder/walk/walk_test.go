package walk

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/storetest"
)

var now = time.Now().UTC().Truncate(time.Second)

func ago(days int) time.Time { return now.AddDate(0, 0, -days) }

type builder struct {
	t   *testing.T
	c   *ent.Client
	ctx context.Context
}

func newBuilder(t *testing.T) builder {
	return builder{t: t, c: storetest.Open(t, storetest.SQLite).Client, ctx: context.Background()}
}

func (b builder) account(name string, parent *ent.Account) *ent.Account {
	q := b.c.Account.Create().SetName(name)
	if parent != nil {
		q.SetParent(parent)
	}
	return q.SaveX(b.ctx)
}

func (b builder) contact(a *ent.Account, name string, manager *ent.Contact) *ent.Contact {
	q := b.c.Contact.Create().SetAccount(a).SetName(name)
	if manager != nil {
		q.SetReportsToID(manager.ID)
	}
	return q.SaveX(b.ctx)
}

func (b builder) member(name string, active bool) *ent.TeamMember {
	return b.c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").SetActive(active).SaveX(b.ctx)
}

func (b builder) cover(m *ent.TeamMember, c *ent.Contact, strength int) *ent.Coverage {
	return b.c.Coverage.Create().SetTeamMember(m).SetContact(c).SetStrength(strength).SaveX(b.ctx)
}

// relate adds a relation valid from a year ago, until validTo when given.
func (b builder) relate(from, to *ent.Contact, kind domain.RelationKind, strength int, validTo *time.Time) *ent.ContactRelation {
	return b.c.ContactRelation.Create().SetFromID(from.ID).SetToID(to.ID).SetKind(kind).SetStrength(strength).
		SetValidFrom(ago(365)).SetNillableValidTo(validTo).SaveX(b.ctx)
}

// drawing renders a graph as sorted nodes ("label", with "@depth" for
// contacts) and edges ("source TYPE[/kind] target").
func drawing(g *Graph) (nodes, edges []string) {
	label := map[string]string{}
	key := func(typ domain.NodeType, id int) string { return fmt.Sprint(typ, id) }
	for _, n := range g.Nodes {
		label[key(n.Type, n.ID)] = n.Label
		if n.Type == domain.NodeContact {
			nodes = append(nodes, fmt.Sprintf("%s@%d", n.Label, n.Depth))
		} else {
			nodes = append(nodes, n.Label)
		}
	}
	for _, e := range g.Edges {
		src, dst := domain.NodeContact, domain.NodeContact
		switch e.Type {
		case domain.EdgeCoverage:
			src = domain.NodeTeamMember
		case domain.EdgeSubsidiary:
			src, dst = domain.NodeAccount, domain.NodeAccount
		}
		s := label[key(src, e.Source)] + " " + string(e.Type)
		if e.Kind != nil {
			s += "/" + string(*e.Kind)
		}
		edges = append(edges, s+" "+label[key(dst, e.Target)])
	}
	slices.Sort(nodes)
	slices.Sort(edges)
	return nodes, edges
}

// TestStakeholderGraph draws Acme's graph under several options.
//
//	Acme: a1, a2 (a2 reports to a1); its subsidiary Acme East: e1
//	Beta: b1, b2
//	a2 —ALLY 3— b1 —FRIEND 2— b2;  a1 —RIVAL 4— b2 ended a month ago
//	Mia (active) covers a1 and b2; Ivo (inactive) covers a2
//
// Depth counts hops from Acme's contacts: b1 is 1, b2 is 2 (1 through
// the rival relation while it was valid). A contact of another account
// brings its account's node. Ivo is never drawn: inactive.
func TestStakeholderGraph(t *testing.T) {
	b := newBuilder(t)
	acme := b.account("Acme", nil)
	east := b.account("Acme East", acme)
	beta := b.account("Beta", nil)
	a1 := b.contact(acme, "a1", nil)
	a2 := b.contact(acme, "a2", a1)
	b.contact(east, "e1", nil)
	b1, b2 := b.contact(beta, "b1", nil), b.contact(beta, "b2", nil)
	b.relate(a2, b1, domain.RelationAlly, 3, nil)
	b.relate(b1, b2, domain.RelationFriend, 2, nil)
	ended := ago(30)
	b.relate(a1, b2, domain.RelationRival, 4, &ended)
	mia, ivo := b.member("Mia", true), b.member("Ivo", false)
	b.cover(mia, a1, 3)
	b.cover(mia, b2, 2)
	b.cover(ivo, a2, 4)

	three, twoMonthsAgo := 3, ago(60)
	tests := []struct {
		name      string
		o         GraphOptions
		nodes     []string
		edges     []string
		truncated bool
	}{
		{"depth 0: the account's own people",
			GraphOptions{Depth: 0, MaxNodes: 100},
			[]string{"Acme", "Mia", "a1@0", "a2@0"},
			[]string{"Mia COVERAGE a1", "a2 REPORTS_TO a1"}, false},
		{"depth 1 reaches b1 and brings Beta; b1—b2 is not drawn, b2 was not reached",
			GraphOptions{Depth: 1, MaxNodes: 100},
			[]string{"Acme", "Beta", "Mia", "a1@0", "a2@0", "b1@1"},
			[]string{"Mia COVERAGE a1", "a2 RELATION/ALLY b1", "a2 REPORTS_TO a1"}, false},
		{"depth 2 reaches b2 and Mia's coverage of b2",
			GraphOptions{Depth: 2, MaxNodes: 100},
			[]string{"Acme", "Beta", "Mia", "a1@0", "a2@0", "b1@1", "b2@2"},
			[]string{"Mia COVERAGE a1", "Mia COVERAGE b2", "a2 RELATION/ALLY b1", "a2 REPORTS_TO a1", "b1 RELATION/FRIEND b2"}, false},
		{"as of two months ago the rival relation held: b2 at depth 1",
			GraphOptions{Depth: 1, MaxNodes: 100, AsOf: &twoMonthsAgo},
			[]string{"Acme", "Beta", "Mia", "a1@0", "a2@0", "b1@1", "b2@1"},
			[]string{"Mia COVERAGE a1", "Mia COVERAGE b2", "a1 RELATION/RIVAL b2", "a2 RELATION/ALLY b1", "a2 REPORTS_TO a1", "b1 RELATION/FRIEND b2"}, false},
		{"minStrength 3 drops the FRIEND 2 relation, so b2 is out of reach",
			GraphOptions{Depth: 2, MaxNodes: 100, MinStrength: &three},
			[]string{"Acme", "Beta", "Mia", "a1@0", "a2@0", "b1@1"},
			[]string{"Mia COVERAGE a1", "a2 RELATION/ALLY b1", "a2 REPORTS_TO a1"}, false},
		{"kinds: only FRIEND leaves Acme's people alone",
			GraphOptions{Depth: 2, MaxNodes: 100, Kinds: []domain.RelationKind{domain.RelationFriend}},
			[]string{"Acme", "Mia", "a1@0", "a2@0"},
			[]string{"Mia COVERAGE a1", "a2 REPORTS_TO a1"}, false},
		{"subsidiaries add Acme East and e1",
			GraphOptions{Depth: 0, MaxNodes: 100, IncludeSubsidiaries: true},
			[]string{"Acme", "Acme East", "Mia", "a1@0", "a2@0", "e1@0"},
			[]string{"Acme SUBSIDIARY Acme East", "Mia COVERAGE a1", "a2 REPORTS_TO a1"}, false},
		// 3 nodes: Acme, then a1 and a2; b1 would be the fourth, and Mia
		// finds no room either.
		{"maxNodes 3 truncates",
			GraphOptions{Depth: 2, MaxNodes: 3},
			[]string{"Acme", "a1@0", "a2@0"},
			[]string{"a2 REPORTS_TO a1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Now = now
			g, err := StakeholderGraph(b.ctx, b.c, acme.ID, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			nodes, edges := drawing(g)
			if !slices.Equal(nodes, tt.nodes) {
				t.Errorf("nodes = %q\nwant    %q", nodes, tt.nodes)
			}
			if !slices.Equal(edges, tt.edges) {
				t.Errorf("edges = %q\nwant    %q", edges, tt.edges)
			}
			if g.Truncated != tt.truncated {
				t.Errorf("truncated = %v, want %v", g.Truncated, tt.truncated)
			}
		})
	}
	for _, bad := range []GraphOptions{{Depth: -1, MaxNodes: 10}, {MaxNodes: 0}, {MaxNodes: MaxNodesLimit + 1}, {MaxNodes: 10, MinStrength: new(int)}} {
		if _, err := StakeholderGraph(b.ctx, b.c, acme.ID, bad); err == nil {
			t.Errorf("options %+v: no error", bad)
		}
	}
	if _, err := StakeholderGraph(b.ctx, b.c, beta.ID+1000, GraphOptions{MaxNodes: 10, Now: now}); err == nil {
		t.Error("an unknown account: no error")
	}
}

// TestIntroductionPaths finds paths to T. Strengths are coverage/4 and
// relation/5, a reporting line 0.8; a path's is their product.
//
//	Mia —4/4→ A —FRIEND 4/5→ T      1.0 · 0.8  = 0.80, 2 hops
//	Noah —3/4→ T                    0.75       = 0.75, 1 hop
//	Mia —2/4→ B, T reports to B     0.5 · 0.8  = 0.40, 2 hops
//
// Left out: Noah —4/4→ R —RIVAL 5/5→ T (nobody introduces us to their
// rival), Mia —4/4→ C —FORMER_COLLEAGUE 5/5→ T (ended last month), and
// Olga —4/4→ T (inactive), each of which would be 1.0, unless Olga is
// asked for by name.
func TestIntroductionPaths(t *testing.T) {
	b := newBuilder(t)
	acme := b.account("Acme", nil)
	boss := b.contact(acme, "B", nil)
	target := b.contact(acme, "T", boss)
	a, r, c := b.contact(acme, "A", nil), b.contact(acme, "R", nil), b.contact(acme, "C", nil)
	b.relate(a, target, domain.RelationFriend, 4, nil)
	b.relate(r, target, domain.RelationRival, 5, nil)
	ended := ago(30)
	b.relate(c, target, domain.RelationFormerColleague, 5, &ended)
	mia, noah, olga := b.member("Mia", true), b.member("Noah", true), b.member("Olga", false)
	b.cover(mia, a, 4)
	b.cover(noah, target, 3)
	b.cover(mia, boss, 2)
	b.cover(noah, r, 4)
	b.cover(olga, target, 4)
	b.cover(mia, c, 4)

	const (
		viaA    = "0.80/2 Mia —coverage 4/4→ A —FRIEND 4/5→ T"
		direct  = "0.75/1 Noah —coverage 3/4→ T"
		viaBoss = "0.40/2 Mia —coverage 2/4→ B —reports to→ T"
	)
	tests := []struct {
		name           string
		from           []int
		maxHops, first int
		want           []string
	}{
		{"strongest first", nil, 3, 5, []string{viaA, direct, viaBoss}},
		{"first 1", nil, 3, 1, []string{viaA}},
		{"maxHops 1: only direct coverage", nil, 1, 5, []string{direct}},
		{"from names an inactive member", []int{olga.ID, noah.ID}, 3, 5, []string{"1.00/1 Olga —coverage 4/4→ T", direct}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, err := IntroductionPaths(b.ctx, b.c, PathOptions{To: target.ID, From: tt.from, MaxHops: tt.maxHops, First: tt.first, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range paths {
				got = append(got, fmt.Sprintf("%.2f/%d %s", p.Strength, p.Hops, p.Description))
				if len(p.Nodes) != p.Hops+1 || len(p.Edges) != p.Hops {
					t.Errorf("%s: %d nodes and %d edges for %d hops", p.Description, len(p.Nodes), len(p.Edges), p.Hops)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paths =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
	for _, bad := range []PathOptions{
		{To: target.ID, MaxHops: 0, First: 1}, {To: target.ID, MaxHops: MaxHopsLimit + 1, First: 1},
		{To: target.ID, MaxHops: 2, First: 0}, {To: target.ID, MaxHops: 2, First: MaxPathsLimit + 1},
		{To: target.ID + 1000, MaxHops: 2, First: 1}, {To: target.ID, From: []int{olga.ID + 1000}, MaxHops: 2, First: 1},
	} {
		bad.Now = now
		if _, err := IntroductionPaths(b.ctx, b.c, bad); err == nil {
			t.Errorf("options %+v: no error", bad)
		}
	}
}

// TestGraphDiff sorts what happened to Acme's graph in the window
// (from, to], from 30 days ago to an hour from now (the updates below
// run now, and the audit trail stamps them with the wall clock).
// Everything "old" was created 40 days ago.
//
//	joined    New (created 25 days ago); Old and Gone are older
//	left      Gone (left 27 days ago); Past left 35 days ago, before the window
//	relations added   Old—Gone (valid from 29 days ago)
//	          ended   Old—New (valid until 28 days ago)
//	          changed Old—Past (old, strength set 2 → 4 now)
//	          nothing Gone—Past (old, untouched)
//	coverages added   Mia—New (created 20 days ago)
//	          changed Mia—Old (old, strength set 1 → 3 now)
//	          ended   Ivo—Gone (deleted now, strength 2)
//	strength changes  the relation 2 → 4, then the coverage 1 → 3, in that order
//	attitude shifts   Old: NEUTRAL (at creation) → CHAMPION 10 days ago;
//	                  New's first assessment is in the window: no shift
func TestGraphDiff(t *testing.T) {
	b := newBuilder(t)
	from, to := ago(30), now.Add(time.Hour)
	old := clock.At(b.ctx, ago(40))
	acme := b.c.Account.Create().SetName("Acme").SetCreatedAt(ago(40)).SaveX(old)
	person := func(name string, created time.Time) *ent.ContactCreate {
		return b.c.Contact.Create().SetAccount(acme).SetName(name).SetCreatedAt(created).SetUpdatedAt(created)
	}
	oldC := person("Old", ago(40)).SaveX(old)
	gone := person("Gone", ago(40)).SetStatus("LEFT").SetLeftAt(ago(27)).SaveX(old)
	past := person("Past", ago(40)).SetStatus("LEFT").SetLeftAt(ago(35)).SaveX(old)
	newC := person("New", ago(25)).SaveX(clock.At(b.ctx, ago(25)))
	rel := func(x, y *ent.Contact, validFrom time.Time, validTo *time.Time) *ent.ContactRelation {
		return b.c.ContactRelation.Create().SetFromID(x.ID).SetToID(y.ID).SetKind(domain.RelationAlly).SetStrength(2).
			SetValidFrom(validFrom).SetNillableValidTo(validTo).SetCreatedAt(ago(40)).SetUpdatedAt(ago(40)).SaveX(b.ctx)
	}
	endedAt := ago(28)
	added := rel(oldC, gone, ago(29), nil)
	ended := rel(oldC, newC, ago(100), &endedAt)
	changed := rel(oldC, past, ago(100), nil)
	rel(gone, past, ago(100), nil)
	mia, ivo := b.member("Mia", true), b.member("Ivo", true)
	cov := func(m *ent.TeamMember, c *ent.Contact, strength int, created time.Time) *ent.Coverage {
		return b.c.Coverage.Create().SetTeamMember(m).SetContact(c).SetStrength(strength).
			SetCreatedAt(created).SetUpdatedAt(created).SaveX(b.ctx)
	}
	covAdded := cov(mia, newC, 2, ago(20))
	covChanged := cov(mia, oldC, 1, ago(40))
	covGone := cov(ivo, gone, 2, ago(40))
	b.c.Assessment.Create().SetContactID(oldC.ID).SetAttitude(domain.AttitudeChampion).SetInfluence(3).SetAssessedAt(ago(10)).ExecX(b.ctx)

	b.c.ContactRelation.UpdateOne(changed).SetStrength(4).ExecX(b.ctx)
	b.c.Coverage.UpdateOne(covChanged).SetStrength(3).ExecX(b.ctx)
	b.c.Coverage.DeleteOne(covGone).ExecX(b.ctx)

	d, err := GraphDiff(b.ctx, b.c, acme.ID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	names := func(cs []*ent.Contact) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name)
		}
		return strings.Join(s, ",")
	}
	relIDs := func(rs []*ent.ContactRelation) (ids []int) {
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	covIDs := func(cs []*ent.Coverage) (ids []int) {
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return ids
	}
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("joined", names(d.Joined), "New")
	check("left", names(d.Left), "Gone")
	check("relations added", relIDs(d.RelationsAdded), []int{added.ID})
	check("relations ended", relIDs(d.RelationsEnded), []int{ended.ID})
	check("relations changed", relIDs(d.RelationsChanged), []int{changed.ID})
	check("coverages added", covIDs(d.CoveragesAdded), []int{covAdded.ID})
	check("coverages changed", covIDs(d.CoveragesChanged), []int{covChanged.ID})
	var endedCovs, strengths, shifts []string
	for _, e := range d.CoveragesEnded {
		endedCovs = append(endedCovs, fmt.Sprintf("%s-%s %d", e.TeamMember.Name, e.Contact.Name, e.Strength))
	}
	for _, s := range d.StrengthChanges {
		what := "?"
		if s.Relation != nil && s.Relation.ID == changed.ID {
			what = "relation"
		} else if s.Coverage != nil && s.Coverage.ID == covChanged.ID {
			what = "coverage"
		}
		strengths = append(strengths, fmt.Sprintf("%s %d→%d", what, s.Before, s.After))
	}
	for _, s := range d.AttitudeShifts {
		shifts = append(shifts, fmt.Sprintf("%s %s→%s", s.Contact.Name, s.Before, s.After))
	}
	check("coverages ended", endedCovs, []string{"Ivo-Gone 2"})
	check("strength changes", strengths, []string{"relation 2→4", "coverage 1→3"})
	check("attitude shifts", shifts, []string{"Old NEUTRAL→CHAMPION"})

	if _, err := GraphDiff(b.ctx, b.c, acme.ID, to, from); err == nil {
		t.Error("to before from: no error")
	}
}
