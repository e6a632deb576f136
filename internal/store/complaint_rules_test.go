package store_test

import (
	"context"
	"testing"
	"time"

	"rapport/ent/interaction"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestComplaintRefreshesNoCoverage: a call moves the coverage's last
// interaction forward, a later complaint by the same two people does not
// (issue 16: a complaint is not a touch that keeps a relationship warm).
func TestComplaintRefreshesNoCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
		acme := c.Account.Create().SetName("Acme").SaveX(ctx)
		dana := c.Contact.Create().SetAccount(acme).SetName("Dana").SaveX(ctx)
		bob := c.TeamMember.Create().SetName("Bob").SetEmail("bob@us.example").SaveX(ctx)
		cov := c.Coverage.Create().SetTeamMember(bob).SetContact(dana).SetStrength(3).SaveX(ctx)
		log := func(kind interaction.Kind, at time.Time) {
			c.Interaction.Create().SetAccount(acme).SetKind(kind).SetOccurredAt(at).
				AddContacts(dana).AddTeamMembers(bob).ExecX(ctx)
		}
		log(interaction.KindCALL, day(2))
		if got := c.Coverage.GetX(ctx, cov.ID).LastInteractionAt; got == nil || !got.Equal(day(2)) {
			t.Fatalf("after the call: last interaction %v, want %v", got, day(2))
		}
		log(interaction.KindCOMPLAINT, day(9))
		if got := c.Coverage.GetX(ctx, cov.ID).LastInteractionAt; got == nil || !got.Equal(day(2)) {
			t.Errorf("after the complaint: last interaction %v, want still %v", got, day(2))
		}
	})
}
