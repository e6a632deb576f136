package health

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/complaint"
	"rapport/ent/interaction"
	"rapport/ent/predicate"
	"rapport/ent/survey"
	"rapport/internal/cadence"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/layers"
)

// The score's components and weights (they sum to 1). The formula
// (decision 0008; the README's "Health" section says the same):
//
//	score = round(100 * Σ weight·value)
//
//	keyLayer      0.25  the key layer (package layers)
//	broadLayer    0.15  the broad layer (package layers)
//	orgLayer      0.15  the organizational layer (package layers)
//	cadence       0.15  share of the active stakeholders the account's tier
//	                    policy tracks who are not overdue under it (last met:
//	                    the latest interaction on their coverage, which a
//	                    complaint or a planned activity never moves; never
//	                    met: due one cadence after they were added); 0 when
//	                    the policy tracks nobody
//	satisfaction  0.15  recent/10 + (recent − prior)/20, clamped to 0..1,
//	                    where recent is the mean survey score of the last
//	                    180 days and prior of the 180 before; without
//	                    prior surveys the trend term is 0, without recent
//	                    ones prior/10 stands; 0.5 with no survey in a year
//	complaints    0.15  max(0, 1 − Σ over open complaints of severity
//	                    weight × (2 when overdue)); weights LOW 0.1,
//	                    MEDIUM 0.2, HIGH 0.35, CRITICAL 0.5; overdue: not
//	                    answered (respondedAt) by its response target
const (
	WeightKeyLayer     = 0.25
	WeightBroadLayer   = 0.15
	WeightOrgLayer     = 0.15
	WeightCadence      = 0.15
	WeightSatisfaction = 0.15
	WeightComplaints   = 0.15

	// OverdueFactor multiplies an overdue complaint's weight.
	OverdueFactor = 2

	surveyWindow = 180 * 24 * time.Hour
)

// ComplaintWeight is how much one open complaint of a severity takes off
// the complaints component (twice that when overdue).
var ComplaintWeight = map[string]float64{"LOW": 0.1, "MEDIUM": 0.2, "HIGH": 0.35, "CRITICAL": 0.5}

// Parts is what an account's health is computed from, read at From: the
// layers' input, the stakeholders' cadence inputs, the policies, surveys
// and open complaints. At scores them at any time from From until Until
// exactly as Compute would (package portfolio keeps them as data changes):
// everything that moves with the clock alone is computed in At.
type Parts struct {
	fixed []*Component // keyLayer and broadLayer: they do not move with time
	org   layers.Input // the organizational layer's inputs (no contacts)
	// The cadence under the policy in force at From: how many active
	// stakeholders it tracks and when each is due, in order.
	policy  cadence.Policy
	tracked int
	due     []time.Time
	surveys []surveyScore // every survey after From minus a year, future ones included
	open    []openComplaint
	// From is the time the parts were loaded at; Until is the first time
	// after it at which an input read as of From changes by the clock
	// alone (an interaction happening, an engagement starting, a new
	// version of the tier's policy taking effect); the zero time when
	// there is none.
	From, Until time.Time
}

type surveyScore struct {
	at    time.Time
	score float64
}

// openComplaint is an open complaint as the score sees it.
type openComplaint struct {
	severity  string
	opened    time.Time
	due       time.Time
	responded *time.Time
}

// Valid reports whether At(now) scores as Compute(now) would.
func (p *Parts) Valid(now time.Time) bool {
	return !now.Before(p.From) && (p.Until.IsZero() || now.Before(p.Until))
}

// At scores the parts at now (see Valid).
func (p *Parts) At(now time.Time) *Health {
	o := layers.OrgAt(p.org, now)
	cs := append(slices.Clone(p.fixed),
		&Component{Name: "orgLayer", Weight: WeightOrgLayer, Value: o.Value, Explanation: o.Explanation},
		p.cadenceAt(now, true),
		satisfaction(p.surveys, now, true),
		complaints(p.open, now, true),
	)
	return &Health{Score: score(cs), Components: cs}
}

// ScoreAt is At(now).Score without the components' explanations: the
// portfolio's average health scores every account per request, and the
// sentences were a third of that (issue 19, accountStats at L).
func (p *Parts) ScoreAt(now time.Time) int {
	cs := append(slices.Clone(p.fixed),
		&Component{Weight: WeightOrgLayer, Value: layers.OrgValueAt(p.org, now)},
		p.cadenceAt(now, false),
		satisfaction(p.surveys, now, false),
		complaints(p.open, now, false),
	)
	return score(cs)
}

func score(cs []*Component) int {
	var sum float64
	for _, c := range cs {
		sum += c.Weight * c.Value
	}
	// Halves round up: 22.5 is 23, though 0.15·0.5 + 0.15·1 sums to a
	// hair under 0.225 in binary floating point.
	return int(math.Round(100*sum + 1e-9))
}

