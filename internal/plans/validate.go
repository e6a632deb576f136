package plans

import (
	"time"

	"rapport/internal/apperr"
	"rapport/internal/strength"
)

// Metrics an objective can target, and their ranges.
const (
	MetricStrength      = "STRENGTH"       // coverage strength of a named stakeholder, 0..strength.Max
	MetricAttitude      = "ATTITUDE"       // attitude score of a named stakeholder, -2..2
	MetricCoverageRatio = "COVERAGE_RATIO" // share of the account's key people covered, 0..1
	MetricRevenue       = "REVENUE"        // current revenue over the account's offerings, >= 0
	MetricWhitespace    = "WHITESPACE"     // whitespace (potential - current) to reach at most, >= 0
)

// ValidateObjective checks an objective's target against its metric's
// range, and that stakeholder metrics name a stakeholder. Errors are
// BAD_USER_INPUT naming the field.
func ValidateObjective(metric string, target float64, contactID *int) error {
	lo, hi, stakeholder := 0.0, -1.0, false
	switch metric {
	case MetricStrength:
		hi, stakeholder = strength.Max, true
	case MetricAttitude:
		lo, hi, stakeholder = -2, 2, true
	case MetricCoverageRatio:
		hi = 1
	case MetricRevenue, MetricWhitespace:
	default:
		return apperr.Invalid("metric", "unknown metric %q", metric)
	}
	if target != target || target < lo || (hi >= lo && target > hi) {
		if hi >= lo {
			return apperr.Invalid("target", "%s target %g is out of range: want %g to %g", metric, target, lo, hi)
		}
		return apperr.Invalid("target", "%s target %g is out of range: want %g or more", metric, target, lo)
	}
	if stakeholder && contactID == nil {
		return apperr.Invalid("contactID", "a %s target names the stakeholder it is for", metric)
	}
	if !stakeholder && contactID != nil {
		return apperr.Invalid("contactID", "a %s target is the account's, not a stakeholder's", metric)
	}
	return nil
}

// ValidateActivity refuses a PLANNED activity dated before now: what
// happened is logged DONE (or CANCELLED), not planned.
func ValidateActivity(status string, occurredAt, now time.Time) error {
	if status == StatusPlanned && occurredAt.Before(now) {
		return apperr.Invalid("occurredAt", "a PLANNED activity lies in the future: %s is past; log it as DONE", occurredAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// ValidateInPlan checks that an activity's date falls in its plan's
// fiscal year.
func (c Calendar) ValidateInPlan(fy int, occurredAt time.Time) error {
	from, to := c.Bounds(fy)
	if occurredAt.Before(from) || !occurredAt.Before(to) {
		return apperr.Invalid("occurredAt", "%s is outside the plan's fiscal year %s (%s to %s)",
			occurredAt.UTC().Format("2006-01-02"), Period(fy, 0), from.Format("2006-01-02"), to.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	return nil
}
