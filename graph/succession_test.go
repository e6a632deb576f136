package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// handoverNow is the requests' clock in the handover tests.
var handoverNow = time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)

// handoverFixture: Lee rotates out of Acme and Other. At Acme he covers
// Uma (3, primary owner), Wes (4), Sid (1), Dee (2) and Leo (3, who has
// left); at Other, Oz (2). Sam, his successor, already knows Wes (2) and
// Dee (3); Ina is inactive; Ann covers Pat. Ed edits Acme (Lee and Sam
// are on its team, Lee also on Other's); Bo edits Other; Vi views Acme.
type handoverFixture struct {
	admin, ed, bo, viewer *apitest.Client
	acme, other           *ent.Account
	lee, sam, ina, ann    *ent.TeamMember
	uma, wes, sid, dee    *ent.Contact
	leo, pat, oz          *ent.Contact
	db                    *store.DB
}

func newHandoverFixture(t *testing.T, db *store.DB) *handoverFixture {
	t.Helper()
	f := &handoverFixture{db: db}
	c := db.Client
	bg := context.Background()
	f.acme = c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(bg)
	f.other = c.Account.Create().SetName("Other").SaveX(bg)
	member := func(name string, active bool, accounts ...*ent.Account) *ent.TeamMember {
		return c.TeamMember.Create().SetName(name).SetEmail(strings.ToLower(name) + "@us.example").SetActive(active).AddAccounts(accounts...).SaveX(bg)
	}
	f.lee, f.sam = member("Lee", true, f.acme, f.other), member("Sam", true, f.acme)
	f.ina, f.ann = member("Ina", false, f.acme), member("Ann", true, f.acme)
	person := func(acc *ent.Account, name string) *ent.Contact {
		return c.Contact.Create().SetAccount(acc).SetName(name).SaveX(bg)
	}
	f.uma, f.wes, f.sid, f.dee = person(f.acme, "Uma"), person(f.acme, "Wes"), person(f.acme, "Sid"), person(f.acme, "Dee")
	f.leo = c.Contact.Create().SetAccount(f.acme).SetName("Leo").SetStatus("LEFT").SaveX(bg)
	f.pat, f.oz = person(f.acme, "Pat"), person(f.other, "Oz")
	cover := func(m *ent.TeamMember, p *ent.Contact, s int, primary bool) {
		c.Coverage.Create().SetTeamMember(m).SetContact(p).SetStrength(s).SetPrimaryOwner(primary).
			SetLastInteractionAt(handoverNow.AddDate(0, -1, 0)).ExecX(bg)
	}
	cover(f.lee, f.uma, 3, true)
	cover(f.lee, f.wes, 4, false)
	cover(f.lee, f.sid, 1, false)
	cover(f.lee, f.dee, 2, false)
	cover(f.lee, f.leo, 3, false)
	cover(f.lee, f.oz, 2, false)
	cover(f.sam, f.wes, 2, false)
	cover(f.sam, f.dee, 3, false)
	cover(f.ann, f.pat, 2, false)

	const password = "correct horse battery staple"
	ed := member("Ed", true, f.acme)
	bo := member("Bo", true, f.other)
	vi := member("Vi", true, f.acme)
	for _, u := range []struct {
		email string
		role  auth.Role
		m     *ent.TeamMember
	}{{"ed@x.example", auth.RoleEditor, ed}, {"bo@x.example", auth.RoleEditor, bo}, {"vi@x.example", auth.RoleViewer, vi}} {
		if _, err := auth.CreateUser(bg, c, auth.NewUser{Email: u.email, Name: u.m.Name, Password: password, Role: u.role, TeamMemberID: &u.m.ID}); err != nil {
			t.Fatal(err)
		}
	}
	f.admin = apitest.New(t, db)
	h := f.admin.Handler
	f.admin.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(clock.At(r.Context(), handoverNow)))
	})
	f.ed = f.admin.SignIn("ed@x.example", password)
	f.bo = f.admin.SignIn("bo@x.example", password)
	f.viewer = f.admin.SignIn("vi@x.example", password)
	return f
}

