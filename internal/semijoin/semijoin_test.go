package semijoin_test

import (
	"context"
	"slices"
	"testing"

	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/internal/auth"
	"rapport/internal/semijoin"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestInSelectsWhatTheEdgePredicatesSelect: coverage by its contact and
// decision-chain links by their opportunity, through the sub-select, are
// the rows the generated edge predicates select, for the server and for an
// editor who sees one of the two accounts.
func TestInSelectsWhatTheEdgePredicatesSelect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		a := c.Account.Create().SetName("A").SaveX(ctx)
		b := c.Account.Create().SetName("B").SaveX(ctx)
		m := c.TeamMember.Create().SetName("Ed").SetEmail("ed@us.example").AddAccountIDs(a.ID).SaveX(ctx)
		for _, acc := range []int{a.ID, b.ID} {
			active := c.Contact.Create().SetAccountID(acc).SetName("Active").SaveX(ctx)
			left := c.Contact.Create().SetAccountID(acc).SetName("Left").SetStatus(contact.StatusLEFT).SaveX(ctx)
			for _, p := range []int{active.ID, left.ID} {
				c.Coverage.Create().SetTeamMemberID(m.ID).SetContactID(p).SetStrength(2).ExecX(ctx)
			}
			open := c.Opportunity.Create().SetAccountID(acc).SetName("Open").SaveX(ctx)
			won := c.Opportunity.Create().SetAccountID(acc).SetName("Won").SetStage(opportunity.StageWON).SaveX(ctx)
			for i, o := range []int{open.ID, won.ID} {
				c.DecisionChainLink.Create().SetOpportunityID(o).SetContactID(active.ID).SetPosition(i + 1).
					SetRole(decisionchainlink.RoleDECISION_MAKER).ExecX(ctx)
			}
		}
		editor := auth.WithViewer(context.Background(), &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "ed", Role: auth.RoleEditor, TeamMemberID: &m.ID})
		for _, viewer := range []struct {
			name string
			ctx  context.Context
		}{{"server", ctx}, {"editor of A", editor}} {
			for _, set := range [][]int{{a.ID}, {b.ID}, {a.ID, b.ID}, {}} {
				of := []predicate.Contact{contact.AccountIDIn(set...), contact.StatusEQ(contact.StatusACTIVE)}
				want := c.Coverage.Query().Where(coverage.HasContactWith(of...)).IDsX(viewer.ctx)
				got := c.Coverage.Query().Where(predicate.Coverage(semijoin.In(coverage.FieldContactID, contact.Table, of...))).IDsX(viewer.ctx)
				same(t, viewer.name+": coverage", set, got, want)

				open := []predicate.Opportunity{opportunity.AccountIDIn(set...), opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST)}
				want = c.DecisionChainLink.Query().Where(decisionchainlink.HasOpportunityWith(open...)).IDsX(viewer.ctx)
				got = c.DecisionChainLink.Query().Where(predicate.DecisionChainLink(semijoin.In(decisionchainlink.FieldOpportunityID, opportunity.Table, open...))).IDsX(viewer.ctx)
				same(t, viewer.name+": links", set, got, want)
			}
		}
	})
}

func same(t *testing.T, what string, set, got, want []int) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s of accounts %v: the sub-select %v, the edge predicate %v", what, set, got, want)
	}
	if len(set) == 1 && len(want) == 0 && what[:6] == "server" {
		t.Errorf("%s of accounts %v: the fixture selects nothing", what, set)
	}
}
