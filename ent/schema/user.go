package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"rapport/internal/domain"
)

// User defines a person who signs in to Rapport. A user linked to a team
// member sees the accounts on that member's teams; admins see everything.
type User struct {
	ent.Schema
}

// Mixin of User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").
			NotEmpty().
			MaxLen(320).
			Unique().
			Annotations(entgql.OrderField("EMAIL")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("password_hash").
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("role").
			GoType(domain.Role("")).
			Default(string(domain.RoleViewer)).
			Annotations(entgql.OrderField("ROLE"), entgql.Type("Role")),
		field.Bool("all_accounts").
			Default(false).
			Comment("Sees every account, not only those of the linked team member's teams."),
		field.Bool("active").Default(true),
		field.Int("team_member_id").Optional().Nillable(),
	}
}

// Edges of User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("team_member", TeamMember.Type).
			Field("team_member_id").
			Unique(),
		edge.To("sessions", Session.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}
