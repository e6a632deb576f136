package domain

import "io"

// The stakeholder graph engine's vocabulary: node and edge types of the
// drawn graph, coverage-gap kinds, value classes and power quadrants. They
// live here, beside the entity enums, so that every engine package and the
// API name them the same way.

// NodeType is what a node of the drawn stakeholder graph stands for.
type NodeType string

// Node types.
const (
	NodeAccount    NodeType = "ACCOUNT"
	NodeContact    NodeType = "CONTACT"
	NodeTeamMember NodeType = "TEAM_MEMBER"
)

// Values lists the node types.
func (NodeType) Values() []string { return []string{"ACCOUNT", "CONTACT", "TEAM_MEMBER"} }

// EdgeType is what an edge of the drawn stakeholder graph stands for.
type EdgeType string

// Edge types.
const (
	EdgeReportsTo  EdgeType = "REPORTS_TO"
	EdgeRelation   EdgeType = "RELATION"
	EdgeCoverage   EdgeType = "COVERAGE"
	EdgeSubsidiary EdgeType = "SUBSIDIARY"
)

// Values lists the edge types.
func (EdgeType) Values() []string {
	return []string{"REPORTS_TO", "RELATION", "COVERAGE", "SUBSIDIARY"}
}

// GapKind is a kind of coverage gap.
type GapKind string

// Coverage gap kinds.
const (
	GapUncoveredDecisionMaker GapKind = "UNCOVERED_DECISION_MAKER"
	GapWeakCoverage           GapKind = "WEAK_COVERAGE"
	GapSingleThreaded         GapKind = "SINGLE_THREADED"
	GapStaleRelationship      GapKind = "STALE_RELATIONSHIP"
	GapInfluentialOpponent    GapKind = "INFLUENTIAL_OPPONENT"
	GapUncoveredChainLink     GapKind = "UNCOVERED_CHAIN_LINK"
)

// Values lists the gap kinds.
func (GapKind) Values() []string {
	return []string{"UNCOVERED_DECISION_MAKER", "WEAK_COVERAGE", "SINGLE_THREADED",
		"STALE_RELATIONSHIP", "INFLUENTIAL_OPPONENT", "UNCOVERED_CHAIN_LINK"}
}

// Severity ranks a gap.
type Severity string

// Severities, from least to most urgent.
const (
	SeverityLow    Severity = "LOW"
	SeverityMedium Severity = "MEDIUM"
	SeverityHigh   Severity = "HIGH"
)

// Values lists the severities.
func (Severity) Values() []string { return []string{"LOW", "MEDIUM", "HIGH"} }

// Rank orders severities: HIGH 3, MEDIUM 2, LOW 1.
func (s Severity) Rank() int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	}
	return 1
}

// AbcClass is an account's class by the 80/20 rule on revenue.
type AbcClass string

// ABC classes.
const (
	ClassA AbcClass = "A"
	ClassB AbcClass = "B"
	ClassC AbcClass = "C"
)

// Values lists the classes.
func (AbcClass) Values() []string { return []string{"A", "B", "C"} }

// ClvQuadrant is an account's customer-lifetime-value quadrant.
type ClvQuadrant string

// CLV quadrants: current value x potential value.
const (
	ClvHighValue      ClvQuadrant = "HIGH_VALUE"      // high current, high potential
	ClvSecondaryValue ClvQuadrant = "SECONDARY_VALUE" // high current, low potential
	ClvPotentialValue ClvQuadrant = "POTENTIAL_VALUE" // low current, high potential
	ClvLowValue       ClvQuadrant = "LOW_VALUE"       // low current, low potential
)

// Values lists the quadrants.
func (ClvQuadrant) Values() []string {
	return []string{"HIGH_VALUE", "SECONDARY_VALUE", "POTENTIAL_VALUE", "LOW_VALUE"}
}

// PowerQuadrant places a stakeholder on the power/interest grid.
type PowerQuadrant string

// Power/interest quadrants.
const (
	PowerManageClosely PowerQuadrant = "MANAGE_CLOSELY"
	PowerKeepSatisfied PowerQuadrant = "KEEP_SATISFIED"
	PowerKeepInformed  PowerQuadrant = "KEEP_INFORMED"
	PowerMonitor       PowerQuadrant = "MONITOR"
)

// Values lists the quadrants.
func (PowerQuadrant) Values() []string {
	return []string{"MANAGE_CLOSELY", "KEEP_SATISFIED", "KEEP_INFORMED", "MONITOR"}
}

// MarshalGQL implements graphql.Marshaler.
func (t NodeType) MarshalGQL(w io.Writer) { WriteQuoted(w, string(t)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *NodeType) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "GraphNodeType", t.Values(), (*string)(t))
}

// MarshalGQL implements graphql.Marshaler.
func (t EdgeType) MarshalGQL(w io.Writer) { WriteQuoted(w, string(t)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *EdgeType) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "GraphEdgeType", t.Values(), (*string)(t))
}

// MarshalGQL implements graphql.Marshaler.
func (k GapKind) MarshalGQL(w io.Writer) { WriteQuoted(w, string(k)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *GapKind) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "CoverageGapKind", k.Values(), (*string)(k))
}

// MarshalGQL implements graphql.Marshaler.
func (s Severity) MarshalGQL(w io.Writer) { WriteQuoted(w, string(s)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Severity) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "GapSeverity", s.Values(), (*string)(s))
}

// MarshalGQL implements graphql.Marshaler.
func (c AbcClass) MarshalGQL(w io.Writer) { WriteQuoted(w, string(c)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (c *AbcClass) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "AbcClass", c.Values(), (*string)(c))
}

// MarshalGQL implements graphql.Marshaler.
func (q ClvQuadrant) MarshalGQL(w io.Writer) { WriteQuoted(w, string(q)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (q *ClvQuadrant) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "ClvQuadrant", q.Values(), (*string)(q))
}

// MarshalGQL implements graphql.Marshaler.
func (q PowerQuadrant) MarshalGQL(w io.Writer) { WriteQuoted(w, string(q)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (q *PowerQuadrant) UnmarshalGQL(v any) error {
	return UnmarshalEnum(v, "PowerQuadrant", q.Values(), (*string)(q))
}
