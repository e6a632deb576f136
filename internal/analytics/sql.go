package analytics

import (
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// month returns the SQL that buckets a timestamp column by UTC month as
// YYYY-MM. SQLite stores times as text that strftime reads (offset
// included); PostgreSQL has timestamptz.
func month(s *sql.Selector, column string) string {
	if s.Dialect() == dialect.Postgres {
		return fmt.Sprintf("to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM')", column)
	}
	return fmt.Sprintf("strftime('%%Y-%%m', %s)", column)
}

// sum is SUM that reads 0 over no rows.
func sum(column string) string { return fmt.Sprintf("COALESCE(SUM(%s), 0)", column) }

// avg averages as floating point on both stores (PostgreSQL's AVG of an
// integer is numeric, which does not scan into float64).
func avg(column string) string {
	return fmt.Sprintf("COALESCE(AVG(CAST(%s AS DOUBLE PRECISION)), 0)", column)
}

// group selects each key column under an alias, then the aggregates, and
// groups and orders by the keys, NULL first on both stores (PostgreSQL
// would put it last, SQLite first).
func group(s *sql.Selector, keys [][2]string, aggregates ...string) {
	var cols, exprs, order []string
	for _, k := range keys {
		cols = append(cols, sql.As(k[0], k[1]))
		exprs = append(exprs, k[0])
		order = append(order, fmt.Sprintf("CASE WHEN %s IS NULL THEN 0 ELSE 1 END", k[0]), k[0])
	}
	s.Select(append(cols, aggregates...)...)
	if len(exprs) > 0 {
		s.GroupBy(exprs...)
		s.OrderBy(order...)
	}
}
