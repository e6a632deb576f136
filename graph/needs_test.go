package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// needsFixture is Acme (with the subsidiary Acme Sub) and Other; Ada on
// Acme's team and Bo on Other's. Ed is an editor scoped to Ada's accounts,
// Bo an editor scoped to Other, Al an editor who reads every account but is
// on Other's team only, Pat a viewer who reads every account and is on
// Acme's team, Nia an all-accounts editor with no team member. The CIO of
// Acme and the CTO of Acme Sub each have one need, Other's buyer one.
type needsFixture struct {
	admin, ed, bo, al, pat, nia *apitest.Client
	acme, sub, other            *ent.Account
	cio, cto, buyer             *ent.Contact
	ada                         *ent.TeamMember
	cioNeed, ctoNeed, buyerNeed *ent.ContactNeed
}

func newNeedsFixture(t *testing.T, db *store.DB) *needsFixture {
	t.Helper()
	f := &needsFixture{}
	c := db.Client
	bg := context.Background()
	f.acme = c.Account.Create().SetName("Acme").SaveX(bg)
	f.sub = c.Account.Create().SetName("Acme Sub").SetParent(f.acme).SaveX(bg)
	f.other = c.Account.Create().SetName("Other").SaveX(bg)
	f.cio = c.Contact.Create().SetAccount(f.acme).SetName("CIO").SaveX(bg)
	f.cto = c.Contact.Create().SetAccount(f.sub).SetName("CTO").SaveX(bg)
	f.buyer = c.Contact.Create().SetAccount(f.other).SetName("Buyer").SaveX(bg)
	f.ada = c.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").AddAccounts(f.acme).SaveX(bg)
	bo := c.TeamMember.Create().SetName("Bo").SetEmail("bo@us.example").AddAccounts(f.other).SaveX(bg)
	al := c.TeamMember.Create().SetName("Al").SetEmail("al@us.example").AddAccounts(f.other).SaveX(bg)
	pat := c.TeamMember.Create().SetName("Pat").SetEmail("pat@us.example").AddAccounts(f.acme).SaveX(bg)
	f.cioNeed = c.ContactNeed.Create().SetContact(f.cio).SetKind("BUSINESS_NEED").SetLayer("SAFETY").
		SetText("A migration without outages").SetLearnedBy(f.ada).SaveX(bg)
	f.ctoNeed = c.ContactNeed.Create().SetContact(f.cto).SetKind("PERSONAL_INTEREST").SetLayer("BELONGING").
		SetText("Marathons").SaveX(bg)
	f.buyerNeed = c.ContactNeed.Create().SetContact(f.buyer).SetKind("BUSINESS_NEED").SetLayer("ESTEEM").
		SetText("Recognition for savings").SaveX(bg)

	const password = "correct horse battery staple"
	for _, u := range []auth.NewUser{
		{Email: "ed@us.example", Name: "Ed", Role: auth.RoleEditor, TeamMemberID: &f.ada.ID},
		{Email: "bo@us.example", Name: "Bo", Role: auth.RoleEditor, TeamMemberID: &bo.ID},
		{Email: "al@us.example", Name: "Al", Role: auth.RoleEditor, AllAccounts: true, TeamMemberID: &al.ID},
		{Email: "pat@us.example", Name: "Pat", Role: auth.RoleViewer, AllAccounts: true, TeamMemberID: &pat.ID},
		{Email: "nia@us.example", Name: "Nia", Role: auth.RoleEditor, AllAccounts: true},
	} {
		u.Password = password
		if _, err := auth.CreateUser(bg, c, u); err != nil {
			t.Fatal(err)
		}
	}
	f.admin = apitest.New(t, db)
	f.ed = f.admin.SignIn("ed@us.example", password)
	f.bo = f.admin.SignIn("bo@us.example", password)
	f.al = f.admin.SignIn("al@us.example", password)
	f.pat = f.admin.SignIn("pat@us.example", password)
	f.nia = f.admin.SignIn("nia@us.example", password)
	return f
}

const contactNeedsQuery = `query($id: ID!) { node(id: $id) { ... on Contact { name viewerCanReadNeeds viewerCanWriteNeeds
	needs(first: 10) { totalCount edges { node { kind layer text learnedBy { name } } } } } } }`

