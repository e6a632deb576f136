package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Offering defines one of our product or service lines: the columns of the
// whitespace grid. Admins write the catalogue; every viewer reads it.
type Offering struct {
	ent.Schema
}

// Mixin of Offering.
func (Offering) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Offering.
func (Offering) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).Unique().
			Annotations(entgql.OrderField("NAME")),
		field.String("category").Optional().MaxLen(200),
		field.Text("description").Optional().MaxLen(5000).Annotations(noFilter()),
		field.Bool("active").Default(true),
	}
}

// Annotations of Offering.
func (Offering) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
