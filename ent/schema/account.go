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

// Account defines a customer organisation: a group, one of its provincial
// subsidiaries, an agency or an enterprise.
type Account struct {
	ent.Schema
}

// Mixin of Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		searchKey(),
		field.Enum("segment").
			Values("TELECOM_OPERATOR", "GOVERNMENT", "ENTERPRISE", "FINANCE", "ENERGY", "EDUCATION", "HEALTHCARE", "OTHER").
			Default("ENTERPRISE").
			Annotations(entgql.OrderField("SEGMENT")),
		field.String("industry").
			Optional().
			MaxLen(100).
			Annotations(entgql.OrderField("INDUSTRY")),
		field.String("region").
			Optional().
			MaxLen(100).
			Annotations(entgql.OrderField("REGION")),
		field.Enum("tier").
			GoType(domain.Tier("")).
			Default(string(domain.TierGeneral)).
			Annotations(entgql.OrderField("TIER"), entgql.Type("Tier")),
		field.Int("parent_id").
			Optional().
			Nillable(),
		field.Float("annual_revenue").
			Default(0).
			Min(0).
			Comment("Trailing-twelve-month revenue with us.").
			Annotations(entgql.OrderField("ANNUAL_REVENUE")),
		field.Float("potential_value").
			Default(0).
			Min(0).
			Comment("Estimated yearly revenue we could reach with this account.").
			Annotations(entgql.OrderField("POTENTIAL_VALUE")),
		field.Enum("lifecycle_stage").
			Values("ACQUIRE", "RETAIN", "CROSS_SELL", "LOST").
			Default("ACQUIRE").
			Annotations(entgql.OrderField("LIFECYCLE_STAGE")),
		field.Enum("loyalty_stage").
			Values("SUSPICIOUS", "EXPECTANT", "FIRST_PURCHASE", "REPEAT_PURCHASE", "ADVOCATE").
			Default("SUSPICIOUS").
			Annotations(entgql.OrderField("LOYALTY_STAGE")),
		externalID(),
	}
}

// Edges of Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("subsidiaries", Account.Type).
			Annotations(entgql.RelayConnection()).
			From("parent").
			Field("parent_id").
			Unique(),
		edge.To("partners", Account.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("contacts", Contact.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("contact_roles", ContactRole.Type).
			Comment("The roles people whose home is another account hold here (issue 16: one person, several accounts).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("opportunities", Opportunity.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("interactions", Interaction.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("surveys", Survey.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("complaints", Complaint.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("budgets", Budget.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("tier_changes", TierChange.Type).
			Comment("The tier history, written by the store; read-only over the API.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("stage_changes", StageChange.Type).
			Comment("The loyalty and lifecycle history, written by the store; read-only over the API.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("engagements", Engagement.Type).
			Comment("The organizational layer: agreements, joint ventures and labs, reference sites, summits, embedded teams.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("executive_pairings", ExecutivePairing.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("value_assessments", ValueAssessment.Type).
			Comment("The value history: dated assessments on weighted criteria.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("team", TeamMember.Type).
			Ref("accounts").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("name"),
		index.Fields("tier"),
	}
}

// Annotations of Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
