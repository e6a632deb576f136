package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Interaction defines one logged contact with an account: a visit, a
// meeting, a call, a complaint, with the participants on both sides.
type Interaction struct {
	ent.Schema
}

// Mixin of Interaction.
func (Interaction) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Interaction.
func (Interaction) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.Enum("kind").
			Values("COMPANY_VISIT", "SHOWCASE_VISIT", "ONSITE_MEETING", "TECH_EXCHANGE", "MANAGEMENT_RESEARCH",
				"SUMMIT", "DINNER_EVENT", "TRAINING", "CALL", "EMAIL", "HOTLINE", "COMPLAINT").
			Annotations(entgql.OrderField("KIND")),
		field.Time("occurred_at").
			Annotations(entgql.OrderField("OCCURRED_AT")),
		field.String("subject").
			Optional().
			MaxLen(300).
			Annotations(entgql.OrderField("SUBJECT")),
		field.Float("cost").
			Default(0).
			Min(0).
			Annotations(entgql.OrderField("COST")),
		field.Text("outcome").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
		// status: PLANNED activities (of an account plan, or not) have not
		// happened yet and refresh no coverage; completing one makes it DONE.
		// Rows from before issue 17 are DONE.
		field.Enum("status").
			Values("PLANNED", "DONE", "CANCELLED").
			Default("DONE").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("plan_id").Optional().Nillable().
			Comment("The account plan this activity belongs to, if any."),
		field.Float("budgeted_cost").Optional().Nillable().Min(0).
			Comment("The cost planned for the activity; cost is what it cost once done."),
		field.Int("owner_id").Optional().Nillable().
			Comment("The team member who owns a planned activity."),
		externalID(),
	}
}

// Edges of Interaction.
func (Interaction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("interactions").
			Field("account_id").
			Unique().
			Required(),
		edge.To("contacts", Contact.Type).
			Comment("The customer's participants.").
			Annotations(entgql.RelayConnection()),
		edge.To("team_members", TeamMember.Type).
			Comment("Our participants.").
			Annotations(entgql.RelayConnection()),
		edge.To("plan", AccountPlan.Type).Field("plan_id").Unique(),
		edge.To("owner", TeamMember.Type).Field("owner_id").Unique(),
	}
}

// Indexes of Interaction.
func (Interaction) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "occurred_at"),
		index.Fields("occurred_at"),
		index.Fields("plan_id"),
	}
}

// Annotations of Interaction.
func (Interaction) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
