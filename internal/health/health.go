package health

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/survey"
	"rapport/ent/teammember"
	"rapport/internal/chain"
	"rapport/internal/chunk"
	"rapport/internal/domain"
)

// The score's components and weights (they sum to 1). The formula:
//
//	score = round(100 * Σ weight·value)
//
//	chainCoverage   0.30  weighted share of open opportunities' chain links
//	                      covered at strength >= 2; without a chain, the share
//	                      of decision makers and economic buyers covered so
//	breadth         0.20  ½·(seniority levels among covered contacts / 4)
//	                      + ½·(departments among covered / departments among
//	                      all active contacts); covered means strength >= 1
//	attitudeBalance 0.20  Σ influence·(attitudeScore+2)/4 / Σ influence over
//	                      active contacts (champion 1 ... opponent 0); 0.5
//	                      when there are none
//	recency         0.15  0.5^(days since the last interaction / 30);
//	                      complaints do not count
//	satisfaction    0.15  recent/10 + (recent − prior)/20, clamped to 0..1,
//	                      where recent is the mean survey score of the last
//	                      180 days and prior of the 180 before; without
//	                      prior surveys the trend term is 0, without recent
//	                      ones prior/10 stands; 0.5 with no survey in a year
const (
	WeightChainCoverage   = 0.30
	WeightBreadth         = 0.20
	WeightAttitudeBalance = 0.20
	WeightRecency         = 0.15
	WeightSatisfaction    = 0.15

	RecencyHalfLifeDays = 30
	surveyWindow        = 180 * 24 * time.Hour
)

// notComplaint leaves complaints out of recency: a complaint is not a
// touch that keeps the relationship warm (issue 16).
var notComplaint = interaction.KindNEQ(interaction.KindCOMPLAINT)

// seniorityLevels is the number of contact seniority levels:
const seniorityLevels = 4.0 // EXECUTIVE, SENIOR_MANAGER, MANAGER, STAFF

// accountData is what the score of one account is computed from.
type accountData struct {
	contacts     []*ent.Contact
	best         map[int]int // contact -> strongest active coverage
	links        []*ent.DecisionChainLink
	lastActivity *time.Time
	nextActivity *time.Time // the first interaction after the load's time (LoadParts only)
	surveys      []*ent.Survey
}

// Compute scores several accounts with six statements for each
// chunk.Size of them (each statement names the accounts in an IN list),
// plus those chain.StrongestCoverage takes.
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

// Parts is an account's health taken apart by how it moves with time: the
// components that do not (chain coverage, breadth, attitude balance) are
// kept scored, those that do (recency, satisfaction) as their inputs, so
// that At scores the account at any time from From until Until exactly as
// Compute would (package portfolio keeps them as data changes).
type Parts struct {
	fixed        []*Component // chainCoverage, breadth, attitudeBalance
	lastActivity *time.Time
	surveys      []surveyScore // every survey after From minus a year, future ones included
	// From is the time the parts were loaded at; Until is the first
	// interaction after it (the zero time when there is none): from then
	// on the last interaction is another one.
	From, Until time.Time
}

type surveyScore struct {
	at    time.Time
	score float64
}

// Valid reports whether At(now) scores as Compute(now) would.
func (p *Parts) Valid(now time.Time) bool {
	return !now.Before(p.From) && (p.Until.IsZero() || now.Before(p.Until))
}

// At scores the parts at now (see Valid).
func (p *Parts) At(now time.Time) *Health {
	d := &accountData{lastActivity: p.lastActivity}
	for _, s := range p.surveys {
		// Compute's survey window: the year up to now.
		if s.at.After(now.Add(-2*surveyWindow)) && !s.at.After(now) {
			d.surveys = append(d.surveys, &ent.Survey{SurveyedAt: s.at, Score: s.score})
		}
	}
	cs := append(slices.Clone(p.fixed), recency(d, now), satisfaction(d, now))
	var sum float64
	for _, c := range cs {
		sum += c.Weight * c.Value
	}
	return &Health{Score: int(math.Round(100 * sum)), Components: cs}
}

// LoadParts loads the parts of several accounts as of now: Compute's
// statements and one more per chunk (the first interaction after now).
func LoadParts(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time) (map[int]*Parts, error) {
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]*Parts, error) {
		return load(ctx, client, part, now, true)
	})
}

