// Package chain reads an opportunity's decision chain with our coverage of
// each link: who on our team knows each decision maker best, and how much of
// the chain (by count and by weight) is covered.
package chain

import (
	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/internal/domain"
)

// CoveredThreshold is the coverage strength from which a link counts as
// covered: 2, a working relationship. Acquaintance (1) does not carry a deal.
const CoveredThreshold = 2

// CoverageSummary is the strongest coverage of a contact.
type CoverageSummary struct {
	TeamMember *ent.TeamMember
	Strength   int
	Coverage   *ent.Coverage
}

// Entry is one link of a decision chain with its coverage.
type Entry struct {
	Link              *ent.DecisionChainLink
	Contact           *ent.Contact
	Role              decisionchainlink.Role
	Position          int
	Stance            domain.Attitude
	Weight            float64
	StrongestCoverage *CoverageSummary
	Covered           bool
}

// Chain is an opportunity's decision chain in order.
type Chain struct {
	Links                 []*Entry
	CoverageRatio         float64
	WeightedCoverageRatio float64
}
