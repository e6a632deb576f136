package records

import (
	"context"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/ent/contactrelation"
	"rapport/ent/decisionchainlink"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// wantCode fails unless err is an apperr.Error with code (and field when
// given).
func wantCode(t *testing.T, what string, err error, code apperr.Code, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code || (field != "" && e.Field != field) {
		t.Errorf("%s: error %v, want %s on %q", what, err, code, field)
	}
}

type fixture struct {
	c   *ent.Client
	ctx context.Context
}

func (f fixture) account(name string) *ent.Account {
	return f.c.Account.Create().SetName(name).SaveX(f.ctx)
}

func (f fixture) contact(a *ent.Account, name string) *ent.Contact {
	return f.c.Contact.Create().SetAccount(a).SetName(name).SaveX(f.ctx)
}

func (f fixture) member(name string) *ent.TeamMember {
	return f.c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").SaveX(f.ctx)
}

func (f fixture) relate(x, y *ent.Contact) {
	f.c.ContactRelation.Create().SetFromID(x.ID).SetToID(y.ID).SetKind(domain.RelationAlly).SetValidFrom(time.Now().Add(-time.Hour)).ExecX(f.ctx)
}

func (f fixture) cover(m *ent.TeamMember, c *ent.Contact) {
	f.c.Coverage.Create().SetTeamMember(m).SetContact(c).SetStrength(2).ExecX(f.ctx)
}

func (f fixture) link(o *ent.Opportunity, c *ent.Contact, pos int) {
	f.c.DecisionChainLink.Create().SetOpportunity(o).SetContact(c).SetRole(decisionchainlink.RoleUSER).SetPosition(pos).ExecX(f.ctx)
}

func (f fixture) exists(t *testing.T, what string, ok bool, err error, want bool) {
	t.Helper()
	if err != nil || ok != want {
		t.Errorf("%s exists = %v (%v), want %v", what, ok, err, want)
	}
}

// TestDeleteContact: X has a relation to Y, one from Z, coverage by Mia
// and Ivo, two assessments (the one its creation recorded and one more),
// and a link in Deal's chain. Refused without force; with it the
// dependents counted are 1 link + 2 relations + 2 coverages + 2
// assessments = 7, and Y—Z stays.
func TestDeleteContact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := fixture{db.Client, context.Background()}
		acme := f.account("Acme")
		x, y, z := f.contact(acme, "X"), f.contact(acme, "Y"), f.contact(acme, "Z")
		f.relate(x, y)
		f.relate(z, x)
		f.relate(y, z)
		f.cover(f.member("Mia"), x)
		f.cover(f.member("Ivo"), x)
		f.c.Assessment.Create().SetContactID(x.ID).SetAttitude(domain.AttitudeChampion).SetInfluence(4).ExecX(f.ctx)
		deal := f.c.Opportunity.Create().SetAccount(acme).SetName("Deal").SaveX(f.ctx)
		f.link(deal, x, 1)

		_, err := DeleteContact(f.ctx, f.c, x.ID, false)
		wantCode(t, "in a chain, without force", err, apperr.Conflict, "force")
		if _, err := f.c.Contact.Get(f.ctx, x.ID); err != nil {
			t.Errorf("X after a refused delete: %v", err)
		}
		if links := f.c.DecisionChainLink.Query().CountX(f.ctx); links != 1 {
			t.Errorf("%d chain links after a refused delete, want 1", links)
		}

		n, err := DeleteContact(f.ctx, f.c, x.ID, true)
		if err != nil || n != 7 {
			t.Fatalf("force: %d, %v; want 7 dependents", n, err)
		}
		if _, err := f.c.Contact.Get(f.ctx, x.ID); !ent.IsNotFound(err) {
			t.Errorf("X after delete: %v, want not found", err)
		}
		if rels := f.c.ContactRelation.Query().CountX(f.ctx); rels != 1 {
			t.Errorf("%d relations left, want 1 (Y—Z)", rels)
		}
		ok, err := f.c.ContactRelation.Query().Where(contactrelation.FromID(y.ID), contactrelation.ToID(z.ID)).Exist(f.ctx)
		f.exists(t, "Y—Z", ok, err, true)

		_, err = DeleteContact(f.ctx, f.c, x.ID, false)
		wantCode(t, "an unknown contact", err, apperr.NotFound, "id")
	})
}

