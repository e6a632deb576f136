package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AlertRuleSetting defines whether one alert rule runs for the accounts of
// one tier. No row means on: an admin switches a rule off per tier.
type AlertRuleSetting struct {
	ent.Schema
}

// Mixin of AlertRuleSetting.
func (AlertRuleSetting) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of AlertRuleSetting.
func (AlertRuleSetting) Fields() []ent.Field {
	return []ent.Field{
		field.String("tier").NotEmpty().MaxLen(32),
		field.String("rule").NotEmpty().MaxLen(64),
		field.Bool("enabled").Default(true),
	}
}

// Indexes of AlertRuleSetting.
func (AlertRuleSetting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tier", "rule").Unique()}
}

// Annotations of AlertRuleSetting.
func (AlertRuleSetting) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
