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

// Contact defines a stakeholder at a customer. A person who spans accounts
// (a board member, a consultant, someone who moved) is one contact whose
// relations cross accounts, not a copy per account.
type Contact struct {
	ent.Schema
}

// Mixin of Contact.
func (Contact) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Contact.
func (Contact) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		searchKey(),
		field.String("title").
			Optional().
			MaxLen(200).
			Annotations(entgql.OrderField("TITLE")),
		field.String("department").
			Optional().
			MaxLen(200).
			Annotations(entgql.OrderField("DEPARTMENT")),
		field.Enum("seniority").
			Values("EXECUTIVE", "SENIOR_MANAGER", "MANAGER", "STAFF").
			Default("STAFF").
			Annotations(entgql.OrderField("SENIORITY")),
		field.Enum("decision_role").
			GoType(domain.DecisionRole("")).
			Default(string(domain.RoleUser)).
			Annotations(entgql.OrderField("DECISION_ROLE"), entgql.Type("DecisionRole")),
		field.Enum("attitude").
			GoType(domain.Attitude("")).
			Default(string(domain.AttitudeNeutral)).
			Comment("Current attitude: the latest assessment's.").
			Annotations(entgql.OrderField("ATTITUDE"), entgql.Type("Attitude")),
		field.Int("influence").
			Range(1, 5).
			Default(3).
			Comment("Current influence 1-5: the latest assessment's.").
			Annotations(entgql.OrderField("INFLUENCE")),
		field.Int("interest").
			Range(1, 5).
			Default(3).
			Comment("Current interest in our offer 1-5: the latest assessment's.").
			Annotations(entgql.OrderField("INTEREST")),
		field.Enum("status").
			Values("ACTIVE", "LEFT").
			Default("ACTIVE").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("left_at").
			Optional().
			Nillable().
			Comment("When the person left the account; set with status LEFT.").
			Annotations(entgql.OrderField("LEFT_AT")),
		field.String("email").
			Optional().
			MaxLen(320).
			Annotations(entgql.OrderField("EMAIL")),
		field.String("phone").
			Optional().
			MaxLen(50).
			Annotations(noFilter()),
		field.Text("notes").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
		field.Int("reports_to_id").
			Optional().
			Nillable(),
		externalID(),
	}
}

// Edges of Contact.
func (Contact) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("contacts").
			Field("account_id").
			Unique().
			Required().
			Annotations(entgql.OrderField("ACCOUNT_NAME")),
		edge.To("reports", Contact.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			From("reports_to").
			Field("reports_to_id").
			Unique(),
		edge.To("outgoing_relations", ContactRelation.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("incoming_relations", ContactRelation.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("coverages", Coverage.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("assessments", Assessment.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("chain_links", DecisionChainLink.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("roles", ContactRole.Type).
			Comment("The roles this person holds at accounts other than their home account.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("engagements", Engagement.Type).
			Ref("customer_owners").
			Comment("The engagements this person owns on the customer's side.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("interactions", Interaction.Type).
			Ref("contacts").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("needs", ContactNeed.Type).
			Ref("contact").
			Comment("The needs and interests the team has learned. Only the account team and admins read them: for anyone else the list is empty.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of Contact.
func (Contact) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "name"),
		index.Fields("reports_to_id"),
		index.Fields("decision_role"),
	}
}

// Annotations of Contact.
func (Contact) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
