package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Webhook defines an endpoint an admin registered to be told about changes
// (contact.created, relation.deleted, ...). Deliveries are signed with the
// endpoint's secret, which is shown once.
type Webhook struct {
	ent.Schema
}

// Mixin of Webhook.
func (Webhook) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Webhook.
func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").NotEmpty().MaxLen(2000).Annotations(entgql.OrderField("URL")),
		field.Strings("events").Comment("Event types delivered, e.g. contact.created; * for all."),
		field.String("secret").Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("description").Optional().MaxLen(500),
		field.Bool("active").Default(true),
	}
}

// Edges of Webhook.
func (Webhook) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", WebhookDelivery.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Annotations of Webhook.
func (Webhook) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField()}
}
