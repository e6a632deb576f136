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

// AccountOffering defines where one offering stands at one account: the
// cells of the whitespace grid (whitespace = potential - current revenue).
type AccountOffering struct {
	ent.Schema
}

// Mixin of AccountOffering.
func (AccountOffering) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of AccountOffering.
func (AccountOffering) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Int("offering_id").Immutable(),
		field.Float("current_revenue").Default(0).Min(0),
		field.Float("potential").Default(0).Min(0),
		field.Enum("status").Values("INSTALLED", "OPEN_OPPORTUNITY", "NO_FIT", "NOT_DISCUSSED").Default("NOT_DISCUSSED"),
		field.Text("current_need").Optional().MaxLen(2000).Annotations(noFilter()),
		field.Text("need_met").Optional().MaxLen(2000).Annotations(noFilter()),
		field.Text("future_need").Optional().MaxLen(2000).Annotations(noFilter()),
	}
}

// Edges of AccountOffering.
func (AccountOffering) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("offering", Offering.Type).Field("offering_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of AccountOffering: an offering once per account.
func (AccountOffering) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "offering_id").Unique(), index.Fields("offering_id")}
}

// Annotations of AccountOffering.
func (AccountOffering) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
