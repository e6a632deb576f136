package gaps

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/internal/cadence"
	"rapport/internal/chain"
	"rapport/internal/domain"
)

// The rules, shared by Find and Summarize so that a summary counts and
// names exactly the gaps Find lists.

// finding is a gap a rule found, before it is tied to its rows.
type finding struct {
	kind     domain.GapKind
	severity domain.Severity
	reason   string
}

// contactFindings applies the rules that do not move with time to one
// active contact of the account whose coverage (strength >= 1 by active
// team members, strongest first) is cs; the stale rule is apart (stale).
func contactFindings(c *ent.Contact, cs []*ent.Coverage) []finding {
	var out []finding
	best := 0
	if len(cs) > 0 {
		best = cs[0].Strength
	}
	keyRole := c.DecisionRole == domain.RoleDecisionMaker || c.DecisionRole == domain.RoleEconomicBuyer
	key := keyRole || c.Influence >= KeyInfluence
	switch {
	case keyRole && len(cs) == 0:
		out = append(out, finding{domain.GapUncoveredDecisionMaker, domain.SeverityHigh,
			fmt.Sprintf("%s is a %s and nobody on our team covers them.", c.Name, words(string(c.DecisionRole)))})
	case key && best < chain.CoveredThreshold:
		out = append(out, finding{domain.GapWeakCoverage, domain.SeverityMedium,
			fmt.Sprintf("%s (%s, influence %d) is known at strength %d at best; a working relationship is %d.",
				c.Name, words(string(c.DecisionRole)), c.Influence, best, chain.CoveredThreshold)})
	}
	if key && len(cs) == 1 {
		out = append(out, finding{domain.GapSingleThreaded, domain.SeverityMedium,
			fmt.Sprintf("Only %s knows %s.", cs[0].Edges.TeamMember.Name, c.Name)})
	}
	if c.Attitude == domain.AttitudeOpponent && c.Influence >= KeyInfluence {
		out = append(out, finding{domain.GapInfluentialOpponent, domain.SeverityHigh,
			fmt.Sprintf("%s opposes us with influence %d.", c.Name, c.Influence)})
	}
	return out
}

// isKey reports whether a contact is key: a decision maker or economic
// buyer, or influential.
func isKey(c *ent.Contact) bool {
	return c.DecisionRole == domain.RoleDecisionMaker || c.DecisionRole == domain.RoleEconomicBuyer || c.Influence >= KeyInfluence
}

// staleRule is how the stale rule reads time (issue 17): each contact's
// cadence under the account's tier policy in force, or one staleDays for
// everyone when the caller gives it (an explicit override).
type staleRule struct {
	days   int // > 0: the override
	tier   domain.Tier
	policy []cadence.Policy // the tier's versions (cadence.History)
}

// contactTime is what the stale rule reads of a covered contact.
type contactTime struct {
	role      domain.DecisionRole
	seniority string
	since     time.Time  // when the contact was added
	last      *time.Time // the last interaction recorded on their coverage
}

// stale reports whether a covered contact has gone stale at now, and the
// sentence that says why. With the override: no interaction in staleDays
// (never met is stale). With the cadence: past their due date under the
// policy (never met: due one cadence after they were added); a contact
// the policy does not track never goes stale.
func (r staleRule) stale(name string, c contactTime, now time.Time) (bool, string) {
	if r.days > 0 {
		if c.last == nil || now.Sub(*c.last) > time.Duration(r.days)*24*time.Hour {
			return true, staleReason(name, c.last, now)
		}
		return false, ""
	}
	p := cadence.InForce(r.policy, r.tier, now)
	st := cadence.Of(p, cadence.Stakeholder{DecisionRole: c.role, Seniority: c.seniority, LastMetAt: c.last, Since: c.since}, now)
	if !st.Overdue {
		return false, ""
	}
	tail := fmt.Sprintf(" The %s policy asks for a meeting every %d days; it was due %s.", words(string(p.Tier)), st.CadenceDays, st.DueAt.Format("2006-01-02"))
	return true, staleReason(name, c.last, now) + tail
}

func staleSeverity(c *ent.Contact) domain.Severity {
	if isKey(c) {
		return domain.SeverityMedium
	}
	return domain.SeverityLow
}

func staleReason(name string, last *time.Time, now time.Time) string {
	if last == nil {
		return fmt.Sprintf("No interaction with %s is recorded.", name)
	}
	return fmt.Sprintf("No interaction with %s in %d days (last %s).", name, int(now.Sub(*last).Hours()/24), last.Format("2006-01-02"))
}

// linkFinding applies the chain rule to a link of an open opportunity
// named opportunity, whose contact is c with coverage cs.
func linkFinding(l *ent.DecisionChainLink, c *ent.Contact, opportunity string, cs []*ent.Coverage) (finding, bool) {
	left := c.Status == contact.StatusLEFT
	if !left && len(cs) > 0 && cs[0].Strength >= chain.CoveredThreshold {
		return finding{}, false
	}
	sev := domain.SeverityMedium
	if l.Role == decisionchainlink.RoleDECISION_MAKER || l.Role == decisionchainlink.RoleAPPROVER || l.Weight >= 0.5 {
		sev = domain.SeverityHigh
	}
	reason := fmt.Sprintf("%s, %s at step %d of %s, has no working coverage.", c.Name, words(string(l.Role)), l.Position, opportunity)
	if left {
		reason = fmt.Sprintf("%s, %s at step %d of %s, has left the account.", c.Name, words(string(l.Role)), l.Position, opportunity)
	}
	return finding{domain.GapUncoveredChainLink, sev, reason}, true
}

// order is Find's order: most severe first, then by kind in the enum's
// order; a stable sort keeps the rest as found.
func order(sa domain.Severity, ka domain.GapKind, sb domain.Severity, kb domain.GapKind) int {
	kinds := domain.GapKind("").Values()
	return cmp.Or(sb.Rank()-sa.Rank(), slices.Index(kinds, string(ka))-slices.Index(kinds, string(kb)))
}
