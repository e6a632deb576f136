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

// StageChange defines one entry of an account's loyalty-ladder or
// lifecycle history, as TierChange does for the tier. Rows are written by
// the store whenever an account is created or its loyaltyStage or
// lifecycleStage changes, never by clients.
type StageChange struct {
	ent.Schema
}

// Fields of StageChange.
func (StageChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Enum("ladder").
			Values("LOYALTY", "LIFECYCLE").
			Immutable().
			Comment("Which of the account's stages changed.").
			Annotations(entgql.OrderField("LADDER")),
		field.String("from_stage").
			Optional().
			Nillable().
			Immutable().
			Comment("The stage before (an AccountLoyaltyStage or AccountLifecycleStage value); empty for the stage an account was created with."),
		field.String("to_stage").
			Immutable().
			Comment("The stage after (an AccountLoyaltyStage or AccountLifecycleStage value)."),
		field.Time("changed_at").
			Default(time.Now).
			Immutable().
			Annotations(entgql.OrderField("CHANGED_AT")),
	}
}

// Edges of StageChange.
func (StageChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("stage_changes").
			Field("account_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of StageChange.
func (StageChange) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "changed_at")}
}

// Annotations of StageChange.
func (StageChange) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
