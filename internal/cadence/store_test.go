package cadence_test

import (
	"context"
	"testing"
	"time"

	"rapport/ent/interaction"
	"rapport/internal/auth"
	"rapport/internal/cadence"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestLastMetCountsWhatTheViewerMayRead: a contact's latest meeting is
// the latest that happened (DONE, not after now) among the interactions
// the viewer may read: an editor of A does not learn of a meeting logged
// on account B, which the server counts.
func TestLastMetCountsWhatTheViewerMayRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		// Planned activities lie in the wall clock's future; LastMet's now
		// is a day before the wall clock, so a meeting today is after it.
		today := time.Now().UTC().Truncate(time.Second)
		now := today.AddDate(0, 0, -1)
		day := func(d int) time.Time { return today.AddDate(0, 0, -30+d) }
		a := c.Account.Create().SetName("A").SaveX(ctx)
		b := c.Account.Create().SetName("B").SaveX(ctx)
		ed := c.TeamMember.Create().SetName("Ed").SetEmail("ed@us.example").AddAccountIDs(a.ID).SaveX(ctx)
		x := c.Contact.Create().SetAccountID(a.ID).SetName("X").SaveX(ctx)
		never := c.Contact.Create().SetAccountID(a.ID).SetName("Never met").SaveX(ctx)
		meet := func(acc int, at time.Time, status interaction.Status) {
			c.Interaction.Create().SetAccountID(acc).SetKind(interaction.KindCALL).SetOccurredAt(at).
				SetStatus(status).AddContactIDs(x.ID).ExecX(ctx)
		}
		meet(a.ID, day(3), interaction.StatusDONE)
		meet(b.ID, day(20), interaction.StatusDONE)
		meet(a.ID, today.AddDate(0, 0, 5), interaction.StatusPLANNED)
		meet(a.ID, today.Add(-time.Hour), interaction.StatusDONE) // after now

		editor := auth.WithViewer(context.Background(), &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "ed", Role: auth.RoleEditor, TeamMemberID: &ed.ID})
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want time.Time
		}{{"server", ctx, day(20)}, {"editor of A", editor, day(3)}} {
			got, err := cadence.LastMet(tc.ctx, c, []int{x.ID, never.ID}, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !got[x.ID].Equal(tc.want) {
				t.Errorf("%s: last met %v, want X at %v only", tc.name, got, tc.want)
			}
		}
	})
}
