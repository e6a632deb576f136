package graph_test

import (
	"math"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const pathsQuery = `query($to: ID!, $from: [ID!], $hops: Int, $first: Int) {
	introductionPaths(to: $to, from: $from, maxHops: $hops, first: $first) {
		strength hops description nodes { id type label } edges { id type source target } } }`

type pathsPayload struct {
	IntroductionPaths []struct {
		Strength    float64
		Hops        int
		Description string
		Nodes       []struct{ ID, Type, Label string }
		Edges       []struct{ ID, Type, Source, Target string }
	}
}

func (p pathsPayload) summary() (routes []string, strengths []float64) {
	for _, x := range p.IntroductionPaths {
		var labels []string
		for _, n := range x.Nodes {
			labels = append(labels, n.Label)
		}
		routes = append(routes, strings.Join(labels, ">"))
		strengths = append(strengths, x.Strength)
	}
	return routes, strengths
}

// On top of the graph fixture: t4 covers b3 at 2, t6 covers b2 at 2, and
// t7 covers a4 (who left) at 4. Edge strengths: coverage s/4, relation
// s/5, reports-to 0.8. To b2:
//
//	t6>b2              0.5                 1 hop
//	t4>b3>b2           0.5 * 5/5 = 0.5     2 hops (ties t6, more hops)
//	t2>b1>b2           0.5 * 2/5 = 0.2     2 hops
//	t1>a1>a2>b1>b2     0.75*0.8*0.8*0.4 = 0.192, 4 hops
//
// To a1: t1>a1 0.75; t2>b1>a2>a1 0.5*0.8*0.8 = 0.32; t6>b2>b1>a2>a1
// 0.5*0.4*0.8*0.8 = 0.128; never through a4, who left (t7), nor t3
// (inactive).
func TestIntroductionPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newGraphFixture(t, db)
		b := newBuild(t, db)
		t4, t6, t7 := b.member("t4", true), b.member("t6", true), b.member("t7", true)
		b.cover(t4, f.b3, 2)
		b.cover(t6, f.b2, 2)
		b.cover(t7, f.a4, 4)
		tests := []struct {
			name      string
			vars      map[string]any
			routes    []string
			strengths []float64
		}{
			{"ranked by strength, ties by hops", map[string]any{"to": idOf(f.b2.ID), "first": 5},
				[]string{"t6>b2", "t4>b3>b2", "t2>b1>b2", "t1>a1>a2>b1>b2"}, []float64{0.5, 0.5, 0.2, 0.192}},
			{"first", map[string]any{"to": idOf(f.b2.ID), "first": 2},
				[]string{"t6>b2", "t4>b3>b2"}, []float64{0.5, 0.5}},
			{"maxHops", map[string]any{"to": idOf(f.b2.ID), "hops": 3, "first": 5},
				[]string{"t6>b2", "t4>b3>b2", "t2>b1>b2"}, []float64{0.5, 0.5, 0.2}},
			{"from one member, across accounts", map[string]any{"to": idOf(f.b2.ID), "from": []string{idOf(f.t1.ID)}},
				[]string{"t1>a1>a2>b1>b2"}, []float64{0.192}},
			{"reports-to both ways, never through people who left", map[string]any{"to": idOf(f.a1.ID), "first": 10},
				[]string{"t1>a1", "t2>b1>a2>a1", "t6>b2>b1>a2>a1"}, []float64{0.75, 0.32, 0.128}},
			{"a contact who left cannot be reached", map[string]any{"to": idOf(f.a4.ID)}, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got pathsPayload
				c.MustDo(pathsQuery, tt.vars, &got)
				routes, strengths := got.summary()
				if strings.Join(routes, " | ") != strings.Join(tt.routes, " | ") {
					t.Fatalf("paths = %q, want %q", routes, tt.routes)
				}
				for i, s := range strengths {
					if math.Abs(s-tt.strengths[i]) > 1e-9 {
						t.Errorf("path %d strength = %v, want %v", i, s, tt.strengths[i])
					}
					p := got.IntroductionPaths[i]
					if p.Hops != len(p.Edges) || len(p.Nodes) != p.Hops+1 || p.Nodes[0].Type != "TEAM_MEMBER" {
						t.Errorf("path %d shape = %s", i, dump(p))
					}
				}
			})
		}
		var one pathsPayload
		c.MustDo(pathsQuery, map[string]any{"to": idOf(f.b2.ID), "from": []string{idOf(f.t2.ID)}}, &one)
		if d := one.IntroductionPaths[0].Description; d != "t2 —coverage 2/4→ b1 —FRIEND 2/5→ b2" {
			t.Errorf("description = %q", d)
		}

		bad := []struct {
			name string
			vars map[string]any
			want string
		}{
			{"to an account", map[string]any{"to": idOf(f.acme.ID)}, "BAD_USER_INPUT"},
			{"from a contact", map[string]any{"to": idOf(f.b2.ID), "from": []string{idOf(f.a1.ID)}}, "BAD_USER_INPUT"},
			{"maxHops 0", map[string]any{"to": idOf(f.b2.ID), "hops": 0}, "BAD_USER_INPUT"},
			{"maxHops 7", map[string]any{"to": idOf(f.b2.ID), "hops": 7}, "BAD_USER_INPUT"},
			{"first 0", map[string]any{"to": idOf(f.b2.ID), "first": 0}, "BAD_USER_INPUT"},
			{"unknown contact", map[string]any{"to": idOf(f.b3.ID + 1000)}, "NOT_FOUND"},
			{"unknown team member", map[string]any{"to": idOf(f.b2.ID), "from": []string{idOf(t7.ID + 1000)}}, "NOT_FOUND"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				if got := errorCode(t, c, pathsQuery, tt.vars); got != tt.want {
					t.Errorf("code = %q, want %q", got, tt.want)
				}
			})
		}
	})
}

func TestIntroductionPathStatementsDoNotGrowWithTheGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		count := func(n int) (cold, warm int64) {
			home := chainGraph(t, db, n)
			target := must[int](t)(db.Client.Account.QueryContacts(home).FirstID(t.Context()))
			ask := func() {
				var got pathsPayload
				c.MustDo(pathsQuery, map[string]any{"to": idOf(target), "first": 3}, &got)
				if len(got.IntroductionPaths) == 0 {
					t.Errorf("no path in a graph of %d chains", n)
				}
			}
			return c.Statements(ask), c.Statements(ask)
		}
		// A first round brings every follower of the change feed past its
		// first read (the suggestion queue's marks every account once).
		count(1)
		sc, sw := count(2)
		lc, lw := count(25)
		t.Logf("statements: %d then %d for 2 chains, %d then %d for 25", sc, sw, lc, lw)
		// The same numbers as stakeholderGraph's: the epoch, and the
		// snapshot load after a write.
		checkGraphStatements(t, sc, sw, lc, lw)
	})
}
