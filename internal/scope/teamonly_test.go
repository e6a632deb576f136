package scope_test

import (
	"context"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestTeamOnlyRowsFollowTheTeamEvenForAllAccountViewers: a contact's needs
// (rule teamOnly) are stricter than the rest of the customer data. An
// editor who reads every account but is on Hidden Co's team only (Bob's)
// reads Ours Group's contact, not its needs: the list is empty, the need
// answers as a missing one, and recording one is refused; Hidden Co's needs
// they read. Ada's all-accounts editor reads Ours Group's and not Hidden Co's.
func TestTeamOnlyRowsFollowTheTeamEvenForAllAccountViewers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		bg := context.Background()
		for _, u := range []auth.NewUser{
			{Email: "bob.all@us.example", Role: auth.RoleEditor, AllAccounts: true, TeamMemberID: &w.bob.ID},
			{Email: "ada.all@us.example", Role: auth.RoleEditor, AllAccounts: true, TeamMemberID: &w.ada.ID},
		} {
			u.Password = editorPassword
			if _, err := auth.CreateUser(bg, db.Client, u); err != nil {
				t.Fatal(err)
			}
		}
		admin := apitest.New(t, db)
		bob, ada := admin.SignIn("bob.all@us.example", editorPassword), admin.SignIn("ada.all@us.example", editorPassword)
		const q = `query($id: ID!) { node(id: $id) { ... on Contact { name needs(first: 5) { totalCount edges { node { id } } } } } }`
		type out struct {
			Node *struct {
				Name  string
				Needs struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
				}
			}
		}
		needsOf := func(c *apitest.Client, contact int) (bool, int) {
			t.Helper()
			var o out
			c.MustDo(q, map[string]any{"id": gid.Encode(contact)}, &o)
			if o.Node == nil {
				return false, 0
			}
			return true, o.Node.Needs.TotalCount
		}
		for _, tt := range []struct {
			who     string
			c       *apitest.Client
			contact int
			needs   int
		}{
			{"admin, ours", admin, w.cA.ID, 1},
			{"admin, hidden", admin, w.cH.ID, 1},
			{"Bob (all accounts), ours", bob, w.cA.ID, 0},
			{"Bob (all accounts), hidden", bob, w.cH.ID, 1},
			{"Ada (all accounts), ours", ada, w.cA.ID, 1},
			{"Ada (all accounts), hidden", ada, w.cH.ID, 0},
		} {
			seen, n := needsOf(tt.c, tt.contact)
			if !seen || n != tt.needs {
				t.Errorf("%s: contact seen %v with %d needs, want seen with %d", tt.who, seen, n, tt.needs)
			}
		}
		// The need of Ours Group's contact, to Bob, is a need that does not exist.
		var adminView out
		admin.MustDo(q, map[string]any{"id": gid.Encode(w.cA.ID)}, &adminView)
		need := adminView.Node.Needs.Edges[0].Node.ID
		needID, err := gid.Decode(need)
		if err != nil {
			t.Fatal(err)
		}
		missing := gid.Encode(needID + 100000)
		for _, query := range []string{
			`query($id: ID!) { node(id: $id) { id } }`,
			`mutation($id: ID!) { updateContactNeed(id: $id, input: {text: "x"}) { id } }`,
			`mutation($id: ID!) { deleteContactNeed(id: $id) { deletedID } }`,
		} {
			a, b := bob.Do(query, map[string]any{"id": need}), bob.Do(query, map[string]any{"id": missing})
			if string(a.Data) != string(b.Data) || len(a.Errors) != len(b.Errors) || (len(a.Errors) > 0 && a.Errors[0].Code() != b.Errors[0].Code()) {
				t.Errorf("%s: %s %+v; missing: %s %+v", query, a.Data, a.Errors, b.Data, b.Errors)
			}
		}
		res := bob.Do(`mutation($c: ID!) { createContactNeed(input: {contactID: $c, kind: BUSINESS_NEED, layer: SAFETY, text: "x"}) { id } }`,
			map[string]any{"c": gid.Encode(w.cA.ID)})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" || res.Errors[0].Field() != "contactID" {
			t.Errorf("Bob's need of ours: %+v, want FORBIDDEN on contactID", res.Errors)
		}
	})
}
