package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"rapport/internal/domain"
)

// ContactRelation defines a tie between two stakeholders, possibly at
// different accounts. Reporting lines are not relations: they live on
// Contact.reportsTo so that an org chart has exactly one manager per person.
type ContactRelation struct {
	ent.Schema
}

// Mixin of ContactRelation.
func (ContactRelation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, ProvenanceMixin{}}
}

// Fields of ContactRelation.
func (ContactRelation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("from_id"),
		field.Int("to_id"),
		field.Enum("kind").
			GoType(domain.RelationKind("")).
			Annotations(entgql.OrderField("KIND"), entgql.Type("RelationKind")),
		field.Int("strength").
			Range(1, 5).
			Default(3).
			Annotations(entgql.OrderField("STRENGTH")),
		field.Time("valid_from").
			Default(time.Now).
			Annotations(entgql.OrderField("VALID_FROM")),
		field.Time("valid_to").
			Optional().
			Nillable().
			Comment("Empty while the relation holds.").
			Annotations(entgql.OrderField("VALID_TO")),
		field.Text("notes").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of ContactRelation.
func (ContactRelation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("from", Contact.Type).
			Ref("outgoing_relations").
			Field("from_id").
			Unique().
			Required(),
		edge.From("to", Contact.Type).
			Ref("incoming_relations").
			Field("to_id").
			Unique().
			Required(),
	}
}

// Indexes of ContactRelation.
func (ContactRelation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("from_id", "kind"),
		index.Fields("to_id", "kind"),
	}
}

// Annotations of ContactRelation.
func (ContactRelation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
