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

// Complaint defines a customer complaint about an account's service.
type Complaint struct {
	ent.Schema
}

// Mixin of Complaint.
func (Complaint) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of Complaint.
func (Complaint) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id"),
		field.String("summary").
			NotEmpty().
			MaxLen(500).
			Annotations(entgql.OrderField("SUMMARY")),
		field.Enum("status").
			Values("OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED").
			Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("severity").
			Values("LOW", "MEDIUM", "HIGH", "CRITICAL").
			Default("MEDIUM").
			Annotations(entgql.OrderField("SEVERITY")),
		field.Time("opened_at").
			Default(time.Now).
			Annotations(entgql.OrderField("OPENED_AT")),
		field.Time("resolved_at").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("RESOLVED_AT")),
		// The response-time target (issue 16): when the customer must have
		// an answer. Without one, the target follows from the severity
		// (domain.ComplaintResponseTime: critical 4 h ... low 7 days).
		field.Time("response_due_at").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("RESPONSE_DUE_AT")),
		// When the customer got a first answer: an answered complaint is no
		// longer overdue, though it may still be open.
		field.Time("responded_at").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("RESPONDED_AT")),
	}
}

// Edges of Complaint.
func (Complaint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("complaints").
			Field("account_id").
			Unique().
			Required(),
	}
}

// Indexes of Complaint.
func (Complaint) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "opened_at")}
}

// Annotations of Complaint.
func (Complaint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
