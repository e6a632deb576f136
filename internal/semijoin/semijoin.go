// Package semijoin selects rows by a foreign key whose target rows match
// predicates: "column IN (SELECT id FROM target WHERE ...)".
//
// ent's edge predicates from the side that holds the foreign key
// (coverage.HasContactWith, decisionchainlink.HasOpportunityWith) are a
// correlated EXISTS, which SQLite answers by visiting every row of the
// outer table and probing the target for each: at scale L the coverage of
// a group's six accounts read all 189,000 coverage rows (95 ms of CPU a
// statement), their open decision chains all 50,000 links. With the IN
// sub-select SQLite reads the target rows by their index and then the
// outer rows by the foreign key's; PostgreSQL plans both forms as the same
// semi-join.
package semijoin

import (
	"entgo.io/ent/dialect/sql"

	"rapport/ent/predicate"
)

// In is "column IN (SELECT id FROM table WHERE preds)", the target rows
// under table's read scope as the generated edge predicate applies it, so
// that a viewer selects the rows whose target they may read, and nothing
// more.
func In[P ~func(*sql.Selector)](column, table string, preds ...P) func(*sql.Selector) {
	return InColumn(column, table, "id", preds...)
}

// InColumn is In with the sub-select reading target instead of id: the
// other side of an edge whose foreign key is in table ("contacts.id IN
// (SELECT contact_id FROM contact_roles WHERE ...)").
func InColumn[P ~func(*sql.Selector)](column, table, target string, preds ...P) func(*sql.Selector) {
	return func(s *sql.Selector) {
		// Aliased: the target may be the outer table itself (a contact's
		// manager), and preds name their columns through the alias.
		t := sql.Table(table).As(table + "_in")
		sub := sql.Dialect(s.Dialect()).Select(t.C(target)).From(t)
		sub.WithContext(s.Context())
		if scope := predicate.ScopeOf(s.Context(), table); scope != nil {
			scope(sub)
		}
		for _, p := range preds {
			p(sub)
		}
		s.Where(sql.In(s.C(column), sub))
	}
}
