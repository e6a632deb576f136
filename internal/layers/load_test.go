package layers_test

import (
	"context"
	"math"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/engagement"
	"rapport/internal/domain"
	"rapport/internal/layers"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestLoad measures one account from the store, on both stores:
//
//	Dee  DECISION_MAKER EXECUTIVE IT, Mia covers at 3 (working)
//	Eva  ECONOMIC_BUYER SENIOR_MANAGER IT, Mia at 1 (acquaintance)
//	Stu  USER STAFF Ops, only Ivo (inactive) at 4: not covered
//	Lou  DECISION_MAKER, left: not counted
//
//	key    open deal's chain: Dee 0.7 (best 3, covered), Stu 0.3 (not): 0.7;
//	       makers Dee yes, Eva no: 1/2; ½·0.7 + ½·0.5                    = 0.6
//	broad  1 working of base 3+5+8+12 = 28                                = 1/28
//	org    engagements: one ACTIVE, one ENDED, one PLANNED -> 1/2 = 0.5;
//	       the pairing Mia-Dee met (a visit) 90 days ago -> 0.5;
//	       the relationship began with the ENDED engagement 5 years ago
//	       (the PLANNED one is later; the first interaction later) -> 1:
//	       (0.5 + 0.5 + 1)/3                                             = 2/3
func TestLoad(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		person := func(name string, role domain.DecisionRole, sen contact.Seniority, dept string) *ent.Contact {
			return c.Contact.Create().SetAccount(acme).SetName(name).SetDecisionRole(role).SetSeniority(sen).SetDepartment(dept).SaveX(ctx)
		}
		dee := person("Dee", domain.RoleDecisionMaker, contact.SeniorityEXECUTIVE, "IT")
		eva := person("Eva", domain.RoleEconomicBuyer, contact.SenioritySENIOR_MANAGER, "IT")
		stu := person("Stu", domain.RoleUser, contact.SenioritySTAFF, "Ops")
		c.Contact.Create().SetAccount(acme).SetName("Lou").SetDecisionRole(domain.RoleDecisionMaker).
			SetStatus(contact.StatusLEFT).SetLeftAt(now.AddDate(0, -1, 0)).ExecX(ctx)
		mia := c.TeamMember.Create().SetName("Mia").SetEmail("mia@us.example").SaveX(ctx)
		ivo := c.TeamMember.Create().SetName("Ivo").SetEmail("ivo@us.example").SetActive(false).SaveX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(dee).SetStrength(3).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(eva).SetStrength(1).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(ivo).SetContact(stu).SetStrength(4).ExecX(ctx)
		deal := c.Opportunity.Create().SetAccount(acme).SetName("Deal").SetStage("PROPOSAL").SaveX(ctx)
		c.DecisionChainLink.Create().SetOpportunity(deal).SetContact(dee).SetRole("DECISION_MAKER").SetPosition(1).SetWeight(0.7).ExecX(ctx)
		c.DecisionChainLink.Create().SetOpportunity(deal).SetContact(stu).SetRole("USER").SetPosition(2).SetWeight(0.3).ExecX(ctx)
		c.Engagement.Create().SetAccount(acme).SetKind(engagement.KindJOINT_LAB).SetName("Lab").SetStatus(engagement.StatusACTIVE).
			SetStartsAt(now.AddDate(-2, 0, 0)).ExecX(ctx)
		c.Engagement.Create().SetAccount(acme).SetKind(engagement.KindFRAMEWORK_AGREEMENT).SetName("Old frame").SetStatus(engagement.StatusENDED).
			SetStartsAt(now.AddDate(-5, 0, -1)).SetEndsAt(now.AddDate(-1, 0, 0)).ExecX(ctx)
		c.Engagement.Create().SetAccount(acme).SetKind(engagement.KindJOINT_VENTURE).SetName("JV").SetStatus(engagement.StatusPLANNED).
			SetStartsAt(now.AddDate(-6, 0, 0)).ExecX(ctx)
		c.ExecutivePairing.Create().SetAccount(acme).SetTeamMember(mia).SetContact(dee).SetSince(now.AddDate(-1, 0, 0)).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("COMPANY_VISIT").SetOccurredAt(now.AddDate(0, 0, -90)).
			AddContacts(dee).AddTeamMembers(mia).ExecX(ctx)

		got, err := layers.Load(ctx, c, []int{acme.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		l := got[acme.ID]
		for _, v := range []struct {
			name      string
			got, want float64
			why       string
		}{
			{"key", l.Key.Value, 0.6, l.Key.Explanation},
			{"broad", l.Broad.Value, 1.0 / 28, l.Broad.Explanation},
			{"org", l.Org.Value, 2.0 / 3, l.Org.Explanation},
		} {
			if math.Abs(v.got-v.want) > 1e-3 {
				t.Errorf("%s = %.4f, want %.4f (%s)", v.name, v.got, v.want, v.why)
			}
		}
		if l.Org.ActiveEngagements != 1 || len(l.Org.Pairings) != 1 {
			t.Errorf("org: %d engagements, %d pairings; want 1, 1", l.Org.ActiveEngagements, len(l.Org.Pairings))
		}
	})
}
