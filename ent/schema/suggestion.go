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

	"rapport/internal/domain"
)

// Suggestion defines an edge of the stakeholder graph that the account's
// interactions imply and nobody has recorded (issue 17 point 7): two of the
// customer's people who keep meeting together suggest a relation; a
// contact one of our team members meets often suggests a coverage, or a
// stronger one. internal/suggest derives them; a person of the account
// team confirms (creating the edge), edits or dismisses them.
type Suggestion struct {
	ent.Schema
}

// Mixin of Suggestion.
func (Suggestion) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Suggestion.
func (Suggestion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Enum("kind").Values("RELATION", "COVERAGE", "STRONGER_COVERAGE").
			Annotations(entgql.OrderField("KIND")),
		// contact_id is the customer's person; other_contact_id the second
		// one of a RELATION, team_member_id ours of a (STRONGER_)COVERAGE.
		field.Int("contact_id").Immutable(),
		field.Int("other_contact_id").Optional().Nillable().Immutable(),
		field.Int("team_member_id").Optional().Nillable().Immutable(),
		field.Enum("relation_kind").GoType(domain.RelationKind("")).Optional().Nillable().
			Comment("The relation proposed (RELATION only).").
			Annotations(entgql.Type("RelationKind")),
		field.Int("strength").Range(0, 5).
			Comment("The strength proposed: a relation's 1-5, a coverage's 0-4."),
		field.Float("confidence").Min(0).Max(1).
			Annotations(entgql.OrderField("CONFIDENCE")),
		field.Int("evidence_count").Min(0).
			Comment("The DONE interactions behind it."),
		field.Time("last_evidence_at").
			Comment("When the latest of them happened.").
			Annotations(entgql.OrderField("LAST_EVIDENCE_AT")),
		field.Enum("state").Values("PENDING", "CONFIRMED", "DISMISSED").Default("PENDING").
			Annotations(entgql.OrderField("STATE")),
		field.String("decided_by").Optional().Nillable().MaxLen(200),
		field.Time("decided_at").Optional().Nillable(),
		// decided_evidence is the evidence count when it was confirmed or
		// dismissed: it comes back only with more evidence than that.
		field.Int("decided_evidence").Default(0).Min(0),
		// pair_key is KIND-CLASS/a/b (R/contact/contact with the smaller ID
		// first, C/teamMember/contact), unique: one suggestion per pair.
		field.String("pair_key").NotEmpty().MaxLen(100).Unique().Immutable().
			Annotations(entgql.Skip()),
		field.Time("derived_at").Default(time.Now).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Edges of Suggestion.
func (Suggestion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(), entsql.OnDelete(entsql.Cascade)),
		edge.To("contact", Contact.Type).Field("contact_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("other_contact", Contact.Type).Field("other_contact_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("team_member", TeamMember.Type).Field("team_member_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of Suggestion.
func (Suggestion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "state")}
}

// Annotations of Suggestion.
func (Suggestion) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}
