package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ContactNeed defines one need or interest the team has learned about a
// contact (issue 16 point 6): a business need or a personal interest, placed
// on a layer of the five-layer needs model (Maslow) the source practice uses
// to know a customer in depth. Stricter than the rest of the customer data:
// only the contact's account team and admins read or write these rows
// (internal/scope, rule teamOnly).
type ContactNeed struct {
	ent.Schema
}

// Mixin of ContactNeed.
func (ContactNeed) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of ContactNeed.
func (ContactNeed) Fields() []ent.Field {
	return []ent.Field{
		field.Int("contact_id").Immutable(),
		field.Enum("kind").
			Values("BUSINESS_NEED", "PERSONAL_INTEREST").
			Comment("A business need (what their role asks of us) or a personal interest.").
			Annotations(entgql.OrderField("KIND")),
		field.Enum("layer").
			Values("PHYSIOLOGICAL", "SAFETY", "BELONGING", "ESTEEM", "SELF_ACTUALIZATION").
			Comment("The layer of the five-layer needs model, lowest first.").
			Annotations(entgql.OrderField("LAYER")),
		field.Text("text").
			NotEmpty().
			MaxLen(2000).
			Annotations(noFilter()),
		field.Time("learned_at").
			Default(time.Now).
			Annotations(entgql.OrderField("LEARNED_AT")),
		field.Int("learned_by_id").
			Optional().
			Nillable().
			Comment("The team member who learned it."),
	}
}

// Edges of ContactNeed.
func (ContactNeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("contact", Contact.Type).Field("contact_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("learned_by", TeamMember.Type).Field("learned_by_id").Unique(),
	}
}

// Indexes of ContactNeed.
func (ContactNeed) Indexes() []ent.Index {
	return []ent.Index{index.Fields("contact_id", "learned_at")}
}

// Annotations of ContactNeed.
func (ContactNeed) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