// newParts takes the inputs read at from apart: the layers that do not
// move with time scored, the cadence as due dates under the policy in
// force at from (held until the tier's next version takes effect).
func newParts(in layers.Input, tier domain.Tier, versions []cadence.Policy, from time.Time) *Parts {
	k, b := layers.KeyOf(in), layers.BroadOf(in)
	p := &Parts{
		fixed: []*Component{
			{Name: "keyLayer", Weight: WeightKeyLayer, Value: k.Value, Explanation: k.Explanation},
			{Name: "broadLayer", Weight: WeightBroadLayer, Value: b.Value, Explanation: b.Explanation},
		},
		org:    in,
		policy: cadence.InForce(versions, tier, from),
		From:   from,
	}
	p.org.Contacts, p.org.Links = nil, nil
	if in.Later != nil {
		p.Until = *in.Later
	}
	for _, v := range versions {
		if v.Tier == tier && v.EffectiveFrom.After(from) && (p.Until.IsZero() || v.EffectiveFrom.Before(p.Until)) {
			p.Until = v.EffectiveFrom
		}
	}
	for _, c := range in.Contacts {
		s := cadence.Of(p.policy, cadence.Stakeholder{DecisionRole: c.DecisionRole, Seniority: c.Seniority, LastMetAt: c.LastMet, Since: c.Since}, from)
		if s.CadenceDays == 0 {
			continue
		}
		p.tracked++
		p.due = append(p.due, *s.DueAt)
	}
	slices.SortFunc(p.due, func(a, b time.Time) int { return a.Compare(b) })
	return p
}

// Compute scores several accounts at now, with a fixed number of
// statements for each chunk.Size of them (layers.LoadInputs' and four
// more: the tiers, the policies, the surveys and the open complaints).
func Compute(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time) (map[int]*Health, error) {
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]*Health, error) {
		parts, err := load(ctx, client, part, now, false)
		if err != nil {
			return nil, err
		}
		out := make(map[int]*Health, len(parts))
		for id, p := range parts {
			out[id] = p.At(now)
		}
		return out, nil
	})
}

// LoadParts loads the parts of several accounts as of now: Compute's
// statements and one more per chunk (the first interaction after now).
func LoadParts(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time) (map[int]*Parts, error) {
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]*Parts, error) {
		return load(ctx, client, part, now, true)
	})
}

// load reads the accounts' parts as of now; forward also reads when they
// stop being valid (the next interaction).
func load(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time, forward bool) (map[int]*Parts, error) {
	ins, err := layers.LoadInputs(ctx, client, accountIDs, now)
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	accs, err := client.Account.Query().Where(account.IDIn(accountIDs...)).Select(account.FieldTier).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("health: tiers of %d accounts: %w", len(accountIDs), err)
	}
	policies, err := cadence.Load(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	tiers := make(map[int]domain.Tier, len(accs))
	for _, a := range accs {
		tiers[a.ID] = a.Tier
	}
	out := make(map[int]*Parts, len(accountIDs))
	for _, id := range accountIDs {
		in := layers.Input{}
		if i := ins[id]; i != nil {
			in = *i
		}
		out[id] = newParts(in, tiers[id], cadence.History(policies, tiers[id]), now)
	}
	window := []predicate.Survey{survey.AccountIDIn(accountIDs...), survey.SurveyedAtGT(now.Add(-2 * surveyWindow))}
	if !forward {
		window = append(window, survey.SurveyedAtLTE(now))
	}
	surveys, err := client.Survey.Query().Where(window...).
		Select(survey.FieldAccountID, survey.FieldSurveyedAt, survey.FieldScore).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("health: surveys of %d accounts: %w", len(accountIDs), err)
	}
	for _, s := range surveys {
		if p := out[s.AccountID]; p != nil {
			p.surveys = append(p.surveys, surveyScore{at: s.SurveyedAt, score: s.Score})
		}
	}
	// Open complaints, those opened later included: At counts the ones
	// opened by its time, so the clock alone never invalidates them.
	cs, err := client.Complaint.Query().
		Where(complaint.AccountIDIn(accountIDs...), complaint.StatusIn(complaint.StatusOPEN, complaint.StatusIN_PROGRESS)).
		Select(complaint.FieldAccountID, complaint.FieldSeverity, complaint.FieldOpenedAt,
			complaint.FieldResponseDueAt, complaint.FieldRespondedAt).
		Order(ent.Asc(complaint.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("health: open complaints of %d accounts: %w", len(accountIDs), err)
	}
	for _, c := range cs {
		if p := out[c.AccountID]; p != nil {
			p.open = append(p.open, openComplaint{severity: string(c.Severity), opened: c.OpenedAt,
				due: domain.ComplaintDueAt(c.OpenedAt, string(c.Severity), c.ResponseDueAt), responded: c.RespondedAt})
		}
	}
	if forward {
		// An interaction that happens later moves the organizational
		// layer (the pairings' last meeting, the relationship's start):
		// the parts hold until the first one.
		var next []struct {
			AccountID int `json:"account_id"`
			Min       any `json:"min"`
		}
		err = client.Interaction.Query().Where(interaction.AccountIDIn(accountIDs...), interaction.OccurredAtGT(now)).
			GroupBy(interaction.FieldAccountID).Aggregate(ent.Min(interaction.FieldOccurredAt)).Scan(ctx, &next)
		if err != nil {
			return nil, fmt.Errorf("health: next interactions of %d accounts: %w", len(accountIDs), err)
		}
		for _, n := range next {
			if t, ok := parseTime(n.Min); ok {
				if p := out[n.AccountID]; p != nil && (p.Until.IsZero() || t.Before(p.Until)) {
					p.Until = t
				}
			}
		}
	}
	return out, nil
}

