package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session defines a signed-in browser. Only a hash of the cookie's secret
// is stored, so a copy of the database cannot be used to sign in.
type Session struct {
	ent.Schema
}

// Fields of Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").Unique().Sensitive().Immutable(),
		field.String("csrf_token").Sensitive().Immutable(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Immutable(),
		field.Time("expires_at"),
		field.Time("last_seen_at").Optional().Nillable().
			Comment("When the session was last used (written at most once a minute), for the idle timeout; empty means created_at."),
	}
}

// Edges of Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of Session: the purge looks for ended sessions.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

// Annotations of Session: not part of the API.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