// TestDeleteAccount: Acme (parent of East) has a1 and a2 (one recorded
// assessment each), a1—a2 and a1—b1 across to Beta, Mia's coverage of a1,
// its opportunity Deal whose chain names b1, a link in Beta's opportunity
// naming a2, an interaction, a survey, a budget, and the tier change and
// two stage changes (loyalty, lifecycle) its creation recorded. With force:
// 2 links + 2 relations + 1 coverage + 2 assessments + 2 contacts + 1
// opportunity + 1 interaction + 1 survey + 0 complaints + 1 budget + 1 tier
// change + 2 stage changes = 16 dependents. East is detached, Beta and b1
// stay. An account with nothing goes without force, taking only its history.
func TestDeleteAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := fixture{db.Client, context.Background()}
		acme, beta := f.account("Acme"), f.account("Beta")
		east := f.c.Account.Create().SetName("East").SetParent(acme).SaveX(f.ctx)
		a1, a2, b1 := f.contact(acme, "a1"), f.contact(acme, "a2"), f.contact(beta, "b1")
		f.relate(a1, a2)
		f.relate(a1, b1)
		f.cover(f.member("Mia"), a1)
		deal := f.c.Opportunity.Create().SetAccount(acme).SetName("Deal").SaveX(f.ctx)
		f.link(deal, b1, 1)
		betaDeal := f.c.Opportunity.Create().SetAccount(beta).SetName("Beta deal").SaveX(f.ctx)
		f.link(betaDeal, a2, 1)
		f.c.Interaction.Create().SetAccount(acme).SetKind("CALL").SetOccurredAt(time.Now()).ExecX(f.ctx)
		f.c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(7).SetSurveyedAt(time.Now()).ExecX(f.ctx)
		f.c.Budget.Create().SetAccount(acme).SetPeriod("2026").SetPlanned(100).ExecX(f.ctx)

		_, err := DeleteAccount(f.ctx, f.c, acme.ID, false)
		wantCode(t, "with dependents, without force", err, apperr.Conflict, "force")

		n, err := DeleteAccount(f.ctx, f.c, acme.ID, true)
		if err != nil || n != 16 {
			t.Fatalf("force: %d, %v; want 16 dependents", n, err)
		}
		if e := f.c.Account.GetX(f.ctx, east.ID); e.ParentID != nil {
			t.Errorf("East's parent = %v, want none", *e.ParentID)
		}
		if _, err := f.c.Contact.Get(f.ctx, b1.ID); err != nil {
			t.Errorf("b1 of Beta: %v", err)
		}
		if links := f.c.DecisionChainLink.Query().CountX(f.ctx); links != 0 {
			t.Errorf("%d chain links left, want 0", links)
		}
		if n, err := DeleteAccount(f.ctx, f.c, east.ID, false); err != nil || n != 3 {
			t.Errorf("an account with nothing: %d, %v; want 3 (its tier change and two stage changes)", n, err)
		}
		_, err = DeleteAccount(f.ctx, f.c, acme.ID, true)
		wantCode(t, "an unknown account", err, apperr.NotFound, "id")
	})
}

