package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AccountPlan defines the relationship plan of one account for one fiscal
// year (the server's RAPPORT_FISCAL_YEAR_START decides where it begins):
// objectives, planned activities (interactions with status PLANNED linked
// to the plan) and risks. internal/plans computes its plan vs actual.
type AccountPlan struct {
	ent.Schema
}

// Mixin of AccountPlan.
func (AccountPlan) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of AccountPlan.
func (AccountPlan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Int("fiscal_year").
			Range(2000, 2100).
			Comment("The fiscal year, named by the calendar year it starts in.").
			Annotations(entgql.OrderField("FISCAL_YEAR")),
		field.String("title").Optional().MaxLen(300),
		field.Text("summary").Optional().MaxLen(10000).Annotations(noFilter()),
		field.Int("owner_id").Optional().Nillable(),
	}
}

// Edges of AccountPlan.
func (AccountPlan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("owner", TeamMember.Type).Field("owner_id").Unique(),
		edge.To("objectives", Objective.Type).
			Annotations(entgql.RelayConnection(), entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("risks", Risk.Type).
			Annotations(entgql.RelayConnection(), entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("activities", Interaction.Type).Ref("plan").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of AccountPlan: one plan per account and fiscal year.
func (AccountPlan) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "fiscal_year").Unique()}
}

// Annotations of AccountPlan.
func (AccountPlan) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