// strengths returns who covers the contacts, as "member:strength:source[:primary]".
func (f *handoverFixture) strengths(t *testing.T) map[string]string {
	t.Helper()
	ctx := auth.WithViewer(context.Background(), auth.System)
	covs := f.db.Client.Coverage.Query().WithTeamMember().WithContact().AllX(ctx)
	out := map[string]string{}
	for _, c := range covs {
		v := fmt.Sprintf("%d:%s", c.Strength, c.Source)
		if c.PrimaryOwner {
			v += ":primary"
		}
		out[c.Edges.TeamMember.Name+"/"+c.Edges.Contact.Name] = v
	}
	return out
}

func (f *handoverFixture) count(t *testing.T) (handovers, items, planned int) {
	t.Helper()
	ctx := auth.WithViewer(context.Background(), auth.System)
	c := f.db.Client
	return c.Handover.Query().CountX(ctx), c.HandoverItem.Query().CountX(ctx),
		c.Interaction.Query().Where(interaction.StatusEQ(interaction.StatusPLANNED)).CountX(ctx)
}

const handoverMutation = `mutation($in: HandoverInput!) { handover(input: $in) {
	id account { name } predecessor { name } successor { name } handedOverAt note
	items { contact { name } predecessorStrength predecessorPrimaryOwner successorStrength met metAt
		introduction { id status kind occurredAt owner { name } contacts(first: 5) { edges { node { name } } } teamMembers(first: 5) { edges { node { name } } } } }
	progress { contacts met introductionsPlanned introductionsDone complete } } }`

