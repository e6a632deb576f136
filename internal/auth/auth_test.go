package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// world: two groups. Ours (with a subsidiary) is on Ada's team; theirs is
// not. A relation crosses from our contact to theirs.
type world struct {
	ours, sub, theirs             *ent.Account
	ourContact, subContact, their *ent.Contact
	ada, bob                      *ent.TeamMember
}

func build(t *testing.T, c *ent.Client) world {
	t.Helper()
	ctx := context.Background()
	var w world
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	w.ada, err = c.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").Save(ctx)
	must(err)
	w.bob, err = c.TeamMember.Create().SetName("Bob").SetEmail("bob@us.example").Save(ctx)
	must(err)
	w.ours, err = c.Account.Create().SetName("Ours Group").AddTeam(w.ada).Save(ctx)
	must(err)
	w.sub, err = c.Account.Create().SetName("Ours Province").SetParent(w.ours).Save(ctx)
	must(err)
	w.theirs, err = c.Account.Create().SetName("Theirs Bank").AddTeam(w.bob).Save(ctx)
	must(err)
	w.ourContact, err = c.Contact.Create().SetName("Li").SetAccount(w.ours).Save(ctx)
	must(err)
	w.subContact, err = c.Contact.Create().SetName("Zhou").SetAccount(w.sub).Save(ctx)
	must(err)
	w.their, err = c.Contact.Create().SetName("Secret Person").SetAccount(w.theirs).Save(ctx)
	must(err)
	must(c.ContactRelation.Create().SetFromID(w.ourContact.ID).SetToID(w.their.ID).SetKind(domain.RelationFormerColleague).Exec(ctx))
	must(c.ContactRelation.Create().SetFromID(w.ourContact.ID).SetToID(w.subContact.ID).SetKind(domain.RelationAlly).Exec(ctx))
	must(c.Coverage.Create().SetTeamMemberID(w.bob.ID).SetContactID(w.their.ID).Exec(ctx))
	must(c.Coverage.Create().SetTeamMemberID(w.ada.ID).SetContactID(w.ourContact.ID).Exec(ctx))
	return w
}

func user(t *testing.T, db *store.DB, email string, role auth.Role, member *ent.TeamMember) {
	t.Helper()
	var id *int
	if member != nil {
		id = &member.ID
	}
	if _, err := auth.CreateUser(context.Background(), db.Client, auth.NewUser{
		Email: email, Password: "correct horse", Role: role, TeamMemberID: id,
	}); err != nil {
		t.Fatal(err)
	}
}