// TestDeleteTeamMemberAndOpportunity: Mia's two coverages go with her and
// the assessment she made stays, unattributed; Deal goes with its two
// chain links.
func TestDeleteTeamMemberAndOpportunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := fixture{db.Client, context.Background()}
		acme := f.account("Acme")
		x, y := f.contact(acme, "X"), f.contact(acme, "Y")
		mia := f.member("Mia")
		f.cover(mia, x)
		f.cover(mia, y)
		as := f.c.Assessment.Create().SetContactID(x.ID).SetAttitude(domain.AttitudeSupporter).SetInfluence(3).SetAssessedByID(mia.ID).SaveX(f.ctx)
		if n, err := DeleteTeamMember(f.ctx, f.c, mia.ID); err != nil || n != 2 {
			t.Errorf("DeleteTeamMember = %d, %v; want 2 coverages", n, err)
		}
		if a, err := f.c.Assessment.Get(f.ctx, as.ID); err != nil || a.AssessedByID != nil {
			t.Errorf("Mia's assessment after she left: %+v, %v; want it kept without assessor", a, err)
		}
		deal := f.c.Opportunity.Create().SetAccount(acme).SetName("Deal").SaveX(f.ctx)
		f.link(deal, x, 1)
		f.link(deal, y, 2)
		if n, err := DeleteOpportunity(f.ctx, f.c, deal.ID); err != nil || n != 2 {
			t.Errorf("DeleteOpportunity = %d, %v; want 2 links", n, err)
		}
		_, err := DeleteOpportunity(f.ctx, f.c, deal.ID)
		wantCode(t, "an unknown opportunity", err, apperr.NotFound, "id")
	})
}

func TestUpsertAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		eu := "EU"
		a, created, err := UpsertAccount(ctx, c, UpsertAccountInput{ExternalID: "acc-1", Name: "Acme"})
		if err != nil || !created {
			t.Fatalf("first upsert: created %v, %v", created, err)
		}
		// The same external ID updates the same row: new name, region set.
		b, created, err := UpsertAccount(ctx, c, UpsertAccountInput{ExternalID: "acc-1", Name: "Acme Corp", Region: &eu})
		if err != nil || created || b.ID != a.ID || b.Name != "Acme Corp" || b.Region != "EU" {
			t.Errorf("second upsert: %+v created %v, %v; want account %d renamed, region EU", b, created, err, a.ID)
		}
		parent := "acc-1"
		sub, _, err := UpsertAccount(ctx, c, UpsertAccountInput{ExternalID: "acc-2", Name: "Acme East", ParentExternalID: &parent})
		if err != nil || sub.ParentID == nil || *sub.ParentID != a.ID {
			t.Errorf("parent by external ID: %+v, %v; want parent %d", sub, err, a.ID)
		}
		if n := c.Account.Query().CountX(ctx); n != 2 {
			t.Errorf("%d accounts, want 2", n)
		}
		missing := "nope"
		_, _, err = UpsertAccount(ctx, c, UpsertAccountInput{ExternalID: "acc-3", Name: "X", ParentExternalID: &missing})
		wantCode(t, "an unknown parent", err, apperr.NotFound, "parentExternalID")
		_, _, err = UpsertAccount(ctx, c, UpsertAccountInput{Name: "X"})
		wantCode(t, "no external ID", err, apperr.BadUserInput, "externalID")
	})
}

func TestUpsertContact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SetExternalID("acc-1").SaveX(ctx)
		accExt, title := "acc-1", "CTO"
		_, _, err := UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-1", Name: "Ada"})
		wantCode(t, "a new contact without an account", err, apperr.BadUserInput, "accountID")

		ada, created, err := UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-1", Name: "Ada", AccountExternalID: &accExt})
		if err != nil || !created || ada.AccountID != acme.ID {
			t.Fatalf("create by account external ID: %+v created %v, %v", ada, created, err)
		}
		boss := "c-1"
		bo, _, err := UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-2", Name: "Bo", AccountID: &acme.ID, ReportsToExternalID: &boss})
		if err != nil || bo.ReportsToID == nil || *bo.ReportsToID != ada.ID {
			t.Errorf("manager by external ID: %+v, %v; want reports to %d", bo, err, ada.ID)
		}
		// An update needs no account: the contact keeps its own.
		again, created, err := UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-1", Name: "Ada L.", Title: &title})
		if err != nil || created || again.ID != ada.ID || again.Name != "Ada L." || again.Title != "CTO" || again.AccountID != acme.ID {
			t.Errorf("update: %+v created %v, %v", again, created, err)
		}
		missing := "nope"
		_, _, err = UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-3", Name: "X", AccountID: &acme.ID, ReportsToExternalID: &missing})
		wantCode(t, "an unknown manager", err, apperr.NotFound, "reportsToExternalID")
		_, _, err = UpsertContact(ctx, c, UpsertContactInput{ExternalID: "c-3", Name: "X", AccountExternalID: &missing})
		wantCode(t, "an unknown account", err, apperr.NotFound, "accountExternalID")
	})
}

