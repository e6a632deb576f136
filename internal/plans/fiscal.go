// Package plans is the account plan engine of issue 17: the fiscal
// calendar (a fiscal year whose first month the server is told, and its
// quarters), the validation of objectives and planned activities, and plan
// vs actual. Compute is pure; Load reads one plan's rows and measures each
// objective with the existing engines (strength, attitude, coverage).
package plans

import (
	"fmt"
	"sync/atomic"
	"time"

	"rapport/internal/apperr"
)

// Calendar is the fiscal calendar: StartMonth 1 is the calendar year,
// 4 is April-March. A fiscal year is named by the calendar year it starts in.
type Calendar struct{ StartMonth int }

var startMonth atomic.Int32

// SetFiscalYearStart sets the server's fiscal calendar
// (RAPPORT_FISCAL_YEAR_START); a month out of 1-12 is an error.
func SetFiscalYearStart(month int) error {
	c, err := NewCalendar(month)
	if err != nil {
		return err
	}
	startMonth.Store(int32(c.StartMonth))
	return nil
}

// Current is the server's fiscal calendar (January when never set).
func Current() Calendar {
	if m := startMonth.Load(); m != 0 {
		return Calendar{StartMonth: int(m)}
	}
	return Calendar{StartMonth: 1}
}

// NewCalendar validates the first month (RAPPORT_FISCAL_YEAR_START).
func NewCalendar(startMonth int) (Calendar, error) {
	if startMonth < 1 || startMonth > 12 {
		return Calendar{}, fmt.Errorf("fiscal year start month %d: want 1-12", startMonth)
	}
	return Calendar{StartMonth: startMonth}, nil
}

func (c Calendar) start() time.Month {
	if c.StartMonth < 1 || c.StartMonth > 12 {
		return time.January
	}
	return time.Month(c.StartMonth)
}

// Year returns the fiscal year t falls in.
func (c Calendar) Year(t time.Time) int {
	t = t.UTC()
	if t.Month() < c.start() {
		return t.Year() - 1
	}
	return t.Year()
}

// Bounds returns the first instant of fiscal year fy and of the next one.
func (c Calendar) Bounds(fy int) (from, to time.Time) {
	from = time.Date(fy, c.start(), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}

// Quarter returns the fiscal quarter (1-4) t falls in.
func (c Calendar) Quarter(t time.Time) int {
	t = t.UTC()
	m := (int(t.Month()) - int(c.start()) + 12) % 12
	return m/3 + 1
}

// QuarterBounds returns the first instant of quarter q of fiscal year fy
// and of the next quarter.
func (c Calendar) QuarterBounds(fy, q int) (from, to time.Time) {
	y, _ := c.Bounds(fy)
	from = y.AddDate(0, 3*(q-1), 0)
	return from, from.AddDate(0, 3, 0)
}

// Period names a plan period: "FY2026" or "FY2026-Q3".
func Period(fy, quarter int) string {
	if quarter == 0 {
		return fmt.Sprintf("FY%d", fy)
	}
	return fmt.Sprintf("FY%d-Q%d", fy, quarter)
}

// ParsePeriod reads "FY2026" or "FY2026-Q1".."FY2026-Q4"; anything else
// (a quarter 5, a year out of 2000-2100) is BAD_USER_INPUT on field.
func ParsePeriod(field, s string) (fy, quarter int, err error) {
	var rest string
	n, _ := fmt.Sscanf(s, "FY%4d%s", &fy, &rest)
	switch {
	case n == 1 && len(s) == 6:
	case n == 2 && len(rest) == 3 && rest[0] == '-' && rest[1] == 'Q' && rest[2] >= '1' && rest[2] <= '4':
		quarter = int(rest[2] - '0')
	default:
		return 0, 0, apperr.Invalid(field, "%q is not a plan period: want FY2026 or FY2026-Q1 to FY2026-Q4", s)
	}
	if err := ValidateYear(field, fy); err != nil {
		return 0, 0, err
	}
	return fy, quarter, nil
}

// ValidateYear checks a fiscal year is one a plan can have.
func ValidateYear(field string, fy int) error {
	if fy < 2000 || fy > 2100 {
		return apperr.Invalid(field, "fiscal year %d does not exist here: want 2000-2100", fy)
	}
	return nil
}
