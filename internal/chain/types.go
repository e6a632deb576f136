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
	// Opportunity is the opportunity read with the chain, with its ID
	// only: that it is here says the viewer may read it.
	Opportunity           *ent.Opportunity
	Links                 []*Entry
	CoverageRatio         float64
	WeightedCoverageRatio float64
}

// Columns names the columns a read of chains selects from the joined
// links, contacts, coverages and team members; nil selects every column. The API
// passes what the request's selection reads (ent's SelectedColumns), so that
// a chain asked for its contacts' names does not read and sort their every
// column once per coverage row; the columns the chain itself needs (IDs, a
// coverage's strength and owner flag, the references) are added by the read.
type Columns struct {
	Link, Contact, Coverage, TeamMember []string
}
