package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AlertState defines one user's state of one alert. No row means NEW.
type AlertState struct {
	ent.Schema
}

// Mixin of AlertState.
func (AlertState) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of AlertState.
func (AlertState) Fields() []ent.Field {
	return []ent.Field{
		field.Int("alert_id").Immutable(),
		field.Int("user_id").Immutable(),
		// The alert's account, copied so that the scope confines the row as
		// it confines the alert.
		field.Int("account_id").Immutable(),
		field.Enum("state").Values("NEW", "ACKNOWLEDGED", "SNOOZED", "RESOLVED").Default("NEW"),
		field.Time("snoozed_until").Optional().Nillable(),
	}
}

// Edges of AlertState.
func (AlertState) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("alert", Alert.Type).Ref("states").Field("alert_id").Unique().Required().Immutable(),
	}
}

// Indexes of AlertState.
func (AlertState) Indexes() []ent.Index {
	return []ent.Index{index.Fields("alert_id", "user_id").Unique(), index.Fields("user_id", "state")}
}

// Annotations of AlertState.
func (AlertState) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
