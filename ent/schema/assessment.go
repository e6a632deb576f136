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

// Assessment defines a dated re-assessment of a contact. Attitude and
// influence are read over time from these rows; the contact carries the
// latest one's values.
type Assessment struct {
	ent.Schema
}

// Mixin of Assessment.
func (Assessment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Assessment.
func (Assessment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("contact_id").Immutable(),
		field.Enum("attitude").
			GoType(domain.Attitude("")).
			Annotations(entgql.OrderField("ATTITUDE"), entgql.Type("Attitude")),
		field.Int("influence").
			Range(1, 5).
			Annotations(entgql.OrderField("INFLUENCE")),
		field.Int("interest").
			Range(1, 5).
			Default(3).
			Annotations(entgql.OrderField("INTEREST")),
		field.Int("assessed_by_id").
			Optional().
			Nillable(),
		field.Time("assessed_at").
			Default(time.Now).
			Annotations(entgql.OrderField("ASSESSED_AT")),
		field.Text("note").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of Assessment.
func (Assessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("contact", Contact.Type).
			Ref("assessments").
			Field("contact_id").
			Unique().
			Required().
			Immutable(),
		edge.From("assessed_by", TeamMember.Type).
			Ref("assessments").
			Field("assessed_by_id").
			Unique(),
	}
}

// Indexes of Assessment.
func (Assessment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("contact_id", "assessed_at")}
}

// Annotations of Assessment.
func (Assessment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
		entgql.MultiOrder(),
	}
}