type contactNeedsOut struct {
	Node *struct {
		Name                                    string
		ViewerCanReadNeeds, ViewerCanWriteNeeds bool
		Needs                                   struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Kind, Layer, Text string
					LearnedBy         *struct{ Name string }
				}
			}
		}
	}
}

func readNeeds(t *testing.T, c *apitest.Client, contact int) contactNeedsOut {
	t.Helper()
	var out contactNeedsOut
	res := c.Do(contactNeedsQuery, map[string]any{"id": gid.Encode(contact)})
	if len(res.Errors) > 0 {
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Fatalf("needs of %d: %+v", contact, res.Errors)
		}
		return out // a contact the viewer may not read: as a missing one
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestContactNeedsFollowTheAccountTeam: the needs of a contact are read and
// written by its account team (scoped or reading every account, on the
// account or a parent of it) and admins; everyone else sees the contact
// (when they may) with no needs, and a need of it answers exactly as one
// that does not exist.
func TestContactNeedsFollowTheAccountTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newNeedsFixture(t, db)
		for _, tt := range []struct {
			who             string
			c               *apitest.Client
			contact         int
			seen, can, edit bool
			needs           int
		}{
			{"admin", f.admin, f.cio.ID, true, true, true, 1},
			{"Ed on Acme's team", f.ed, f.cio.ID, true, true, true, 1},
			{"Ed on the subsidiary's", f.ed, f.cto.ID, true, true, true, 1},
			{"Pat, all accounts, on Acme's team", f.pat, f.cto.ID, true, true, false, 1},
			{"Al, all accounts, not on Acme's team", f.al, f.cio.ID, true, false, false, 0},
			{"Al, all accounts, not on the subsidiary's", f.al, f.cto.ID, true, false, false, 0},
			{"Al on Other's team", f.al, f.buyer.ID, true, true, true, 1},
			{"Nia, all accounts, on no team", f.nia, f.buyer.ID, true, false, false, 0},
			{"Bo, scoped to Other", f.bo, f.cio.ID, false, false, false, 0},
			{"Ed, scoped to Acme", f.ed, f.buyer.ID, false, false, false, 0},
		} {
			out := readNeeds(t, tt.c, tt.contact)
			if (out.Node != nil) != tt.seen {
				t.Errorf("%s: contact seen %v, want %v", tt.who, out.Node != nil, tt.seen)
				continue
			}
			if out.Node == nil {
				continue
			}
			if out.Node.ViewerCanReadNeeds != tt.can || out.Node.ViewerCanWriteNeeds != tt.edit || out.Node.Needs.TotalCount != tt.needs || len(out.Node.Needs.Edges) != tt.needs {
				t.Errorf("%s: read %v write %v needs %d (%d edges), want %v %v %d", tt.who, out.Node.ViewerCanReadNeeds,
					out.Node.ViewerCanWriteNeeds, out.Node.Needs.TotalCount, len(out.Node.Needs.Edges), tt.can, tt.edit, tt.needs)
			}
		}
		// Ed reads what was learned and who learned it.
		if out := readNeeds(t, f.ed, f.cio.ID); len(out.Node.Needs.Edges) == 1 {
			n := out.Node.Needs.Edges[0].Node
			if n.Kind != "BUSINESS_NEED" || n.Layer != "SAFETY" || n.Text != "A migration without outages" || n.LearnedBy == nil || n.LearnedBy.Name != "Ada" {
				t.Errorf("Ed's need %+v", n)
			}
		}

		// Al: Acme's need answers as a missing one, to a read, an update and a delete.
		need, missing := gid.Encode(f.cioNeed.ID), gid.Encode(f.cioNeed.ID+100000)
		for _, q := range []struct{ name, query string }{
			{"read", `query($id: ID!) { node(id: $id) { id } }`},
			{"update", `mutation($id: ID!) { updateContactNeed(id: $id, input: {text: "x"}) { id } }`},
			{"delete", `mutation($id: ID!) { deleteContactNeed(id: $id) { deletedID } }`},
		} {
			for _, c := range []*apitest.Client{f.al, f.nia, f.bo} {
				theirs, gone := c.Do(q.query, map[string]any{"id": need}), c.Do(q.query, map[string]any{"id": missing})
				if fmt.Sprint(errs(theirs)) != fmt.Sprint(errs(gone)) || string(theirs.Data) != string(gone.Data) {
					t.Errorf("%s of Acme's need: %s %+v; of a missing one: %s %+v", q.name, theirs.Data, theirs.Errors, gone.Data, gone.Errors)
				}
			}
		}
		// Nor does a filter across the edge tell Al that it exists.
		var filtered struct{ Contacts struct{ TotalCount int } }
		f.al.MustDo(`{ contacts(where: {hasNeeds: true}) { totalCount } }`, nil, &filtered)
		if filtered.Contacts.TotalCount != 1 {
			t.Errorf("Al's contacts with needs: %d, want Other's buyer only", filtered.Contacts.TotalCount)
		}
		var nested struct{ Accounts struct{ TotalCount int } }
		f.al.MustDo(`{ accounts(where: {hasContactsWith: {hasNeedsWith: {layer: SAFETY}}}) { totalCount } }`, nil, &nested)
		if nested.Accounts.TotalCount != 0 {
			t.Errorf("Al's accounts with a contact with a safety need: %d, want 0", nested.Accounts.TotalCount)
		}
		f.admin.MustDo(`{ accounts(where: {hasContactsWith: {hasNeedsWith: {layer: SAFETY}}}) { totalCount } }`, nil, &nested)
		if nested.Accounts.TotalCount != 1 {
			t.Errorf("admin's accounts with a contact with a safety need: %d, want Acme", nested.Accounts.TotalCount)
		}

		// Al sees the CIO, yet may not record a need of theirs.
		const create = `mutation($c: ID!) { createContactNeed(input: {contactID: $c, kind: PERSONAL_INTEREST, layer: ESTEEM, text: "Golf"}) { id } }`
		if res := f.al.Do(create, map[string]any{"c": gid.Encode(f.cio.ID)}); len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" || res.Errors[0].Field() != "contactID" {
			t.Errorf("Al's need of the CIO: %+v, want FORBIDDEN on contactID", res.Errors)
		}
		// Bo does not see the CIO: as a missing contact.
		theirs, gone := f.bo.Do(create, map[string]any{"c": gid.Encode(f.cio.ID)}), f.bo.Do(create, map[string]any{"c": gid.Encode(f.cio.ID + 100000)})
		if len(theirs.Errors) != 1 || fmt.Sprint(errs(theirs)) != fmt.Sprint(errs(gone)) {
			t.Errorf("Bo's need of the CIO: %+v; of a missing contact: %+v", theirs.Errors, gone.Errors)
		}
		// Pat reads but does not write.
		if res := f.pat.Do(create, map[string]any{"c": gid.Encode(f.cio.ID)}); len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" {
			t.Errorf("Pat's need: %+v, want FORBIDDEN", res.Errors)
		}

		// Ed writes on his team's contacts, including the subsidiary's; each write is audited.
		var made struct{ CreateContactNeed struct{ ID, Text string } }
		f.ed.MustDo(`mutation($c: ID!, $m: ID!) { createContactNeed(input: {contactID: $c, kind: PERSONAL_INTEREST, layer: SELF_ACTUALIZATION,
			text: "Writes on network strategy", learnedByID: $m, learnedAt: "2026-03-01T00:00:00Z"}) { id text } }`,
			map[string]any{"c": gid.Encode(f.cto.ID), "m": gid.Encode(f.ada.ID)}, &made)
		f.ed.MustDo(`mutation($id: ID!) { updateContactNeed(id: $id, input: {layer: ESTEEM, clearLearnedBy: true}) { layer } }`, map[string]any{"id": made.CreateContactNeed.ID}, nil)
		f.ed.MustDo(`mutation($id: ID!) { deleteContactNeed(id: $id) { deletedID } }`, map[string]any{"id": made.CreateContactNeed.ID}, nil)
		var audit struct{ AuditEvents struct{ TotalCount int } }
		f.admin.MustDo(`{ auditEvents(where: {entityType: "ContactNeed"}) { totalCount } }`, nil, &audit)
		if audit.AuditEvents.TotalCount != 6 {
			t.Errorf("audit events of needs: %d, want the fixture's three creates and Ed's create, update and delete", audit.AuditEvents.TotalCount)
		}
		// Al writes on Other's contacts.
		f.al.MustDo(create, map[string]any{"c": gid.Encode(f.buyer.ID)}, nil)

		// Deleting a contact takes its needs with it, even when the one who deletes it may not read them.
		f.al.MustDo(`mutation($id: ID!) { deleteContact(id: $id) { deletedID } }`, map[string]any{"id": gid.Encode(f.cio.ID)}, nil)
		if n := db.Client.ContactNeed.Query().CountX(auth.WithViewer(context.Background(), auth.System)); n != 3 {
			t.Errorf("needs left: %d, want the CTO's, the buyer's and Al's", n)
		}
	})
}

