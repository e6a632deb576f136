package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// graphFixture is drawn here so the expected answers can be checked by hand:
//
//	Acme (root) ── subsidiary ─► Acme South: s1
//	Acme: a1 CEO ◄─reports─ a2 CTO ◄─reports─ a3; a4 left 2025-06-01
//	a1 ─ALLY(3)─ a4          a2 ─FORMER_COLLEAGUE(4)─ b1 (Beta)
//	b1 ─FRIEND(2)─ b2 ─ALLY(5)─ b3     a1 ─RIVAL(3)─ b1 valid 2020..2023 only
//	t1 covers a1 (3), t2 covers b1 (2), t3 (inactive) covers a2 (4)
//
// Every relation but the RIVAL one is valid from 2024-01-01.
type graphFixture struct {
	acme, south, beta  *ent.Account
	a1, a2, a3, a4, s1 *ent.Contact
	b1, b2, b3         *ent.Contact
	t1, t2, t3         *ent.TeamMember
	names              names
}

func newGraphFixture(t *testing.T, db *store.DB) graphFixture {
	b := newBuild(t, db)
	var f graphFixture
	f.acme = b.account("Acme")
	f.south = b.account("Acme South", func(c *ent.AccountCreate) { c.SetParentID(f.acme.ID) })
	f.beta = b.account("Beta")
	f.a1 = b.contact(f.acme, "a1", role(domain.RoleDecisionMaker))
	f.a2 = b.contact(f.acme, "a2", reportsTo(f.a1))
	f.a3 = b.contact(f.acme, "a3", reportsTo(f.a2))
	f.a4 = b.contact(f.acme, "a4", func(c *ent.ContactCreate) {
		c.SetStatus(contact.StatusLEFT).SetLeftAt(day("2025-06-01"))
	})
	f.s1 = b.contact(f.south, "s1")
	f.b1 = b.contact(f.beta, "b1")
	f.b2 = b.contact(f.beta, "b2")
	f.b3 = b.contact(f.beta, "b3")
	since := day("2024-01-01")
	b.relate(f.a1, f.a4, domain.RelationAlly, 3, since, nil)
	b.relate(f.a2, f.b1, domain.RelationFormerColleague, 4, since, nil)
	b.relate(f.b1, f.b2, domain.RelationFriend, 2, since, nil)
	b.relate(f.b2, f.b3, domain.RelationAlly, 5, since, nil)
	b.relate(f.a1, f.b1, domain.RelationRival, 3, day("2020-01-01"), ptr(day("2023-01-01")))
	f.t1 = b.member("t1", true)
	f.t2 = b.member("t2", true)
	f.t3 = b.member("t3", false)
	b.cover(f.t1, f.a1, 3)
	b.cover(f.t2, f.b1, 2)
	b.cover(f.t3, f.a2, 4)
	f.names = names{}
	for name, id := range map[string]int{"Acme": f.acme.ID, "Acme South": f.south.ID, "Beta": f.beta.ID,
		"a1": f.a1.ID, "a2": f.a2.ID, "a3": f.a3.ID, "a4": f.a4.ID, "s1": f.s1.ID,
		"b1": f.b1.ID, "b2": f.b2.ID, "b3": f.b3.ID, "t1": f.t1.ID, "t2": f.t2.ID, "t3": f.t3.ID} {
		f.names.add(name, id)
	}
	return f
}

type graphPayload struct {
	StakeholderGraph struct {
		Nodes []struct {
			ID, Type, Label string
			Depth           int
			AccountID       *string
		}
		Edges []struct {
			ID, Source, Target, Type string
			Kind                     *string
			Strength                 *int
		}
		Truncated bool
	}
}

const graphQuery = `query($a: ID!, $depth: Int, $subs: Boolean, $min: Int, $kinds: [RelationKind!], $asOf: Time, $max: Int) {
	stakeholderGraph(accountId: $a, depth: $depth, includeSubsidiaries: $subs, minStrength: $min, kinds: $kinds, asOf: $asOf, maxNodes: $max) {
		nodes { id type label depth accountId title department seniority decisionRole attitude influence status teamRole }
		edges { id source target type kind strength }
		truncated } }`

