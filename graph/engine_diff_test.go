package graph_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const diffQuery = `query($a: ID!, $from: Time!, $to: Time!) { graphDiff(accountId: $a, from: $from, to: $to) {
	relationsAdded { id } relationsEnded { id } relationsChanged { id }
	coveragesAdded { contact { name } } coveragesChanged { contact { name } }
	attitudeShifts { contact { name } before after at }
	joined { name } left { name } } }`

// In the window 2025-01-01 .. 2025-12-31: d3 joined, d4 left (d5 left in
// 2024); d1-d2 was added, d1-d3 ended, d2-d4 was edited; m began covering
// d1 and changed d2's coverage; d1 went from NEUTRAL to SUPPORTER, d2
// stayed SKEPTIC (only influence changed).
func TestGraphDiff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)

		a := b.account("D")
		created := func(at string) func(*ent.ContactCreate) {
			return func(q *ent.ContactCreate) { q.SetCreatedAt(day(at)) }
		}
		left := func(at string) func(*ent.ContactCreate) {
			return func(q *ent.ContactCreate) { q.SetStatus(contact.StatusLEFT).SetLeftAt(day(at)) }
		}
		d1, d2 := b.contact(a, "d1", created("2024-01-01")), b.contact(a, "d2", created("2024-01-01"))
		d3 := b.contact(a, "d3", created("2025-04-01"))
		d4 := b.contact(a, "d4", created("2024-01-01"), left("2025-06-01"))
		b.contact(a, "d5", created("2024-01-01"), left("2024-01-01"))
		rel := func(x, y *ent.Contact, from string, to *string, createdAt, updatedAt string) *ent.ContactRelation {
			q := b.c.ContactRelation.Create().SetFromID(x.ID).SetToID(y.ID).SetKind(domain.RelationAlly).
				SetValidFrom(day(from)).SetCreatedAt(day(createdAt)).SetUpdatedAt(day(updatedAt))
			if to != nil {
				q.SetValidTo(day(*to))
			}
			return must[*ent.ContactRelation](t)(q.Save(b.ctx))
		}
		added := rel(d1, d2, "2025-02-01", nil, "2025-02-01", "2025-02-01")
		ended := rel(d1, d3, "2024-01-01", ptr("2025-08-01"), "2024-01-01", "2025-08-01")
		changed := rel(d2, d4, "2024-01-01", nil, "2024-01-01", "2025-09-01")
		rel(d1, d4, "2024-01-01", nil, "2024-01-01", "2024-01-01")
		m := b.member("m", true)
		at := func(created, updated string) func(*ent.CoverageCreate) {
			return func(q *ent.CoverageCreate) { q.SetCreatedAt(day(created)).SetUpdatedAt(day(updated)) }
		}
		b.cover(m, d1, 2, at("2025-02-01", "2025-02-01"))
		b.cover(m, d2, 2, at("2024-01-01", "2025-10-01"))
		b.cover(m, d4, 2, at("2024-01-01", "2024-01-01"))
		assess := func(ct *ent.Contact, att domain.Attitude, infl int, when string) {
			must[*ent.Assessment](t)(b.c.Assessment.Create().SetContactID(ct.ID).SetAttitude(att).SetInfluence(infl).SetAssessedAt(day(when)).Save(b.ctx))
		}
		assess(d1, domain.AttitudeNeutral, 3, "2024-07-01")
		assess(d1, domain.AttitudeSupporter, 3, "2025-03-01")
		assess(d2, domain.AttitudeSkeptic, 3, "2024-07-01")
		assess(d2, domain.AttitudeSkeptic, 5, "2025-05-01")

		var got struct {
			GraphDiff struct {
				RelationsAdded, RelationsEnded, RelationsChanged []struct{ ID string }
				CoveragesAdded, CoveragesChanged                 []struct{ Contact struct{ Name string } }
				AttitudeShifts                                   []struct {
					Contact           struct{ Name string }
					Before, After, At string
				}
				Joined, Left []struct{ Name string }
			}
		}
		c.MustDo(diffQuery, map[string]any{"a": idOf(a.ID), "from": "2025-01-01T00:00:00Z", "to": "2025-12-31T00:00:00Z"}, &got)
		g := got.GraphDiff
		ids := func(xs []struct{ ID string }) []string {
			var out []string
			for _, x := range xs {
				out = append(out, x.ID)
			}
			return out
		}
		check := func(what string, got, want []string) {
			if !slices.Equal(got, want) {
				t.Errorf("%s = %q, want %q", what, got, want)
			}
		}
		check("relationsAdded", ids(g.RelationsAdded), []string{idOf(added.ID)})
		check("relationsEnded", ids(g.RelationsEnded), []string{idOf(ended.ID)})
		check("relationsChanged", ids(g.RelationsChanged), []string{idOf(changed.ID)})
		var ca, cc, joined, gone, shifts []string
		for _, x := range g.CoveragesAdded {
			ca = append(ca, x.Contact.Name)
		}
		for _, x := range g.CoveragesChanged {
			cc = append(cc, x.Contact.Name)
		}
		for _, x := range g.Joined {
			joined = append(joined, x.Name)
		}
		for _, x := range g.Left {
			gone = append(gone, x.Name)
		}
		for _, x := range g.AttitudeShifts {
			shifts = append(shifts, x.Contact.Name+" "+x.Before+">"+x.After+" "+x.At[:10])
		}
		check("coveragesAdded", ca, []string{"d1"})
		check("coveragesChanged", cc, []string{"d2"})
		check("joined", joined, []string{"d3"})
		check("left", gone, []string{"d4"})
		check("attitudeShifts", shifts, []string{"d1 NEUTRAL>SUPPORTER 2025-03-01"})

		if code := errorCode(t, c, diffQuery, map[string]any{"a": idOf(a.ID), "from": "2025-12-31T00:00:00Z", "to": "2025-01-01T00:00:00Z"}); code != "BAD_USER_INPUT" {
			t.Errorf("to before from: code %q", code)
		}
		if code := errorCode(t, c, diffQuery, map[string]any{"a": idOf(a.ID + 1000), "from": "2025-01-01T00:00:00Z", "to": "2025-12-31T00:00:00Z"}); code != "NOT_FOUND" {
			t.Errorf("unknown account: code %q", code)
		}
	})
}

