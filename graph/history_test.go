package graph_test

import (
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestContactHistoryShowsItsChanges: a viewer who may not read the audit
// trail still sees the history of a contact they can see, newest first.
func TestContactHistoryShowsItsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newFixture(t, c)
		c.MustDo(`mutation($id: ID!) { updateContact(id: $id, input: {attitude: CHAMPION}) { id } }`, map[string]any{"id": f.ceo}, nil)
		viewer := c.As(apitest.NewToken(t, db, auth.RoleViewer, true))
		var out struct {
			Node struct {
				History []struct {
					Action  string
					Changes map[string]map[string]any
				}
			}
		}
		viewer.MustDo(`query($id: ID!) { node(id: $id) { ... on Contact { history(first: 5) { action actorName at changes } } } }`,
			map[string]any{"id": f.ceo}, &out)
		h := out.Node.History
		if len(h) != 2 || h[0].Action != "UPDATE" || h[1].Action != "CREATE" {
			t.Fatalf("history = %+v, want the update then the creation", h)
		}
		if got := h[0].Changes["attitude"]; got["before"] != "NEUTRAL" || got["after"] != "CHAMPION" {
			t.Errorf("attitude change = %v", got)
		}
	})
}