// summary renders nodes as names and edges as "source TYPE target".
func (p graphPayload) summary(n names) (nodes, edges []string) {
	for _, x := range p.StakeholderGraph.Nodes {
		nodes = append(nodes, x.Label)
	}
	for _, e := range p.StakeholderGraph.Edges {
		s := n.of(e.Source) + " " + e.Type
		if e.Kind != nil {
			s += "/" + *e.Kind
		}
		edges = append(edges, s+" "+n.of(e.Target))
	}
	slices.Sort(nodes)
	slices.Sort(edges)
	return nodes, edges
}

func TestStakeholderGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newGraphFixture(t, db)
		tests := []struct {
			name      string
			vars      map[string]any
			nodes     []string
			edges     []string
			truncated bool
		}{
			{"default depth 2 reaches former colleagues and their friends", nil,
				[]string{"Acme", "Beta", "a1", "a2", "a3", "a4", "b1", "b2", "t1", "t2"},
				[]string{"a1 RELATION/ALLY a4", "a2 RELATION/FORMER_COLLEAGUE b1", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2",
					"b1 RELATION/FRIEND b2", "t1 COVERAGE a1", "t2 COVERAGE b1"}, false},
			{"depth 0 is the account's own stakeholders", map[string]any{"depth": 0},
				[]string{"Acme", "a1", "a2", "a3", "a4", "t1"},
				[]string{"a1 RELATION/ALLY a4", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2", "t1 COVERAGE a1"}, false},
			{"subsidiaries", map[string]any{"depth": 0, "subs": true},
				[]string{"Acme", "Acme South", "a1", "a2", "a3", "a4", "s1", "t1"},
				[]string{"Acme SUBSIDIARY Acme South", "a1 RELATION/ALLY a4", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2", "t1 COVERAGE a1"}, false},
			{"minStrength drops the weak friendship", map[string]any{"min": 3},
				[]string{"Acme", "Beta", "a1", "a2", "a3", "a4", "b1", "t1", "t2"},
				[]string{"a1 RELATION/ALLY a4", "a2 RELATION/FORMER_COLLEAGUE b1", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2",
					"t1 COVERAGE a1", "t2 COVERAGE b1"}, false},
			{"kinds", map[string]any{"kinds": []string{"ALLY"}},
				[]string{"Acme", "a1", "a2", "a3", "a4", "t1"},
				[]string{"a1 RELATION/ALLY a4", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2", "t1 COVERAGE a1"}, false},
			{"asOf after a4 left drops a4 and her relation", map[string]any{"depth": 0, "asOf": "2025-07-01T00:00:00Z"},
				[]string{"Acme", "a1", "a2", "a3", "t1"},
				[]string{"a2 REPORTS_TO a1", "a3 REPORTS_TO a2", "t1 COVERAGE a1"}, false},
			{"asOf 2022 sees only the old rivalry", map[string]any{"asOf": "2022-06-01T00:00:00Z"},
				[]string{"Acme", "Beta", "a1", "a2", "a3", "a4", "b1", "t1", "t2"},
				[]string{"a1 RELATION/RIVAL b1", "a2 REPORTS_TO a1", "a3 REPORTS_TO a2", "t1 COVERAGE a1", "t2 COVERAGE b1"}, false},
			{"maxNodes truncates", map[string]any{"max": 3},
				[]string{"Acme", "a1", "a2"},
				[]string{"a2 REPORTS_TO a1"}, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				vars := map[string]any{"a": idOf(f.acme.ID)}
				for k, v := range tt.vars {
					vars[k] = v
				}
				var got graphPayload
				c.MustDo(graphQuery, vars, &got)
				nodes, edges := got.summary(f.names)
				if !slices.Equal(nodes, tt.nodes) {
					t.Errorf("nodes = %q\nwant    %q", nodes, tt.nodes)
				}
				if !slices.Equal(edges, tt.edges) {
					t.Errorf("edges = %q\nwant    %q", edges, tt.edges)
				}
				if got.StakeholderGraph.Truncated != tt.truncated {
					t.Errorf("truncated = %v, want %v", got.StakeholderGraph.Truncated, tt.truncated)
				}
			})
		}
	})
}

func TestStakeholderGraphRejectsBadArguments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newGraphFixture(t, db)
		tests := []struct {
			name string
			vars map[string]any
			want string
		}{
			{"negative depth", map[string]any{"a": idOf(f.acme.ID), "depth": -1}, "BAD_USER_INPUT"},
			{"maxNodes over 10000", map[string]any{"a": idOf(f.acme.ID), "max": 10001}, "BAD_USER_INPUT"},
			{"minStrength out of range", map[string]any{"a": idOf(f.acme.ID), "min": 6}, "BAD_USER_INPUT"},
			{"a contact's ID", map[string]any{"a": idOf(f.a1.ID)}, "BAD_USER_INPUT"},
			{"unknown account", map[string]any{"a": idOf(f.beta.ID + 1000)}, "NOT_FOUND"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := errorCode(t, c, graphQuery, tt.vars); got != tt.want {
					t.Errorf("code = %q, want %q", got, tt.want)
				}
			})
		}
	})
}

