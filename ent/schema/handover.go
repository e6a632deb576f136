package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Handover defines one team member's relationships at one account handed
// over to a successor (issue 16, point 4): the `handover` mutation writes
// one per account it touches, with an item per contact. The coverage moves
// (internal/succession); the rows keep the history and the progress.
type Handover struct {
	ent.Schema
}

// Mixin of Handover.
func (Handover) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Handover.
func (Handover) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Int("predecessor_id").Immutable().
			Comment("The team member who handed the relationships over."),
		field.Int("successor_id").Immutable().
			Comment("The team member who took them over."),
		field.Time("handed_over_at").Immutable().
			Comment("When the coverage moved; a meeting on or after it counts for the progress.").
			Annotations(entgql.OrderField("HANDED_OVER_AT")),
		field.Text("note").Optional().MaxLen(2000).Annotations(noFilter()),
	}
}

// Edges of Handover.
func (Handover) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("predecessor", TeamMember.Type).Field("predecessor_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("successor", TeamMember.Type).Field("successor_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("items", HandoverItem.Type).
			Comment("One per contact handed over.").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of Handover.
func (Handover) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id"),
		index.Fields("predecessor_id"),
		index.Fields("successor_id"),
	}
}

// Annotations of Handover.
func (Handover) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}

// HandoverItem defines one contact of a handover: the predecessor's
// coverage as it was (the history), the strength the successor started
// at, the planned introduction and when the successor first met them.
type HandoverItem struct {
	ent.Schema
}

// Mixin of HandoverItem.
func (HandoverItem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of HandoverItem.
func (HandoverItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("handover_id").Immutable(),
		field.Int("contact_id").Immutable(),
		field.Int("predecessor_strength").Range(0, 4).Immutable().
			Comment("The predecessor's coverage strength when it was handed over."),
		field.Bool("predecessor_primary_owner").Default(false).Immutable(),
		field.Time("predecessor_last_interaction_at").Optional().Nillable().Immutable(),
		field.Int("successor_strength").Range(0, 4).Immutable().
			Comment("The successor's coverage strength right after the handover."),
		field.Int("introduction_id").Optional().Nillable().
			Comment("The planned joint introduction, if one was scheduled."),
		field.Time("met_at").Optional().Nillable().
			Comment("When the successor first met the contact after the handover (a done interaction both attended)."),
	}
}

// Edges of HandoverItem.
func (HandoverItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("handover", Handover.Type).Ref("items").Field("handover_id").Unique().Required().Immutable(),
		edge.To("contact", Contact.Type).Field("contact_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("introduction", Interaction.Type).Field("introduction_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

// Indexes of HandoverItem.
func (HandoverItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("handover_id"),
		index.Fields("contact_id"),
	}
}
