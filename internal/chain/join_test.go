package chain

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestLoadReadsWhatTheQueriesRead: the one-statement join gives, for the
// server and for an editor who sees one of two accounts, the opportunities,
// links, contacts (with their reportsTo redacted), strongest coverage and
// team members that ent's queries under the interceptor give.
func TestLoadReadsWhatTheQueriesRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		a := c.Account.Create().SetName("A").SaveX(ctx)
		b := c.Account.Create().SetName("B").SaveX(ctx)
		ed := c.TeamMember.Create().SetName("Ed").SetEmail("ed@us.example").AddAccountIDs(a.ID).SaveX(ctx)
		gone := c.TeamMember.Create().SetName("Gone").SetEmail("gone@us.example").SetActive(false).SaveX(ctx)
		boss := c.Contact.Create().SetAccountID(b.ID).SetName("Boss of B").SaveX(ctx)
		x := c.Contact.Create().SetAccountID(a.ID).SetName("X").SetReportsTo(boss).SaveX(ctx)
		y := c.Contact.Create().SetAccountID(a.ID).SetName("Y").SaveX(ctx)
		c.Coverage.Create().SetTeamMember(ed).SetContact(x).SetStrength(2).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(gone).SetContact(x).SetStrength(4).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(gone).SetContact(y).SetStrength(4).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(ed).SetContact(boss).SetStrength(3).ExecX(ctx)
		deal := c.Opportunity.Create().SetAccountID(a.ID).SetName("Deal").SaveX(ctx)
		other := c.Opportunity.Create().SetAccountID(b.ID).SetName("Other").SaveX(ctx)
		for i, ct := range []*ent.Contact{y, boss, x} {
			c.DecisionChainLink.Create().SetOpportunity(deal).SetContact(ct).SetPosition(i%2 + 1).
				SetRole(decisionchainlink.RoleDECISION_MAKER).ExecX(ctx)
		}
		c.DecisionChainLink.Create().SetOpportunity(other).SetContact(boss).SetPosition(1).
			SetRole(decisionchainlink.RoleAPPROVER).ExecX(ctx)

		editor := auth.WithViewer(context.Background(), &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "ed", Role: auth.RoleEditor, TeamMemberID: &ed.ID})
		for _, viewer := range []struct {
			name  string
			ctx   context.Context
			links int // of both opportunities, to show the fixture narrows
			// The opportunities that have a chain: B's is missing for the
			// editor, as a missing row is.
			opportunities int
		}{{"server", ctx, 4, 2}, {"editor of A", editor, 2, 1}} {
			ids := []int{deal.ID, other.ID}
			got, err := Load(viewer.ctx, c, ids, Columns{})
			if err != nil {
				t.Fatalf("%s: %v", viewer.name, err)
			}
			want, err := loadByQueries(viewer.ctx, c, ids)
			if err != nil {
				t.Fatalf("%s: %v", viewer.name, err)
			}
			g, w := describe(got, ids), describe(want, ids)
			if !slices.Equal(g, w) {
				t.Errorf("%s: the join read\n%v\nthe queries\n%v", viewer.name, g, w)
			}
			// Again: a viewer who reads every row gets the statement built once.
			again, err := Load(viewer.ctx, c, ids, Columns{})
			if err != nil {
				t.Fatalf("%s, again: %v", viewer.name, err)
			}
			if g := describe(again, ids); !slices.Equal(g, w) {
				t.Errorf("%s, again: the join read\n%v\nthe queries\n%v", viewer.name, g, w)
			}
			n := 0
			for _, ch := range got {
				n += len(ch.Links)
				if ch.Opportunity == nil || got[ch.Opportunity.ID] != ch {
					t.Errorf("%s: a chain read without its opportunity: %+v", viewer.name, ch.Opportunity)
				}
			}
			if n != viewer.links || len(got) != viewer.opportunities {
				t.Errorf("%s: %d links of %d opportunities, want %d of %d", viewer.name, n, len(got), viewer.links, viewer.opportunities)
			}
		}
		// X reports to a contact of B: the editor reads X without the reference.
		chains, err := Load(editor, c, []int{deal.ID}, Columns{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range chains[deal.ID].Links {
			if l.Contact.ID == x.ID && l.Contact.ReportsToID != nil {
				t.Errorf("the editor reads X reporting to %d, a contact they may not read", *l.Contact.ReportsToID)
			}
		}
	})
}

// loadByQueries is the chain read with ent's queries, one per table.
func loadByQueries(ctx context.Context, c *ent.Client, ids []int) (map[int]*Chain, error) {
	links, err := c.DecisionChainLink.Query().Where(decisionchainlink.OpportunityIDIn(ids...)).
		Order(ent.Asc(decisionchainlink.FieldPosition), ent.Asc(decisionchainlink.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var contactIDs []int
	for _, l := range links {
		contactIDs = append(contactIDs, l.ContactID)
	}
	contacts, err := c.Contact.Query().Where(contact.IDIn(contactIDs...)).All(ctx)
	if err != nil {
		return nil, err
	}
	best, err := StrongestCoverage(ctx, c, contactIDs)
	if err != nil {
		return nil, err
	}
	visible, err := c.Opportunity.Query().Where(opportunity.IDIn(ids...)).IDs(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int]*Chain{}
	for _, id := range visible {
		out[id] = &Chain{}
	}
	for _, l := range links {
		e := &Entry{Link: l, StrongestCoverage: best[l.ContactID]}
		for _, ct := range contacts {
			if ct.ID == l.ContactID {
				e.Contact = ct
			}
		}
		out[l.OpportunityID].Links = append(out[l.OpportunityID].Links, e)
	}
	return out, nil
}

// describe lists each chain's entries: link, contact, its reportsTo, and
// the strongest coverage with its team member.
func describe(chains map[int]*Chain, ids []int) []string {
	var out []string
	for _, id := range ids {
		if chains[id] == nil {
			out = append(out, fmt.Sprintf("opportunity %d unread", id))
			continue
		}
		for _, e := range chains[id].Links {
			s := fmt.Sprintf("opportunity %d link %d", id, e.Link.ID)
			if e.Contact != nil {
				s += fmt.Sprintf(" contact %d %s", e.Contact.ID, e.Contact.Name)
				if e.Contact.ReportsToID != nil {
					s += fmt.Sprintf(" reporting to %d", *e.Contact.ReportsToID)
				}
			}
			if b := e.StrongestCoverage; b != nil {
				s += fmt.Sprintf(" covered by %s at %d (row %d)", b.TeamMember.Name, b.Strength, b.Coverage.ID)
			}
			out = append(out, s)
		}
	}
	return out
}
