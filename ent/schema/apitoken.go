package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"rapport/internal/domain"
)

// APIToken defines a bearer token for a BI tool or an integration. The
// token is shown once at creation; only its SHA-256 is stored.
type APIToken struct {
	ent.Schema
}

// Mixin of APIToken.
func (APIToken) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of APIToken.
func (APIToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).Annotations(entgql.OrderField("NAME")),
		field.String("token_hash").Unique().Sensitive().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("prefix").Immutable().Comment("The token's first characters, to recognise it in lists."),
		field.Enum("role").
			GoType(domain.Role("")).
			Default(string(domain.RoleViewer)).
			Annotations(entgql.Type("Role")),
		field.Bool("all_accounts").Default(true),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Int("created_by_id").Optional().Nillable(),
	}
}

// Edges of APIToken.
func (APIToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("created_by", User.Type).Field("created_by_id").Unique(),
	}
}

// Annotations of APIToken.
func (APIToken) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}
