package health

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/complaint"
	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// ComplaintMonth is one month of an account's complaints.
type ComplaintMonth struct {
	Month    string // YYYY-MM, UTC
	Opened   int
	Resolved int
	// Open is how many were open at the month's end (or at to, for the
	// last month).
	Open int
}

// ComplaintTrend is the complaints of a period, by month, with how fast
// they were answered.
type ComplaintTrend struct {
	Months []*ComplaintMonth
	// OpenNow and OverdueNow are counted at the period's end.
	OpenNow, OverdueNow int
	// AverageResponseHours is the mean time from opening to the first
	// answer of the complaints opened in the period and answered; nil when
	// none was.
	AverageResponseHours *float64
	// WithinTarget is the share of the complaints opened in the period
	// whose target has passed or that were answered, answered by their
	// target; nil when there is none.
	WithinTarget *float64
}

// Trend returns the complaint trend of an account (or of every account
// the client reads, with accountID nil) between from and to (default: the
// twelve months up to now), in one statement.
func Trend(ctx context.Context, client *ent.Client, accountID *int, from, to *time.Time, now time.Time) (*ComplaintTrend, error) {
	end := now
	if to != nil {
		end = *to
	}
	start := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	if from != nil {
		start = *from
	}
	if end.Before(start) {
		return nil, apperr.Invalid("to", "to (%s) is before from (%s)", end.Format(time.RFC3339), start.Format(time.RFC3339))
	}
	q := client.Complaint.Query().Where(complaint.OpenedAtLTE(end),
		complaint.Or(complaint.ResolvedAtIsNil(), complaint.ResolvedAtGTE(start)))
	if accountID != nil {
		q = q.Where(complaint.AccountID(*accountID))
	}
	rows, err := q.Select(complaint.FieldStatus, complaint.FieldSeverity, complaint.FieldOpenedAt, complaint.FieldResolvedAt,
		complaint.FieldResponseDueAt, complaint.FieldRespondedAt, complaint.FieldUpdatedAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load complaints for the trend: %w", err)
	}
	return trend(rows, start.UTC(), end.UTC()), nil
}

// closedAt is when a complaint stopped being open: its resolution date;
// one marked resolved or closed without a date, at its last change.
func closedAt(c *ent.Complaint) *time.Time {
	if c.ResolvedAt != nil {
		return c.ResolvedAt
	}
	if c.Status == complaint.StatusRESOLVED || c.Status == complaint.StatusCLOSED {
		return &c.UpdatedAt
	}
	return nil
}

func trend(rows []*ent.Complaint, start, end time.Time) *ComplaintTrend {
	out := &ComplaintTrend{}
	openAt := func(c *ent.Complaint, at time.Time) bool {
		cl := closedAt(c)
		return !c.OpenedAt.After(at) && (cl == nil || cl.After(at))
	}
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(end); m = m.AddDate(0, 1, 0) {
		next := m.AddDate(0, 1, 0)
		mEnd := next.Add(-time.Nanosecond)
		if mEnd.After(end) {
			mEnd = end
		}
		p := &ComplaintMonth{Month: m.Format("2006-01")}
		for _, c := range rows {
			if in(c.OpenedAt, m, next, start, end) {
				p.Opened++
			}
			if cl := closedAt(c); cl != nil && in(*cl, m, next, start, end) {
				p.Resolved++
			}
			if openAt(c, mEnd) {
				p.Open++
			}
		}
		out.Months = append(out.Months, p)
	}
	var hours float64
	answered, judged, onTime := 0, 0, 0
	for _, c := range rows {
		due := domain.ComplaintDueAt(c.OpenedAt, string(c.Severity), c.ResponseDueAt)
		if openAt(c, end) {
			out.OpenNow++
			if (c.RespondedAt == nil || c.RespondedAt.After(end)) && end.After(due) {
				out.OverdueNow++
			}
		}
		if c.OpenedAt.Before(start) {
			continue
		}
		r := c.RespondedAt
		if r != nil && r.After(end) {
			r = nil // answered after the period: not yet, as of its end
		}
		if r != nil {
			answered++
			hours += r.Sub(c.OpenedAt).Hours()
		}
		if r != nil || end.After(due) {
			judged++
			if r != nil && !r.After(due) {
				onTime++
			}
		}
	}
	if answered > 0 {
		v := hours / float64(answered)
		out.AverageResponseHours = &v
	}
	if judged > 0 {
		v := float64(onTime) / float64(judged)
		out.WithinTarget = &v
	}
	return out
}

// in reports whether t falls in the month [m, next) and in [start, end].
func in(t, m, next, start, end time.Time) bool {
	return !t.Before(m) && t.Before(next) && !t.Before(start) && !t.After(end)
}