// TestOutsiderSeesNothingOnAnyPath signs in as a user on nobody's team and
// tries every read path, then a write.
func TestOutsiderSeesNothingOnAnyPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := build(t, db.Client)
		carol, _ := db.Client.TeamMember.Create().SetName("Carol").SetEmail("carol@us.example").Save(context.Background())
		user(t, db, "carol@us.example", auth.RoleEditor, carol)
		c := apitest.New(t, db).SignIn("carol@us.example", "correct horse")
		vars := map[string]any{"a": gid.Encode(w.ours.ID), "c": gid.Encode(w.their.ID), "ids": []string{gid.Encode(w.ours.ID), gid.Encode(w.their.ID)}}
		reads := map[string]string{
			"node account":  `query($a: ID!) { node(id: $a) { id } }`,
			"node contact":  `query($c: ID!) { node(id: $c) { id } }`,
			"nodes":         `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			"accounts":      `{ accounts(first: 10) { totalCount edges { node { id } } } }`,
			"contacts":      `{ contacts(first: 10) { totalCount edges { node { id } } } }`,
			"relations":     `{ contactRelations(first: 10) { totalCount edges { node { id } } } }`,
			"coverages":     `{ coverages(first: 10) { totalCount edges { node { id } } } }`,
			"tier history":  `{ tierChanges: accounts(first: 10) { edges { node { tierChanges(first: 5) { totalCount } } } } }`,
			"account stats": `{ accountStats(groupBy: [TIER]) { count revenueSum } }`,
			"contact stats": `{ contactStats(groupBy: [ATTITUDE]) { count } }`,
			"interactions":  `{ interactionStats(groupBy: [KIND]) { count } }`,
			"graph":         `query($a: ID!) { stakeholderGraph(accountId: $a) { nodes { id label } } }`,
			"paths":         `query($c: ID!) { introductionPaths(to: $c) { strength nodes { label } } }`,
			"gaps":          `query($a: ID!) { coverageGaps(accountId: $a) { reason } }`,
			"power map":     `query($a: ID!) { powerMap(accountId: $a) { support } }`,
			"nested via tm": `{ teamMembers(first: 10) { edges { node { name accounts(first: 10) { totalCount edges { node { name } } } coverages(first: 10) { totalCount edges { node { id } } } } } } }`,
		}
		for name, q := range reads {
			t.Run(name, func(t *testing.T) {
				res := c.Do(q, vars)
				for _, e := range res.Errors {
					// An unseen node answers exactly like one that does not exist.
					if e.Code() != "NOT_FOUND" || strings.Contains(e.Message, "'1'") {
						t.Errorf("error: %+v", e)
					}
				}
				for _, leak := range []string{"Li", "Secret Person", "Ours", "Theirs", `"totalCount":1`, `"totalCount":2`, `"count":`, `"id":"` + gid.Encode(w.ours.ID)} {
					if strings.Contains(string(res.Data), leak) {
						t.Errorf("outsider sees %q: %s", leak, res.Data)
					}
				}
			})
		}
		// Writes answer as for rows that do not exist (internal/scope's
		// outsider tests walk every mutation).
		res := c.Do(`mutation($a: ID!) { createContact(input: {accountID: $a, name: "Intruder"}) { id } }`, vars)
		if len(res.Errors) == 0 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("write to an unseen account: %+v", res.Errors)
		}
		res = c.Do(`mutation($c: ID!) { updateContact(id: $c, input: {name: "Renamed"}) { id } }`, vars)
		if len(res.Errors) == 0 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("update of an unseen contact: %+v", res.Errors)
		}
	})
}

// TestTeamMemberSeesTheirAccountsAndSubsidiaries checks the other side: a
// scoped user sees their team's group and its subsidiary, and a relation
// to someone at an unseen account does not show.
func TestTeamMemberSeesTheirAccountsAndSubsidiaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := build(t, db.Client)
		user(t, db, "ada@us.example", auth.RoleEditor, w.ada)
		c := apitest.New(t, db).SignIn("ada@us.example", "correct horse")
		var out struct {
			Accounts struct {
				TotalCount int
				Edges      []struct{ Node struct{ Name string } }
			}
			ContactRelations struct{ TotalCount int }
			Contacts         struct{ TotalCount int }
		}
		c.MustDo(`{ accounts(first: 10, orderBy: [{field: NAME}]) { totalCount edges { node { name } } }
			contactRelations(first: 10) { totalCount } contacts(first: 10) { totalCount } }`, nil, &out)
		if out.Accounts.TotalCount != 2 || out.Accounts.Edges[0].Node.Name != "Ours Group" || out.Accounts.Edges[1].Node.Name != "Ours Province" {
			t.Errorf("accounts = %+v, want Ours Group and Ours Province", out.Accounts)
		}
		if out.ContactRelations.TotalCount != 1 || out.Contacts.TotalCount != 2 {
			t.Errorf("relations %d (want 1: the one to Theirs is hidden), contacts %d (want 2)", out.ContactRelations.TotalCount, out.Contacts.TotalCount)
		}
		res := c.Do(`mutation($a: ID!) { createContact(input: {accountID: $a, name: "New Hire"}) { id } }`, map[string]any{"a": gid.Encode(w.sub.ID)})
		if len(res.Errors) > 0 {
			t.Errorf("editor cannot write to their subsidiary: %+v", res.Errors)
		}
	})
}