// TestContactNeedsRefuseBadInput: each bad field is named.
func TestContactNeedsRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newNeedsFixture(t, db)
		cio := gid.Encode(f.cio.ID)
		for _, tt := range []struct{ name, query, code, field string }{
			{"empty text", `mutation($c: ID!) { createContactNeed(input: {contactID: $c, kind: BUSINESS_NEED, layer: SAFETY, text: ""}) { id } }`, "BAD_USER_INPUT", "text"},
			{"long text", `mutation($c: ID!) { createContactNeed(input: {contactID: $c, kind: BUSINESS_NEED, layer: SAFETY, text: "` + strings.Repeat("x", 2001) + `"}) { id } }`, "BAD_USER_INPUT", "text"},
			{"not a contact", `mutation($c: ID!) { createContactNeed(input: {contactID: $c, learnedByID: "` + gid.Encode(f.ada.ID) + `", kind: BUSINESS_NEED, layer: SAFETY, text: "x"}) { id } }`, "BAD_USER_INPUT", "contactID"},
			{"not a team member", `mutation($c: ID!) { createContactNeed(input: {contactID: $c, learnedByID: $c, kind: BUSINESS_NEED, layer: SAFETY, text: "x"}) { id } }`, "BAD_USER_INPUT", "learnedByID"},
		} {
			c := cio
			if tt.name == "not a contact" {
				c = gid.Encode(f.acme.ID)
			}
			res := f.ed.Do(tt.query, map[string]any{"c": c})
			if len(res.Errors) != 1 || res.Errors[0].Code() != tt.code || res.Errors[0].Field() != tt.field {
				t.Errorf("%s: %+v, want %s on %s", tt.name, res.Errors, tt.code, tt.field)
			}
		}
		// Survey dimensions are 0-10, and the message says so.
		res := f.ed.Do(`mutation($a: ID!) { createSurvey(input: {accountID: $a, score: 7, channel: ONLINE, surveyedAt: "2026-01-01T00:00:00Z", delivery: 11}) { id } }`,
			map[string]any{"a": gid.Encode(f.acme.ID)})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "delivery" || !strings.Contains(res.Errors[0].Message, "between 0 and 10") {
			t.Errorf("delivery 11: %+v", res.Errors)
		}
		res = f.ed.Do(`query($a: ID!) { node(id: $a) { ... on Account { surveyTrend(quarters: 0) { surveys } } } }`, map[string]any{"a": gid.Encode(f.acme.ID)})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "quarters" {
			t.Errorf("quarters 0: %+v", res.Errors)
		}
	})
}

