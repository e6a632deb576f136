package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Budget defines the relationship budget planned for an account in a period.
type Budget struct {
	ent.Schema
}

// Mixin of Budget.
func (Budget) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Budget.
func (Budget) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.String("period").
			Match(periodPattern).
			Comment("A year (2026), a quarter (2026-Q3) or a month (2026-07).").
			Annotations(entgql.OrderField("PERIOD")),
		field.Float("planned").
			Min(0).
			Annotations(entgql.OrderField("PLANNED")),
	}
}

// Edges of Budget.
func (Budget) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("budgets").
			Field("account_id").
			Unique().
			Required(),
	}
}

// Indexes of Budget: one plan per account and period.
func (Budget) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "period").Unique()}
}

// Annotations of Budget.
func (Budget) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