// chainGraph builds an account with n contacts, each a former colleague
// of a contact at another account who has a friend there, every contact
// covered by its own team member.
func chainGraph(t *testing.T, db *store.DB, n int) *ent.Account {
	b := newBuild(t, db)
	home := b.account(fmt.Sprintf("Home %d", n))
	away := b.account(fmt.Sprintf("Away %d", n))
	var prev *ent.Contact
	for i := range n {
		opts := []func(*ent.ContactCreate){}
		if prev != nil {
			opts = append(opts, reportsTo(prev))
		}
		h := b.contact(home, fmt.Sprintf("h%d", i), opts...)
		x := b.contact(away, fmt.Sprintf("x%d", i))
		y := b.contact(away, fmt.Sprintf("y%d", i))
		b.relate(h, x, domain.RelationFormerColleague, 4, day("2024-01-01"), nil)
		b.relate(x, y, domain.RelationFriend, 3, day("2024-01-01"), nil)
		m := b.member(fmt.Sprintf("m%d-%d", n, i), true)
		b.cover(m, h, 2)
		b.cover(m, y, 1)
		prev = h
	}
	return home
}

// A stakeholderGraph request reads the change feed (one statement) and
// answers from the in-memory snapshot; the first request after a write
// also brings the feed's consumers up to date in the same read: the
// snapshot re-reads the rows the write named (7: the counts and six
// tables, contact roles among them since issue 16 point 7), and the alert
// rules and the suggestion queue read what they follow (5 between them:
// the contacts the write touched, the accounts of the relations and
// coverage it wrote, and which of its people attended a meeting).
// None of these numbers grows with the graph.
const (
	warmGraphStatements = 1
	coldGraphStatements = warmGraphStatements + 7 + 5
)

func TestStakeholderGraphStatementsDoNotGrowWithTheGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		count := func(n int) (cold, warm int64) {
			a := chainGraph(t, db, n)
			ask := func() {
				var got graphPayload
				c.MustDo(graphQuery, map[string]any{"a": idOf(a.ID), "depth": 3}, &got)
				// accounts 2 + contacts 3n + members n
				if want := 2 + 4*n; len(got.StakeholderGraph.Nodes) != want {
					t.Errorf("nodes = %d, want %d", len(got.StakeholderGraph.Nodes), want)
				}
			}
			return c.Statements(ask), c.Statements(ask)
		}
		// A first round brings every follower of the change feed past its
		// first read (the suggestion queue's marks every account once).
		count(1)
		sc, sw := count(2)
		lc, lw := count(25)
		t.Logf("statements: %d then %d for 2 chains, %d then %d for 25 chains", sc, sw, lc, lw)
		checkGraphStatements(t, sc, sw, lc, lw)
	})
}

// checkGraphStatements checks a walk's statement counts for a small and a
// large graph, each asked right after a write (the epoch and the snapshot
// load) and again (the epoch alone): the same whatever the graph's size.
func checkGraphStatements(t *testing.T, smallCold, smallWarm, largeCold, largeWarm int64) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"2 chains after a write", smallCold, coldGraphStatements}, {"2 chains", smallWarm, warmGraphStatements},
		{"25 chains after a write", largeCold, coldGraphStatements}, {"25 chains", largeWarm, warmGraphStatements},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d statements, want %d", c.name, c.got, c.want)
		}
	}
}
