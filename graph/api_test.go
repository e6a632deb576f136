package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// fixture creates a small account with two contacts and a team member and
// returns their API IDs.
type fixture struct {
	account, ceo, cto, member string
}

func newFixture(t *testing.T, c *apitest.Client) fixture {
	t.Helper()
	var out struct {
		CreateAccount struct{ ID string } `json:"createAccount"`
	}
	c.MustDo(`mutation { createAccount(input: {name: "Northwind Telecom", tier: STRATEGIC, segment: TELECOM_OPERATOR, externalID: "ACC-1"}) { id } }`, nil, &out)
	f := fixture{account: out.CreateAccount.ID}
	f.ceo = createContact(t, c, f.account, "Li Wei", "", "DECISION_MAKER")
	f.cto = createContact(t, c, f.account, "Zhang Min", f.ceo, "TECHNICAL_EVALUATOR")
	var tm struct {
		CreateTeamMember struct{ ID string } `json:"createTeamMember"`
	}
	c.MustDo(`mutation { createTeamMember(input: {name: "Ada Chen", email: "ada@example.com"}) { id } }`, nil, &tm)
	f.member = tm.CreateTeamMember.ID
	return f
}

func createContact(t *testing.T, c *apitest.Client, account, name, reportsTo, role string) string {
	t.Helper()
	input := map[string]any{"accountID": account, "name": name, "decisionRole": role}
	if reportsTo != "" {
		input["reportsToID"] = reportsTo
	}
	var out struct {
		CreateContact struct{ ID string } `json:"createContact"`
	}
	c.MustDo(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`,
		map[string]any{"input": input}, &out)
	return out.CreateContact.ID
}

// rowCounts returns the row count of every table, to prove a rejected
// mutation wrote nothing.
func rowCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, table := range []string{"accounts", "contacts", "contact_relations", "coverages", "assessments",
		"tier_changes", "team_members", "opportunities", "decision_chain_links", "interactions", "budgets", "audit_events"} {
		var n int
		if err := db.SQL.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

func TestCreateReadUpdateDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newFixture(t, c)

		var got struct {
			Node struct {
				Name     string
				Tier     string
				Contacts struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Name      string
							ReportsTo *struct{ Name string }
						}
					}
				}
			}
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { name tier
			contacts(first: 10, orderBy: [{field: NAME}]) { totalCount edges { node { name reportsTo { name } } } } } } }`,
			map[string]any{"id": f.account}, &got)
		if got.Node.Name != "Northwind Telecom" || got.Node.Tier != "STRATEGIC" {
			t.Errorf("account = %+v", got.Node)
		}
		if got.Node.Contacts.TotalCount != 2 {
			t.Fatalf("totalCount = %d, want 2", got.Node.Contacts.TotalCount)
		}
		if e := got.Node.Contacts.Edges[1].Node; e.Name != "Zhang Min" || e.ReportsTo == nil || e.ReportsTo.Name != "Li Wei" {
			t.Errorf("second contact = %+v, want Zhang Min reporting to Li Wei", e)
		}

		var upd struct {
			UpdateContact struct {
				Attitude    string
				Influence   int
				Assessments struct{ TotalCount int }
			}
		}
		c.MustDo(`mutation($id: ID!) { updateContact(id: $id, input: {attitude: OPPONENT, influence: 5}) {
			attitude influence assessments(first: 10) { totalCount } } }`, map[string]any{"id": f.ceo}, &upd)
		if upd.UpdateContact.Attitude != "OPPONENT" || upd.UpdateContact.Influence != 5 {
			t.Errorf("updated contact = %+v", upd.UpdateContact)
		}
		if upd.UpdateContact.Assessments.TotalCount != 2 {
			t.Errorf("assessments = %d, want 2 (creation and the change)", upd.UpdateContact.Assessments.TotalCount)
		}

		var del struct {
			DeleteContact struct {
				DeletedID         string
				DependentsDeleted int
			}
		}
		c.MustDo(`mutation($id: ID!) { deleteContact(id: $id) { deletedID dependentsDeleted } }`, map[string]any{"id": f.cto}, &del)
		if del.DeleteContact.DeletedID != f.cto || del.DeleteContact.DependentsDeleted != 1 {
			t.Errorf("delete = %+v, want the contact and its one assessment", del.DeleteContact)
		}
		res := c.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": f.cto})
		if string(res.Data) != `{"node":null}` {
			t.Errorf("deleted contact still resolves: %s %+v", res.Data, res.Errors)
		}
	})
}

func TestTierChangesAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newFixture(t, c)
		c.MustDo(`mutation($id: ID!) { updateAccount(id: $id, input: {tier: PARTNER}) { id } }`, map[string]any{"id": f.account}, nil)
		c.MustDo(`mutation($id: ID!) { updateAccount(id: $id, input: {name: "Renamed"}) { id } }`, map[string]any{"id": f.account}, nil)
		var got struct {
			Node struct {
				TierChanges struct {
					Edges []struct {
						Node struct {
							FromTier *string
							ToTier   string
						}
					}
				}
			}
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { tierChanges(first: 10, orderBy: {field: CHANGED_AT}) {
			edges { node { fromTier toTier } } } } } }`, map[string]any{"id": f.account}, &got)
		edges := got.Node.TierChanges.Edges
		if len(edges) != 2 || edges[0].Node.FromTier != nil || edges[0].Node.ToTier != "STRATEGIC" ||
			*edges[1].Node.FromTier != "STRATEGIC" || edges[1].Node.ToTier != "PARTNER" {
			b, _ := json.Marshal(edges)
			t.Errorf("tier history = %s, want [->STRATEGIC, STRATEGIC->PARTNER]", b)
		}
	})
}

func TestRejectedInputGetsCodeAndFieldAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newFixture(t, c)
		c.MustDo(`mutation($o: ID!) { createOpportunity(input: {accountID: $o, name: "Core network 2027"}) { id } }`,
			map[string]any{"o": f.account}, nil)
		var opp struct {
			Opportunities struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		c.MustDo(`{ opportunities(first: 1) { edges { node { id } } } }`, nil, &opp)
		oppID := opp.Opportunities.Edges[0].Node.ID
		c.MustDo(`mutation($o: ID!, $c: ID!) { createDecisionChainLink(input: {opportunityID: $o, contactID: $c, role: DECISION_MAKER, position: 1}) { id } }`,
			map[string]any{"o": oppID, "c": f.ceo}, nil)

		tests := []struct {
			name      string
			query     string
			vars      map[string]any
			wantCode  string
			wantField string
		}{
			{"unknown enum in variables", `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`,
				map[string]any{"i": map[string]any{"name": "X", "tier": "PLATINUM"}}, "BAD_USER_INPUT", "tier"},
			{"unknown enum inline", `mutation { createAccount(input: {name: "X", tier: PLATINUM}) { id } }`, nil, "BAD_USER_INPUT", "tier"},
			{"empty name", `mutation { createAccount(input: {name: ""}) { id } }`, nil, "BAD_USER_INPUT", "name"},
			{"strength out of range", `mutation($a: ID!, $b: ID!) { createContactRelation(input: {fromID: $a, toID: $b, kind: ALLY, strength: 9}) { id } }`,
				map[string]any{"a": f.ceo, "b": f.cto}, "BAD_USER_INPUT", "strength"},
			{"coverage strength out of range", `mutation($m: ID!, $c: ID!) { createCoverage(input: {teamMemberID: $m, contactID: $c, strength: 5}) { id } }`,
				map[string]any{"m": f.member, "c": f.ceo}, "BAD_USER_INPUT", "strength"},
			{"malformed ID", `mutation { createContact(input: {accountID: "not-an-id", name: "X"}) { id } }`, nil, "BAD_USER_INPUT", "accountID"},
			{"wrong-type ID", `mutation($a: ID!) { createContact(input: {accountID: $a, name: "X"}) { id } }`,
				map[string]any{"a": f.member}, "BAD_USER_INPUT", "accountID"},
			{"unknown ID", `mutation($a: ID!) { createContact(input: {accountID: $a, name: "X"}) { id } }`,
				map[string]any{"a": "QWNjb3VudDo5OTk"}, "NOT_FOUND", "accountID"},
			{"update unknown ID", `mutation { updateAccount(id: "QWNjb3VudDo5OTk", input: {name: "X"}) { id } }`, nil, "NOT_FOUND", "id"},
			{"duplicate externalID", `mutation { createAccount(input: {name: "Copy", externalID: "ACC-1"}) { id } }`, nil, "CONFLICT", "externalID"},
			{"self-loop", `mutation($a: ID!) { createContactRelation(input: {fromID: $a, toID: $a, kind: ALLY}) { id } }`,
				map[string]any{"a": f.ceo}, "BAD_USER_INPUT", "toID"},
			{"reportsTo itself", `mutation($a: ID!) { updateContact(id: $a, input: {reportsToID: $a}) { id } }`,
				map[string]any{"a": f.ceo}, "BAD_USER_INPUT", "reportsToID"},
			{"reportsTo cycle", `mutation($a: ID!, $b: ID!) { updateContact(id: $a, input: {reportsToID: $b}) { id } }`,
				map[string]any{"a": f.ceo, "b": f.cto}, "BAD_USER_INPUT", "reportsToID"},
			{"delete contact in a decision chain", `mutation($a: ID!) { deleteContact(id: $a) { deletedID } }`,
				map[string]any{"a": f.ceo}, "CONFLICT", "force"},
			{"second mutation fails, first is rolled back", `mutation($a: ID!) {
				ok: createContact(input: {accountID: $a, name: "Half Written"}) { id }
				bad: createContact(input: {accountID: $a, name: ""}) { id } }`,
				map[string]any{"a": f.account}, "BAD_USER_INPUT", "name"},
			{"page size over the maximum", `{ accounts(first: 5000) { totalCount } }`, nil, "BAD_USER_INPUT", "first"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := rowCounts(t, db)
				res := c.Do(tt.query, tt.vars)
				if len(res.Errors) == 0 {
					t.Fatalf("no error; data %s", res.Data)
				}
				e := res.Errors[0]
				if e.Code() != tt.wantCode || e.Field() != tt.wantField {
					t.Errorf("error = %q code %q field %q, want code %q field %q", e.Message, e.Code(), e.Field(), tt.wantCode, tt.wantField)
				}
				if tt.wantField != "" && !strings.Contains(e.Message, tt.wantField) {
					t.Errorf("message %q does not name the field %q", e.Message, tt.wantField)
				}
				for _, leak := range []string{"SQL", "sqlite", "pq:", "SQLSTATE", "constraint failed", "ent:"} {
					if strings.Contains(e.Message, leak) {
						t.Errorf("message leaks internals (%q): %s", leak, e.Message)
					}
				}
				after := rowCounts(t, db)
				for table, n := range before {
					if after[table] != n {
						t.Errorf("%s: %d rows before, %d after a rejected mutation", table, n, after[table])
					}
				}
			})
		}

		// force deletes the contact with its chain link.
		var del struct {
			DeleteContact struct{ DependentsDeleted int }
		}
		c.MustDo(`mutation($a: ID!) { deleteContact(id: $a, force: true) { dependentsDeleted } }`, map[string]any{"a": f.ceo}, &del)
		if del.DeleteContact.DependentsDeleted < 2 {
			t.Errorf("forced delete removed %d dependents, want the chain link and the assessment", del.DeleteContact.DependentsDeleted)
		}
	})
}
