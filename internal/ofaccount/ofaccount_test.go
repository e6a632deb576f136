package ofaccount_test

import (
	"context"
	"slices"
	"testing"

	"entgo.io/ent/dialect/sql"

	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/ent/predicate"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/ofaccount"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestContactsSelectWhatTheEdgePredicatesSelect: the sub-select picks the
// same rows as the edge predicates it replaces, for one account and for
// several, relations from either end included.
func TestContactsSelectWhatTheEdgePredicatesSelect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := auth.WithViewer(context.Background(), auth.System)
		c := db.Client
		m := c.TeamMember.Create().SetName("M").SetEmail("m@example.com").SaveX(ctx)
		var accounts []int
		var people [][]int
		for i := range 3 {
			a := c.Account.Create().SetName(string(rune('A' + i))).SaveX(ctx)
			accounts = append(accounts, a.ID)
			var ids []int
			for j := range 3 {
				p := c.Contact.Create().SetAccountID(a.ID).SetName(string(rune('a'+i)) + string(rune('0'+j))).SaveX(ctx)
				ids = append(ids, p.ID)
				if j != 1 {
					c.Coverage.Create().SetTeamMemberID(m.ID).SetContactID(p.ID).SetStrength(2).SaveX(ctx)
				}
			}
			people = append(people, ids)
		}
		// Within A, from A to B, from C to A, within C.
		for _, p := range [][2]int{{people[0][0], people[0][1]}, {people[0][2], people[1][0]}, {people[2][1], people[0][1]}, {people[2][0], people[2][2]}} {
			c.ContactRelation.Create().SetFromID(p[0]).SetToID(p[1]).SetKind(domain.RelationAlly).SaveX(ctx)
		}
		for _, set := range [][]int{{accounts[0]}, {accounts[1]}, {accounts[0], accounts[2]}, {}} {
			of := contact.AccountIDIn(set...)
			wantRel := c.ContactRelation.Query().Where(contactrelation.Or(contactrelation.HasFromWith(of), contactrelation.HasToWith(of))).IDsX(ctx)
			gotRel := c.ContactRelation.Query().Where(predicate.ContactRelation(func(s *sql.Selector) {
				s.Where(sql.Or(ofaccount.Contacts(s, contactrelation.FieldFromID, set...), ofaccount.Contacts(s, contactrelation.FieldToID, set...)))
			})).IDsX(ctx)
			wantCov := c.Coverage.Query().Where(coverage.HasContactWith(of)).IDsX(ctx)
			gotCov := c.Coverage.Query().Where(predicate.Coverage(func(s *sql.Selector) {
				s.Where(ofaccount.Contacts(s, coverage.FieldContactID, set...))
			})).IDsX(ctx)
			slices.Sort(wantRel)
			slices.Sort(gotRel)
			slices.Sort(wantCov)
			slices.Sort(gotCov)
			if !slices.Equal(gotRel, wantRel) || !slices.Equal(gotCov, wantCov) {
				t.Errorf("accounts %v: relations %v, want %v; coverage %v, want %v", set, gotRel, wantRel, gotCov, wantCov)
			}
			if len(set) > 0 && len(wantRel) == 0 {
				t.Errorf("accounts %v: the fixture has no relation for them", set)
			}
		}
	})
}