// cadenceAt is the share of the stakeholders the policy tracks who are
// not overdue at now: due at or after now.
func (p *Parts) cadenceAt(now time.Time, explain bool) *Component {
	overdue, _ := slices.BinarySearchFunc(p.due, now, func(d, t time.Time) int {
		if d.Before(t) {
			return -1
		}
		return 1 // due at now is not yet overdue (cadence.Of: now after due)
	})
	if !explain {
		c := &Component{Name: "cadence", Weight: WeightCadence}
		if p.tracked > 0 {
			c.Value = float64(p.tracked-overdue) / float64(p.tracked)
		}
		return c
	}
	return cadenceComponent(p.policy, p.tracked, overdue)
}

// cadenceComponent scores tracked stakeholders of whom overdue are past due.
func cadenceComponent(policy cadence.Policy, tracked, overdue int) *Component {
	c := &Component{Name: "cadence", Weight: WeightCadence}
	if tracked == 0 {
		c.Explanation = fmt.Sprintf("The %s policy tracks no active stakeholder of the account: counts 0.", words(string(policy.Tier)))
		return c
	}
	onTime := tracked - overdue
	c.Value = float64(onTime) / float64(tracked)
	c.Explanation = fmt.Sprintf("%d of %d stakeholders the %s policy tracks were met within their cadence (%d overdue): %.2f.",
		onTime, tracked, words(string(policy.Tier)), overdue, c.Value)
	return c
}

func satisfaction(surveys []surveyScore, now time.Time, explain bool) *Component {
	c := &Component{Name: "satisfaction", Weight: WeightSatisfaction, Value: 0.5}
	var recent, prior []float64
	for _, s := range surveys {
		// The year up to now.
		if !s.at.After(now.Add(-2*surveyWindow)) || s.at.After(now) {
			continue
		}
		if s.at.After(now.Add(-surveyWindow)) {
			recent = append(recent, s.score)
		} else {
			prior = append(prior, s.score)
		}
	}
	r, p := mean(recent), mean(prior)
	if !explain {
		switch {
		case len(recent) == 0 && len(prior) == 0:
		case len(recent) == 0:
			c.Value = p / 10
		case len(prior) == 0:
			c.Value = r / 10
		default:
			c.Value = min(max(r/10+(r-p)/20, 0), 1)
		}
		return c
	}
	switch {
	case len(recent) == 0 && len(prior) == 0:
		c.Explanation = "No survey in the last year: counted as neutral."
	case len(recent) == 0:
		c.Value = p / 10
		c.Explanation = fmt.Sprintf("No survey in the last 180 days; the 180 before averaged %.1f/10.", p)
	case len(prior) == 0:
		c.Value = r / 10
		c.Explanation = fmt.Sprintf("Surveys of the last 180 days average %.1f/10; no earlier ones to show a trend.", r)
	default:
		c.Value = min(max(r/10+(r-p)/20, 0), 1)
		c.Explanation = fmt.Sprintf("Surveys average %.1f/10 over the last 180 days against %.1f the 180 before.", r, p)
	}
	return c
}

// complaints takes each complaint open at now off 1 by its severity's
// weight, twice over when it is overdue.
func complaints(open []openComplaint, now time.Time, explain bool) *Component {
	c := &Component{Name: "complaints", Weight: WeightComplaints}
	var penalty float64
	n, overdue := 0, 0
	var bySeverity map[string]int
	if explain {
		bySeverity = map[string]int{}
	}
	for _, k := range open {
		if k.opened.After(now) {
			continue
		}
		n++
		if explain {
			bySeverity[k.severity]++
		}
		w := ComplaintWeight[k.severity]
		if k.responded == nil && now.After(k.due) {
			overdue++
			w *= OverdueFactor
		}
		penalty += w
	}
	c.Value = max(0, 1-penalty)
	if !explain {
		return c
	}
	if n == 0 {
		c.Explanation = "No open complaint."
		return c
	}
	var parts []string
	for _, s := range []string{"CRITICAL", "HIGH", "MEDIUM", "LOW"} {
		if bySeverity[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", bySeverity[s], words(s)))
		}
	}
	c.Explanation = fmt.Sprintf("%d open complaints (%s), %d of them past their response time and counted twice: 1 − %.2f = %.2f.",
		n, strings.Join(parts, ", "), overdue, penalty, c.Value)
	return c
}

func words(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", " ")) }

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// parseTime reads an aggregated timestamp: PostgreSQL returns a
// time.Time, SQLite the text it stored.
func parseTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case []byte:
		return parseTime(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
