package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// GraphEpoch defines the one-row counter of changes to the stakeholder
// graph: every transaction that writes accounts, contacts, contact
// relations, coverages or team members adds one to it at commit (see
// package graphindex). A server compares it with the epoch of its
// in-memory graph snapshot to know, exactly and with one cheap statement,
// whether any process changed the graph since. It is written with plain
// SQL, never through ent, so that it has no hooks and no audit trail.
type GraphEpoch struct {
	ent.Schema
}

// Fields of GraphEpoch.
func (GraphEpoch) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("epoch").Default(0),
	}
}

// Annotations of GraphEpoch: not part of the API.
func (GraphEpoch) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("graph_epochs"), entgql.Skip(entgql.SkipAll)}
}
