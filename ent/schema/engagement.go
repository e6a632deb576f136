package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Engagement defines one tie between our company and a customer's, the
// organizational layer of the relationship: a framework or strategic
// cooperation agreement, a joint venture, a joint lab, a reference site, a
// series of executive summits, a team embedded at the customer. Owners
// are named on both sides.
type Engagement struct {
	ent.Schema
}

// Mixin of Engagement.
func (Engagement) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Engagement.
func (Engagement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.Enum("kind").
			Values("FRAMEWORK_AGREEMENT", "STRATEGIC_COOPERATION_AGREEMENT", "JOINT_VENTURE", "JOINT_LAB",
				"REFERENCE_SITE", "EXECUTIVE_SUMMIT_SERIES", "EMBEDDED_SERVICE_TEAM", "OTHER").
			Annotations(entgql.OrderField("KIND")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("status").
			Values("PLANNED", "ACTIVE", "SUSPENDED", "ENDED").
			Default("ACTIVE").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("starts_at").
			Default(time.Now).
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Optional().
			Nillable().
			Comment("Empty for an open-ended engagement; never before startsAt.").
			Annotations(entgql.OrderField("ENDS_AT")),
		field.Text("notes").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of Engagement.
func (Engagement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("engagements").
			Field("account_id").
			Unique().
			Required(),
		edge.To("owners", TeamMember.Type).
			Comment("Our owners of the engagement.").
			Annotations(entgql.RelayConnection()),
		edge.To("customer_owners", Contact.Type).
			Comment("The customer's owners: contacts of the account, its parent or its subsidiaries.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of Engagement.
func (Engagement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "starts_at")}
}

// Annotations of Engagement.
func (Engagement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