// load reads the accounts' data as of now; forward also reads what
// LoadParts needs to stay valid after now (the next interaction, surveys
// dated after now).
func load(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time, forward bool) (map[int]*Parts, error) {
	data := make(map[int]*accountData, len(accountIDs))
	for _, id := range accountIDs {
		data[id] = &accountData{best: map[int]int{}}
	}
	contacts, err := client.Contact.Query().
		Where(contact.AccountIDIn(accountIDs...), contact.StatusEQ(contact.StatusACTIVE)).
		// Only what the components read: a page of 50 accounts is
		// thousands of contacts, and scanning whole rows was most of its cost.
		Select(contact.FieldAccountID, contact.FieldDecisionRole, contact.FieldDepartment,
			contact.FieldSeniority, contact.FieldInfluence, contact.FieldAttitude).
		Order(ent.Asc(contact.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load contacts of %d accounts: %w", len(accountIDs), err)
	}
	for _, c := range contacts {
		data[c.AccountID].contacts = append(data[c.AccountID].contacts, c)
	}
	owner := map[int]int{}
	for _, c := range contacts {
		owner[c.ID] = c.AccountID
	}
	covs, err := client.Coverage.Query().
		// Joined through the contact rather than an IN list of every
		// contact's ID, which at thousands of IDs cost more than the rows.
		Where(coverage.HasContactWith(contact.AccountIDIn(accountIDs...), contact.StatusEQ(contact.StatusACTIVE)),
			coverage.StrengthGT(0), coverage.HasTeamMemberWith(teammember.Active(true))).
		Select(coverage.FieldContactID, coverage.FieldStrength).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load coverage of %d accounts: %w", len(accountIDs), err)
	}
	for _, c := range covs {
		if d := data[owner[c.ContactID]]; d != nil && c.Strength > d.best[c.ContactID] {
			d.best[c.ContactID] = c.Strength
		}
	}
	// The open opportunities' accounts are read on their own rather than
	// eagerly with the links: eager loading names every opportunity of
	// the links in one IN list.
	open := []predicate.Opportunity{opportunity.AccountIDIn(accountIDs...),
		opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST)}
	opps, err := client.Opportunity.Query().Where(open...).
		Select(opportunity.FieldID, opportunity.FieldAccountID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load open opportunities of %d accounts: %w", len(accountIDs), err)
	}
	oppAccount := make(map[int]int, len(opps))
	for _, o := range opps {
		oppAccount[o.ID] = o.AccountID
	}
	links, err := client.DecisionChainLink.Query().
		Where(decisionchainlink.HasOpportunityWith(open...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load open decision chains of %d accounts: %w", len(accountIDs), err)
	}
	var linkContacts []int
	for _, l := range links {
		// An opportunity opened between the two reads is left to the next.
		if d := data[oppAccount[l.OpportunityID]]; d != nil {
			d.links = append(d.links, l)
			linkContacts = append(linkContacts, l.ContactID)
		}
	}
	// Chain links may name contacts of other accounts: their coverage
	// counts too.
	linkBest, err := chain.StrongestCoverage(ctx, client, linkContacts)
	if err != nil {
		return nil, err
	}
	var last []struct {
		AccountID int `json:"account_id"`
		Max       any `json:"max"`
	}
	err = client.Interaction.Query().Where(interaction.AccountIDIn(accountIDs...), interaction.OccurredAtLTE(now), notComplaint).
		GroupBy(interaction.FieldAccountID).Aggregate(ent.Max(interaction.FieldOccurredAt)).Scan(ctx, &last)
	if err != nil {
		return nil, fmt.Errorf("find last interactions of %d accounts: %w", len(accountIDs), err)
	}
	for _, l := range last {
		if t, ok := parseTime(l.Max); ok {
			data[l.AccountID].lastActivity = &t
		}
	}
	window := []predicate.Survey{survey.AccountIDIn(accountIDs...), survey.SurveyedAtGT(now.Add(-2 * surveyWindow))}
	if !forward {
		window = append(window, survey.SurveyedAtLTE(now))
	}
	surveys, err := client.Survey.Query().Where(window...).
		Select(survey.FieldAccountID, survey.FieldSurveyedAt, survey.FieldScore).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load surveys of %d accounts: %w", len(accountIDs), err)
	}
	for _, s := range surveys {
		data[s.AccountID].surveys = append(data[s.AccountID].surveys, s)
	}
	if forward {
		var next []struct {
			AccountID int `json:"account_id"`
			Min       any `json:"min"`
		}
		err = client.Interaction.Query().Where(interaction.AccountIDIn(accountIDs...), interaction.OccurredAtGT(now), notComplaint).
			GroupBy(interaction.FieldAccountID).Aggregate(ent.Min(interaction.FieldOccurredAt)).Scan(ctx, &next)
		if err != nil {
			return nil, fmt.Errorf("find next interactions of %d accounts: %w", len(accountIDs), err)
		}
		for _, n := range next {
			if t, ok := parseTime(n.Min); ok {
				data[n.AccountID].nextActivity = &t
			}
		}
	}
	out := make(map[int]*Parts, len(accountIDs))
	for id, d := range data {
		p := &Parts{
			fixed:        []*Component{chainCoverage(d, linkBest), breadth(d), attitudeBalance(d)},
			lastActivity: d.lastActivity,
			From:         now,
		}
		if d.nextActivity != nil {
			p.Until = *d.nextActivity
		}
		for _, s := range d.surveys {
			p.surveys = append(p.surveys, surveyScore{at: s.SurveyedAt, score: s.Score})
		}
		out[id] = p
	}
	return out, nil
}

