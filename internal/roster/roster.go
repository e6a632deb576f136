// Package roster lists the people counted at each account (issue 16 point
// 7, decision 0012): the active contacts whose home it is, and the active
// contacts who hold a role there (ContactRole), each once per account. The
// engines (layers, health, gaps, roll-up, handover) read it so that a board
// member of two subsidiaries counts at both, without a copy.
package roster

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/contactrole"
	"rapport/ent/predicate"
	"rapport/internal/domain"
	"rapport/internal/semijoin"
)

// Person is an active contact as counted at one account.
type Person struct {
	AccountID int
	// Contact is the stored row: what the API shows and links to.
	Contact *ent.Contact
	// At is the person as counted at AccountID: Contact itself at home;
	// at a role's account a copy with the role's decision role, influence
	// and title (the contact's own title when the role has none). The
	// rest (seniority, department, attitude, status, when they were
	// added) is the person's own everywhere: a role records none of it.
	At *ent.Contact
	// Role is the role held at AccountID, nil at home.
	Role *ent.ContactRole
}

// Holding keeps the contacts who hold a role at one of the accounts (with
// one of roles, when any are given), as
//
//	contacts.id IN (SELECT contact_id FROM contact_roles WHERE account_id IN (...))
//
// under the roles' read scope, as the generated edge predicate applies it.
// That predicate (contact.HasRolesWith) is a correlated EXISTS, which
// SQLite answers by visiting every contact: 98 ms a statement at scale L,
// several statements per group card and handover page; the sub-select reads
// the roles by their account index (0.1 ms).
func Holding(accountIDs []int, roles ...domain.DecisionRole) predicate.Contact {
	preds := []predicate.ContactRole{contactrole.AccountIDIn(accountIDs...)}
	if len(roles) > 0 {
		preds = append(preds, contactrole.DecisionRoleIn(roles...))
	}
	return predicate.Contact(semijoin.InColumn(contact.FieldID, contactrole.Table, contactrole.FieldContactID, preds...))
}

// Roster is what Load read.
type Roster struct {
	// People are the active people counted at each account, by contact ID.
	People map[int][]Person
	// Homes are, per account, the home accounts of everyone who holds a
	// role there, active or not (a change of the person names their home:
	// one who left and returns must still find the role's account).
	Homes map[int][]int
}

// Load reads the people counted at the accounts (at most a chunk.Size of
// them: callers chunk) through the caller's client, so that a viewer counts
// the people they may read (a role holder is read by the role account's
// team). Three statements whatever the rows, none with an ID list beyond
// the accounts': the active home contacts, the roles at the accounts, and
// the contacts who hold them. fields are the contact fields read (every
// field when none).
func Load(ctx context.Context, client *ent.Client, accountIDs []int, fields ...string) (*Roster, error) {
	out := &Roster{People: make(map[int][]Person, len(accountIDs)), Homes: map[int][]int{}}
	if len(accountIDs) == 0 {
		return out, nil
	}
	if len(fields) > 0 {
		fields = slices.Compact(slices.Sorted(slices.Values(append([]string{contact.FieldAccountID, contact.FieldStatus}, fields...))))
	}
	home, err := query(client, fields, contact.AccountIDIn(accountIDs...), contact.StatusEQ(contact.StatusACTIVE)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("roster: contacts of %d accounts: %w", len(accountIDs), err)
	}
	roles, err := client.ContactRole.Query().Where(contactrole.AccountIDIn(accountIDs...)).
		Order(ent.Asc(contactrole.FieldContactID), ent.Asc(contactrole.FieldAccountID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("roster: roles at %d accounts: %w", len(accountIDs), err)
	}
	holders, err := query(client, fields, Holding(accountIDs)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("roster: role holders at %d accounts: %w", len(accountIDs), err)
	}
	want := make(map[int]bool, len(accountIDs))
	for _, id := range accountIDs {
		want[id] = true
	}
	rolesOf := map[int][]*ent.ContactRole{}
	for _, r := range roles {
		rolesOf[r.ContactID] = append(rolesOf[r.ContactID], r)
	}
	homes := map[int]map[int]bool{}
	for _, c := range holders {
		for _, r := range rolesOf[c.ID] {
			if homes[r.AccountID] == nil {
				homes[r.AccountID] = map[int]bool{}
			}
			homes[r.AccountID][c.AccountID] = true
		}
	}
	for acc, set := range homes {
		for h := range set {
			out.Homes[acc] = append(out.Homes[acc], h)
		}
		slices.Sort(out.Homes[acc])
	}
	// Home first, then the roles: a contact read by both statements (home
	// at one account, a role at another) is one person with two places.
	seen := map[int]bool{}
	for _, c := range append(home, holders...) {
		if seen[c.ID] || c.Status != contact.StatusACTIVE {
			continue
		}
		seen[c.ID] = true
		if want[c.AccountID] {
			out.People[c.AccountID] = append(out.People[c.AccountID], Person{AccountID: c.AccountID, Contact: c, At: c})
		}
		for _, r := range rolesOf[c.ID] {
			// The store refuses a role at the home account; one written
			// around it would count the person twice there: home wins.
			if r.AccountID == c.AccountID || !want[r.AccountID] {
				continue
			}
			out.People[r.AccountID] = append(out.People[r.AccountID], Person{AccountID: r.AccountID, Contact: c, At: At(c, r), Role: r})
		}
	}
	for _, ps := range out.People {
		sortByContact(ps)
	}
	return out, nil
}

// At returns c as counted at the account of role r: the role's decision
// role, influence and title (c's own title when the role has none).
func At(c *ent.Contact, r *ent.ContactRole) *ent.Contact {
	at := *c
	at.DecisionRole, at.Influence = r.DecisionRole, r.Influence
	if r.Title != "" {
		at.Title = r.Title
	}
	return &at
}

func query(client *ent.Client, fields []string, where ...predicate.Contact) *ent.ContactQuery {
	q := client.Contact.Query().Where(where...).Order(ent.Asc(contact.FieldID))
	if len(fields) > 0 {
		q.Select(fields...)
	}
	return q
}

// sortByContact orders one account's people by contact ID (a person
// counts once per account: the IDs are distinct).
func sortByContact(ps []Person) {
	slices.SortFunc(ps, func(a, b Person) int { return cmp.Compare(a.Contact.ID, b.Contact.ID) })
}
