package schema

import (
	"regexp"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"rapport/internal/domain"
)

// TimeMixin gives every entity createdAt and updatedAt. Both are set by the
// store, never by clients, so they are kept out of the mutation inputs.
type TimeMixin struct {
	mixin.Schema
}

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// ProvenanceMixin records where an edge of the stakeholder graph came from and
// how much we trust it: a relation typed in by a colleague is worth more than
// one inferred from a shared meeting.
type ProvenanceMixin struct {
	mixin.Schema
}

// Fields of the ProvenanceMixin.
func (ProvenanceMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("source").
			GoType(domain.Source("")).
			Default(string(domain.SourceManual)).
			Annotations(entgql.OrderField("SOURCE"), entgql.Type("Source")),
		field.Float("confidence").
			Default(1).
			Min(0).
			Max(1).
			Annotations(entgql.OrderField("CONFIDENCE")),
	}
}

// externalID is the integrators' key: unique when present, absent for rows
// created by hand in the dashboard.
func externalID() ent.Field {
	return field.String("external_id").
		Optional().
		Nillable().
		Unique().
		NotEmpty().
		MaxLen(200).
		Annotations(entgql.OrderField("EXTERNAL_ID"))
}

// noFilter keeps free-text fields out of the generated WhereInput: they invite
// unindexed, case-folded LIKE scans and nobody filters by a phone number.
func noFilter() entgql.Annotation {
	return entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)
}

// periodPattern accepts a year, a quarter or a month.
var periodPattern = regexp.MustCompile(`^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$`)