func chainCoverage(d *accountData, linkBest map[int]*chain.CoverageSummary) *Component {
	c := &Component{Name: "chainCoverage", Weight: WeightChainCoverage}
	if len(d.links) > 0 {
		var total, covered float64
		n := 0
		for _, l := range d.links {
			total += l.Weight
			if b := linkBest[l.ContactID]; b != nil && b.Strength >= chain.CoveredThreshold {
				covered += l.Weight
				n++
			}
		}
		if total > 0 {
			c.Value = covered / total
		} else {
			c.Value = float64(n) / float64(len(d.links))
		}
		c.Explanation = fmt.Sprintf("%d of %d decision-chain links of open opportunities are covered at strength %d or more (%.0f%% of their weight).",
			n, len(d.links), chain.CoveredThreshold, 100*c.Value)
		return c
	}
	var keys, covered int
	for _, ct := range d.contacts {
		if ct.DecisionRole == domain.RoleDecisionMaker || ct.DecisionRole == domain.RoleEconomicBuyer {
			keys++
			if d.best[ct.ID] >= chain.CoveredThreshold {
				covered++
			}
		}
	}
	if keys == 0 {
		c.Explanation = "No open decision chain and no decision maker recorded."
		return c
	}
	c.Value = float64(covered) / float64(keys)
	c.Explanation = fmt.Sprintf("No open decision chain; %d of %d decision makers and economic buyers are covered at strength %d or more.",
		covered, keys, chain.CoveredThreshold)
	return c
}

func breadth(d *accountData) *Component {
	c := &Component{Name: "breadth", Weight: WeightBreadth}
	levels, depts, allDepts := map[contact.Seniority]bool{}, map[string]bool{}, map[string]bool{}
	covered := 0
	for _, ct := range d.contacts {
		if ct.Department != "" {
			allDepts[ct.Department] = true
		}
		if d.best[ct.ID] >= 1 {
			covered++
			levels[ct.Seniority] = true
			if ct.Department != "" {
				depts[ct.Department] = true
			}
		}
	}
	sen := float64(len(levels)) / seniorityLevels
	if len(allDepts) == 0 {
		c.Value = sen
		c.Explanation = fmt.Sprintf("%d covered contacts span %d of %.0f seniority levels; no departments recorded.", covered, len(levels), seniorityLevels)
		return c
	}
	c.Value = 0.5*sen + 0.5*float64(len(depts))/float64(len(allDepts))
	c.Explanation = fmt.Sprintf("%d covered contacts span %d of %.0f seniority levels and %d of %d departments.",
		covered, len(levels), seniorityLevels, len(depts), len(allDepts))
	return c
}

func attitudeBalance(d *accountData) *Component {
	c := &Component{Name: "attitudeBalance", Weight: WeightAttitudeBalance, Value: 0.5}
	var sum, weights float64
	for _, ct := range d.contacts {
		sum += float64(ct.Influence) * float64(ct.Attitude.Score()+2) / 4
		weights += float64(ct.Influence)
	}
	if weights == 0 {
		c.Explanation = "No active stakeholders: counted as neutral."
		return c
	}
	c.Value = sum / weights
	c.Explanation = fmt.Sprintf("Influence-weighted attitude of %d stakeholders is %.2f on a scale from 0 (all opponents) to 1 (all champions).",
		len(d.contacts), c.Value)
	return c
}

func recency(d *accountData, now time.Time) *Component {
	c := &Component{Name: "recency", Weight: WeightRecency}
	if d.lastActivity == nil {
		c.Explanation = "No interaction recorded."
		return c
	}
	days := max(now.Sub(*d.lastActivity).Hours()/24, 0)
	c.Value = math.Pow(0.5, days/RecencyHalfLifeDays)
	c.Explanation = fmt.Sprintf("Last interaction %.0f days ago; the value halves every %d days.", days, RecencyHalfLifeDays)
	return c
}

func satisfaction(d *accountData, now time.Time) *Component {
	c := &Component{Name: "satisfaction", Weight: WeightSatisfaction, Value: 0.5}
	var recent, prior []float64
	for _, s := range d.surveys {
		if s.SurveyedAt.After(now.Add(-surveyWindow)) {
			recent = append(recent, s.Score)
		} else {
			prior = append(prior, s.Score)
		}
	}
	r, p := mean(recent), mean(prior)
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
