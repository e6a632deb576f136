package alerts

import (
	"context"
	"testing"

	"rapport/ent/contact"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/storetest"
)

// TestCadenceTrackedIsKeyOrExecutive: the overdue rule's predicate picks,
// in the database, exactly the contacts the change rules call key
// (Contact.key) and the executives, for every decision role, attitude and
// seniority.
func TestCadenceTrackedIsKeyOrExecutive(t *testing.T) {
	for _, s := range storetest.Stores {
		t.Run(string(s), func(t *testing.T) {
			db := storetest.Open(t, s)
			ctx := auth.WithViewer(context.Background(), auth.System)
			acc := db.Client.Account.Create().SetName("Acme").SaveX(ctx)
			want := map[int]bool{}
			for _, role := range domain.DecisionRole("").Values() {
				for _, att := range domain.Attitude("").Values() {
					for _, sen := range []contact.Seniority{contact.SeniorityEXECUTIVE, contact.SenioritySENIOR_MANAGER, contact.SeniorityMANAGER, contact.SenioritySTAFF} {
						c := db.Client.Contact.Create().SetAccount(acc).SetName(role + " " + att + " " + string(sen)).
							SetDecisionRole(domain.DecisionRole(role)).SetAttitude(domain.Attitude(att)).SetSeniority(sen).SaveX(ctx)
						want[c.ID] = (&Contact{Role: role, Attitude: att}).key() || sen == contact.SeniorityEXECUTIVE
					}
				}
			}
			got, err := db.Client.Contact.Query().Where(cadenceTracked).IDs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			picked := map[int]bool{}
			for _, id := range got {
				picked[id] = true
			}
			n := 0
			for id, w := range want {
				if picked[id] != w {
					c := db.Client.Contact.GetX(ctx, id)
					t.Errorf("%s: picked %v, want %v", c.Name, picked[id], w)
				}
				if w {
					n++
				}
			}
			if n == 0 || n == len(want) {
				t.Fatalf("%d of %d tracked: the table does not tell the two apart", n, len(want))
			}
		})
	}
}
