package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SignInFailure defines one failed sign-in, the state of the sign-in
// throttle: kept in the database so that every server of a deployment
// counts the same failures per account, per address and overall.
type SignInFailure struct {
	ent.Schema
}

// Fields of SignInFailure.
func (SignInFailure) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").MaxLen(320).Immutable().Comment("The e-mail tried, lower-cased; it need not exist."),
		field.String("address").MaxLen(64).Immutable(),
		field.Time("at").Default(time.Now).Immutable(),
	}
}

// Indexes of SignInFailure: the throttle counts recent rows by each.
func (SignInFailure) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("email", "at"),
		index.Fields("address", "at"),
		index.Fields("at"),
	}
}

// Annotations of SignInFailure: not part of the API.
func (SignInFailure) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
