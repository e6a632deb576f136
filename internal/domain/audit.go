package domain

// FieldChange is one field's value before and after a change, as the audit
// trail records it (AuditEvent.changes). It lives here, not in ent/schema,
// because the audit hook and the schema share it.
type FieldChange struct {
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
}
