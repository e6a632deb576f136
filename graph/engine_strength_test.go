package graph_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const strengthQuery = `query($m: ID!) { node(id: $m) { ... on TeamMember { coverages(first: 50) { edges { node {
	contact { name } strength computedStrength } } } } } }`

type strengthPayload struct {
	Node struct {
		Coverages struct {
			Edges []struct {
				Node struct {
					Contact          struct{ Name string }
					ComputedStrength float64
				}
			}
		}
	}
}

func TestCoverageComputedStrength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		now := time.Now()
		a := b.account("A")
		m, other := b.member("m", true), b.member("other", true)
		k1, k2, k3 := b.contact(a, "k1"), b.contact(a, "k2"), b.contact(a, "k3")
		b.cover(m, k1, 1)
		b.cover(m, k2, 3)
		b.cover(m, k3, 2)
		// k1: a dinner today and an email 90 days ago: S = 3 + 0.5/2.
		b.interaction(a, interaction.KindDINNER_EVENT, now, 0, []*ent.TeamMember{m}, k1)
		b.interaction(a, interaction.KindEMAIL, now.AddDate(0, 0, -90), 0, []*ent.TeamMember{m}, k1)
		// k2: only a call m was not part of.
		b.interaction(a, interaction.KindCALL, now, 0, []*ent.TeamMember{other}, k2)
		// k3: a call with k1 and k3 together counts for both pairs.
		b.interaction(a, interaction.KindCALL, now, 0, []*ent.TeamMember{m}, k1, k3)
		want := map[string]float64{
			"k1": 4 * (1 - math.Exp(-(3+0.25+1)/4)),
			"k2": 0,
			"k3": 4 * (1 - math.Exp(-1.0/4)),
		}
		var got strengthPayload
		c.MustDo(strengthQuery, map[string]any{"m": idOf(m.ID)}, &got)
		for _, e := range got.Node.Coverages.Edges {
			if w := want[e.Node.Contact.Name]; math.Abs(e.Node.ComputedStrength-w) > 1e-3 {
				t.Errorf("%s: computedStrength = %v, want %v", e.Node.Contact.Name, e.Node.ComputedStrength, w)
			}
		}
		if len(got.Node.Coverages.Edges) != 3 {
			t.Errorf("coverages = %d, want 3", len(got.Node.Coverages.Edges))
		}

		count := func(n int) int64 {
			tm := b.member(fmt.Sprintf("batch%d", n), true)
			for i := range n {
				ct := b.contact(a, fmt.Sprintf("b%d-%d", n, i))
				b.cover(tm, ct, 1)
				b.interaction(a, interaction.KindCALL, now, 0, []*ent.TeamMember{tm}, ct)
			}
			return c.Statements(func() { c.MustDo(strengthQuery, map[string]any{"m": idOf(tm.ID)}, nil) })
		}
		s, l := count(2), count(20)
		t.Logf("statements: %d for 2 coverages, %d for 20", s, l)
		if s != l {
			t.Errorf("statements grew with the coverages: %d for 2, %d for 20", s, l)
		}
	})
}