type handoverItemOut struct {
	Contact                 struct{ Name string }
	PredecessorStrength     int
	PredecessorPrimaryOwner bool
	SuccessorStrength       int
	Met                     bool
	MetAt                   *time.Time
	Introduction            *struct {
		ID, Status, Kind string
		OccurredAt       time.Time
		Owner            struct{ Name string }
		Contacts         struct {
			Edges []struct{ Node struct{ Name string } }
		}
		TeamMembers struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
}

type handoverOut struct {
	ID           string
	Account      struct{ Name string }
	Predecessor  struct{ Name string }
	Successor    struct{ Name string }
	HandedOverAt time.Time
	Note         *string
	Items        []handoverItemOut
	Progress     struct {
		Contacts, Met, IntroductionsPlanned, IntroductionsDone int
		Complete                                               bool
	}
}

// TestHandoverMovesCoverage: Lee hands everything over to Sam, with
// introductions a week out. Hand-worked strengths, max(Sam's own, Lee's
// - 1, 1): Uma 2 (from 3, primary ownership moves), Wes 3 (from 4, over
// Sam's 2), Sid 1 (from 1), Dee stays 3 (Sam's own, above 2-1; source
// MANUAL kept), Oz 1 (from 2). Leo has left and stays Lee's. Then Sam
// meets Uma (the introduction done): Uma rises to 3, her item is met;
// an email to Wes is not a meeting, and a visit dated before the handover
// does not count.
func TestHandoverMovesCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newHandoverFixture(t, db)
		intro := handoverNow.AddDate(0, 0, 7)
		var got struct{ Handover []handoverOut }
		f.admin.MustDo(handoverMutation, map[string]any{"in": map[string]any{
			"fromId": gid.Encode(f.lee.ID), "toId": gid.Encode(f.sam.ID), "introduceBy": intro, "note": "Lee moves to Europe",
		}}, &got)
		if len(got.Handover) != 2 || got.Handover[0].Account.Name != "Acme" || got.Handover[1].Account.Name != "Other" {
			t.Fatalf("handovers = %+v, want Acme's and Other's", got.Handover)
		}
		acme := got.Handover[0]
		if acme.Predecessor.Name != "Lee" || acme.Successor.Name != "Sam" || !acme.HandedOverAt.Equal(handoverNow) || acme.Note == nil || *acme.Note != "Lee moves to Europe" {
			t.Errorf("Acme's handover = %+v", acme)
		}
		type item struct {
			name         string
			pred, succ   int
			primary, met bool
		}
		var items []item
		for _, it := range acme.Items {
			items = append(items, item{it.Contact.Name, it.PredecessorStrength, it.SuccessorStrength, it.PredecessorPrimaryOwner, it.Met})
			in := it.Introduction
			if in == nil || in.Status != "PLANNED" || in.Kind != "ONSITE_MEETING" || !in.OccurredAt.Equal(intro) || in.Owner.Name != "Sam" ||
				len(in.Contacts.Edges) != 1 || in.Contacts.Edges[0].Node.Name != it.Contact.Name || len(in.TeamMembers.Edges) != 2 {
				t.Errorf("%s: introduction %+v, want a PLANNED ONSITE_MEETING on %s owned by Sam with Lee, Sam and the contact", it.Contact.Name, in, intro)
			}
		}
		want := []item{{"Dee", 2, 3, false, false}, {"Sid", 1, 1, false, false}, {"Uma", 3, 2, true, false}, {"Wes", 4, 3, false, false}}
		if fmt.Sprint(items) != fmt.Sprint(want) {
			t.Errorf("Acme's items = %v, want %v", items, want)
		}
		if p := acme.Progress; p.Contacts != 4 || p.Met != 0 || p.IntroductionsPlanned != 4 || p.IntroductionsDone != 0 || p.Complete {
			t.Errorf("Acme's progress = %+v, want 4 contacts, none met, 4 introductions planned", p)
		}
		if n := len(got.Handover[1].Items); n != 1 || got.Handover[1].Items[0].SuccessorStrength != 1 {
			t.Errorf("Other's items = %+v, want Oz at 1", got.Handover[1].Items)
		}
		cov := f.strengths(t)
		wantCov := map[string]string{
			"Sam/Uma": "2:HANDOVER:primary", "Sam/Wes": "3:HANDOVER", "Sam/Sid": "1:HANDOVER", "Sam/Dee": "3:MANUAL", "Sam/Oz": "1:HANDOVER",
			"Lee/Leo": "3:MANUAL", "Ann/Pat": "2:MANUAL",
		}
		if fmt.Sprint(cov) != fmt.Sprint(wantCov) {
			t.Errorf("coverage after = %v, want %v", cov, wantCov)
		}
		// Audited like every write, by the admin.
		ctx := auth.WithViewer(context.Background(), auth.System)
		for typ, n := range map[string]int{"Handover": 2, "HandoverItem": 5} {
			if got := db.Client.AuditEvent.Query().Where(auditevent.EntityType(typ), auditevent.ActionEQ(auditevent.ActionCREATE)).CountX(ctx); got != n {
				t.Errorf("audit events creating %s = %d, want %d", typ, got, n)
			}
		}
		if got := db.Client.AuditEvent.Query().Where(auditevent.EntityType("Coverage"), auditevent.ActionEQ(auditevent.ActionDELETE)).CountX(ctx); got != 5 {
			t.Errorf("audit events deleting coverage = %d, want Lee's 5", got)
		}

		// Sam meets Uma: the introduction done. An email to Wes and a
		// visit with Sid dated before the handover are not meetings after it.
		uma := acme.Items[2]
		f.admin.MustDo(`mutation($id: ID!) { completeActivity(id: $id) { status } }`, map[string]any{"id": uma.Introduction.ID}, nil)
		f.admin.MustDo(`mutation($in: CreateInteractionInput!) { createInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"accountID": gid.Encode(f.acme.ID), "kind": "EMAIL", "occurredAt": handoverNow,
			"contactIDs": []string{gid.Encode(f.wes.ID)}, "teamMemberIDs": []string{gid.Encode(f.sam.ID)}}}, nil)
		f.admin.MustDo(`mutation($in: CreateInteractionInput!) { createInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"accountID": gid.Encode(f.acme.ID), "kind": "COMPANY_VISIT", "occurredAt": handoverNow.Add(-time.Hour),
			"contactIDs": []string{gid.Encode(f.sid.ID)}, "teamMemberIDs": []string{gid.Encode(f.sam.ID)}}}, nil)
		var after struct {
			Node struct {
				Handovers []handoverOut
			}
		}
		f.admin.MustDo(`query($m: ID!) { node(id: $m) { ... on TeamMember { handovers { account { name }
			items { contact { name } met metAt successorStrength } progress { contacts met introductionsPlanned introductionsDone complete } } } } }`,
			map[string]any{"m": gid.Encode(f.sam.ID)}, &after)
		if len(after.Node.Handovers) != 2 {
			t.Fatalf("Sam's handovers = %+v, want 2", after.Node.Handovers)
		}
		var a handoverOut
		for _, h := range after.Node.Handovers {
			if h.Account.Name == "Acme" {
				a = h
			}
		}
		for _, it := range a.Items {
			if met := it.Contact.Name == "Uma"; it.Met != met || (it.MetAt != nil) != met {
				t.Errorf("%s: met %v (%v), want %v", it.Contact.Name, it.Met, it.MetAt, met)
			}
		}
		if p := a.Progress; p.Contacts != 4 || p.Met != 1 || p.IntroductionsPlanned != 3 || p.IntroductionsDone != 1 || p.Complete {
			t.Errorf("progress after meeting Uma = %+v, want 1 of 4 met, 3 planned, 1 done", p)
		}
		if cov := f.strengths(t); cov["Sam/Uma"] != "3:HANDOVER:primary" || cov["Sam/Wes"] != "3:HANDOVER" || cov["Sam/Sid"] != "1:HANDOVER" {
			t.Errorf("after meeting Uma: Uma %s (want 3, Lee's), Wes %s (want 3), Sid %s (want 1)", cov["Sam/Uma"], cov["Sam/Wes"], cov["Sam/Sid"])
		}
		// Lee's list has them too (outgoing).
		var lee struct {
			Node struct{ Handovers []struct{ ID string } }
		}
		f.admin.MustDo(`query($m: ID!) { node(id: $m) { ... on TeamMember { handovers { id } } } }`, map[string]any{"m": gid.Encode(f.lee.ID)}, &lee)
		if len(lee.Node.Handovers) != 2 {
			t.Errorf("Lee's handovers = %+v, want 2", lee.Node.Handovers)
		}
	})
}