// TestScopedGraphsHideOtherAccounts checks the graph traversals, which
// run on an in-memory snapshot past ent's interceptors, apply the same
// scoping: Ada sees neither the person at Theirs Bank her contact knows nor
// Bob's path through that person, which an admin sees.
func TestScopedGraphsHideOtherAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := build(t, db.Client)
		user(t, db, "ada@us.example", auth.RoleEditor, w.ada)
		admin := apitest.New(t, db)
		ada := admin.SignIn("ada@us.example", "correct horse")
		type graph struct {
			StakeholderGraph struct{ Nodes []struct{ Label string } }
		}
		type paths struct {
			IntroductionPaths []struct{ Nodes []struct{ Label string } }
		}
		graphQ := `query($a: ID!) { stakeholderGraph(accountId: $a, depth: 3) { nodes { label } } }`
		pathsQ := `query($c: ID!) { introductionPaths(to: $c, first: 5) { nodes { label } } }`
		labels := func(c *apitest.Client) (nodes, pathNodes []string) {
			var g graph
			c.MustDo(graphQ, map[string]any{"a": gid.Encode(w.ours.ID)}, &g)
			for _, n := range g.StakeholderGraph.Nodes {
				nodes = append(nodes, n.Label)
			}
			var p paths
			c.MustDo(pathsQ, map[string]any{"c": gid.Encode(w.ourContact.ID)}, &p)
			for _, path := range p.IntroductionPaths {
				for _, n := range path.Nodes {
					pathNodes = append(pathNodes, n.Label)
				}
			}
			return nodes, pathNodes
		}
		hidden := []string{"Secret Person", "Theirs Bank", "Bob"}
		nodes, pathNodes := labels(admin)
		for _, h := range hidden {
			if !slices.Contains(append(nodes, pathNodes...), h) {
				t.Fatalf("the admin does not see %s either (graph %q, paths %q): the test proves nothing", h, nodes, pathNodes)
			}
		}
		nodes, pathNodes = labels(ada)
		for _, h := range hidden {
			if slices.Contains(nodes, h) || slices.Contains(pathNodes, h) {
				t.Errorf("Ada sees %s (graph %q, paths %q)", h, nodes, pathNodes)
			}
		}
		if !slices.Contains(nodes, "Zhou") || !slices.Contains(pathNodes, "Ada") {
			t.Errorf("Ada misses her own people (graph %q, paths %q)", nodes, pathNodes)
		}
		res := ada.Do(pathsQ, map[string]any{"c": gid.Encode(w.their.ID)})
		if len(res.Errors) == 0 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("paths to a hidden contact: %+v, want NOT_FOUND", res.Errors)
		}
	})
}

func TestRolesAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := build(t, db.Client)
		admin := apitest.New(t, db)
		viewer := admin.As(apitest.NewToken(t, db, auth.RoleViewer, true))
		editor := admin.As(apitest.NewToken(t, db, auth.RoleEditor, true))
		vars := map[string]any{"a": gid.Encode(w.ours.ID)}
		create := `mutation($a: ID!) { createContact(input: {accountID: $a, name: "X"}) { id } }`

		if res := viewer.Do(`{ accounts(first: 5) { totalCount } }`, nil); len(res.Errors) > 0 {
			t.Errorf("viewer cannot read: %+v", res.Errors)
		}
		if res := viewer.Do(create, vars); len(res.Errors) == 0 || res.Errors[0].Code() != "FORBIDDEN" {
			t.Errorf("viewer wrote: %+v", res)
		}
		if res := editor.Do(create, vars); len(res.Errors) > 0 {
			t.Errorf("editor cannot write: %+v", res.Errors)
		}
		for _, q := range []string{`{ users(first: 5) { totalCount } }`, `{ apiTokens(first: 5) { totalCount } }`, `{ auditEvents(first: 5) { totalCount } }`,
			`mutation { createAPIToken(input: {name: "x", role: ADMIN}) { token } }`} {
			if res := editor.Do(q, nil); len(res.Errors) == 0 || res.Errors[0].Code() != "FORBIDDEN" {
				t.Errorf("editor ran admin operation %s: %+v", q, res)
			}
		}

		// An admin creates a token over GraphQL; it works until revoked.
		var made struct {
			CreateAPIToken struct {
				Token    string
				APIToken struct{ ID string }
			}
		}
		admin.MustDo(`mutation { createAPIToken(input: {name: "bi", role: VIEWER, expiresInDays: 90}) { token apiToken { id } } }`, nil, &made)
		bi := admin.As(made.CreateAPIToken.Token)
		if res := bi.Do(`{ accounts(first: 1) { totalCount } }`, nil); res.Status != 200 || len(res.Errors) > 0 {
			t.Fatalf("new token refused: %d %+v", res.Status, res.Errors)
		}
		admin.MustDo(`mutation($id: ID!) { revokeAPIToken(id: $id) { revokedAt } }`, map[string]any{"id": made.CreateAPIToken.APIToken.ID}, nil)
		if res := bi.Do(`{ accounts(first: 1) { totalCount } }`, nil); res.Status != http.StatusUnauthorized || res.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Errorf("revoked token: %d %+v", res.Status, res.Errors)
		}
	})
}