// Strengths set through the API and a coverage deleted through it come
// back from the audit trail with their values before and after, for an
// admin and for a viewer alike (who may not list audit events).
func TestGraphDiffStrengthHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("H")
		h1, h2 := b.contact(a, "h1"), b.contact(a, "h2")
		m := b.member("m", true)
		cov := b.cover(m, h1, 2)
		gone := b.cover(m, h2, 3)
		rel := b.relate(h1, h2, domain.RelationAlly, 2, day("2024-01-01"), nil)
		from := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)

		c.MustDo(`mutation($id: ID!) { updateCoverage(id: $id, input: {strength: 4}) { id } }`, map[string]any{"id": idOf(cov.ID)}, nil)
		c.MustDo(`mutation($id: ID!) { updateCoverage(id: $id, input: {strength: 4}) { id } }`, map[string]any{"id": idOf(cov.ID)}, nil) // no change: no entry
		c.MustDo(`mutation($id: ID!) { updateContactRelation(id: $id, input: {strength: 1}) { id } }`, map[string]any{"id": idOf(rel.ID)}, nil)
		c.MustDo(`mutation($id: ID!) { deleteCoverage(id: $id) { deletedID } }`, map[string]any{"id": idOf(gone.ID)}, nil)
		to := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)

		const q = `query($a: ID!, $from: Time!, $to: Time!) { graphDiff(accountId: $a, from: $from, to: $to) {
			strengthChanges { relation { id } coverage { id } before after }
			coveragesEnded { contact { name } teamMember { name } strength } } }`
		var want = `{"graphDiff":{"strengthChanges":[` +
			`{"relation":null,"coverage":{"id":"` + idOf(cov.ID) + `"},"before":2,"after":4},` +
			`{"relation":{"id":"` + idOf(rel.ID) + `"},"coverage":null,"before":2,"after":1}],` +
			`"coveragesEnded":[{"contact":{"name":"h2"},"teamMember":{"name":"m"},"strength":3}]}}`
		vars := map[string]any{"a": idOf(a.ID), "from": from, "to": to}
		for name, client := range map[string]*apitest.Client{"admin": c, "viewer": c.As(apitest.NewToken(t, db, auth.RoleViewer, true))} {
			var got json.RawMessage
			client.MustDo(q, vars, &got)
			if string(got) != want {
				t.Errorf("%s: graphDiff =\n%s\nwant\n%s", name, got, want)
			}
		}
		// Before the changes, nothing.
		var none json.RawMessage
		c.MustDo(q, map[string]any{"a": idOf(a.ID), "from": "2020-01-01T00:00:00Z", "to": from}, &none)
		if want := `{"graphDiff":{"strengthChanges":[],"coveragesEnded":[]}}`; string(none) != want {
			t.Errorf("window before the changes: %s, want %s", none, want)
		}
	})
}
