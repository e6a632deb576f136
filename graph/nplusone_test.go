package graph_test

import (
	"context"
	"fmt"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// seedAccounts creates n accounts, each with 3 contacts related to each
// other and covered by one team member.
func seedAccounts(t *testing.T, client *ent.Client, n int) {
	t.Helper()
	ctx := context.Background()
	tm, err := client.TeamMember.Create().SetName("Ada").SetEmail(fmt.Sprintf("ada%d@example.com", n)).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		a, err := client.Account.Create().SetName(fmt.Sprintf("Account %03d", i)).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		contacts, err := client.Contact.CreateBulk(
			client.Contact.Create().SetAccountID(a.ID).SetName("A"),
			client.Contact.Create().SetAccountID(a.ID).SetName("B"),
			client.Contact.Create().SetAccountID(a.ID).SetName("C"),
		).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for j, c := range contacts {
			next := contacts[(j+1)%len(contacts)]
			if err := client.ContactRelation.Create().SetFromID(c.ID).SetToID(next.ID).
				SetKind(domain.RelationAlly).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			if err := client.Coverage.Create().SetTeamMemberID(tm.ID).SetContactID(c.ID).SetStrength(2).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
}

const nestedAccounts = `query($n: Int!) { accounts(first: $n, orderBy: [{field: NAME}]) { totalCount edges { node { name tier
  contacts(first: 10) { totalCount edges { node { name attitude
    outgoingRelations(first: 5) { edges { node { kind strength to { name } } } }
    coverages(first: 5) { edges { node { strength teamMember { name } } } } } } } } } } }`

// TestNestedReadsDoNotGrowWithRows proves point 7 of the core issue: the
// statement count of a nested read is the same for 10 and 100 accounts.
func TestNestedReadsDoNotGrowWithRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		c.MustDo(`{ accounts(first: 1) { totalCount } }`, nil, nil) // the token's first use writes lastUsedAt
		counts := map[int]int64{}
		seeded := 0
		for _, n := range []int{10, 100} {
			seedAccounts(t, db.Client, n-seeded)
			seeded = n
			var out struct {
				Accounts struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Contacts struct {
								Edges []struct {
									Node struct {
										OutgoingRelations struct{ Edges []struct{} }
										Coverages         struct{ Edges []struct{} }
									}
								}
							}
						}
					}
				}
			}
			counts[n] = c.Statements(func() { c.MustDo(nestedAccounts, map[string]any{"n": n}, &out) })
			if len(out.Accounts.Edges) != n {
				t.Fatalf("got %d accounts, want %d", len(out.Accounts.Edges), n)
			}
			for _, e := range out.Accounts.Edges {
				if len(e.Node.Contacts.Edges) != 3 {
					t.Fatalf("account has %d contacts, want 3", len(e.Node.Contacts.Edges))
				}
				for _, ce := range e.Node.Contacts.Edges {
					if len(ce.Node.OutgoingRelations.Edges) != 1 || len(ce.Node.Coverages.Edges) != 1 {
						t.Fatalf("contact relations/coverages not loaded: %+v", ce.Node)
					}
				}
			}
		}
		t.Logf("statements: 10 accounts %d, 100 accounts %d", counts[10], counts[100])
		if counts[10] != counts[100] {
			t.Errorf("statements grew with rows: %d for 10 accounts, %d for 100", counts[10], counts[100])
		}
		if counts[100] > 12 {
			t.Errorf("%d statements for one nested read; want a handful", counts[100])
		}
	})
}
