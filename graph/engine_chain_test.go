package graph_test

import (
	"fmt"
	"math"
	"testing"

	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const chainQuery = `query($o: ID!) { node(id: $o) { ... on Opportunity { decisionChain {
	coverageRatio weightedCoverageRatio
	links { position role stance weight covered contact { name } strongestCoverage { strength teamMember { name } coverage { id } } } } } } }`

type chainPayload struct {
	Node struct {
		DecisionChain struct {
			CoverageRatio, WeightedCoverageRatio float64
			Links                                []struct {
				Position          int
				Role, Stance      string
				Weight            float64
				Covered           bool
				Contact           struct{ Name string }
				StrongestCoverage *struct {
					Strength   int
					TeamMember struct{ Name string }
				}
			}
		}
	}
}

func TestDecisionChainCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newGraphFixture(t, db)
		b := newBuild(t, db)
		// a1 is covered by t1 at 3; a2 by t2 at 1 only (t3, at 4, is
		// inactive); a3 by nobody. Links are written out of order.
		b.cover(f.t2, f.a2, 1)
		opp := b.opportunity(f.acme, "Core 2027")
		b.link(opp, f.a3, decisionchainlink.RoleDECISION_MAKER, 3, 0.5)
		b.link(opp, f.a1, decisionchainlink.RoleINITIATOR, 1, 0.2)
		b.link(opp, f.a2, decisionchainlink.RoleTECHNICAL_EVALUATOR, 2, 0.3)

		var got chainPayload
		c.MustDo(chainQuery, map[string]any{"o": idOf(opp.ID)}, &got)
		dc := got.Node.DecisionChain
		want := []struct {
			name, member string
			strength     int
			covered      bool
		}{{"a1", "t1", 3, true}, {"a2", "t2", 1, false}, {"a3", "", 0, false}}
		if len(dc.Links) != len(want) {
			t.Fatalf("links = %s", dump(dc.Links))
		}
		for i, w := range want {
			l := dc.Links[i]
			if l.Position != i+1 || l.Contact.Name != w.name || l.Covered != w.covered {
				t.Errorf("link %d = %s, want %s covered=%v", i, dump(l), w.name, w.covered)
			}
			switch {
			case w.member == "" && l.StrongestCoverage != nil:
				t.Errorf("link %d strongestCoverage = %s, want null", i, dump(l.StrongestCoverage))
			case w.member != "" && (l.StrongestCoverage == nil || l.StrongestCoverage.TeamMember.Name != w.member || l.StrongestCoverage.Strength != w.strength):
				t.Errorf("link %d strongestCoverage = %s, want %s at %d", i, dump(l.StrongestCoverage), w.member, w.strength)
			}
		}
		if math.Abs(dc.CoverageRatio-1.0/3) > 1e-9 || math.Abs(dc.WeightedCoverageRatio-0.2) > 1e-9 {
			t.Errorf("ratios = %v, %v; want 1/3 and 0.2", dc.CoverageRatio, dc.WeightedCoverageRatio)
		}

		empty := b.opportunity(f.acme, "No chain yet")
		c.MustDo(chainQuery, map[string]any{"o": idOf(empty.ID)}, &got)
		if got.Node.DecisionChain.CoverageRatio != 0 || len(got.Node.DecisionChain.Links) != 0 {
			t.Errorf("empty chain = %s", dump(got.Node.DecisionChain))
		}
	})
}

func TestDecisionChainsOfManyOpportunitiesAreBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		seed := func(n int) *ent.Account {
			a := b.account(fmt.Sprintf("Acc %d", n))
			m := b.member(fmt.Sprintf("m%d", n), true)
			for i := range n {
				ct := b.contact(a, fmt.Sprintf("c%d", i))
				b.cover(m, ct, 2)
				o := b.opportunity(a, fmt.Sprintf("o%d", i))
				b.link(o, ct, decisionchainlink.RoleDECISION_MAKER, 1, 1)
			}
			return a
		}
		small, large := seed(2), seed(12)
		count := func(a *ent.Account) int64 {
			return c.Statements(func() {
				c.MustDo(`query($a: ID!) { node(id: $a) { ... on Account { opportunities(first: 50) { edges { node {
					decisionChain { coverageRatio links { covered contact { name } strongestCoverage { teamMember { name } } } } } } } } } }`,
					map[string]any{"a": idOf(a.ID)}, nil)
			})
		}
		s, l := count(small), count(large)
		t.Logf("statements: %d for 2 opportunities, %d for 12", s, l)
		if s != l {
			t.Errorf("statements grew with the opportunities: %d for 2, %d for 12", s, l)
		}
	})
}

