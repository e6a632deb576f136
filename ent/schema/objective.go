package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Objective defines one measurable goal of an account plan: a target
// strength or attitude for a named stakeholder, a coverage ratio, a revenue
// or a whitespace target. internal/plans validates the target's range by
// metric and measures today's value with the existing engines.
type Objective struct {
	ent.Schema
}

// Mixin of Objective.
func (Objective) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Objective.
func (Objective) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable(),
		field.String("title").NotEmpty().MaxLen(300),
		field.Enum("metric").
			Values("STRENGTH", "ATTITUDE", "COVERAGE_RATIO", "REVENUE", "WHITESPACE"),
		field.Float("target"),
		field.Int("contact_id").Optional().Nillable().
			Comment("The named stakeholder of a STRENGTH or ATTITUDE target."),
		field.Int("owner_id").Optional().Nillable(),
		field.Time("due_at").Optional().Nillable(),
	}
}

// Edges of Objective.
func (Objective) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", AccountPlan.Type).Ref("objectives").Field("plan_id").Unique().Required().Immutable(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique(),
		edge.To("owner", TeamMember.Type).Field("owner_id").Unique(),
	}
}

// Indexes of Objective.
func (Objective) Indexes() []ent.Index { return []ent.Index{index.Fields("plan_id")} }

// Annotations of Objective.
func (Objective) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
