// Package domain holds Rapport's shared vocabulary: the enumerations that more
// than one entity uses, so that the API, the store and the dashboard say one
// word for one thing (an attitude is the same enum on a contact, on an
// assessment and on a decision-chain stance).
package domain

import (
	"fmt"
	"io"
	"slices"

	"rapport/internal/jsonstr"
)

// Tier is an account's place in the customer portfolio.
type Tier string

// Tiers, from most to least important.
const (
	TierStrategic  Tier = "STRATEGIC"
	TierPartner    Tier = "PARTNER"
	TierCommercial Tier = "COMMERCIAL"
	TierGeneral    Tier = "GENERAL"
)

// Values lists the tiers for ent's enum column.
func (Tier) Values() []string {
	return []string{"STRATEGIC", "PARTNER", "COMMERCIAL", "GENERAL"}
}

// Attitude is how a stakeholder stands toward us.
type Attitude string

// Attitudes, from most to least favourable.
const (
	AttitudeChampion  Attitude = "CHAMPION"
	AttitudeSupporter Attitude = "SUPPORTER"
	AttitudeNeutral   Attitude = "NEUTRAL"
	AttitudeSkeptic   Attitude = "SKEPTIC"
	AttitudeOpponent  Attitude = "OPPONENT"
)

// Values lists the attitudes for ent's enum column.
func (Attitude) Values() []string {
	return []string{"CHAMPION", "SUPPORTER", "NEUTRAL", "SKEPTIC", "OPPONENT"}
}

// Score maps an attitude onto -2..2, used by health and support weighting.
func (a Attitude) Score() int {
	switch a {
	case AttitudeChampion:
		return 2
	case AttitudeSupporter:
		return 1
	case AttitudeSkeptic:
		return -1
	case AttitudeOpponent:
		return -2
	}
	return 0
}

// DecisionRole is the part a stakeholder usually plays in buying decisions.
type DecisionRole string

// Decision roles in the common B2B vocabulary.
const (
	RoleDecisionMaker      DecisionRole = "DECISION_MAKER"
	RoleEconomicBuyer      DecisionRole = "ECONOMIC_BUYER"
	RoleTechnicalEvaluator DecisionRole = "TECHNICAL_EVALUATOR"
	RoleUser               DecisionRole = "USER"
	RoleInfluencer         DecisionRole = "INFLUENCER"
	RoleGatekeeper         DecisionRole = "GATEKEEPER"
	RoleCoach              DecisionRole = "COACH"
)

// Values lists the decision roles for ent's enum column.
func (DecisionRole) Values() []string {
	return []string{"DECISION_MAKER", "ECONOMIC_BUYER", "TECHNICAL_EVALUATOR", "USER", "INFLUENCER", "GATEKEEPER", "COACH"}
}

// Source says where an edge of the stakeholder graph came from.
type Source string

// Sources of relations and coverage.
const (
	SourceManual      Source = "MANUAL"
	SourceImport      Source = "IMPORT"
	SourceInteraction Source = "INTERACTION"
	SourceInferred    Source = "INFERRED"
	// SourceHandover: coverage a colleague handed over (issue 16, point 4).
	SourceHandover Source = "HANDOVER"
)

// Values lists the sources for ent's enum column.
func (Source) Values() []string {
	return []string{"MANUAL", "IMPORT", "INTERACTION", "INFERRED", "HANDOVER"}
}

// RelationKind is the kind of tie between two stakeholders.
type RelationKind string

// Relation kinds. Reporting lines are not among them: they are Contact.reportsTo.
const (
	RelationInfluences      RelationKind = "INFLUENCES"
	RelationAlly            RelationKind = "ALLY"
	RelationRival           RelationKind = "RIVAL"
	RelationFriend          RelationKind = "FRIEND"
	RelationFamily          RelationKind = "FAMILY"
	RelationFormerColleague RelationKind = "FORMER_COLLEAGUE"
)

// Values lists the relation kinds for ent's enum column.
func (RelationKind) Values() []string {
	return []string{"INFLUENCES", "ALLY", "RIVAL", "FRIEND", "FAMILY", "FORMER_COLLEAGUE"}
}

// MarshalGQL implements graphql.Marshaler.
func (k RelationKind) MarshalGQL(w io.Writer) { WriteQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *RelationKind) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "RelationKind", k.Values(), (*string)(k))
}

// Role is what a user or API token may do: viewers read, editors also
// write, admins also manage users, tokens and the audit trail.
type Role string

// Roles, each including the one before.
const (
	RoleViewer Role = "VIEWER"
	RoleEditor Role = "EDITOR"
	RoleAdmin  Role = "ADMIN"
)

// Values lists the roles for ent's enum column.
func (Role) Values() []string { return []string{"VIEWER", "EDITOR", "ADMIN"} }

// MarshalGQL implements graphql.Marshaler.
func (r Role) MarshalGQL(w io.Writer) { WriteQuoted(w, string(r)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Role) UnmarshalGQL(v any) error { return UnmarshalEnum(v, "Role", r.Values(), (*string)(r)) }

// The GraphQL (un)marshalers below let gqlgen bind these types directly.

// MarshalGQL implements graphql.Marshaler.
func (t Tier) MarshalGQL(w io.Writer) { WriteQuoted(w, string(t)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *Tier) UnmarshalGQL(v any) error { return UnmarshalEnum(v, "Tier", t.Values(), (*string)(t)) }

// MarshalGQL implements graphql.Marshaler.
func (a Attitude) MarshalGQL(w io.Writer) { WriteQuoted(w, string(a)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (a *Attitude) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "Attitude", a.Values(), (*string)(a))
}

// MarshalGQL implements graphql.Marshaler.
func (r DecisionRole) MarshalGQL(w io.Writer) { WriteQuoted(w, string(r)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *DecisionRole) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "DecisionRole", r.Values(), (*string)(r))
}

// MarshalGQL implements graphql.Marshaler.
func (s Source) MarshalGQL(w io.Writer) { WriteQuoted(w, string(s)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Source) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "Source", s.Values(), (*string)(s))
}

// WriteQuoted writes an enum value as a GraphQL string; packages with enums
// of their own (the importer's) use it too. It is gqlgen's string writing,
// done in the response buffer: a page writes thousands of enum values.
func WriteQuoted(w io.Writer, s string) { jsonstr.Write(w, s) }

// UnmarshalEnum reads a GraphQL enum value into dst, refusing values not
// in values.
func UnmarshalEnum(v any, name string, values []string, dst *string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string, got %T", name, v)
	}
	if !slices.Contains(values, s) {
		return fmt.Errorf("%q is not a valid %s", s, name)
	}
	*dst = s
	return nil
}
