// Package cadence is the engine of tier policies (issue 17): per tier, how
// often each kind of stakeholder must be met, what coverage key people need,
// whether an executive pairing is required and the tier's share of the
// relationship budget. Policies are versioned by the date they apply from;
// the engine picks the version in force at a time, the cadence that applies
// to a stakeholder, and when that stakeholder is due and whether overdue.
//
// The package is pure: callers load the policies and the last meetings
// (in batches) and hand them in.
package cadence

import (
	"sort"
	"time"

	"rapport/internal/domain"
)

// Seniorities are the contact seniorities a rule may name, as the contact
// schema spells them.
var Seniorities = []string{"EXECUTIVE", "SENIOR_MANAGER", "MANAGER", "STAFF"}

// Rule is one line of a cadence table: stakeholders with the decision role
// and seniority (either may be empty: any) are met every Days days.
type Rule = domain.CadenceRule

// specificity ranks how narrowly r names a stakeholder: a rule naming both
// role and seniority beats one naming either, which beats neither.
func specificity(r Rule) int {
	n := 0
	if r.DecisionRole != "" {
		n++
	}
	if r.Seniority != "" {
		n++
	}
	return n
}

func matches(r Rule, role domain.DecisionRole, seniority string) bool {
	return (r.DecisionRole == "" || r.DecisionRole == role) && (r.Seniority == "" || r.Seniority == seniority)
}

// Policy is one version of a tier's policy.
type Policy struct {
	Tier          domain.Tier
	EffectiveFrom time.Time
	// Cadence is the table of meeting cadences.
	Cadence []Rule
	// DefaultDays applies to stakeholders no rule matches; 0 leaves them
	// untracked (no due date, never overdue).
	DefaultDays int
	// MinCoverageStrength is the coverage strength (0-4) a key person needs
	// from at least MinCoverageThreads team members (2 = not single-threaded).
	MinCoverageStrength int
	MinCoverageThreads  int
	// ExecutivePairingRequired says whether the tier's accounts need an
	// executive pairing (one of our executives paired with theirs).
	ExecutivePairingRequired bool
	// BudgetShare is the tier's share of the relationship budget, 0..1.
	BudgetShare float64
}

// Days returns the cadence in days for a stakeholder of role and
// seniority under p: the most specific matching rule, the strictest
// (fewest days) among equally specific ones; DefaultDays when no rule
// matches. ok is false when the stakeholder is not tracked.
func (p Policy) Days(role domain.DecisionRole, seniority string) (days int, ok bool) {
	best, spec := 0, -1
	for _, r := range p.Cadence {
		if !matches(r, role, seniority) {
			continue
		}
		if s := specificity(r); s > spec || (s == spec && r.Days < best) {
			best, spec = r.Days, s
		}
	}
	if spec >= 0 {
		return best, best > 0
	}
	return p.DefaultDays, p.DefaultDays > 0
}

// Stakeholder is what the engine needs of a contact.
type Stakeholder struct {
	DecisionRole domain.DecisionRole
	Seniority    string
	// LastMetAt is the latest interaction that happened (nil: never met).
	LastMetAt *time.Time
	// Since is when the contact was added; a never-met stakeholder is due
	// one cadence after it (a new name is not overdue on its first day).
	Since time.Time
}

// Status is a stakeholder's cadence under a policy at a time.
type Status struct {
	// CadenceDays is 0 when the stakeholder is not tracked.
	CadenceDays int
	DueAt       *time.Time
	Overdue     bool
}

// Of returns s's cadence status under p at now. Due is the last meeting
// (or Since) plus the cadence; overdue means now is past due.
func Of(p Policy, s Stakeholder, now time.Time) Status {
	days, ok := p.Days(s.DecisionRole, s.Seniority)
	if !ok {
		return Status{}
	}
	from := s.Since
	if s.LastMetAt != nil {
		from = *s.LastMetAt
	}
	due := from.AddDate(0, 0, days)
	return Status{CadenceDays: days, DueAt: &due, Overdue: now.After(due)}
}

// InForce returns the version of tier's policy in force at: the one with
// the latest EffectiveFrom not after at. With no such version it returns
// the seeded default of the tier, so every account always has a policy.
func InForce(versions []Policy, tier domain.Tier, at time.Time) Policy {
	var best *Policy
	for i := range versions {
		v := &versions[i]
		if v.Tier != tier || v.EffectiveFrom.After(at) {
			continue
		}
		if best == nil || v.EffectiveFrom.After(best.EffectiveFrom) {
			best = v
		}
	}
	if best != nil {
		return *best
	}
	return Default(tier)
}

// History returns tier's versions, newest first.
func History(versions []Policy, tier domain.Tier) []Policy {
	var out []Policy
	for _, v := range versions {
		if v.Tier == tier {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].EffectiveFrom.After(out[j].EffectiveFrom) })
	return out
}
