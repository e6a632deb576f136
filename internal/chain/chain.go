package chain

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/coverage"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
)

// Load reads the decision chains of several opportunities with one
// statement for each chunk.Size of them (see join.go): each opportunity the
// viewer may read, its links, their contacts, and the active team members'
// coverage of those contacts with the team members. An opportunity that
// does not exist or that the viewer may not read has no chain in the map.
// cols names the columns read of the joined nodes (the zero Columns reads
// them whole).
func Load(ctx context.Context, client *ent.Client, opportunityIDs []int, cols Columns) (map[int]*Chain, error) {
	chains, err := chunk.Map(opportunityIDs, chunk.Size, func(ids []int) (map[int]*Chain, error) {
		return readChains(ctx, client, ids, cols.withNeeded())
	})
	if err != nil {
		return nil, fmt.Errorf("load decision chains: %w", err)
	}
	for _, c := range chains {
		for _, e := range c.Links {
			e.Covered = e.StrongestCoverage != nil && e.StrongestCoverage.Strength >= CoveredThreshold
		}
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
		if b := best[c.ContactID]; stronger(c, b) {
			best[c.ContactID] = &CoverageSummary{TeamMember: c.Edges.TeamMember, Strength: c.Strength, Coverage: c}
		}
	}
	return best, nil
}

// stronger reports whether coverage c beats the best so far: a greater
// strength, or the same held by the primary owner. Read in ID order, the
// earliest row wins the remaining ties.
func stronger(c *ent.Coverage, best *CoverageSummary) bool {
	return best == nil || c.Strength > best.Strength ||
		(c.Strength == best.Strength && c.PrimaryOwner && !best.Coverage.PrimaryOwner)
}
