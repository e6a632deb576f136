package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Change defines the durable feed of committed changes (package
// changelog): one row per entity a transaction created, updated or
// deleted, written in that transaction right before it commits. Servers
// follow it to keep their in-memory graph and the portfolio's maintained
// values up to date incrementally, each from where it last read, so that
// several servers on one PostgreSQL see each other's writes and a restart
// or a missed notification still converges. Rows are only appended (and
// pruned when old); written with plain SQL, never through ent, so that
// they have no hooks and no audit trail of their own.
type Change struct {
	ent.Schema
}

// Fields of Change.
func (Change) Fields() []ent.Field {
	return []ent.Field{
		// The writing transaction's ID on PostgreSQL (txid_current()), 0 on
		// SQLite: a reader asks again for the rows of transactions that were
		// still running at its last read (see changelog.Feed).
		field.Int64("txid").Default(0),
		field.String("entity_type"),
		field.Int("entity_id"),
		// The account the row belongs to, and the account of its other end
		// (a relation's target contact), 0 when none.
		field.Int("account_id").Default(0),
		field.Int("also").Default(0),
		field.Time("at"),
	}
}

// Indexes of Change.
func (Change) Indexes() []ent.Index {
	return []ent.Index{index.Fields("txid"), index.Fields("at")}
}

// Annotations of Change: not part of the API.
func (Change) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("changes"), entgql.Skip(entgql.SkipAll)}
}
