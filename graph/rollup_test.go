package graph_test

import (
	"sort"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type groupAnswer struct {
	Node struct {
		Group *struct {
			Health  int
			Layers  struct{ Broad struct{ Working, Active int } }
			Members []struct {
				Account                                                  struct{ Name string }
				Depth, Pairings, KeyContacts, KeyCovered, SingleThreaded int
				Layers                                                   struct{ Broad struct{ Working, Active int } }
			}
			Gaps []struct {
				Kind        string
				Account     struct{ Name string }
				Explanation string
			}
		}
	}
}

const groupQuery = `query($id: ID!) { node(id: $id) { ... on Account { group {
	health layers { broad { working active } }
	members { account { name } depth pairings keyContacts keyCovered singleThreaded layers { broad { working active } } }
	gaps { kind account { name } explanation } } } } }`

// TestGroupViewRollsUpSubsidiaries builds a group with two provinces: one
// whose key contacts are each known by one person of ours and that has no
// executive pairing, one whose decision maker two of us know and that has
// a pairing; and a city below the first province whose key contact nobody
// covers. The group view must list the four members, add their layers up
// and name exactly the gaps only the group shows.
func TestGroupViewRollsUpSubsidiaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		group := b.account("Group HQ", func(q *ent.AccountCreate) { q.SetTier(domain.TierStrategic).SetAnnualRevenue(100) })
		north := b.account("North Province", func(q *ent.AccountCreate) { q.SetParentID(group.ID).SetAnnualRevenue(300) })
		south := b.account("South Province", func(q *ent.AccountCreate) { q.SetParentID(group.ID) })
		city := b.account("North City", func(q *ent.AccountCreate) { q.SetParentID(north.ID) })
		ann, bob := b.member("ann", true), b.member("bob", true)

		ceo := b.contact(group, "CEO", role(domain.RoleDecisionMaker))
		b.cover(ann, ceo, 3)
		b.cover(bob, ceo, 2)
		must[*ent.ExecutivePairing](t)(db.Client.ExecutivePairing.Create().SetAccountID(group.ID).SetTeamMemberID(ann.ID).SetContactID(ceo.ID).Save(b.ctx))
		nDM := b.contact(north, "North DM", role(domain.RoleDecisionMaker))
		nEB := b.contact(north, "North EB", role(domain.RoleEconomicBuyer))
		b.cover(ann, nDM, 3)
		b.cover(bob, nEB, 2)
		b.contact(north, "North engineer", role(domain.RoleTechnicalEvaluator))
		sDM := b.contact(south, "South DM", role(domain.RoleDecisionMaker))
		b.cover(ann, sDM, 2)
		b.cover(bob, sDM, 2)
		must[*ent.ExecutivePairing](t)(db.Client.ExecutivePairing.Create().SetAccountID(south.ID).SetTeamMemberID(bob.ID).SetContactID(sDM.ID).Save(b.ctx))
		b.contact(city, "City DM", role(domain.RoleDecisionMaker))

		var got groupAnswer
		c.MustDo(groupQuery, map[string]any{"id": gid.Encode(group.ID)}, &got)
		g := got.Node.Group
		if g == nil {
			t.Fatal("a group with subsidiaries has no group view")
		}
		type row struct {
			name                                   string
			depth, pairings, keys, covered, single int
		}
		var rows []row
		for _, m := range g.Members {
			rows = append(rows, row{m.Account.Name, m.Depth, m.Pairings, m.KeyContacts, m.KeyCovered, m.SingleThreaded})
		}
		want := []row{
			{"Group HQ", 0, 1, 1, 1, 0},
			{"North Province", 1, 0, 2, 2, 2},
			{"South Province", 1, 1, 1, 1, 0},
			{"North City", 2, 0, 1, 0, 0},
		}
		if len(rows) != len(want) {
			t.Fatalf("members = %+v, want %+v", rows, want)
		}
		for i := range want {
			if rows[i] != want[i] {
				t.Errorf("member %d = %+v, want %+v", i, rows[i], want[i])
			}
		}
		// The group's broad layer counts every member's stakeholders.
		active, working := 0, 0
		for _, m := range g.Members {
			active += m.Layers.Broad.Active
			working += m.Layers.Broad.Working
		}
		if g.Layers.Broad.Active != 6 || active != 6 || g.Layers.Broad.Working != working {
			t.Errorf("group broad layer = %+v, members' sum active %d working %d; want 6 active", g.Layers.Broad, active, working)
		}
		var gaps []string
		for _, x := range g.Gaps {
			gaps = append(gaps, x.Account.Name+" "+x.Kind)
			if x.Explanation == "" {
				t.Errorf("gap %s of %s explains nothing", x.Kind, x.Account.Name)
			}
		}
		sort.Strings(gaps)
		wantGaps := []string{
			"North City KEY_CONTACTS_UNCOVERED",
			"North City NO_EXECUTIVE_PAIRING",
			"North Province KEY_CONTACTS_SINGLE_THREADED",
			"North Province NO_EXECUTIVE_PAIRING",
		}
		if len(gaps) != len(wantGaps) {
			t.Fatalf("gaps = %v, want %v", gaps, wantGaps)
		}
		for i := range wantGaps {
			if gaps[i] != wantGaps[i] {
				t.Errorf("gaps = %v, want %v", gaps, wantGaps)
				break
			}
		}
		// Health: weighted by revenue (100 and 300; the others record none).
		var hs struct {
			G, N struct{ Health struct{ Score int } }
		}
		c.MustDo(`query($g: ID!, $n: ID!) { g: node(id: $g) { ... on Account { health { score } } } n: node(id: $n) { ... on Account { health { score } } } }`,
			map[string]any{"g": gid.Encode(group.ID), "n": gid.Encode(north.ID)}, &hs)
		if w := (100*hs.G.Health.Score + 300*hs.N.Health.Score + 200) / 400; g.Health != w {
			t.Errorf("group health = %d, want the revenue-weighted %d (group %d, north %d)", g.Health, w, hs.G.Health.Score, hs.N.Health.Score)
		}

		// A province alone is a group of one level; a city with no subsidiary has none.
		c.MustDo(groupQuery, map[string]any{"id": gid.Encode(north.ID)}, &got)
		if got.Node.Group == nil || len(got.Node.Group.Members) != 2 {
			t.Errorf("north's group view = %+v, want north and its city", got.Node.Group)
		}
		c.MustDo(groupQuery, map[string]any{"id": gid.Encode(city.ID)}, &got)
		if got.Node.Group != nil {
			t.Errorf("a city with no subsidiary has a group view: %+v", got.Node.Group)
		}
	})
}

