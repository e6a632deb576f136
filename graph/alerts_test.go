package graph_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/alerts"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const alertInbox = `query($state: AlertUserState, $first: Int) {
	alerts(state: $state, first: $first) {
		counts { new acknowledged snoozed resolved total }
		edges { node { id rule severity subjectName message action state snoozedUntil paramList { key value } account { name } } }
		pageInfo { hasNextPage }
	}
}`

type inbox struct {
	Alerts struct {
		Counts struct{ New, Acknowledged, Snoozed, Resolved, Total int }
		Edges  []struct {
			Node struct {
				ID, Rule, Severity, SubjectName, Message, Action, State string
				SnoozedUntil                                            *time.Time
				ParamList                                               []struct{ Key, Value string }
				Account                                                 *struct{ Name string }
			}
		}
	}
}

// alertUsers makes accounts A and B, n decision makers at A turned
// skeptic (n alerts) and one at B, and users: Ed on A's team, and Bo on B's.
func alertUsers(t *testing.T, db *store.DB, n int) (ed, bo *apitest.Client) {
	t.Helper()
	ctx := context.Background()
	c := db.Client
	a := c.Account.Create().SetName("A").SaveX(ctx)
	b := c.Account.Create().SetName("B").SaveX(ctx)
	e := alerts.For(c)
	if _, err := e.Check(ctx, false); err != nil {
		t.Fatal(err)
	}
	var dms []*ent.Contact
	for i := range n {
		dms = append(dms, c.Contact.Create().SetAccount(a).SetName(fmt.Sprintf("Dai %d", i)).SetDecisionRole(domain.RoleDecisionMaker).SaveX(ctx))
	}
	dms = append(dms, c.Contact.Create().SetAccount(b).SetName("Bai").SetDecisionRole(domain.RoleDecisionMaker).SaveX(ctx))
	if _, err := e.Check(ctx, false); err != nil { // new, uncovered decision makers
		t.Fatal(err)
	}
	const password = "correct horse battery staple"
	for _, u := range []struct {
		name string
		acc  *ent.Account
	}{{"ed", a}, {"bo", b}} {
		m := c.TeamMember.Create().SetName(u.name).SetEmail(u.name + "@us.example").AddAccounts(u.acc).SaveX(ctx)
		if _, err := auth.CreateUser(ctx, c, auth.NewUser{Email: u.name + "@us.example", Name: u.name, Password: password, Role: auth.RoleEditor, TeamMemberID: &m.ID}); err != nil {
			t.Fatal(err)
		}
	}
	admin := apitest.New(t, db)
	return admin.SignIn("ed@us.example", password), admin.SignIn("bo@us.example", password)
}

// TestAlertInboxIsScopedAndKeepsAStatePerUser: a user sees the alerts of
// their accounts, acknowledges, snoozes and resolves them for themselves.
func TestAlertInboxIsScopedAndKeepsAStatePerUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ed, bo := alertUsers(t, db, 3)
		var in inbox
		ed.MustDo(alertInbox, nil, &in)
		if in.Alerts.Counts.Total != 3 || in.Alerts.Counts.New != 3 || len(in.Alerts.Edges) != 3 {
			t.Fatalf("Ed's inbox %+v: want A's 3 alerts, NEW", in.Alerts)
		}
		n := in.Alerts.Edges[0].Node
		if n.Rule != alerts.UncoveredDecisionMaker || n.State != "NEW" || n.Account == nil || n.Account.Name != "A" || n.Message == "" {
			t.Errorf("alert %+v", n)
		}
		ids := []string{in.Alerts.Edges[0].Node.ID, in.Alerts.Edges[1].Node.ID, in.Alerts.Edges[2].Node.ID}
		ed.MustDo(`mutation($id: ID!) { acknowledgeAlert(id: $id) { state } }`, map[string]any{"id": ids[0]}, nil)
		until := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
		ed.MustDo(`mutation($id: ID!, $u: Time!) { snoozeAlert(id: $id, until: $u) { state } }`, map[string]any{"id": ids[1], "u": until}, nil)
		ed.MustDo(`mutation($id: ID!) { resolveAlert(id: $id) { state } }`, map[string]any{"id": ids[2]}, nil)
		ed.MustDo(alertInbox, map[string]any{"state": "NEW"}, &in)
		c := in.Alerts.Counts
		if len(in.Alerts.Edges) != 0 || c.New != 0 || c.Acknowledged != 1 || c.Snoozed != 1 || c.Resolved != 1 {
			t.Errorf("after acting: %+v, want none new, one in each state", in.Alerts)
		}
		ed.MustDo(alertInbox, map[string]any{"state": "SNOOZED"}, &in)
		if len(in.Alerts.Edges) != 1 || in.Alerts.Edges[0].Node.SnoozedUntil == nil {
			t.Errorf("snoozed: %+v", in.Alerts.Edges)
		}

		// Bo sees B's alert only, and cannot act on A's.
		bo.MustDo(alertInbox, nil, &in)
		if in.Alerts.Counts.Total != 1 || in.Alerts.Edges[0].Node.SubjectName != "Bai" {
			t.Errorf("Bo's inbox %+v: want B's one alert", in.Alerts)
		}
		res := bo.Do(`mutation($id: ID!) { acknowledgeAlert(id: $id) { state } }`, map[string]any{"id": ids[0]})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" || res.Errors[0].Field() != "id" {
			t.Errorf("Bo acknowledging A's alert: %+v, want NOT_FOUND naming id", res.Errors)
		}
		past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		res = ed.Do(`mutation($id: ID!, $u: Time!) { snoozeAlert(id: $id, until: $u) { state } }`, map[string]any{"id": ids[0], "u": past})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "until" {
			t.Errorf("snooze in the past: %+v, want BAD_USER_INPUT naming until", res.Errors)
		}
		res = ed.Do(`mutation($id: ID!) { resolveAlert(id: $id) { state } }`, map[string]any{"id": gid.Encode(ids0(t, db) + 999)})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("unknown alert: %+v, want NOT_FOUND", res.Errors)
		}
	})
}

func ids0(t *testing.T, db *store.DB) int {
	return db.Client.Alert.Query().FirstIDX(context.Background())
}

// TestAlertInboxStatementsDoNotGrowWithAlerts.
func TestAlertInboxStatementsDoNotGrowWithAlerts(t *testing.T) {
	for _, s := range storetest.Stores {
		counts := map[int]int64{}
		for _, n := range []int{2, 20} {
			sub := storetest.Open(t, s)
			ed, _ := alertUsers(t, sub, n)
			var in inbox
			counts[n] = ed.Statements(func() { ed.MustDo(alertInbox, map[string]any{"first": 50}, &in) })
			if len(in.Alerts.Edges) != n {
				t.Fatalf("%d alerts listed, want %d", len(in.Alerts.Edges), n)
			}
		}
		if counts[2] != counts[20] {
			t.Errorf("%s: statements grew with alerts: %d for 2, %d for 20", s, counts[2], counts[20])
		}
		t.Logf("%s: %d statements for the inbox", s, counts[20])
	}
}
