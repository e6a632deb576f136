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

// WebhookDelivery defines one event on its way to one webhook: the outbox
// row written in the same transaction as the change (so a crash loses
// none), and then its delivery log.
type WebhookDelivery struct {
	ent.Schema
}

// Fields of WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("webhook_id").Immutable(),
		field.String("event").Immutable().Annotations(entgql.OrderField("EVENT")),
		field.JSON("payload", map[string]any{}).Immutable().Annotations(entgql.Type("Map"), entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("status").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING").Annotations(entgql.OrderField("STATUS")),
		field.Int("attempts").Default(0),
		field.Time("created_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("next_attempt_at").Default(time.Now),
		field.Time("delivered_at").Optional().Nillable(),
		field.Int("last_status").Optional().Nillable().Comment("The HTTP status of the last attempt."),
		field.String("last_error").Optional().MaxLen(1000),
	}
}

// Edges of WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("webhook", Webhook.Type).Ref("deliveries").Field("webhook_id").Unique().Required().Immutable(),
	}
}

// Indexes of WebhookDelivery: the dispatcher looks for due, pending rows.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "next_attempt_at")}
}

// Annotations of WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField()}
}
