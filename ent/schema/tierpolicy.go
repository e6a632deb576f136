package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"rapport/internal/domain"
)

// TierPolicy defines one version of a tier's policy (issue 17): the
// meeting cadence per kind of stakeholder, the coverage key people need,
// whether an executive pairing is required and the tier's budget share.
// A version applies from effective_from until the next one; versions are
// never changed or deleted, so old ones stay readable. The cadence table
// is a JSON column: it is read whole with its version (the whole table is a
// few dozen rows), never queried into.
type TierPolicy struct {
	ent.Schema
}

// Mixin of TierPolicy.
func (TierPolicy) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of TierPolicy.
func (TierPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("tier").
			GoType(domain.Tier("")).
			Immutable(),
		field.Time("effective_from").Immutable(),
		field.JSON("cadence", []domain.CadenceRule{}).Immutable(),
		field.Int("default_days").Min(0).Immutable(),
		field.Int("min_coverage_strength").Range(0, 4).Immutable(),
		field.Int("min_coverage_threads").Range(0, 20).Immutable(),
		field.Bool("executive_pairing_required").Immutable(),
		field.Float("budget_share").Range(0, 1).Immutable(),
		field.String("note").Optional().MaxLen(500).Immutable(),
	}
}

// Indexes of TierPolicy: one version per tier and date.
func (TierPolicy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tier", "effective_from").Unique()}
}

// Annotations of TierPolicy: the API is hand-written (graph/policy.graphqls).
func (TierPolicy) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
