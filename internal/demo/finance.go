package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"rapport/ent"
	"rapport/ent/complaint"
	"rapport/ent/interaction"
	"rapport/ent/survey"
	"rapport/internal/domain"
)

// complaintPlan is one complaint and the interaction that logged it.
type complaintPlan struct {
	acct             *acct
	summary          string
	status           complaint.Status
	severity         complaint.Severity
	opened, resolved time.Time
}

// planComplaints gives every account a few complaints over the history, more
// and more recent ones where satisfaction is falling. Each is also logged as
// a COMPLAINT interaction with the service side.
func (w *world) planComplaints() {
	r := w.r
	base := map[domain.Tier]int{domain.TierStrategic: 4, domain.TierPartner: 3, domain.TierCommercial: 2, domain.TierGeneral: 1}
	for _, a := range w.accounts {
		from := a.onboard.Add(days(30))
		if w.start.After(from) {
			from = w.start
		}
		n := base[a.tier()] + r.between(0, 2)
		if a.spec.trend < 0 {
			n += int(-a.spec.trend * 3)
		}
		for range n {
			u := r.Float64()
			if a.spec.trend < 0 {
				u = math.Sqrt(u) // skew towards recent months
			}
			t := r.workTime(from.Add(time.Duration(u*float64(w.now.Sub(from)))), w.now)
			cp := &complaintPlan{acct: a, opened: t, summary: fmt.Sprintf(pick(r, complaintSummaries), pick(r, topics[a.spec.kind]))}
			cp.severity = []complaint.Severity{complaint.SeverityLOW, complaint.SeverityMEDIUM, complaint.SeverityHIGH, complaint.SeverityCRITICAL}[r.weighted([]float64{30, 40, 22, 8})]
			switch age := w.now.Sub(t); {
			case age > days(60):
				cp.status = []complaint.Status{complaint.StatusRESOLVED, complaint.StatusCLOSED}[r.weighted([]float64{60, 40})]
			case age > days(20):
				cp.status = []complaint.Status{complaint.StatusOPEN, complaint.StatusIN_PROGRESS, complaint.StatusRESOLVED}[r.weighted([]float64{20, 40, 40})]
			default:
				cp.status = []complaint.Status{complaint.StatusOPEN, complaint.StatusIN_PROGRESS}[r.weighted([]float64{60, 40})]
			}
			if cp.status == complaint.StatusRESOLVED || cp.status == complaint.StatusCLOSED {
				cp.resolved = minTime(t.Add(days(r.between(2, 40))), w.now)
			}
			w.complaints = append(w.complaints, cp)
			if act := w.addActivity(a, interaction.KindCOMPLAINT, t, nil, nil); act != nil {
				act.subject = "Complaint: " + cp.summary
				act.outcome = fmt.Sprintf("Logged with severity %s; status %s.", cp.severity, cp.status)
			}
		}
	}
}

func (w *world) createComplaints(ctx context.Context, c *ent.Client) error {
	builders := make([]*ent.ComplaintCreate, len(w.complaints))
	for i, cp := range w.complaints {
		b := c.Complaint.Create().
			SetAccountID(cp.acct.id).
			SetSummary(cp.summary).
			SetStatus(cp.status).
			SetSeverity(cp.severity).
			SetOpenedAt(cp.opened).
			SetCreatedAt(cp.opened).
			SetUpdatedAt(cp.opened)
		if !cp.resolved.IsZero() {
			b.SetResolvedAt(cp.resolved).SetUpdatedAt(cp.resolved)
		}
		builders[i] = b
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.ComplaintCreate) ([]*ent.Complaint, error) {
		return c.Complaint.CreateBulk(b...).Save(ctx)
	})
	return err
}