func TestSignInSessionsAndCSRF(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	user(t, db, "ann@us.example", auth.RoleAdmin, nil)
	c := apitest.New(t, db)
	post := func(path, body string, cookie *http.Cookie, header map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		if cookie != nil {
			req.AddCookie(cookie)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		c.Handler.ServeHTTP(rec, req)
		return rec
	}

	// Wrong passwords are throttled after five tries.
	for i := 0; i < 5; i++ {
		if rec := post("/auth/login", `{"email":"ann@us.example","password":"nope"}`, nil, nil); rec.Code != 401 {
			t.Fatalf("wrong password: %d", rec.Code)
		}
	}
	rec := post("/auth/login", `{"email":"ann@us.example","password":"correct horse"}`, nil, nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("sixth try: %d, Retry-After %q; want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}

	user(t, db, "ben@us.example", auth.RoleEditor, nil)
	rec = post("/auth/login", `{"email":"ben@us.example","password":"correct horse"}`, nil, nil)
	if rec.Code != 200 {
		t.Fatalf("sign in: %d %s", rec.Code, rec.Body.String())
	}
	var cookie *http.Cookie
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == auth.SecureSessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || !cookie.Secure || cookie.Path != "/" || cookie.Domain != "" {
		t.Fatalf("session cookie = %+v, want __Host-, Secure, HttpOnly, SameSite=Lax, Path=/", cookie)
	}
	var me struct{ CSRFToken string }
	_ = json.Unmarshal(rec.Body.Bytes(), &me)
	query := `{"query":"{ accounts(first: 1) { totalCount } }"}`
	if rec := post("/graphql", query, cookie, map[string]string{"Origin": "https://evil.example"}); rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST without CSRF token: %d, want 403", rec.Code)
	}
	if rec := post("/graphql", query, cookie, map[string]string{auth.CSRFHeader: me.CSRFToken}); rec.Code != 200 {
		t.Errorf("POST with CSRF token: %d %s", rec.Code, rec.Body.String())
	}
	if rec := post("/auth/logout", "", cookie, nil); rec.Code != http.StatusNoContent {
		t.Errorf("sign out: %d", rec.Code)
	}
	if rec := post("/graphql", query, cookie, map[string]string{auth.CSRFHeader: me.CSRFToken}); rec.Code != http.StatusUnauthorized {
		t.Errorf("after sign-out: %d, want 401", rec.Code)
	}
}

func TestEveryChangeIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := build(t, db.Client)
		c := apitest.New(t, db)
		c.MustDo(`mutation($id: ID!) { updateContact(id: $id, input: {attitude: CHAMPION, title: "CIO"}) { id } }`,
			map[string]any{"id": gid.Encode(w.ourContact.ID)}, nil)
		var out struct {
			AuditEvents struct {
				Edges []struct {
					Node struct {
						ActorType, ActorName, Action, EntityType, EntityID, RequestID string
						Changes                                                       map[string]map[string]any
					}
				}
			}
		}
		c.MustDo(`query($id: ID!) { auditEvents(first: 5, where: {entityType: "Contact", entityID: $id, action: UPDATE}) {
			edges { node { actorType actorName action entityType entityID requestID changes } } } }`,
			map[string]any{"id": gid.Encode(w.ourContact.ID)}, &out)
		if len(out.AuditEvents.Edges) != 1 {
			t.Fatalf("got %d audit events for the update, want 1", len(out.AuditEvents.Edges))
		}
		e := out.AuditEvents.Edges[0].Node
		if e.ActorType != "TOKEN" || e.RequestID == "" || e.EntityID != gid.Encode(w.ourContact.ID) {
			t.Errorf("event = %+v", e)
		}
		if got := e.Changes["attitude"]; got["before"] != "NEUTRAL" || got["after"] != "CHAMPION" {
			t.Errorf("attitude change = %v, want NEUTRAL -> CHAMPION", got)
		}
		if got := e.Changes["title"]; got["after"] != "CIO" {
			t.Errorf("title change = %v", got)
		}
	})
}
