package domain

import "time"

// ComplaintResponseTimes are how long the customer may wait for an answer
// to a complaint of each severity when the complaint names no target of its
// own (issue 16): critical 4 h, high 24 h, medium 72 h, low 7 days. The
// alert COMPLAINT_OVERDUE and the health score's complaints component read
// the same numbers from here.
var ComplaintResponseTimes = map[string]time.Duration{
	"CRITICAL": 4 * time.Hour,
	"HIGH":     24 * time.Hour,
	"MEDIUM":   72 * time.Hour,
	"LOW":      7 * 24 * time.Hour,
}

// ComplaintResponseTime is the default response time of a complaint of
// severity; an unknown severity gets MEDIUM's.
func ComplaintResponseTime(severity string) time.Duration {
	if d, ok := ComplaintResponseTimes[severity]; ok {
		return d
	}
	return ComplaintResponseTimes["MEDIUM"]
}

// ComplaintDueAt is when a complaint opened at opened must be answered:
// its own target when it has one, else opened plus its severity's default.
func ComplaintDueAt(opened time.Time, severity string, due *time.Time) time.Time {
	if due != nil {
		return *due
	}
	return opened.Add(ComplaintResponseTime(severity))
}
