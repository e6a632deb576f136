package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Coverage defines how well one of our team members knows a stakeholder.
// Relationships belong to the company: these rows are what makes a
// single-threaded contact or a departing colleague's gaps visible.
type Coverage struct {
	ent.Schema
}

// Mixin of Coverage.
func (Coverage) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, ProvenanceMixin{}}
}

// Fields of Coverage.
func (Coverage) Fields() []ent.Field {
	return []ent.Field{
		field.Int("team_member_id"),
		field.Int("contact_id"),
		field.Int("strength").
			Range(0, 4).
			Default(1).
			Comment("0 none, 1 acquainted, 2 working relationship, 3 trusted, 4 close.").
			Annotations(entgql.OrderField("STRENGTH")),
		field.Time("last_interaction_at").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("LAST_INTERACTION_AT")),
		field.Bool("primary_owner").
			Default(false).
			Annotations(entgql.OrderField("PRIMARY_OWNER")),
	}
}

// Edges of Coverage.
func (Coverage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("team_member", TeamMember.Type).
			Ref("coverages").
			Field("team_member_id").
			Unique().
			Required(),
		edge.From("contact", Contact.Type).
			Ref("coverages").
			Field("contact_id").
			Unique().
			Required(),
	}
}

// Indexes of Coverage: one row per pair.
func (Coverage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("team_member_id", "contact_id").Unique(),
		index.Fields("contact_id"),
	}
}

// Annotations of Coverage.
func (Coverage) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
