package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"rapport/internal/domain"
)

// DecisionChainLink defines one step of an opportunity's decision: who plays
// which role, in which order, and how they stand. One person may hold several
// roles in one deal and sit in the chains of many deals.
type DecisionChainLink struct {
	ent.Schema
}

// Mixin of DecisionChainLink.
func (DecisionChainLink) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of DecisionChainLink.
func (DecisionChainLink) Fields() []ent.Field {
	return []ent.Field{
		field.Int("opportunity_id"),
		field.Int("contact_id"),
		field.Enum("role").
			Values("INITIATOR", "TECHNICAL_EVALUATOR", "INFLUENCER", "USER", "GATEKEEPER", "APPROVER", "DECISION_MAKER").
			Comment("The part this person plays in this decision.").
			Annotations(entgql.OrderField("ROLE"), entgql.Type("ChainRole")),
		field.Int("position").
			Min(1).
			Comment("Order in the chain, 1 for the initiator.").
			Annotations(entgql.OrderField("POSITION")),
		field.Enum("stance").
			GoType(domain.Attitude("")).
			Default(string(domain.AttitudeNeutral)).
			Annotations(entgql.OrderField("STANCE"), entgql.Type("Attitude")),
		field.Float("weight").
			Default(1).
			Range(0, 1).
			Comment("Share of the decision this link carries, 0..1.").
			Annotations(entgql.OrderField("WEIGHT")),
	}
}

// Edges of DecisionChainLink.
func (DecisionChainLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("opportunity", Opportunity.Type).
			Ref("chain_links").
			Field("opportunity_id").
			Unique().
			Required(),
		edge.From("contact", Contact.Type).
			Ref("chain_links").
			Field("contact_id").
			Unique().
			Required(),
	}
}

// Indexes of DecisionChainLink.
func (DecisionChainLink) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("opportunity_id", "contact_id", "role").Unique(),
		index.Fields("contact_id"),
	}
}

// Annotations of DecisionChainLink.
func (DecisionChainLink) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
