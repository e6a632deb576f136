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

// Alert defines one occurrence of a pattern in the stakeholder graph that
// an account team should act on (a champion left, a decision maker turned
// skeptic, a complaint past its response time). internal/alerts raises
// them; each user keeps their own state of it (AlertState).
type Alert struct {
	ent.Schema
}

// Mixin of Alert.
func (Alert) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Alert.
func (Alert) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable().Annotations(entgql.Type("ID")),
		// The rule's name (internal/alerts): a string, so that a new rule
		// needs no migration.
		field.String("rule").NotEmpty().MaxLen(64).Immutable(),
		field.Enum("severity").Values("LOW", "MEDIUM", "HIGH", "CRITICAL").Immutable(),
		// What the alert is about: an entity type and its ID (a contact, a
		// complaint, a planned activity), and its name when it was raised.
		field.String("subject_type").NotEmpty().MaxLen(64).Immutable(),
		field.Int("subject_id").Immutable().Annotations(entgql.Type("ID")),
		field.String("subject_name").MaxLen(300).Immutable(),
		// The sentence that explains it and the suggested action, in
		// English; params carry the values the dashboard's translations
		// interpolate.
		field.String("message").MaxLen(1000).Immutable(),
		field.String("action").MaxLen(1000).Immutable(),
		field.JSON("params", map[string]any{}).Optional().Immutable().
			Annotations(entgql.Type("Map"), entgql.Skip(entgql.SkipWhereInput)),
		// An introduction path to the subject from our team, when one helps.
		field.String("path").Optional().Nillable().MaxLen(2000).Immutable(),
		field.Time("raised_at").Default(time.Now).Immutable(),
		// occurrence_key is rule/subject while the condition lasts, unique:
		// two servers that see the same change cannot both raise it. When
		// the condition ends the key is cleared (NULL, which a unique index
		// does not compare), so a later occurrence is a new alert.
		field.String("occurrence_key").Optional().Nillable().Unique().MaxLen(200).
			Annotations(entgql.Skip()),
		field.Time("cleared_at").Optional().Nillable(),
	}
}

// Edges of Alert.
func (Alert) Edges() []ent.Edge {
	return []ent.Edge{
		// The account's deletion takes its alerts (and their states) with it.
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(), entsql.OnDelete(entsql.Cascade)),
		edge.To("states", AlertState.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of Alert.
func (Alert) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "raised_at"), index.Fields("rule", "subject_id")}
}

// Annotations of Alert.
func (Alert) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