// createSurveys measures strategic accounts monthly and the others quarterly.
// Scores drift by the account's trend, so some accounts visibly improve and
// others decline; a third-party survey every quarter, interviews twice a
// year, hotline call-backs and online forms in between.
func (w *world) createSurveys(ctx context.Context, c *ent.Client) error {
	r := w.r
	var builders []*ent.SurveyCreate
	for _, a := range w.accounts {
		start := a.onboard.Add(days(30))
		if w.start.After(start) {
			start = w.start
		}
		step := 3
		if a.tier() == domain.TierStrategic {
			step = 1
		}
		level := r.uniform(6.3, 8.0)
		for i, ms := 0, time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); ms.Before(w.now); i, ms = i+1, ms.AddDate(0, step, 0) {
			day := ms.Add(days(r.between(4, 24)))
			if day.Before(start) || !day.Before(w.now) {
				continue
			}
			at := r.workTime(day, w.now)
			channel := []survey.Channel{survey.ChannelHOTLINE_CALLBACK, survey.ChannelONLINE}[r.weighted([]float64{70, 30})]
			switch {
			case ms.Month()%6 == 5:
				channel = survey.ChannelINTERVIEW
			case ms.Month()%3 == 2:
				channel = survey.ChannelTHIRD_PARTY
			}
			years := at.Sub(start).Hours() / (24 * 365)
			score := level + a.spec.trend*years + r.NormFloat64()*0.35
			score = math.Round(math.Max(0, math.Min(10, score))*10) / 10
			b := c.Survey.Create().
				SetAccountID(a.id).
				SetScore(score).
				SetChannel(channel).
				SetSurveyedAt(at).
				SetCreatedAt(at).
				SetUpdatedAt(at)
			if comment := surveyComment(score, i); comment != "" {
				b.SetComment(comment)
			}
			withDimensions(b, string(channel), a.id, i, score, years)
			builders = append(builders, b)
		}
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.SurveyCreate) ([]*ent.Survey, error) {
		return c.Survey.CreateBulk(b...).Save(ctx)
	})
	return err
}

func surveyComment(score float64, i int) string {
	if i%3 != 0 {
		return ""
	}
	switch {
	case score >= 8.5:
		return "Very satisfied with the delivery team and response times."
	case score >= 7:
		return "Generally satisfied; wants clearer upgrade roadmaps."
	case score >= 5:
		return "Mixed experience: slow escalations and invoicing errors."
	}
	return "Dissatisfied: repeated outages and unresolved complaints."
}

type period struct {
	name     string
	from, to time.Time
}

// periods returns the budget periods of an account: last year and this year,
// and the quarters of both for the accounts we invest in most.
func (w *world) periods(a *acct) []period {
	var out []period
	for y := w.now.Year() - 1; y <= w.now.Year(); y++ {
		out = append(out, period{fmt.Sprint(y), time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)})
		if t := a.tier(); t != domain.TierStrategic && t != domain.TierPartner {
			continue
		}
		for q := 1; q <= 4; q++ {
			from := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
			if from.After(w.now) {
				break
			}
			out = append(out, period{fmt.Sprintf("%d-Q%d", y, q), from, from.AddDate(0, 3, 0)})
		}
	}
	var kept []period
	for _, p := range out {
		if p.to.After(a.onboard) {
			kept = append(kept, p)
		}
	}
	return kept
}

// createBudgets plans each period's relationship budget from what was spent
// on interactions in it (for a running period, from the past year's run
// rate): most accounts stay within a plan with headroom, while the
// overspending ones went over plan in last year's fourth quarter and have
// already passed this year's plan.
func (w *world) createBudgets(ctx context.Context, c *ent.Client) error {
	r := w.r
	spentIn := func(a *acct, from, to time.Time) float64 {
		sum := 0.0
		for _, act := range w.acts {
			if act.acct == a && !act.at.Before(from) && act.at.Before(to) {
				sum += act.cost
			}
		}
		return sum
	}
	var builders []*ent.BudgetCreate
	for _, a := range w.accounts {
		perDay := spentIn(a, w.now.AddDate(-1, 0, 0), w.now) / 365
		for _, p := range w.periods(a) {
			spent := spentIn(a, p.from, p.to)
			expected, running := spent, p.to.After(w.now)
			if running {
				expected = math.Max(spent, perDay*p.to.Sub(p.from).Hours()/24)
			}
			planned := math.Ceil(expected*r.uniform(1.05, 1.45)/1000) * 1000
			recent := p.from.Year() == w.now.Year() || p.name == fmt.Sprintf("%d-Q4", w.now.Year()-1)
			isYear := len(p.name) == 4
			if a.spec.overspend && recent && (!running || isYear) && spent >= 20000 {
				planned = math.Floor(spent*r.uniform(0.72, 0.9)/1000) * 1000
			}
			planned = math.Max(planned, 10000) // never binds for an overspent plan: spent >= 20000
			created := p.from.AddDate(0, 0, -15)
			builders = append(builders, c.Budget.Create().
				SetAccountID(a.id).
				SetPeriod(p.name).
				SetPlanned(planned).
				SetCreatedAt(created).
				SetUpdatedAt(created))
		}
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.BudgetCreate) ([]*ent.Budget, error) {
		return c.Budget.CreateBulk(b...).Save(ctx)
	})
	return err
}
