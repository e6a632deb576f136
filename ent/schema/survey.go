package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Survey defines one satisfaction measurement of an account.
type Survey struct {
	ent.Schema
}

// Mixin of Survey.
func (Survey) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Survey.
func (Survey) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.Float("score").
			Range(0, 10).
			Comment("Satisfaction 0-10.").
			Annotations(entgql.OrderField("SCORE")),
		field.Enum("channel").
			Values("THIRD_PARTY", "HOTLINE_CALLBACK", "ONLINE", "INTERVIEW").
			Annotations(entgql.OrderField("CHANNEL")),
		field.Time("surveyed_at").
			Annotations(entgql.OrderField("SURVEYED_AT")),
		field.Text("comment").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of Survey.
func (Survey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("surveys").
			Field("account_id").
			Unique().
			Required(),
	}
}

// Indexes of Survey.
func (Survey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "surveyed_at")}
}

// Annotations of Survey.
func (Survey) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