// TestDeletesTakeDerivedRowsThroughTheHooks: a forced delete of an account
// removes the suggestions naming its people and its handovers with their
// items through ent (its people's needs go by the foreign key: see
// dependents), so that each leaves an audit
// event (the foreign keys would have taken them without one), and a
// deleted team member takes the suggestions naming them and their
// handovers the same way.
func TestDeletesTakeDerivedRowsThroughTheHooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := fixture{db.Client, auth.WithViewer(context.Background(), auth.System)}
		acme := f.account("Acme")
		a1, a2 := f.contact(acme, "a1"), f.contact(acme, "a2")
		ada, bo, cy := f.member("Ada"), f.member("Bo"), f.member("Cy")
		f.c.ContactNeed.Create().SetContactID(a1.ID).SetKind("BUSINESS_NEED").SetLayer("SAFETY").SetText("uptime").ExecX(f.ctx)
		needs := func() int { return f.c.ContactNeed.Query().CountX(f.ctx) }
		f.c.Suggestion.Create().SetAccountID(acme.ID).SetKind("RELATION").SetContactID(a1.ID).SetOtherContactID(a2.ID).
			SetStrength(3).SetConfidence(0.875).SetEvidenceCount(3).SetLastEvidenceAt(time.Now()).SetPairKey("R/a").ExecX(f.ctx)
		h := f.c.Handover.Create().SetAccountID(acme.ID).SetPredecessorID(ada.ID).SetSuccessorID(bo.ID).SetHandedOverAt(time.Now()).SaveX(f.ctx)
		f.c.HandoverItem.Create().SetHandoverID(h.ID).SetContactID(a1.ID).SetPredecessorStrength(3).SetSuccessorStrength(2).ExecX(f.ctx)
		deletedAudits := func(typ string) int {
			return f.c.AuditEvent.Query().Where(auditevent.EntityType(typ), auditevent.ActionEQ(auditevent.ActionDELETE)).CountX(f.ctx)
		}
		if _, err := DeleteAccount(f.ctx, f.c, acme.ID, true); err != nil {
			t.Fatal(err)
		}
		if n := needs(); n != 0 {
			t.Errorf("%d needs left, want none", n)
		}
		for _, typ := range []string{ent.TypeSuggestion, ent.TypeHandoverItem, ent.TypeHandover} {
			if n := deletedAudits(typ); n != 1 {
				t.Errorf("%s: %d delete audit events after the account's delete, want 1", typ, n)
			}
		}

		beta := f.account("Beta")
		b1 := f.contact(beta, "b1")
		f.c.Suggestion.Create().SetAccountID(beta.ID).SetKind("COVERAGE").SetContactID(b1.ID).SetTeamMemberID(cy.ID).
			SetStrength(2).SetConfidence(0.75).SetEvidenceCount(3).SetLastEvidenceAt(time.Now()).SetPairKey("C/b").ExecX(f.ctx)
		h = f.c.Handover.Create().SetAccountID(beta.ID).SetPredecessorID(bo.ID).SetSuccessorID(cy.ID).SetHandedOverAt(time.Now()).SaveX(f.ctx)
		f.c.HandoverItem.Create().SetHandoverID(h.ID).SetContactID(b1.ID).SetPredecessorStrength(3).SetSuccessorStrength(2).ExecX(f.ctx)
		if _, err := DeleteTeamMember(f.ctx, f.c, cy.ID); err != nil {
			t.Fatal(err)
		}
		for _, typ := range []string{ent.TypeSuggestion, ent.TypeHandoverItem, ent.TypeHandover} {
			if n := deletedAudits(typ); n != 2 {
				t.Errorf("%s: %d delete audit events after the member's delete too, want 2", typ, n)
			}
		}
	})
}