// TestHandoverRefusesBadInput: each bad input answers with its code and
// field, and nothing is written.
func TestHandoverRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newHandoverFixture(t, db)
		before := f.strengths(t)
		in := func(kv ...any) map[string]any {
			m := map[string]any{"fromId": gid.Encode(f.lee.ID), "toId": gid.Encode(f.sam.ID)}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return map[string]any{"in": m}
		}
		for _, tc := range []struct {
			name        string
			c           *apitest.Client
			vars        map[string]any
			code, field string
		}{
			{"to the predecessor", f.admin, in("toId", gid.Encode(f.lee.ID)), "BAD_USER_INPUT", "toId"},
			{"to an inactive member", f.admin, in("toId", gid.Encode(f.ina.ID)), "BAD_USER_INPUT", "toId"},
			{"to a contact", f.admin, in("toId", gid.Encode(f.uma.ID)), "BAD_USER_INPUT", "toId"},
			{"to nobody", f.admin, in("toId", gid.Encode(f.sam.ID+100000)), "NOT_FOUND", ""},
			{"a contact Lee does not cover", f.admin, in("contactIds", []string{gid.Encode(f.uma.ID), gid.Encode(f.pat.ID)}), "BAD_USER_INPUT", "contactIds"},
			{"a contact that does not exist", f.admin, in("contactIds", []string{gid.Encode(f.uma.ID + 100000)}), "BAD_USER_INPUT", "contactIds"},
			{"no contact", f.admin, in("contactIds", []string{}), "BAD_USER_INPUT", "contactIds"},
			{"an introduction in the past", f.admin, in("introduceBy", handoverNow.Add(-time.Hour)), "BAD_USER_INPUT", "introduceBy"},
			{"nothing to hand over", f.admin, in("fromId", gid.Encode(f.ina.ID)), "BAD_USER_INPUT", "fromId"},
			{"a viewer", f.viewer, in(), "FORBIDDEN", ""},
			// Bo edits Other: Uma is Acme's, answered as a contact that does not exist.
			{"another account's contact", f.bo, in("contactIds", []string{gid.Encode(f.uma.ID)}), "BAD_USER_INPUT", "contactIds"},
		} {
			res := tc.c.Do(handoverMutation, tc.vars)
			if len(res.Errors) == 0 {
				t.Errorf("%s: no error; data %s", tc.name, res.Data)
				continue
			}
			if e := res.Errors[0]; e.Code() != tc.code || (tc.field != "" && e.Field() != tc.field) {
				t.Errorf("%s: %s on %q (%s), want %s on %q", tc.name, e.Code(), e.Field(), e.Message, tc.code, tc.field)
			}
			if h, i, p := f.count(t); h+i+p != 0 {
				t.Errorf("%s: wrote %d handovers, %d items, %d planned interactions", tc.name, h, i, p)
			}
			if after := f.strengths(t); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s: coverage changed: %v, was %v", tc.name, after, before)
			}
		}
		// A contact of another account answers exactly as a missing one.
		hidden := f.bo.Do(handoverMutation, in("contactIds", []string{gid.Encode(f.uma.ID)})).Errors[0].Message
		missing := f.bo.Do(handoverMutation, in("contactIds", []string{gid.Encode(f.uma.ID + 100000)})).Errors[0].Message
		if strings.ReplaceAll(hidden, gid.Encode(f.uma.ID), "X") != strings.ReplaceAll(missing, gid.Encode(f.uma.ID+100000), "X") {
			t.Errorf("hidden contact: %q; missing contact: %q; want the same answer", hidden, missing)
		}
	})
}