// TestGroupViewsOfAListAreOneRead: the group views of a page of accounts
// take no more statements for 20 groups than for 2 (health included:
// reading it per group took 61 statements for 2 and 380 for 20).
func TestGroupViewsOfAListAreOneRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		m := b.member("m", true)
		counts := map[int]int64{}
		made := 0
		for _, n := range []int{2, 20} {
			for ; made < n; made++ {
				g := b.account("G"+string(rune('A'+made)), func(q *ent.AccountCreate) { q.SetTier(domain.TierStrategic) })
				s := b.account("S"+string(rune('A'+made)), func(q *ent.AccountCreate) { q.SetParentID(g.ID) })
				dm := b.contact(s, "dm", role(domain.RoleDecisionMaker))
				b.cover(m, dm, 2)
				// The subsidiary's decision maker is the group's economic
				// buyer by a role there (issue 16 point 7).
				must[*ent.ContactRole](t)(b.c.ContactRole.Create().SetContactID(dm.ID).SetAccountID(g.ID).
					SetDecisionRole(domain.RoleEconomicBuyer).Save(b.ctx))
			}
			var out struct {
				Accounts struct {
					Edges []struct {
						Node struct {
							Group *struct {
								Health  int
								Members []struct{ KeyCovered int }
							}
						}
					}
				}
			}
			counts[n] = c.Statements(func() {
				c.MustDo(`{ accounts(first: 100, where: {tier: STRATEGIC}) { edges { node { group { health members { keyCovered } } } } } }`, nil, &out)
			})
			groups := 0
			for _, e := range out.Accounts.Edges {
				if e.Node.Group != nil {
					groups++
					if ms := e.Node.Group.Members; len(ms) != 2 || ms[0].KeyCovered != 1 || ms[1].KeyCovered != 1 {
						t.Errorf("group members = %+v", e.Node.Group.Members)
					}
				}
			}
			if groups != n {
				t.Fatalf("%d group views, want %d", groups, n)
			}
		}
		t.Logf("statements: 2 groups %d, 20 groups %d", counts[2], counts[20])
		// The portfolio the health comes from refreshes the accounts added
		// since the first read, so the second read may take fewer.
		if counts[20] > counts[2] {
			t.Errorf("statements grew with the groups: %d for 2, %d for 20", counts[2], counts[20])
		}
	})
}
