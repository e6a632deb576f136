package chain

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
)

// Load reads the decision chains of several opportunities with four
// statements, and one more of each for each chunk.Size opportunities or
// contacts: the links, their contacts, and the active team members'
// coverage of those contacts (with the team members).
func Load(ctx context.Context, client *ent.Client, opportunityIDs []int) (map[int]*Chain, error) {
	links, err := chunk.Load(opportunityIDs, func(ids []int) ([]*ent.DecisionChainLink, error) {
		return client.DecisionChainLink.Query().
			Where(decisionchainlink.OpportunityIDIn(ids...)).
			Order(ent.Asc(decisionchainlink.FieldPosition), ent.Asc(decisionchainlink.FieldID)).
			All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load decision chains: %w", err)
	}
	contactIDs := make([]int, 0, len(links))
	for _, l := range links {
		contactIDs = append(contactIDs, l.ContactID)
	}
	// The contacts are read in parts rather than eagerly with the links,
	// whose loading names them all in one IN list.
	contacts, err := chunk.Load(contactIDs, func(ids []int) ([]*ent.Contact, error) {
		return client.Contact.Query().Where(contact.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load contacts of decision chains: %w", err)
	}
	byID := make(map[int]*ent.Contact, len(contacts))
	for _, c := range contacts {
		byID[c.ID] = c
	}
	for _, l := range links {
		l.Edges.Contact = byID[l.ContactID]
	}
	best, err := StrongestCoverage(ctx, client, contactIDs)
	if err != nil {
		return nil, err
	}
	chains := make(map[int]*Chain, len(opportunityIDs))
	for _, id := range opportunityIDs {
		chains[id] = &Chain{Links: []*Entry{}}
	}
	for _, l := range links {
		e := &Entry{Link: l, Contact: l.Edges.Contact, Role: l.Role, Position: l.Position,
			Stance: l.Stance, Weight: l.Weight, StrongestCoverage: best[l.ContactID]}
		e.Covered = e.StrongestCoverage != nil && e.StrongestCoverage.Strength >= CoveredThreshold
		chains[l.OpportunityID].Links = append(chains[l.OpportunityID].Links, e)
	}
	for _, c := range chains {
		c.CoverageRatio, c.WeightedCoverageRatio = Ratios(c.Links)
	}
	return chains, nil
}

// Ratios returns the share of covered links, by count and by weight; both
// are 0 for an empty chain (nothing is covered), and the weighted one
// falls back to the count when every weight is 0.
func Ratios(links []*Entry) (byCount, byWeight float64) {
	if len(links) == 0 {
		return 0, 0
	}
	var covered int
	var total, coveredWeight float64
	for _, l := range links {
		total += l.Weight
		if l.Covered {
			covered++
			coveredWeight += l.Weight
		}
	}
	byCount = float64(covered) / float64(len(links))
	if total == 0 {
		return byCount, byCount
	}
	return byCount, coveredWeight / total
}

// StrongestCoverage returns, per contact, the strongest coverage by an
// active team member (ties go to the primary owner, then the earliest
// row); contacts nobody active covers are absent. Two statements for
// each chunk.Size contacts; a contact's coverage is read in one of them,
// in ID order.
func StrongestCoverage(ctx context.Context, client *ent.Client, contactIDs []int) (map[int]*CoverageSummary, error) {
	best := map[int]*CoverageSummary{}
	covs, err := chunk.Load(contactIDs, func(ids []int) ([]*ent.Coverage, error) {
		return client.Coverage.Query().
			Where(coverage.ContactIDIn(ids...), coverage.HasTeamMemberWith(teammember.Active(true))).
			WithTeamMember().
			Order(ent.Asc(coverage.FieldID)).
			All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load coverage of %d contacts: %w", len(contactIDs), err)
	}
	for _, c := range covs {
		b := best[c.ContactID]
		if b == nil || c.Strength > b.Strength || (c.Strength == b.Strength && c.PrimaryOwner && !b.Coverage.PrimaryOwner) {
			best[c.ContactID] = &CoverageSummary{TeamMember: c.Edges.TeamMember, Strength: c.Strength, Coverage: c}
		}
	}
	return best, nil
}
