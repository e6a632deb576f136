package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Opportunity defines a deal we pursue at an account; its decision chain says
// who decides it and in which order.
type Opportunity struct {
	ent.Schema
}

// Mixin of Opportunity.
func (Opportunity) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Opportunity.
func (Opportunity) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("stage").
			Values("LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON", "LOST").
			Default("LEAD").
			Annotations(entgql.OrderField("STAGE")),
		field.Float("amount").
			Default(0).
			Min(0).
			Annotations(entgql.OrderField("AMOUNT")),
		field.Time("expected_close_date").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("EXPECTED_CLOSE_DATE")),
		field.Strings("competitors").
			Optional().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		externalID(),
	}
}

// Edges of Opportunity.
func (Opportunity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("opportunities").
			Field("account_id").
			Unique().
			Required(),
		edge.To("chain_links", DecisionChainLink.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of Opportunity.
func (Opportunity) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "stage")}
}

// Annotations of Opportunity.
func (Opportunity) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
