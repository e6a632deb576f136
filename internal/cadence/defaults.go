package cadence

import (
	"math"
	"slices"
	"strconv"
	"time"

	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// Epoch is the date the seeded defaults apply from: before any data.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Default returns the seeded policy of tier, taken from the source practice
// (shared/DOMAIN.md: relationships are run by tier; the closer the tier to
// strategic, the tighter the cadence, the broader the coverage and the
// larger the budget). Strategic decision makers are met monthly and
// executives quarterly; each tier below stretches the cadence; the budget
// shares add up to 1.
func Default(tier domain.Tier) Policy {
	p := Policy{Tier: tier, EffectiveFrom: Epoch}
	dm := func(days int) []Rule {
		return []Rule{
			{DecisionRole: domain.RoleDecisionMaker, Days: days},
			{DecisionRole: domain.RoleEconomicBuyer, Days: days},
		}
	}
	switch tier {
	case domain.TierStrategic:
		p.Cadence = append(dm(30),
			Rule{DecisionRole: domain.RoleCoach, Days: 30},
			Rule{Seniority: "EXECUTIVE", Days: 90},
			Rule{DecisionRole: domain.RoleTechnicalEvaluator, Days: 60},
			Rule{DecisionRole: domain.RoleInfluencer, Days: 60},
			Rule{Seniority: "SENIOR_MANAGER", Days: 90})
		p.DefaultDays, p.MinCoverageStrength, p.MinCoverageThreads = 180, 3, 2
		p.ExecutivePairingRequired, p.BudgetShare = true, 0.5
	case domain.TierPartner:
		p.Cadence = append(dm(45),
			Rule{DecisionRole: domain.RoleCoach, Days: 45},
			Rule{Seniority: "EXECUTIVE", Days: 120},
			Rule{DecisionRole: domain.RoleTechnicalEvaluator, Days: 90},
			Rule{DecisionRole: domain.RoleInfluencer, Days: 90})
		p.DefaultDays, p.MinCoverageStrength, p.MinCoverageThreads = 180, 2, 2
		p.ExecutivePairingRequired, p.BudgetShare = true, 0.25
	case domain.TierCommercial:
		p.Cadence = append(dm(60),
			Rule{Seniority: "EXECUTIVE", Days: 180},
			Rule{DecisionRole: domain.RoleTechnicalEvaluator, Days: 120})
		p.DefaultDays, p.MinCoverageStrength, p.MinCoverageThreads = 365, 2, 1
		p.BudgetShare = 0.2
	case domain.TierGeneral:
		p.Cadence = append(dm(90), Rule{Seniority: "EXECUTIVE", Days: 365})
		p.MinCoverageStrength, p.MinCoverageThreads = 1, 1
		p.BudgetShare = 0.05
	}
	return p
}

// Tiers lists the tiers in their order.
var Tiers = []domain.Tier{domain.TierStrategic, domain.TierPartner, domain.TierCommercial, domain.TierGeneral}

// Defaults returns the seeded policy of every tier.
func Defaults() []Policy {
	out := make([]Policy, len(Tiers))
	for i, t := range Tiers {
		out[i] = Default(t)
	}
	return out
}

// Validate reports the first field of p that is not acceptable, as a
// BAD_USER_INPUT error naming the field (in the API's camelCase, the
// cadence line by index) and the expected form.
func Validate(p Policy) error {
	if !slices.Contains(Tiers, p.Tier) {
		return apperr.Invalid("tier", "must be one of STRATEGIC, PARTNER, COMMERCIAL, GENERAL, got %q", p.Tier)
	}
	if p.EffectiveFrom.IsZero() {
		return apperr.Invalid("effectiveFrom", "must be a date (RFC 3339, e.g. 2027-01-01T00:00:00Z)")
	}
	seen := map[[2]string]bool{}
	for i, r := range p.Cadence {
		f := func(name string) string { return "cadence[" + strconv.Itoa(i) + "]." + name }
		if r.Days < 1 {
			return apperr.Invalid(f("days"), "cadence days must be 1 or more, got %d", r.Days)
		}
		if r.Days > 3660 {
			return apperr.Invalid(f("days"), "cadence days must be at most 3660, got %d", r.Days)
		}
		if r.DecisionRole != "" && !slices.Contains(domain.DecisionRole("").Values(), string(r.DecisionRole)) {
			return apperr.Invalid(f("decisionRole"), "decisionRole must be a DecisionRole, got %q", r.DecisionRole)
		}
		if r.Seniority != "" && !slices.Contains(Seniorities, r.Seniority) {
			return apperr.Invalid(f("seniority"), "seniority must be one of EXECUTIVE, SENIOR_MANAGER, MANAGER, STAFF, got %q", r.Seniority)
		}
		k := [2]string{string(r.DecisionRole), r.Seniority}
		if seen[k] {
			return apperr.Invalid(f("decisionRole"), "cadence names decision role %q and seniority %q twice", r.DecisionRole, r.Seniority)
		}
		seen[k] = true
	}
	if p.DefaultDays < 0 || p.DefaultDays > 3660 {
		return apperr.Invalid("defaultDays", "must be 0 (untracked) to 3660, got %d", p.DefaultDays)
	}
	if p.MinCoverageStrength < 0 || p.MinCoverageStrength > 4 {
		return apperr.Invalid("minCoverageStrength", "must be 0 to 4, got %d", p.MinCoverageStrength)
	}
	if p.MinCoverageThreads < 0 || p.MinCoverageThreads > 20 {
		return apperr.Invalid("minCoverageThreads", "must be 0 to 20, got %d", p.MinCoverageThreads)
	}
	if math.IsNaN(p.BudgetShare) || p.BudgetShare < 0 || p.BudgetShare > 1 {
		return apperr.Invalid("budgetShare", "must be 0 to 1, got %v", p.BudgetShare)
	}
	return nil
}
