package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Survey defines one satisfaction measurement of an account.
type Survey struct {
	ent.Schema
}

// Mixin of Survey.
func (Survey) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Survey.
func (Survey) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.Float("score").
			Range(0, 10).
			Comment("Satisfaction 0-10.").
			Annotations(entgql.OrderField("SCORE")),
		field.Enum("channel").
			Values("THIRD_PARTY", "HOTLINE_CALLBACK", "ONLINE", "INTERVIEW").
			Annotations(entgql.OrderField("CHANNEL")),
		field.Time("surveyed_at").
			Annotations(entgql.OrderField("SURVEYED_AT")),
		// The dimensions the telecom vendor's practice asks about (issue 16
		// point 6), each 0-10 and optional: score stays the overall one.
		dimension("sales_person", "The sales person: authority, way of handling problems, product and market knowledge, communication."),
		dimension("contact_continuity", "Continuity of contact: the same people stay on the account."),
		dimension("contact_regularity", "Regularity of contact: we are in touch at a steady rhythm."),
		dimension("product", "The product: quality, innovation, price-performance, breadth, fit."),
		dimension("delivery", "Delivery: on-time orders, warning of problems, urgency handling, flexibility."),
		dimension("company", "The company: overall efficiency, technology, brand, culture."),
		field.Text("comment").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	}
}

// Edges of Survey.
func (Survey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("surveys").
			Field("account_id").
			Unique().
			Required(),
	}
}

// Indexes of Survey.
func (Survey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "surveyed_at")}
}

// Annotations of Survey.
func (Survey) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// dimension is one optional 0-10 survey dimension.
func dimension(name, comment string) ent.Field {
	return field.Float(name).
		Optional().
		Nillable().
		Range(0, 10).
		Comment(comment + " 0-10.").
		Annotations(noFilter())
}
