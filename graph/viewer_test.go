package graph_test

import (
	"context"
	"fmt"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestViewerCapabilitiesAnswerWhatTheWritesDo: viewer { ... } says who is
// asking and what its role allows; viewerCanUpdate and viewerCanDelete on
// accounts and contacts answer what the write hooks then do. An editor of
// account A may change all of A, but may not delete Ann, whose relation
// reaches Bo on account B (outside the editor's accounts), nor therefore A;
// a viewer may change nothing; an admin everything.
func TestViewerCapabilitiesAnswerWhatTheWritesDo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := db.Client
		a := c.Account.Create().SetName("A").SaveX(ctx)
		b := c.Account.Create().SetName("B").SaveX(ctx)
		ann := c.Contact.Create().SetAccount(a).SetName("Ann").SaveX(ctx)
		al := c.Contact.Create().SetAccount(a).SetName("Al").SaveX(ctx)
		bo := c.Contact.Create().SetAccount(b).SetName("Bo").SaveX(ctx)
		c.ContactRelation.Create().SetFrom(ann).SetTo(bo).SetKind("FRIEND").SetStrength(3).SaveX(ctx)
		ed := c.TeamMember.Create().SetName("Ed").SetEmail("ed@us.example").AddAccounts(a).SaveX(ctx)
		const password = "correct horse battery staple"
		if _, err := auth.CreateUser(ctx, c, auth.NewUser{Email: "ed@us.example", Name: "Ed", Password: password, Role: auth.RoleEditor, TeamMemberID: &ed.ID}); err != nil {
			t.Fatal(err)
		}
		admin := apitest.New(t, db)
		editor := admin.SignIn("ed@us.example", password)
		viewer := admin.As(apitest.NewToken(t, db, auth.RoleViewer, true))

		const q = `query($a: ID!, $ann: ID!, $al: ID!) {
			viewer { kind role allAccounts canWrite canAdminister user { email } teamMember { name } }
			a: node(id: $a) { ... on Account { viewerCanUpdate viewerCanDelete } }
			ann: node(id: $ann) { ... on Contact { viewerCanUpdate viewerCanDelete } }
			al: node(id: $al) { ... on Contact { viewerCanUpdate viewerCanDelete } }
		}`
		vars := map[string]any{"a": gid.Encode(a.ID), "ann": gid.Encode(ann.ID), "al": gid.Encode(al.ID)}
		type can struct{ ViewerCanUpdate, ViewerCanDelete bool }
		tests := []struct {
			name        string
			c           *apitest.Client
			wantViewer  string
			wantA, wAnn can
			wAl         can
		}{
			{"admin token", admin, "TOKEN ADMIN all:true write:true admin:true user:- member:-", can{true, true}, can{true, true}, can{true, true}},
			{"editor of A", editor, "USER EDITOR all:false write:true admin:false user:ed@us.example member:Ed", can{true, false}, can{true, false}, can{true, true}},
			{"viewer token", viewer, "TOKEN VIEWER all:true write:false admin:false user:- member:-", can{}, can{}, can{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got struct {
					Viewer struct {
						Kind, Role            string
						AllAccounts, CanWrite bool
						CanAdminister         bool
						User                  *struct{ Email string }
						TeamMember            *struct{ Name string }
					}
					A, Ann, Al can
				}
				tt.c.MustDo(q, vars, &got)
				v := got.Viewer
				user, member := "-", "-"
				if v.User != nil {
					user = v.User.Email
				}
				if v.TeamMember != nil {
					member = v.TeamMember.Name
				}
				if s := fmt.Sprintf("%s %s all:%v write:%v admin:%v user:%s member:%s", v.Kind, v.Role, v.AllAccounts, v.CanWrite, v.CanAdminister, user, member); s != tt.wantViewer {
					t.Errorf("viewer %s, want %s", s, tt.wantViewer)
				}
				if got.A != tt.wantA || got.Ann != tt.wAnn || got.Al != tt.wAl {
					t.Errorf("account %+v, Ann %+v, Al %+v; want %+v, %+v, %+v", got.A, got.Ann, got.Al, tt.wantA, tt.wAnn, tt.wAl)
				}
			})
		}

		// The writes agree with the answers.
		update := `mutation($id: ID!) { updateContact(id: $id, input: {title: "CIO"}) { id } }`
		del := `mutation($id: ID!) { deleteContact(id: $id, force: true) { deletedID } }`
		wantCode := func(what string, r apitest.Result, code string) {
			t.Helper()
			got := ""
			if len(r.Errors) > 0 {
				got = r.Errors[0].Code()
			}
			if got != code {
				t.Errorf("%s: error code %q (%v), want %q", what, got, r.Errors, code)
			}
		}
		wantCode("viewer updates Al", viewer.Do(update, map[string]any{"id": gid.Encode(al.ID)}), "FORBIDDEN")
		wantCode("editor deletes Ann", editor.Do(del, map[string]any{"id": gid.Encode(ann.ID)}), "FORBIDDEN")
		wantCode("editor updates Ann", editor.Do(update, map[string]any{"id": gid.Encode(ann.ID)}), "")
		wantCode("editor deletes Al", editor.Do(del, map[string]any{"id": gid.Encode(al.ID)}), "")
		wantCode("editor deletes A", editor.Do(`mutation($id: ID!) { deleteAccount(id: $id, force: true) { deletedID } }`, map[string]any{"id": gid.Encode(a.ID)}), "FORBIDDEN")
	})
}