// TestDecisionChainAnswersEverySelection: a chain's contacts, coverage and
// team members are read with the columns the selection asks for; two
// aliases asking for different fields, the link's own contact, the
// coverage's team member and a field with its own resolver each get their
// values (one alias's chain never answers for another's).
func TestDecisionChainAnswersEverySelection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("Acme")
		m := b.member("Mei", true)
		ct := b.contact(a, "Li", func(cc *ent.ContactCreate) { cc.SetTitle("CIO").SetEmail("li@acme.example") })
		b.cover(m, ct, 3, func(cc *ent.CoverageCreate) { cc.SetPrimaryOwner(true) })
		o := b.opportunity(a, "Core")
		b.link(o, ct, decisionchainlink.RoleDECISION_MAKER, 1, 1)

		var got struct {
			Node struct {
				Names, Titles struct {
					Links []struct {
						Contact struct {
							Name, Title string
							Account     *struct{ Name string }
							LastMetAt   *string
						}
						Link struct {
							Contact struct{ Email string }
						}
						StrongestCoverage struct {
							TeamMember struct{ Name string }
							Coverage   struct {
								PrimaryOwner bool
								TeamMember   struct{ Email string }
							}
						}
					}
				}
			}
		}
		c.MustDo(`query($o: ID!) { node(id: $o) { ... on Opportunity {
			names: decisionChain { links { contact { name account { name } } strongestCoverage { teamMember { name } } } }
			titles: decisionChain { links { contact { title lastMetAt } link { contact { email } }
				strongestCoverage { coverage { primaryOwner teamMember { email } } } } } } } }`,
			map[string]any{"o": idOf(o.ID)}, &got)
		n, ti := got.Node.Names.Links, got.Node.Titles.Links
		if len(n) != 1 || len(ti) != 1 {
			t.Fatalf("links = %s", dump(got))
		}
		if n[0].Contact.Name != "Li" || n[0].Contact.Account == nil || n[0].Contact.Account.Name != "Acme" || n[0].StrongestCoverage.TeamMember.Name != "Mei" {
			t.Errorf("names alias = %s", dump(n[0]))
		}
		if ti[0].Contact.Title != "CIO" || ti[0].Link.Contact.Email != "li@acme.example" ||
			!ti[0].StrongestCoverage.Coverage.PrimaryOwner || ti[0].StrongestCoverage.Coverage.TeamMember.Email == "" {
			t.Errorf("titles alias = %s", dump(ti[0]))
		}
	})
}

// TestNodeReadsAnOpportunityWithItsChainInOneStatement: node(id) of an
// opportunity asked only for its decision chain reads both in one
// statement, answers what the two reads answer, and answers an opportunity
// the viewer may not read exactly as one that does not exist.
func TestNodeReadsAnOpportunityWithItsChainInOneStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newRoleFixture(t, db)
		b := newBuild(t, db)
		m := b.member("Mei", true)
		b.cover(m, f.pat, 3)
		b.link(f.deal, f.pat, decisionchainlink.RoleDECISION_MAKER, 1, 1)
		empty := b.opportunity(f.south, "No chain yet")
		const chainOnly = `query($o: ID!) { node(id: $o) { __typename id ... on Opportunity { decisionChain {
			coverageRatio links { position covered contact { name } strongestCoverage { strength teamMember { name } } } } } } }`
		// The same with a field of the opportunity's own row: two reads.
		const withName = `query($o: ID!) { node(id: $o) { __typename id ... on Opportunity { name decisionChain {
			coverageRatio links { position covered contact { name } strongestCoverage { strength teamMember { name } } } } } } }`
		for _, o := range []*ent.Opportunity{f.deal, empty} {
			vars := map[string]any{"o": idOf(o.ID)}
			var one, two struct {
				Node map[string]any
			}
			if n := f.admin.Statements(func() { f.admin.MustDo(chainOnly, vars, &one) }); n != 1 {
				t.Errorf("%s: node with its chain took %d statements, want 1", o.Name, n)
			}
			if n := f.admin.Statements(func() { f.admin.MustDo(withName, vars, &two) }); n != 2 {
				t.Errorf("%s: node with its name and chain took %d statements, want 2", o.Name, n)
			}
			if two.Node["name"] != o.Name {
				t.Errorf("%s: name %v", o.Name, two.Node["name"])
			}
			delete(two.Node, "name")
			if dump(one) != dump(two) {
				t.Errorf("%s: read together %s\nread apart %s", o.Name, dump(one), dump(two))
			}
		}
		var got chainPayload
		f.ed.MustDo(chainOnly, map[string]any{"o": idOf(f.deal.ID)}, &got)
		if l := got.Node.DecisionChain.Links; len(l) != 1 || l[0].Contact.Name != "Pat" || l[0].StrongestCoverage == nil || l[0].StrongestCoverage.Strength != 3 {
			t.Errorf("South deal's chain for Ed: %s", dump(got))
		}
		// Ola works on Other only: South's deal answers as a missing one.
		missing := map[string]any{"o": idOf(empty.ID + 1000)}
		for _, q := range []string{chainOnly, withName} {
			if got, want := f.ola.Do(q, map[string]any{"o": idOf(f.deal.ID)}), f.ola.Do(q, missing); string(got.Data) != string(want.Data) ||
				dump(codeField(got)) != dump(codeField(want)) || len(got.Errors) != len(want.Errors) {
				t.Errorf("Ola reads South's deal: %s %+v; a missing deal: %s %+v", got.Data, got.Errors, want.Data, want.Errors)
			}
		}
	})
}
