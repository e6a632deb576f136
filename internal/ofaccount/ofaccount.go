// Package ofaccount selects rows by the account of the contact they name,
// with a sub-select the database can drive from the accounts' contacts.
//
// ent's edge predicates (coverage.HasContactWith(contact.AccountID(a)),
// and an OR of a relation's HasFromWith and HasToWith) are correlated
// EXISTS, which SQLite answers by visiting every row of the outer table:
// at scale L, 1,000,000 relations for one account's graph diff (0.9 s)
// and again for every refresh of the suggestion queue. "column IN (SELECT
// id FROM contacts WHERE account_id ...)" reads the accounts' contacts by
// their index and then the rows by the column's index, on both stores.
package ofaccount

import (
	"entgo.io/ent/dialect/sql"

	"rapport/ent/contact"
)

// Contacts is "column IN (the IDs of the contacts of accounts)", column
// being a contact ID column of s's table. The rows selected stay under
// their own read scope (the query's); the sub-select only says which rows
// to look at.
func Contacts(s *sql.Selector, column string, accounts ...int) *sql.Predicate {
	t := sql.Table(contact.Table).As("account_contacts")
	ids := make([]any, len(accounts))
	for i, a := range accounts {
		ids[i] = a
	}
	return sql.In(s.C(column), sql.Dialect(s.Dialect()).Select(t.C(contact.FieldID)).From(t).
		Where(sql.In(t.C(contact.FieldAccountID), ids...)))
}
