package graph_test

import (
	"context"
	"encoding/json"
	"testing"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// roleFixture is a group with two subsidiaries: Bo's home is North, where
// Sam's team works; Ed's team works on South only, Ola's on Other. South
// has a deal.
type roleFixture struct {
	admin, ed, sam, ola        *apitest.Client
	group, north, south, other *ent.Account
	bo, pat                    *ent.Contact
	deal                       *ent.Opportunity
}

func newRoleFixture(t *testing.T, db *store.DB) *roleFixture {
	t.Helper()
	f := &roleFixture{}
	c, bg := db.Client, context.Background()
	f.group = c.Account.Create().SetName("Group").SaveX(bg)
	f.north = c.Account.Create().SetName("North").SetParent(f.group).SaveX(bg)
	f.south = c.Account.Create().SetName("South").SetParent(f.group).SaveX(bg)
	f.other = c.Account.Create().SetName("Other").SaveX(bg)
	f.bo = c.Contact.Create().SetAccount(f.north).SetName("Bo").SetTitle("Director").SetDecisionRole(domain.RoleUser).SaveX(bg)
	f.pat = c.Contact.Create().SetAccount(f.south).SetName("Pat").SaveX(bg)
	f.deal = c.Opportunity.Create().SetAccount(f.south).SetName("South deal").SaveX(bg)
	const password = "correct horse battery staple"
	user := func(name string, acc *ent.Account) {
		m := c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").AddAccounts(acc).SaveX(bg)
		if _, err := auth.CreateUser(bg, c, auth.NewUser{Email: name + "@us.example", Name: name, Password: password,
			Role: auth.RoleEditor, TeamMemberID: &m.ID}); err != nil {
			t.Fatal(err)
		}
	}
	user("ed", f.south)
	user("sam", f.north)
	user("ola", f.other)
	f.admin = apitest.New(t, db)
	f.ed, f.sam, f.ola = f.admin.SignIn("ed@us.example", password), f.admin.SignIn("sam@us.example", password), f.admin.SignIn("ola@us.example", password)
	return f
}

const createRole = `mutation($in: CreateContactRoleInput!) { createContactRole(input: $in) { id title decisionRole } }`

func roleInput(contact, account int, title string) map[string]any {
	return map[string]any{"in": map[string]any{"contactID": gid.Encode(contact), "accountID": gid.Encode(account),
		"title": title, "decisionRole": "DECISION_MAKER", "influence": 5}}
}

func codeField(r apitest.Result) [][2]string {
	var out [][2]string
	for _, e := range r.Errors {
		out = append(out, [2]string{e.Code(), e.Field()})
	}
	return out
}

// TestPersonOnSeveralAccounts: a contact holds a role at another account
// (issue 16 point 7) and appears in its graph and chains without a copy;
// the second role at one account, a role at the home account and a role at
// an account the writer may not read are refused with nothing written;
// the other account's team reads the person through the role only.
func TestPersonOnSeveralAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newRoleFixture(t, db)
		bg := context.Background()
		bo := map[string]any{"id": gid.Encode(f.bo.ID)}
		const readBo = `query($id: ID!) { node(id: $id) { ... on Contact { id name } } }`
		missing := map[string]any{"id": gid.Encode(f.pat.ID + 1000)}

		// Before the role, South's team does not see Bo: as a missing contact.
		if got, want := f.ed.Do(readBo, bo), f.ed.Do(readBo, missing); string(got.Data) != string(want.Data) ||
			len(codeField(got)) != len(codeField(want)) {
			t.Fatalf("Ed reads Bo before the role: %s %+v; a missing contact: %s %+v", got.Data, got.Errors, want.Data, want.Errors)
		}

		// Sam (North only) cannot give Bo a role at South: South answers
		// as an account that does not exist.
		hidden := f.sam.Do(createRole, roleInput(f.bo.ID, f.south.ID, "Board member"))
		absent := f.sam.Do(createRole, roleInput(f.bo.ID, f.other.ID+1000, "Board member"))
		if len(hidden.Errors) == 0 || codeField(hidden)[0] != codeField(absent)[0] {
			t.Fatalf("Sam's role at South: %+v; at a missing account: %+v", hidden.Errors, absent.Errors)
		}

		var created struct {
			CreateContactRole struct{ ID, Title, DecisionRole string }
		}
		f.admin.MustDo(createRole, roleInput(f.bo.ID, f.south.ID, "Board member"), &created)

		// A second role at South: CONFLICT on accountID; a role at the home
		// account: BAD_USER_INPUT on accountID. Nothing written.
		if got := codeField(f.admin.Do(createRole, roleInput(f.bo.ID, f.south.ID, "Again"))); len(got) != 1 || got[0] != [2]string{"CONFLICT", "accountID"} {
			t.Errorf("second role at South: %v, want CONFLICT on accountID", got)
		}
		if got := codeField(f.admin.Do(createRole, roleInput(f.bo.ID, f.north.ID, "Home"))); len(got) != 1 || got[0] != [2]string{"BAD_USER_INPUT", "accountID"} {
			t.Errorf("role at the home account: %v, want BAD_USER_INPUT on accountID", got)
		}
		// Moving Bo's home to South, where they hold a role: CONFLICT.
		if got := codeField(f.admin.Do(`mutation($id: ID!, $a: ID!) { updateContact(id: $id, input: {accountID: $a}) { id } }`,
			map[string]any{"id": gid.Encode(f.bo.ID), "a": gid.Encode(f.south.ID)})); len(got) != 1 || got[0] != [2]string{"CONFLICT", "accountID"} {
			t.Errorf("moving Bo home to South: %v, want CONFLICT on accountID", got)
		}
		if n := db.Client.ContactRole.Query().CountX(bg); n != 1 {
			t.Fatalf("%d roles, want 1", n)
		}
		if n := db.Client.Contact.Query().CountX(bg); n != 2 {
			t.Fatalf("%d contacts, want 2: no copy", n)
		}

		// South's graph, as Ed sees it: Bo with their role at South.
		const graphQ = `query($a: ID!) { stakeholderGraph(accountId: $a) { nodes { id type label accountId title decisionRole
			roles { accountId title decisionRole influence } } } }`
		var g struct {
			StakeholderGraph struct {
				Nodes []struct {
					ID, Type, Label string
					AccountID       *string
					Title           *string
					DecisionRole    *string
					Roles           []struct {
						AccountID, DecisionRole string
						Title                   *string
						Influence               int
					}
				}
			}
		}
		f.ed.MustDo(graphQ, map[string]any{"a": gid.Encode(f.south.ID)}, &g)
		found := false
		for _, n := range g.StakeholderGraph.Nodes {
			if n.ID == gid.Encode(f.north.ID) || n.ID == gid.Encode(f.group.ID) {
				t.Errorf("Ed's graph of South draws %s, an account Ed may not read", n.Label)
			}
			if n.ID != gid.Encode(f.bo.ID) {
				continue
			}
			found = true
			if n.AccountID == nil || *n.AccountID != gid.Encode(f.north.ID) || len(n.Roles) != 1 ||
				n.Roles[0].AccountID != gid.Encode(f.south.ID) || n.Roles[0].DecisionRole != "DECISION_MAKER" ||
				n.Roles[0].Title == nil || *n.Roles[0].Title != "Board member" || n.Roles[0].Influence != 5 {
				b, _ := json.Marshal(n)
				t.Errorf("Bo's node in South's graph: %s", b)
			}
		}
		if !found {
			t.Fatalf("Bo is not in South's graph: %+v", g.StakeholderGraph.Nodes)
		}
		// North's graph (Sam): Bo with no role there (their home).
		f.sam.MustDo(graphQ, map[string]any{"a": gid.Encode(f.north.ID)}, &g)
		for _, n := range g.StakeholderGraph.Nodes {
			if n.ID == gid.Encode(f.bo.ID) && (len(n.Roles) != 0 || n.DecisionRole == nil || *n.DecisionRole != "USER") {
				t.Errorf("Bo in North's graph: %+v", n)
			}
		}

		// The power maps: Bo at South with the role's influence (5), before
		// Pat (the default 3); at North with their own (the default).
		const powerQ = `query($a: ID!) { powerMap(accountId: $a) { stakeholders { contact { name } influence } } }`
		var pm struct {
			PowerMap struct {
				Stakeholders []struct {
					Contact   struct{ Name string }
					Influence int
				}
			}
		}
		f.ed.MustDo(powerQ, map[string]any{"a": gid.Encode(f.south.ID)}, &pm)
		if s := pm.PowerMap.Stakeholders; len(s) != 2 || s[0].Contact.Name != "Bo" || s[0].Influence != 5 || s[1].Contact.Name != "Pat" {
			t.Errorf("South's power map as Ed sees it: %+v, want Bo (influence 5 there), then Pat", s)
		}
		f.sam.MustDo(powerQ, map[string]any{"a": gid.Encode(f.north.ID)}, &pm)
		if s := pm.PowerMap.Stakeholders; len(s) != 1 || s[0].Contact.Name != "Bo" || s[0].Influence != 3 {
			t.Errorf("North's power map: %+v, want Bo with their own influence", s)
		}

		// Ed reads Bo, puts them in South's chain, and does not change them.
		f.ed.MustDo(readBo, bo, nil)
		f.ed.MustDo(`mutation($o: ID!, $c: ID!) { createDecisionChainLink(input: {opportunityID: $o, contactID: $c, role: DECISION_MAKER, position: 1}) { id } }`,
			map[string]any{"o": gid.Encode(f.deal.ID), "c": gid.Encode(f.bo.ID)}, nil)
		var chain struct {
			Node struct {
				DecisionChain struct {
					Links []struct{ Contact struct{ ID, Name string } }
				}
			}
		}
		f.ed.MustDo(`query($id: ID!) { node(id: $id) { ... on Opportunity { decisionChain { links { contact { id name } } } } } }`,
			map[string]any{"id": gid.Encode(f.deal.ID)}, &chain)
		if l := chain.Node.DecisionChain.Links; len(l) != 1 || l[0].Contact.ID != gid.Encode(f.bo.ID) {
			t.Errorf("South deal's chain for Ed: %+v", l)
		}
		if got := codeField(f.ed.Do(`mutation($id: ID!) { updateContact(id: $id, input: {name: "Robert"}) { id } }`, bo)); len(got) != 1 || got[0][0] != "FORBIDDEN" {
			t.Errorf("Ed renaming Bo (home North): %v, want FORBIDDEN", got)
		}
		// An outsider reads Bo as a missing contact.
		if got, want := f.ola.Do(readBo, bo), f.ola.Do(readBo, missing); string(got.Data) != string(want.Data) ||
			len(codeField(got)) != len(codeField(want)) {
			t.Errorf("Ola reads Bo: %s %+v; a missing contact: %s %+v", got.Data, got.Errors, want.Data, want.Errors)
		}

		// Ed updates the role at South, then deletes it: Bo is hidden again.
		role := map[string]any{"id": created.CreateContactRole.ID}
		f.ed.MustDo(`mutation($id: ID!) { updateContactRole(id: $id, input: {title: "Chair"}) { id } }`, role, nil)
		f.ed.MustDo(`mutation($id: ID!) { deleteContactRole(id: $id) { deletedID } }`, role, nil)
		if got, want := f.ed.Do(readBo, bo), f.ed.Do(readBo, missing); string(got.Data) != string(want.Data) ||
			len(codeField(got)) != len(codeField(want)) {
			t.Errorf("Ed reads Bo after the role went: %s %+v; a missing contact: %s %+v", got.Data, got.Errors, want.Data, want.Errors)
		}
		f.ed.MustDo(graphQ, map[string]any{"a": gid.Encode(f.south.ID)}, &g)
		for _, n := range g.StakeholderGraph.Nodes {
			if n.ID == gid.Encode(f.bo.ID) {
				t.Errorf("Bo is still in South's graph after the role went")
			}
		}

		// Audited like everything else: one create, one update, one delete.
		for _, a := range []auditevent.Action{auditevent.ActionCREATE, auditevent.ActionUPDATE, auditevent.ActionDELETE} {
			if n := db.Client.AuditEvent.Query().Where(auditevent.EntityType(ent.TypeContactRole), auditevent.ActionEQ(a)).CountX(bg); n != 1 {
				t.Errorf("%d %s audit events of ContactRole, want 1", n, a)
			}
		}
	})
}
