package schema

import (
	"rapport/internal/domain"

	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent defines one recorded change: who changed what, from which
// values to which, in which request. Written by the store in the same
// transaction as the change; never updated.
type AuditEvent struct {
	ent.Schema
}

// Fields of AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Default(time.Now).Immutable().Annotations(entgql.OrderField("AT")),
		field.Enum("actor_type").Values("USER", "TOKEN", "SYSTEM").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor_name").Immutable(),
		field.Enum("action").Values("CREATE", "UPDATE", "DELETE", "SIGN_IN", "SIGN_IN_FAILED", "SIGN_OUT", "LOCKOUT", "REFUSED").Immutable().Annotations(entgql.OrderField("ACTION")),
		field.String("entity_type").Immutable().Annotations(entgql.OrderField("ENTITY_TYPE")),
		field.Int("entity_id").Optional().Nillable().Immutable().
			Comment("Empty for a delete of several rows at once.").
			Annotations(entgql.Type("ID")),
		field.JSON("changes", map[string]domain.FieldChange{}).Optional().Immutable().
			Annotations(entgql.Type("Map"), entgql.Skip(entgql.SkipWhereInput)),
		field.Int("rows").Default(1).Immutable(),
		field.String("request_id").Optional().Immutable().Comment("The server's own ID of the request."),
		field.String("client_request_id").Optional().MaxLen(64).Immutable().
			Comment("The X-Request-Id the client sent, kept beside the server's own ID, never instead of it."),
		field.String("client_address").Optional().MaxLen(64).Immutable().
			Comment("The client's address (behind a trusted proxy, the one it forwarded)."),
	}
}

// Indexes of AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("entity_type", "entity_id"),
		index.Fields("actor_type", "actor_id"),
		index.Fields("at"),
	}
}

// Annotations of AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}