// TestHandoverIsOneTransaction: Ed edits Acme only. Without introductions
// he hands over Lee's Acme contacts and sees nothing of Other (Oz stays
// Lee's). With introductions it fails midway: Lee also works on Other, so
// the scope refuses to make him a participant once the first contact's
// coverage has moved, and nothing of it is left.
func TestHandoverIsOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newHandoverFixture(t, db)
		before := f.strengths(t)
		ctx := auth.WithViewer(context.Background(), auth.System)
		audited := db.Client.AuditEvent.Query().CountX(ctx)
		res := f.ed.Do(handoverMutation, map[string]any{"in": map[string]any{
			"fromId": gid.Encode(f.lee.ID), "toId": gid.Encode(f.sam.ID), "introduceBy": handoverNow.AddDate(0, 0, 7)}})
		if len(res.Errors) == 0 || res.Errors[0].Code() != "FORBIDDEN" {
			t.Fatalf("introductions with Lee by Ed: %+v, want FORBIDDEN", res.Errors)
		}
		if h, i, p := f.count(t); h+i+p != 0 {
			t.Errorf("failed midway, yet %d handovers, %d items, %d planned interactions are left", h, i, p)
		}
		if after := f.strengths(t); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("failed midway, yet coverage changed: %v, was %v", after, before)
		}
		if n := db.Client.AuditEvent.Query().Where(auditevent.EntityTypeIn("Handover", "HandoverItem", "Coverage", "Interaction"), auditevent.ActorTypeEQ(auditevent.ActorTypeUSER)).CountX(ctx); n != 0 {
			t.Errorf("failed midway, yet %d audit events of the writes (%d events before)", n, audited)
		}

		var got struct{ Handover []handoverOut }
		f.ed.MustDo(handoverMutation, map[string]any{"in": map[string]any{"fromId": gid.Encode(f.lee.ID), "toId": gid.Encode(f.sam.ID)}}, &got)
		if len(got.Handover) != 1 || got.Handover[0].Account.Name != "Acme" || len(got.Handover[0].Items) != 4 {
			t.Fatalf("Ed's handover = %+v, want Acme's 4 contacts", got.Handover)
		}
		cov := f.strengths(t)
		if cov["Lee/Oz"] != "2:MANUAL" || cov["Sam/Oz"] != "" || cov["Sam/Uma"] != "2:HANDOVER:primary" {
			t.Errorf("after Ed's handover: Lee/Oz %q (want kept), Sam/Oz %q (want none), Sam/Uma %q", cov["Lee/Oz"], cov["Sam/Oz"], cov["Sam/Uma"])
		}
		// Bo sees none of Acme's handover; the admin sees it.
		list := `query($m: ID!) { node(id: $m) { ... on TeamMember { handovers { id } } } }`
		var bo, admin struct {
			Node struct{ Handovers []struct{ ID string } }
		}
		f.bo.MustDo(list, map[string]any{"m": gid.Encode(f.sam.ID)}, &bo)
		f.admin.MustDo(list, map[string]any{"m": gid.Encode(f.sam.ID)}, &admin)
		if len(bo.Node.Handovers) != 0 || len(admin.Node.Handovers) != 1 {
			t.Errorf("Sam's handovers: Bo sees %d (want 0), the admin %d (want 1)", len(bo.Node.Handovers), len(admin.Node.Handovers))
		}
		if code := errorCode(t, f.bo, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": got.Handover[0].ID}); code != "NOT_FOUND" {
			t.Errorf("Bo reading Acme's handover: %s, want NOT_FOUND", code)
		}
	})
}

