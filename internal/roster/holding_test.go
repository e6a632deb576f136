package roster_test

import (
	"context"
	"slices"
	"testing"

	"rapport/ent/contact"
	"rapport/ent/contactrole"
	"rapport/ent/predicate"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/roster"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestHoldingSelectsWhatTheEdgePredicateSelects: the sub-select picks the
// contacts the generated edge predicate picks, with and without a decision
// role, for the server and for an editor whose scope leaves out one of the
// role accounts (the roles there are not theirs to read).
func TestHoldingSelectsWhatTheEdgePredicateSelects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		a := c.Account.Create().SetName("A").SaveX(ctx)
		b := c.Account.Create().SetName("B").SaveX(ctx)
		d := c.Account.Create().SetName("D").SaveX(ctx)
		xu := c.Contact.Create().SetAccountID(a.ID).SetName("Xu").SaveX(ctx)
		yan := c.Contact.Create().SetAccountID(a.ID).SetName("Yan").SaveX(ctx)
		zoe := c.Contact.Create().SetAccountID(b.ID).SetName("Zoe").SaveX(ctx)
		c.Contact.Create().SetAccountID(b.ID).SetName("Nobody").SaveX(ctx)
		c.ContactRole.Create().SetContactID(xu.ID).SetAccountID(b.ID).SetDecisionRole(domain.RoleDecisionMaker).ExecX(ctx)
		c.ContactRole.Create().SetContactID(xu.ID).SetAccountID(d.ID).SetDecisionRole(domain.RoleUser).ExecX(ctx)
		c.ContactRole.Create().SetContactID(yan.ID).SetAccountID(d.ID).SetDecisionRole(domain.RoleEconomicBuyer).ExecX(ctx)
		c.ContactRole.Create().SetContactID(zoe.ID).SetAccountID(a.ID).SetDecisionRole(domain.RoleUser).ExecX(ctx)
		m := c.TeamMember.Create().SetName("Ed").SetEmail("ed@us.example").AddAccountIDs(a.ID, b.ID).SaveX(ctx)
		editor := auth.WithViewer(context.Background(), &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "ed", Role: auth.RoleEditor, TeamMemberID: &m.ID})

		keyRoles := []domain.DecisionRole{domain.RoleDecisionMaker, domain.RoleEconomicBuyer}
		for _, viewer := range []struct {
			name string
			ctx  context.Context
		}{{"server", ctx}, {"editor of A and B", editor}} {
			for _, set := range [][]int{{a.ID}, {b.ID}, {d.ID}, {a.ID, b.ID, d.ID}, {}} {
				for _, roles := range [][]domain.DecisionRole{nil, keyRoles} {
					preds := []predicate.ContactRole{contactrole.AccountIDIn(set...)}
					if roles != nil {
						preds = append(preds, contactrole.DecisionRoleIn(roles...))
					}
					want := c.Contact.Query().Where(contact.HasRolesWith(preds...)).IDsX(viewer.ctx)
					got := c.Contact.Query().Where(roster.Holding(set, roles...)).IDsX(viewer.ctx)
					slices.Sort(want)
					slices.Sort(got)
					if !slices.Equal(got, want) {
						t.Errorf("%s, accounts %v, roles %v: Holding %v, the edge predicate %v", viewer.name, set, roles, got, want)
					}
				}
			}
		}
	})
}
