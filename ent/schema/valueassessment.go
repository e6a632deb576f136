package schema

import (
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"rapport/internal/domain"
)

// ValueAssessment defines one dated evaluation of an account's value on
// the weighted criteria of the source practice (domain.ValueCriteria):
// each criterion scored 0..5 with a weight, the weights summing to 1. The
// store computes score and recommendedTier when it is written
// (internal/valuation); assessments are kept as the account's value history.
type ValueAssessment struct {
	ent.Schema
}

// Mixin of ValueAssessment.
func (ValueAssessment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of ValueAssessment.
func (ValueAssessment) Fields() []ent.Field {
	fields := []ent.Field{
		field.Int("account_id"),
		field.Time("assessed_at").
			Default(time.Now).
			Annotations(entgql.OrderField("ASSESSED_AT")),
	}
	for _, c := range domain.ValueCriteria {
		score := field.Float(c.Key+"_score").
			Range(0, domain.MaxValueScore).
			Comment("0..5.").
			Annotations(entgql.OrderField(strings.ToUpper(c.Key) + "_SCORE"))
		if c.Key == "loyalty" {
			score = score.Optional().
				Comment("0..5; when left out, taken from the account's loyalty stage (suspicious 1 ... advocate 5).")
		}
		fields = append(fields, score)
	}
	for _, c := range domain.ValueCriteria {
		fields = append(fields, field.Float(c.Key+"_weight").
			Range(0, 1).
			Default(c.Weight).
			Comment("The criterion's share of the score; the nine weights sum to 1.").
			Annotations(noFilter()))
	}
	return append(fields,
		field.Float("score").
			Default(0).
			Comment("0..100: 100 x sum(weight x score / 5), computed by the store.").
			Annotations(
				entgql.OrderField("SCORE"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Enum("recommended_tier").
			GoType(domain.Tier("")).
			Default(string(domain.TierGeneral)).
			Comment("The tier the score suggests, computed by the store.").
			Annotations(
				entgql.OrderField("RECOMMENDED_TIER"), entgql.Type("Tier"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Text("note").
			Optional().
			MaxLen(10000).
			Annotations(noFilter()),
	)
}

// Edges of ValueAssessment.
func (ValueAssessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("value_assessments").
			Field("account_id").
			Unique().
			Required(),
		edge.To("assessed_by", TeamMember.Type).
			Unique().
			Comment("Who on our team made the assessment."),
	}
}

// Indexes of ValueAssessment.
func (ValueAssessment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "assessed_at")}
}

// Annotations of ValueAssessment.
func (ValueAssessment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