type trendOut struct {
	Dimension                      string
	Latest, Previous, Change       *float64
	LatestQuarter, PreviousQuarter *string
	Direction                      *string
	Series                         []struct {
		Quarter string
		Value   float64
		Count   int
	}
}

const surveyTrendQuery = `query($a: ID!, $q: Int) { node(id: $a) { ... on Account { surveyTrend(quarters: $q) { surveys dimensions {
	dimension latest latestQuarter previous previousQuarter change direction series { quarter value count } } } } } }`

// TestSurveyTrendByDimension works an account's trend by hand: five
// surveys over three quarters, some dimensions left out.
func TestSurveyTrendByDimension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newNeedsFixture(t, db)
		bg := context.Background()
		f64 := func(x float64) *float64 { return &x }
		for _, s := range []struct {
			at                                string
			score                             float64
			sales, product, delivery, company *float64
		}{
			{"2025-11-01T00:00:00Z", 7, nil, nil, nil, nil},
			{"2026-01-15T00:00:00Z", 6, f64(5), f64(7), nil, f64(5)},
			{"2026-02-20T00:00:00Z", 8, f64(7), nil, nil, nil},
			{"2026-04-10T00:00:00Z", 8, f64(8), f64(6), f64(9), f64(5.2)},
			{"2026-05-10T00:00:00Z", 9, f64(9), nil, nil, nil},
		} {
			db.Client.Survey.Create().SetAccount(f.acme).SetScore(s.score).SetChannel("THIRD_PARTY").SetSurveyedAt(at(s.at)).
				SetNillableSalesPerson(s.sales).SetNillableProduct(s.product).SetNillableDelivery(s.delivery).SetNillableCompany(s.company).ExecX(bg)
		}
		db.Client.Survey.Create().SetAccount(f.other).SetScore(3).SetChannel("ONLINE").SetSurveyedAt(at("2026-04-01T00:00:00Z")).ExecX(bg)

		var out struct {
			Node struct {
				SurveyTrend struct {
					Surveys    int
					Dimensions []trendOut
				}
			}
		}
		f.ed.MustDo(surveyTrendQuery, map[string]any{"a": gid.Encode(f.acme.ID), "q": 2}, &out)
		tr := out.Node.SurveyTrend
		if tr.Surveys != 5 || len(tr.Dimensions) != 7 {
			t.Fatalf("trend %+v", tr)
		}
		str := func(p *float64) string {
			if p == nil {
				return "-"
			}
			return fmt.Sprint(*p)
		}
		dir := func(p *string) string {
			if p == nil {
				return "-"
			}
			return *p
		}
		got := map[string]string{}
		for _, d := range tr.Dimensions {
			var series []string
			for _, p := range d.Series {
				series = append(series, fmt.Sprintf("%s:%v/%d", p.Quarter, p.Value, p.Count))
			}
			got[d.Dimension] = fmt.Sprintf("%s %s %s %s [%s]", str(d.Latest), str(d.Previous), str(d.Change), dir(d.Direction), strings.Join(series, " "))
		}
		want := map[string]string{
			// Q4 7; Q1 (6+8)/2 = 7; Q2 (8+9)/2 = 8.5: +1.5. Two quarters asked: Q4 is left out.
			"OVERALL": "8.5 7 1.5 UP [2026-Q1:7/2 2026-Q2:8.5/2]",
			// Q1 (5+7)/2 = 6; Q2 (8+9)/2 = 8.5.
			"SALES_PERSON": "8.5 6 2.5 UP [2026-Q1:6/2 2026-Q2:8.5/2]",
			"PRODUCT":      "6 7 -1 DOWN [2026-Q1:7/1 2026-Q2:6/1]",
			// One quarter only: no previous, no direction.
			"DELIVERY": "9 - - - [2026-Q2:9/1]",
			// +0.2 is under the 0.25 threshold.
			"COMPANY":            "5.2 5 0.2 FLAT [2026-Q1:5/1 2026-Q2:5.2/1]",
			"CONTACT_CONTINUITY": "- - - - []",
			"CONTACT_REGULARITY": "- - - - []",
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %s, want %s", k, got[k], w)
			}
		}
		if tr.Dimensions[0].Dimension != "OVERALL" || tr.Dimensions[1].Dimension != "SALES_PERSON" || tr.Dimensions[6].Dimension != "COMPANY" {
			t.Errorf("order %s %s %s", tr.Dimensions[0].Dimension, tr.Dimensions[1].Dimension, tr.Dimensions[6].Dimension)
		}

		// Bo (Other's team) reads Other's trend only; the statements do
		// not grow with the accounts listed.
		list := `{ accounts(first: 10) { edges { node { surveyTrend { surveys dimensions { latest } } } } } }`
		var lo struct {
			Accounts struct {
				Edges []struct {
					Node struct{ SurveyTrend struct{ Surveys int } }
				}
			}
		}
		f.bo.MustDo(list, nil, &lo)
		if len(lo.Accounts.Edges) != 1 || lo.Accounts.Edges[0].Node.SurveyTrend.Surveys != 1 {
			t.Errorf("Bo's trends %+v", lo)
		}
		few := f.admin.Statements(func() {
			f.admin.MustDo(`{ accounts(first: 1) { edges { node { surveyTrend { surveys } } } } }`, nil, nil)
		})
		many := f.admin.Statements(func() {
			f.admin.MustDo(`{ accounts(first: 3) { edges { node { surveyTrend { surveys } } } } }`, nil, nil)
		})
		if few != many {
			t.Errorf("statements for 1 account %d, for 3 %d", few, many)
		}
	})
}
