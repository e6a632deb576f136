package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// TeamMember defines one of our own people: an account manager, a solution
// or delivery lead, an executive sponsor.
type TeamMember struct {
	ent.Schema
}

// Mixin of TeamMember.
func (TeamMember) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of TeamMember.
func (TeamMember) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("email").
			NotEmpty().
			MaxLen(320).
			Unique().
			Annotations(entgql.OrderField("EMAIL")),
		field.Enum("team_role").
			Values("ACCOUNT_MANAGER", "SOLUTION_LEAD", "DELIVERY_LEAD", "EXECUTIVE_SPONSOR", "SERVICE_MANAGER", "SALES_LEADER").
			Default("ACCOUNT_MANAGER").
			Annotations(entgql.OrderField("TEAM_ROLE")),
		field.Bool("active").
			Default(true).
			Annotations(entgql.OrderField("ACTIVE")),
		externalID(),
	}
}

// Edges of TeamMember.
func (TeamMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("accounts", Account.Type).
			Comment("The accounts on whose team this member works.").
			Annotations(entgql.RelayConnection()),
		edge.To("coverages", Coverage.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("assessments", Assessment.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("engagements", Engagement.Type).
			Ref("owners").
			Comment("The engagements this member owns on our side.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("interactions", Interaction.Type).
			Ref("team_members").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Annotations of TeamMember.
func (TeamMember) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
