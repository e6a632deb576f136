package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"rapport/internal/domain"
)

// TierChange defines one entry of an account's tier history. Rows are written
// by the store whenever an account's tier changes, never by clients.
type TierChange struct {
	ent.Schema
}

// Fields of TierChange.
func (TierChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Enum("from_tier").
			GoType(domain.Tier("")).
			Optional().
			Nillable().
			Immutable().
			Comment("Empty for the tier an account was created with.").
			Annotations(entgql.Type("Tier")),
		field.Enum("to_tier").
			GoType(domain.Tier("")).
			Immutable().
			Annotations(entgql.Type("Tier")),
		field.Time("changed_at").
			Default(time.Now).
			Immutable().
			Annotations(entgql.OrderField("CHANGED_AT")),
		field.String("reason").
			Optional().
			Immutable().
			MaxLen(500),
	}
}

// Edges of TierChange.
func (TierChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("tier_changes").
			Field("account_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of TierChange.
func (TierChange) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "changed_at")}
}

// Annotations of TierChange.
func (TierChange) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
