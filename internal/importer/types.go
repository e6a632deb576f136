// Package importer loads contacts in bulk (from GraphQL, CSV or JSON
// Lines) by the integrator's external IDs, with a per-row report: rows are
// validated in Go first, looked up in batches, and written in bulk.
package importer

import (
	"io"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// MaxRows caps one import.
const MaxRows = 50_000

// Input is the GraphQL ImportContactsInput.
type Input struct {
	Rows      []*Row
	Mode      Mode
	Atomicity Atomicity
	// DryRun validates and plans without writing anything.
	DryRun bool
	// ParseErrors holds rows a file reader could not parse, by row index;
	// they are reported as errors like rows that fail validation.
	ParseErrors map[int]*apperr.Error `json:"-"`
}

// Row is one contact to import (GraphQL ImportContactRow). A nil field is
// left as stored on update and takes the default on create.
type Row struct {
	ExternalID          string
	Name                string
	AccountID           *int
	AccountExternalID   *string
	Title               *string
	Department          *string
	Seniority           *contact.Seniority
	DecisionRole        *domain.DecisionRole
	Attitude            *domain.Attitude
	Influence           *int
	Interest            *int
	Status              *contact.Status
	Email               *string
	Phone               *string
	Notes               *string
	ReportsToExternalID *string
	Relations           []*Relation
}

// Relation is a tie from the row's contact to another contact, named by
// its externalID (another row of the import, or a stored contact).
type Relation struct {
	ToExternalID string
	Kind         domain.RelationKind
	Strength     *int
}

// Result is the GraphQL ImportContactsPayload.
type Result struct {
	// Applied is false when nothing was written: a dry run, or an
	// ALL_OR_NOTHING import with at least one bad row.
	Applied bool
	Rows    []*RowResult
	Totals  Totals
}

// RowResult reports one row.
type RowResult struct {
	Row        int
	ExternalID string
	Status     RowStatus
	Code       *string
	Field      *string
	Reason     *string
	Contact    *ent.Contact
}

// Totals counts the rows by status, and the relations written.
type Totals struct {
	Rows             int
	Created          int
	Updated          int
	Unchanged        int
	Errors           int
	RelationsCreated int
	RelationsUpdated int
}

// Mode says what happens to a row whose externalID is already stored.
type Mode string

// Modes.
const (
	ModeUpsert     Mode = "UPSERT"
	ModeCreateOnly Mode = "CREATE_ONLY"
)

// Atomicity says what a bad row does to the others.
type Atomicity string

// Atomicities.
const (
	AllOrNothing Atomicity = "ALL_OR_NOTHING"
	PerRow       Atomicity = "PER_ROW"
)

// RowStatus is what happened to a row.
type RowStatus string

// Row statuses.
const (
	StatusCreated   RowStatus = "CREATED"
	StatusUpdated   RowStatus = "UPDATED"
	StatusUnchanged RowStatus = "UNCHANGED"
	StatusError     RowStatus = "ERROR"
)

// Values lists the modes.
func (Mode) Values() []string { return []string{"UPSERT", "CREATE_ONLY"} }

// Values lists the atomicities.
func (Atomicity) Values() []string { return []string{"ALL_OR_NOTHING", "PER_ROW"} }

// Values lists the row statuses.
func (RowStatus) Values() []string { return []string{"CREATED", "UPDATED", "UNCHANGED", "ERROR"} }

// MarshalGQL implements graphql.Marshaler.
func (m Mode) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(m)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (m *Mode) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "ImportMode", m.Values(), (*string)(m))
}

// MarshalGQL implements graphql.Marshaler.
func (a Atomicity) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(a)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (a *Atomicity) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "ImportAtomicity", a.Values(), (*string)(a))
}

// MarshalGQL implements graphql.Marshaler.
func (s RowStatus) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(s)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *RowStatus) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "ImportRowStatus", s.Values(), (*string)(s))
}
