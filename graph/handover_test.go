package graph_test

import (
	"fmt"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type handoverAnswer struct {
	HandoverImpact struct {
		Covered  int
		Contacts []struct {
			Contact  struct{ Name string }
			Strength int
			Risk     string
			Others   []struct {
				TeamMember struct{ Name string }
				Strength   int
			}
			AccountTeam []struct {
				TeamMember struct{ Name string }
				Contacts   int
			}
		}
		Opportunities []struct{ Name string }
		Plans         []struct{ FiscalYear int }
	}
}

const handoverQuery = `query($m: ID!) { handoverImpact(teamMemberId: $m) { covered
	contacts { contact { name } strength risk others { teamMember { name } strength } accountTeam { teamMember { name } contacts } }
	opportunities { name } plans { fiscalYear } } }`

// TestHandoverImpact: Lee covers five people of Acme. Without him, Uma
// is uncovered, Wes is known only weakly (by Ann at 1), Sid by Ann alone;
// Dee stays covered twice and is not at risk; Leo has left. The open deal
// whose chain names Uma is affected, the won one is not; the plan naming
// Sid in an objective is. The account team is suggested by how many Acme
// people each covers, leaving out who covers the contact already.
func TestHandoverImpact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		acme := b.account("Acme", func(q *ent.AccountCreate) { q.SetTier(domain.TierStrategic) })
		lee, ann, bob, cat := b.member("lee", true), b.member("ann", true), b.member("bob", true), b.member("cat", false)
		uma := b.contact(acme, "Uma", role(domain.RoleDecisionMaker))
		wes := b.contact(acme, "Wes")
		sid := b.contact(acme, "Sid")
		dee := b.contact(acme, "Dee")
		leo := b.contact(acme, "Leo", func(q *ent.ContactCreate) { q.SetStatus("LEFT") })
		for _, p := range []*ent.Contact{uma, wes, sid, dee, leo} {
			b.cover(lee, p, 3)
		}
		b.cover(cat, uma, 4) // inactive: does not count
		b.cover(ann, wes, 1)
		b.cover(ann, sid, 3)
		b.cover(ann, dee, 2)
		b.cover(bob, dee, 2)
		b.cover(bob, b.contact(acme, "Pat"), 2)
		open := b.opportunity(acme, "Open deal")
		won := b.opportunity(acme, "Won deal", func(q *ent.OpportunityCreate) { q.SetStage("WON") })
		for _, o := range []*ent.Opportunity{open, won} {
			b.link(o, uma, decisionchainlink.RoleDECISION_MAKER, 1, 1)
		}
		plan := must[*ent.AccountPlan](t)(db.Client.AccountPlan.Create().SetAccountID(acme.ID).SetFiscalYear(time.Now().Year()).Save(b.ctx))
		must[*ent.Objective](t)(db.Client.Objective.Create().SetPlanID(plan.ID).SetTitle("Win Sid").SetMetric("STRENGTH").SetTarget(3).SetContactID(sid.ID).Save(b.ctx))

		var got handoverAnswer
		c.MustDo(handoverQuery, map[string]any{"m": gid.Encode(lee.ID)}, &got)
		h := got.HandoverImpact
		if h.Covered != 4 {
			t.Errorf("covered = %d, want 4 active contacts", h.Covered)
		}
		type row struct {
			name, risk string
			others     int
		}
		var rows []row
		for _, x := range h.Contacts {
			rows = append(rows, row{x.Contact.Name, x.Risk, len(x.Others)})
			if x.Strength != 3 {
				t.Errorf("%s: Lee's strength %d, want 3", x.Contact.Name, x.Strength)
			}
			// Ann covers three Acme people, Bob two: Ann first where she
			// does not know the contact yet (Uma), else Bob.
			first, n := "bob", 2
			if x.Contact.Name == "Uma" {
				first, n = "ann", 3
			}
			if len(x.AccountTeam) == 0 || x.AccountTeam[0].TeamMember.Name != first || x.AccountTeam[0].Contacts != n {
				t.Errorf("%s: account team %+v, want %s (%d contacts) first", x.Contact.Name, x.AccountTeam, first, n)
			}
		}
		want := []row{{"Uma", "UNCOVERED", 0}, {"Wes", "WEAK", 1}, {"Sid", "SINGLE_THREADED", 1}}
		if len(rows) != len(want) {
			t.Fatalf("contacts at risk = %+v, want %+v", rows, want)
		}
		for i := range want {
			if rows[i] != want[i] {
				t.Errorf("contact %d = %+v, want %+v", i, rows[i], want[i])
			}
		}
		if len(h.Opportunities) != 1 || h.Opportunities[0].Name != "Open deal" {
			t.Errorf("opportunities = %+v, want the open deal only", h.Opportunities)
		}
		if len(h.Plans) != 1 {
			t.Errorf("plans = %+v, want the plan naming Sid", h.Plans)
		}
		// An unknown member is NOT_FOUND, as any missing row.
		if code := errorCode(t, c, handoverQuery, map[string]any{"m": gid.Encode(999999)}); code != "NOT_FOUND" {
			t.Errorf("unknown member: %s, want NOT_FOUND", code)
		}
	})
}

// TestHandoverImpactStatementsDoNotGrow: the impact of a member covering
// 5 people and of one covering 50 take the same statements.
func TestHandoverImpactStatementsDoNotGrow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		counts := map[int]int64{}
		for _, n := range []int{5, 50} {
			lee := b.member(fmt.Sprintf("lee%d", n), true)
			var prev *ent.Account
			for i := range n {
				acc := b.account(fmt.Sprintf("A%d-%d", n, i))
				p := b.contact(acc, fmt.Sprintf("P%d-%d", n, i))
				b.cover(lee, p, 2)
				o := b.opportunity(acc, fmt.Sprintf("deal %d-%d", n, i))
				b.link(o, p, decisionchainlink.RoleDECISION_MAKER, 1, 1)
				// Each person also holds a role at the account before
				// (issue 16 point 7): more accounts' teams to read.
				if prev != nil {
					must[*ent.ContactRole](t)(b.c.ContactRole.Create().SetContactID(p.ID).SetAccountID(prev.ID).Save(b.ctx))
				}
				prev = acc
			}
			var got handoverAnswer
			counts[n] = c.Statements(func() { c.MustDo(handoverQuery, map[string]any{"m": gid.Encode(lee.ID)}, &got) })
			if len(got.HandoverImpact.Contacts) != n || len(got.HandoverImpact.Opportunities) != n {
				t.Fatalf("%d contacts and %d deals at risk, want %d each", len(got.HandoverImpact.Contacts), len(got.HandoverImpact.Opportunities), n)
			}
		}
		t.Logf("statements: 5 contacts %d, 50 contacts %d", counts[5], counts[50])
		if counts[5] != counts[50] {
			t.Errorf("statements grew with the contacts: %d for 5, %d for 50", counts[5], counts[50])
		}
	})
}
