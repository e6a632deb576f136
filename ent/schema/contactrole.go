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

// ContactRole defines a role one contact holds at an account other than
// their home account (a board member of two subsidiaries, a consultant):
// their title, decision role and influence there. The person stays one
// contact; each account's graph and chains show them through the role.
type ContactRole struct {
	ent.Schema
}

// Mixin of ContactRole.
func (ContactRole) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of ContactRole.
func (ContactRole) Fields() []ent.Field {
	return []ent.Field{
		field.Int("contact_id").Immutable(),
		field.Int("account_id").Immutable(),
		field.String("title").
			Optional().
			MaxLen(200).
			Comment("The person's title at this account.").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("decision_role").
			GoType(domain.DecisionRole("")).
			Default(string(domain.RoleUser)).
			Comment("The person's decision role at this account.").
			Annotations(entgql.OrderField("DECISION_ROLE"), entgql.Type("DecisionRole")),
		field.Int("influence").
			Range(1, 5).
			Default(3).
			Comment("The person's influence 1-5 at this account.").
			Annotations(entgql.OrderField("INFLUENCE")),
	}
}

// Edges of ContactRole.
func (ContactRole) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("contact", Contact.Type).
			Ref("roles").
			Field("contact_id").
			Unique().
			Required().
			Immutable(),
		edge.From("account", Account.Type).
			Ref("contact_roles").
			Field("account_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of ContactRole: one role per person and account.
func (ContactRole) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("contact_id", "account_id").Unique(),
		index.Fields("account_id"),
	}
}

// Annotations of ContactRole.
func (ContactRole) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
