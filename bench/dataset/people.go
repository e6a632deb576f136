package dataset

import (
	"fmt"

	"rapport/internal/gid"
)

// contactAt returns the store ID of account a's local-th contact.
func (s Scale) contactAt(a, local int) int { return gid.Of("Contact", s.firstContact(a)+local) }

// people: contacts with their reporting lines, relations (mostly inside
// the account, some former colleagues across accounts), coverage by the
// account team, and one assessment per key contact.
func people(s Scale) []Table {
	total := s.totalContacts()
	forEachContact := func(f func(a, local, n int) error) error {
		for a := 1; a <= s.Accounts; a++ {
			for l := 0; l < s.contactsOf(a); l++ {
				if err := f(a, l, s.firstContact(a)+l); err != nil {
					return err
				}
			}
		}
		return nil
	}
	teamOf := s.teamOf
	contacts := Table{Name: "contacts", Cols: []string{"id", "created_at", "updated_at", "name", "title", "department",
		"seniority", "decision_role", "attitude", "influence", "interest", "status", "left_at", "email", "external_id",
		"account_id", "reports_to_id"}}
	contacts.Gen = func(emit func(...any) error) error {
		return forEachContact(func(a, l, n int) error {
			r := rnd(4, n)
			role, seniority := contactRole(l)
			left := r%20 == 0 && l >= keyContacts
			status := "ACTIVE"
			if left {
				status = "LEFT"
			}
			var reportsTo any
			if l > 0 {
				reportsTo = s.contactAt(a, (l-1)/5)
			}
			return emit(gid.Of("Contact", n), base, base,
				fmt.Sprintf("%s %s %d", pick(family, r>>3), pick(given, r>>7), n), fmt.Sprintf("%s lead", pick(departments, r>>11)),
				pick(departments, r>>11), seniority, role, pick(attitudes, r>>15), 1+int(r>>19)%5, 1+int(r>>23)%5,
				status, nullable(left, day(r>>27)), fmt.Sprintf("c%d@customer.example", n), fmt.Sprintf("c-%d", n),
				gid.Of("Account", a), reportsTo)
		})
	}

	relations := Table{Name: "contact_relations", Cols: []string{"id", "created_at", "updated_at", "source", "confidence",
		"kind", "strength", "valid_from", "valid_to", "from_id", "to_id"}}
	relations.Gen = func(emit func(...any) error) error {
		id := 0
		return forEachContact(func(a, l, n int) error {
			size := s.contactsOf(a)
			for j := 0; j < s.RelationsPer; j++ {
				id++
				r := rnd(5, id)
				kind := pick(kinds[:5], r>>8)
				var to int
				if j%crossAccountEach == crossAccountEach-1 && r%3 == 0 {
					// Former colleagues anywhere: what makes introduction paths cross accounts.
					kind = "FORMER_COLLEAGUE"
					to = gid.Of("Contact", 1+int(r>>20)%total)
				} else {
					to = s.contactAt(a, (l+1+int(r>>20)%(size-1))%size)
				}
				if to == gid.Of("Contact", n) {
					to = s.contactAt(a, (l+1)%size)
				}
				err := emit(gid.Of("ContactRelation", id), base, base, "MANUAL", 1.0, kind, 1+int(r>>12)%5,
					day(r>>16), nullable(r%20 == 1, base.AddDate(0, 0, -1)), gid.Of("Contact", n), to)
				if err != nil {
					return err
				}
			}
			return nil
		})
	}

	coverages := Table{Name: "coverages", Cols: []string{"id", "created_at", "updated_at", "source", "confidence",
		"strength", "last_interaction_at", "primary_owner", "contact_id", "team_member_id"}}
	coverages.Gen = func(emit func(...any) error) error {
		id := 0
		return forEachContact(func(a, l, n int) error {
			r := rnd(6, n)
			var tms []int
			switch {
			case l < keyContacts:
				tms = []int{teamOf(a, 0), teamOf(a, 1)}
			case r%5 != 0:
				tms = []int{teamOf(a, int(r>>4)%teamPerAccount)}
			}
			for k, t := range tms {
				id++
				if err := emit(gid.Of("Coverage", id), base, base, "MANUAL", 1.0, int(r>>8+uint64(k))%5,
					day(r>>12), k == 0, gid.Of("Contact", n), t); err != nil {
					return err
				}
			}
			return nil
		})
	}

	assessments := Table{Name: "assessments", Cols: []string{"id", "created_at", "updated_at", "attitude", "influence",
		"interest", "assessed_at", "contact_id", "assessed_by_id"}}
	assessments.Gen = func(emit func(...any) error) error {
		id := 0
		return forEachContact(func(a, l, n int) error {
			if l >= keyContacts {
				return nil
			}
			id++
			r := rnd(4, n) // the contact's own draw: the assessment agrees with the contact
			return emit(gid.Of("Assessment", id), base, base, pick(attitudes, r>>15), 1+int(r>>19)%5, 1+int(r>>23)%5,
				day(r>>29), gid.Of("Contact", n), teamOf(a, 0))
		})
	}
	return []Table{contacts, relations, coverages, assessments}
}