// TestHandoverListStatementsDoNotGrow: the team's handovers with their
// items, contacts, introductions and progress take the same statements
// for 2 contacts a member as for 20.
func TestHandoverListStatementsDoNotGrow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		counts := map[int]int64{}
		for _, n := range []int{2, 20} {
			var members []string
			for k := range 3 {
				from, to := b.member(fmt.Sprintf("from%d-%d", n, k), true), b.member(fmt.Sprintf("to%d-%d", n, k), true)
				acc := b.account(fmt.Sprintf("A%d-%d", n, k))
				var ids []string
				for i := range n {
					p := b.contact(acc, fmt.Sprintf("P%d-%d-%d", n, k, i))
					b.cover(from, p, 3)
					ids = append(ids, gid.Encode(p.ID))
				}
				c.MustDo(`mutation($in: HandoverInput!) { handover(input: $in) { id } }`, map[string]any{"in": map[string]any{
					"fromId": gid.Encode(from.ID), "toId": gid.Encode(to.ID), "contactIds": ids, "introduceBy": time.Now().AddDate(0, 0, 7)}}, nil)
				members = append(members, gid.Encode(from.ID), gid.Encode(to.ID))
			}
			var got struct {
				Nodes []struct {
					Handovers []struct {
						Items []struct {
							Contact      struct{ Name string }
							Introduction struct{ Status string }
						}
						Progress struct{ Contacts int }
					}
				}
			}
			q := `query($ids: [ID!]!) { nodes(ids: $ids) { ... on TeamMember { handovers { account { name } successor { name }
				items { contact { name } introduction { status } met } progress { contacts met } } } } }`
			counts[n] = c.Statements(func() { c.MustDo(q, map[string]any{"ids": members}, &got) })
			for _, m := range got.Nodes {
				if len(m.Handovers) != 1 || len(m.Handovers[0].Items) != n || m.Handovers[0].Progress.Contacts != n {
					t.Fatalf("handovers %+v, want one of %d contacts each", m.Handovers, n)
				}
			}
		}
		t.Logf("statements: 2 contacts %d, 20 contacts %d", counts[2], counts[20])
		if counts[2] != counts[20] {
			t.Errorf("statements grew with the contacts: %d for 2, %d for 20", counts[2], counts[20])
		}
	})
}
