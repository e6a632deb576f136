package store_test

import (
	"context"
	"rapport/internal/clock"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/internal/apperr"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.BadUserInput || e.Field != field {
		t.Errorf("error %v, want BAD_USER_INPUT on %s", err, field)
	}
}

// TestPlannedActivities (issue 17): a PLANNED activity cannot lie in the
// past, refreshes no coverage, and completing it records it DONE and
// refreshes the coverage then.
func TestPlannedActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { plannedActivities(t, db.Client) })
}

func plannedActivities(t *testing.T, c *ent.Client) {
	{
		// A fixed clock in mid-year: the plan's fiscal year holds both an
		// hour ago and an hour ahead, whatever day the test runs.
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		ctx := clock.At(context.Background(), now)
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		dana := c.Contact.Create().SetAccount(acme).SetName("Dana").SaveX(ctx)
		bob := c.TeamMember.Create().SetName("Bob").SetEmail("bob@us.example").SaveX(ctx)
		cov := c.Coverage.Create().SetTeamMember(bob).SetContact(dana).SetStrength(3).SaveX(ctx)
		plan := c.AccountPlan.Create().SetAccount(acme).SetFiscalYear(now.Year()).SaveX(ctx)

		// Existing and unspecified rows are DONE.
		done := c.Interaction.Create().SetAccount(acme).SetKind(interaction.KindCALL).
			SetOccurredAt(now.Add(-48 * time.Hour)).AddContacts(dana).AddTeamMembers(bob).SaveX(ctx)
		if done.Status != interaction.StatusDONE {
			t.Errorf("default status %s, want DONE", done.Status)
		}
		_, err := c.Interaction.Create().SetAccount(acme).SetKind(interaction.KindCOMPANY_VISIT).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(now.Add(-time.Hour)).Save(ctx)
		wantInvalid(t, err, "occurredAt")

		before := c.Coverage.GetX(ctx, cov.ID).LastInteractionAt
		future := now.Add(time.Hour)
		planned := c.Interaction.Create().SetAccount(acme).SetKind(interaction.KindCOMPANY_VISIT).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(future).SetPlanID(plan.ID).SetBudgetedCost(500).
			AddContacts(dana).AddTeamMembers(bob).SaveX(ctx)
		if got := c.Coverage.GetX(ctx, cov.ID).LastInteractionAt; !got.Equal(*before) {
			t.Errorf("a PLANNED activity moved the last interaction to %v (was %v)", got, before)
		}
		// Completing it: DONE, with the date it happened.
		at := now.Add(-time.Minute).Truncate(time.Second)
		c.Interaction.UpdateOneID(planned.ID).SetStatus(interaction.StatusDONE).SetOccurredAt(at).SetCost(450).ExecX(ctx)
		if got := c.Coverage.GetX(ctx, cov.ID).LastInteractionAt; got == nil || !got.Equal(at) {
			t.Errorf("completing the activity: last interaction %v, want %v", got, at)
		}
		// A plan of another year does not take the activity.
		other := c.AccountPlan.Create().SetAccount(acme).SetFiscalYear(now.Year() + 2).SaveX(ctx)
		_, err = c.Interaction.Create().SetAccount(acme).SetKind(interaction.KindCALL).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(future).SetPlanID(other.ID).Save(ctx)
		wantInvalid(t, err, "occurredAt")
		// A plan year that does not exist.
		_, err = c.AccountPlan.Create().SetAccount(acme).SetFiscalYear(1999).Save(ctx)
		if err == nil {
			t.Error("fiscal year 1999 accepted")
		}
		// Nothing of the refused writes was kept.
		if n := c.Interaction.Query().CountX(ctx); n != 2 {
			t.Errorf("%d interactions, want 2", n)
		}
	}
}

// TestObjectivesAndOfferings (issue 17): targets out of range are
// BAD_USER_INPUT naming the field; an offering twice on one account is a
// CONFLICT naming offeringID.
func TestObjectivesAndOfferings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { objectivesAndOfferings(t, db.Client) })
}

func objectivesAndOfferings(t *testing.T, c *ent.Client) {
	{
		ctx := context.Background()
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		dana := c.Contact.Create().SetAccount(acme).SetName("Dana").SaveX(ctx)
		plan := c.AccountPlan.Create().SetAccount(acme).SetFiscalYear(2026).SaveX(ctx)
		_, err := c.Objective.Create().SetPlan(plan).SetTitle("Win Dana").SetMetric(objective.MetricSTRENGTH).
			SetTarget(7).SetContactID(dana.ID).Save(ctx)
		wantInvalid(t, err, "target")
		_, err = c.Objective.Create().SetPlan(plan).SetTitle("Win Dana").SetMetric(objective.MetricATTITUDE).
			SetTarget(1).Save(ctx)
		wantInvalid(t, err, "contactID")
		o := c.Objective.Create().SetPlan(plan).SetTitle("Cover").SetMetric(objective.MetricCOVERAGE_RATIO).
			SetTarget(0.8).SaveX(ctx)
		err = c.Objective.UpdateOneID(o.ID).SetTarget(1.5).Exec(ctx)
		wantInvalid(t, err, "target")
		if got := c.Objective.GetX(ctx, o.ID).Target; got != 0.8 {
			t.Errorf("target %g after a refused update, want 0.8", got)
		}

		off := c.Offering.Create().SetName("Cloud").SaveX(ctx)
		c.AccountOffering.Create().SetAccount(acme).SetOffering(off).SetPotential(100).
			SetStatus(accountoffering.StatusOPEN_OPPORTUNITY).ExecX(ctx)
		_, err = c.AccountOffering.Create().SetAccount(acme).SetOffering(off).Save(ctx)
		if !ent.IsConstraintError(err) {
			t.Fatalf("a second row for the offering: %v, want a constraint error", err)
		}
		g := apperr.Presenter(ctx, err)
		if g.Extensions["code"] != string(apperr.Conflict) || !strings.Contains(g.Message, "offeringID") {
			t.Errorf("presented %q %v, want CONFLICT naming offeringID", g.Message, g.Extensions)
		}
	}
}
