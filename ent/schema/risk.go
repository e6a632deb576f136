package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Risk defines one risk named in an account plan, with its mitigation.
type Risk struct {
	ent.Schema
}

// Mixin of Risk.
func (Risk) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Risk.
func (Risk) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable(),
		field.String("description").NotEmpty().MaxLen(1000),
		field.Enum("severity").Values("LOW", "MEDIUM", "HIGH").Default("MEDIUM"),
		field.Text("mitigation").Optional().MaxLen(5000).Annotations(noFilter()),
		field.Int("owner_id").Optional().Nillable(),
	}
}

// Edges of Risk.
func (Risk) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", AccountPlan.Type).Ref("risks").Field("plan_id").Unique().Required().Immutable(),
		edge.To("owner", TeamMember.Type).Field("owner_id").Unique(),
	}
}

// Annotations of Risk.
func (Risk) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
