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

// TestPageInfoCountsNothing: pageInfo beside edges is read from the page
// itself (one row more), not from a COUNT of every matching row, which at
// scale L was most of each page a BI tool walked; totalCount still counts.
// The flags stay right at the page boundaries.
func TestPageInfoCountsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		c.MustDo(`{ accounts(first: 1) { totalCount } }`, nil, nil) // the token's first use writes lastUsedAt
		seedAccounts(t, db.Client, 5)
		page := func(sel string, first int, after any) (int64, map[string]any) {
			var out struct{ Accounts map[string]any }
			n := c.Statements(func() {
				c.MustDo(`query($n: Int!, $after: Cursor) { accounts(first: $n, after: $after, orderBy: [{field: NAME}]) { `+sel+` } }`,
					map[string]any{"n": first, "after": after}, &out)
			})
			return n, out.Accounts
		}
		edges, _ := page(`edges { node { name } }`, 2, nil)
		info, _ := page(`pageInfo { hasNextPage } edges { node { name } }`, 2, nil)
		total, _ := page(`totalCount edges { node { name } }`, 2, nil)
		if info != edges || total != edges+1 {
			t.Errorf("statements: %d with edges, %d with pageInfo too (want the same), %d with totalCount (want one more)", edges, info, total)
		}
		for _, tt := range []struct {
			first     int
			afterName bool
			next      bool
			prev      bool
		}{
			{first: 5, next: false},
			{first: 4, next: true},
			{first: 3, afterName: true, next: true, prev: true},
			{first: 4, afterName: true, next: false, prev: true},
		} {
			var after any
			if tt.afterName {
				_, first := page(`pageInfo { endCursor }`+` edges { node { name } }`, 1, nil)
				after = first["pageInfo"].(map[string]any)["endCursor"]
			}
			_, got := page(`pageInfo { hasNextPage hasPreviousPage } edges { node { name } }`, tt.first, after)
			pi := got["pageInfo"].(map[string]any)
			if pi["hasNextPage"] != tt.next || pi["hasPreviousPage"] != tt.prev {
				t.Errorf("first %d (after the first: %v): pageInfo %v, want next %v previous %v", tt.first, tt.afterName, pi, tt.next, tt.prev)
			}
		}
	})
}
