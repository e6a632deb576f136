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

// ExecutivePairing defines an explicit tie between one of our executives
// and one of the customer's: the executive-to-executive layer the source
// practice keeps outside any single deal. Its health (last met, strength)
// is computed from the interactions both took part in and from the
// coverage between them (internal/orglayer).
type ExecutivePairing struct {
	ent.Schema
}

// Mixin of ExecutivePairing.
func (ExecutivePairing) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of ExecutivePairing.
func (ExecutivePairing) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.Int("team_member_id").Comment("Our executive."),
		field.Int("contact_id").Comment("Their executive, a contact of the account."),
		field.Enum("status").
			Values("ACTIVE", "ENDED").
			Default("ACTIVE").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("since").
			Default(time.Now).
			Annotations(entgql.OrderField("SINCE")),
		field.Text("notes").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of ExecutivePairing.
func (ExecutivePairing) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("executive_pairings").
			Field("account_id").
			Unique().
			Required(),
		edge.To("team_member", TeamMember.Type).
			Field("team_member_id").
			Unique().
			Required(),
		edge.To("contact", Contact.Type).
			Field("contact_id").
			Unique().
			Required(),
	}
}

// Indexes of ExecutivePairing: one pairing per pair of people.
func (ExecutivePairing) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("team_member_id", "contact_id").Unique(),
		index.Fields("account_id"),
		index.Fields("contact_id"),
	}
}

// Annotations of ExecutivePairing.
func (ExecutivePairing) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
