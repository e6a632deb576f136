package plans

import (
	"context"
	"fmt"
	"sort"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/ent/accountplan"
	"rapport/ent/assessment"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/strength"
)

// Report is plan vs actual as the API shows it: Compute's numbers with the
// rows they name.
type Report struct {
	Period                            string
	StartsAt, EndsAt                  time.Time
	Done, Planned, Overdue, Cancelled int
	OverdueActivities                 []*ent.Interaction
	PlannedBudget, SpentBudget        float64
	ByMeans, ByQuarter                []Budget
	Objectives                        []*ObjectiveReport
	Stakeholders                      []*StakeholderReport
}

// ObjectiveReport is one objective's target against today's value.
type ObjectiveReport struct {
	Objective        *ent.Objective
	Current          *float64
	Reached, Overdue bool
}

// StakeholderReport is a target stakeholder's change since the plan began.
type StakeholderReport struct {
	Contact                                       *ent.Contact
	StrengthAtStart, StrengthToday, StrengthDelta float64
	AttitudeAtStart, AttitudeToday, AttitudeDelta int
}

// KeyCoverageStrength is the coverage strength a key person (an active
// decision maker or economic buyer) needs to count as covered in a
// COVERAGE_RATIO objective: a working relationship.
const KeyCoverageStrength = 2

// Load computes plan vs actual of the plans planIDs (as many as the caller
// has in its list) with a constant number of statements: the plans, their
// activities, their objectives, and, only when some objective needs them,
// the named stakeholders with their assessments and the interactions that
// measure their strength, the accounts' key people with their coverage,
// and the accounts' offerings. The client's viewer scopes every read; a
// plan the viewer may not read is absent from the answer.
func Load(ctx context.Context, client *ent.Client, planIDs []int, cal Calendar, now time.Time) (map[int]*Report, error) {
	return chunk.Map(planIDs, chunk.Size, func(ids []int) (map[int]*Report, error) {
		return load(ctx, client, ids, cal, now)
	})
}

func load(ctx context.Context, client *ent.Client, planIDs []int, cal Calendar, now time.Time) (map[int]*Report, error) {
	ps, err := client.AccountPlan.Query().Where(accountplan.IDIn(planIDs...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load %d plans: %w", len(planIDs), err)
	}
	if len(ps) == 0 {
		return map[int]*Report{}, nil
	}
	ids := make([]int, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	acts, err := client.Interaction.Query().Where(interaction.PlanIDIn(ids...)).
		Order(ent.Asc(interaction.FieldOccurredAt), ent.Asc(interaction.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load activities of %d plans: %w", len(ids), err)
	}
	objs, err := client.Objective.Query().Where(objective.PlanIDIn(ids...)).Order(ent.Asc(objective.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load objectives of %d plans: %w", len(ids), err)
	}
	m, err := measure(ctx, client, ps, objs, now)
	if err != nil {
		return nil, err
	}

	byPlan := map[int][]*ent.Interaction{}
	for _, a := range acts {
		byPlan[*a.PlanID] = append(byPlan[*a.PlanID], a)
	}
	objsOf := map[int][]*ent.Objective{}
	for _, o := range objs {
		objsOf[o.PlanID] = append(objsOf[o.PlanID], o)
	}
	out := make(map[int]*Report, len(ps))
	for _, p := range ps {
		from, to := cal.Bounds(p.FiscalYear)
		in := Input{Calendar: cal, FiscalYear: p.FiscalYear, Now: now}
		actByID := map[int]*ent.Interaction{}
		for _, a := range byPlan[p.ID] {
			actByID[a.ID] = a
			var budgeted float64
			if a.BudgetedCost != nil {
				budgeted = *a.BudgetedCost
			}
			in.Activities = append(in.Activities, Activity{ID: a.ID, Kind: string(a.Kind), Status: string(a.Status),
				OccurredAt: a.OccurredAt, Budgeted: budgeted, Cost: a.Cost})
		}
		var named []int // the stakeholders the plan's objectives name, in objective order
		seen := map[int]bool{}
		objByID := map[int]*ent.Objective{}
		for _, o := range objsOf[p.ID] {
			objByID[o.ID] = o
			in.Objectives = append(in.Objectives, Objective{ID: o.ID, Metric: string(o.Metric), Target: o.Target,
				Current: m.current(p, o), DueAt: o.DueAt})
			if o.ContactID != nil && !seen[*o.ContactID] && m.contacts[*o.ContactID] != nil {
				seen[*o.ContactID] = true
				named = append(named, *o.ContactID)
			}
		}
		start := from
		if now.Before(start) {
			start = now
		}
		for _, c := range named {
			in.Stakeholders = append(in.Stakeholders, Stakeholder{ContactID: c,
				StrengthAtStart: m.strengthAt(c, start), StrengthToday: m.strengthAt(c, now),
				AttitudeAtStart: m.attitudeAt(c, start), AttitudeToday: m.contacts[c].Attitude.Score()})
		}
		pr := Compute(in)
		r := &Report{Period: Period(p.FiscalYear, 0), StartsAt: from, EndsAt: to,
			Done: pr.Done, Planned: pr.Planned, Overdue: pr.Overdue, Cancelled: pr.Cancelled,
			PlannedBudget: pr.PlannedBudget, SpentBudget: pr.SpentBudget, ByMeans: pr.ByMeans, ByQuarter: pr.ByQuarter,
			OverdueActivities: []*ent.Interaction{}, Objectives: []*ObjectiveReport{}, Stakeholders: []*StakeholderReport{}}
		if r.ByMeans == nil {
			r.ByMeans = []Budget{}
		}
		for _, id := range pr.OverdueIDs {
			r.OverdueActivities = append(r.OverdueActivities, actByID[id])
		}
		for _, o := range pr.Objectives {
			r.Objectives = append(r.Objectives, &ObjectiveReport{Objective: objByID[o.ID], Current: o.Current, Reached: o.Reached, Overdue: o.Overdue})
		}
		for _, s := range pr.Stakeholders {
			r.Stakeholders = append(r.Stakeholders, &StakeholderReport{Contact: m.contacts[s.ContactID],
				StrengthAtStart: s.StrengthToday - s.StrengthDelta, StrengthToday: s.StrengthToday, StrengthDelta: s.StrengthDelta,
				AttitudeAtStart: s.AttitudeToday - s.AttitudeDelta, AttitudeToday: s.AttitudeToday, AttitudeDelta: s.AttitudeDelta})
		}
		out[p.ID] = r
	}
	return out, nil
}

// measures holds what the objectives are measured against.
type measures struct {
	contacts    map[int]*ent.Contact
	assessments map[int][]*ent.Assessment // per contact, oldest first
	events      map[int]map[int][]strength.Event
	keyPeople   map[int]int // per account: active decision makers and economic buyers
	keyCovered  map[int]int // per account: those covered at KeyCoverageStrength or more
	revenue     map[int]float64
	whitespace  map[int]float64
	now         time.Time
}

// measure reads, in at most six statements whatever the number of plans,
// what the objectives' metrics need.
func measure(ctx context.Context, client *ent.Client, ps []*ent.AccountPlan, objs []*ent.Objective, now time.Time) (*measures, error) {
	m := &measures{contacts: map[int]*ent.Contact{}, assessments: map[int][]*ent.Assessment{},
		events: map[int]map[int][]strength.Event{}, keyPeople: map[int]int{}, keyCovered: map[int]int{},
		revenue: map[int]float64{}, whitespace: map[int]float64{}, now: now}
	accountOf := map[int]int{}
	for _, p := range ps {
		accountOf[p.ID] = p.AccountID
	}
	var contacts []int
	ratio, money := map[int]bool{}, map[int]bool{}
	for _, o := range objs {
		switch string(o.Metric) {
		case MetricCoverageRatio:
			ratio[accountOf[o.PlanID]] = true
		case MetricRevenue, MetricWhitespace:
			money[accountOf[o.PlanID]] = true
		}
		if o.ContactID != nil {
			contacts = append(contacts, *o.ContactID)
		}
	}
	if len(contacts) > 0 {
		if err := m.loadStakeholders(ctx, client, contacts, now); err != nil {
			return nil, err
		}
	}
	if len(ratio) > 0 {
		if err := m.loadKeyCoverage(ctx, client, keys(ratio)); err != nil {
			return nil, err
		}
	}
	if len(money) > 0 {
		rows, err := client.AccountOffering.Query().Where(accountoffering.AccountIDIn(keys(money)...)).
			Select(accountoffering.FieldAccountID, accountoffering.FieldCurrentRevenue, accountoffering.FieldPotential, accountoffering.FieldStatus).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load offerings of %d accounts: %w", len(money), err)
		}
		for _, r := range rows {
			m.revenue[r.AccountID] += r.CurrentRevenue
			if r.Status != accountoffering.StatusNO_FIT && r.Potential > r.CurrentRevenue {
				m.whitespace[r.AccountID] += r.Potential - r.CurrentRevenue
			}
		}
	}
	return m, nil
}

func (m *measures) loadStakeholders(ctx context.Context, client *ent.Client, ids []int, now time.Time) error {
	cs, err := client.Contact.Query().Where(contact.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("load %d stakeholders: %w", len(ids), err)
	}
	for _, c := range cs {
		m.contacts[c.ID] = c
	}
	as, err := client.Assessment.Query().Where(assessment.ContactIDIn(ids...)).
		Order(ent.Asc(assessment.FieldAssessedAt), ent.Asc(assessment.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("load assessments of %d stakeholders: %w", len(ids), err)
	}
	for _, a := range as {
		m.assessments[a.ContactID] = append(m.assessments[a.ContactID], a)
	}
	// The interactions that happened between each stakeholder and each of
	// our team members: strength is measured from them, today and at the
	// plan's start, with internal/strength's formula.
	var rows []struct {
		ContactID    int       `json:"contact_id"`
		TeamMemberID int       `json:"team_member_id"`
		Kind         string    `json:"kind"`
		OccurredAt   time.Time `json:"occurred_at"`
	}
	err = client.Interaction.Query().Where(interaction.StatusEQ(interaction.StatusDONE), interaction.OccurredAtLTE(now)).
		Modify(func(s *sql.Selector) {
			ic := sql.Table(interaction.ContactsTable).As("ic")
			itm := sql.Table(interaction.TeamMembersTable).As("itm")
			s.Join(ic).On(s.C(interaction.FieldID), ic.C(interaction.ContactsPrimaryKey[0])).
				Join(itm).On(s.C(interaction.FieldID), itm.C(interaction.TeamMembersPrimaryKey[0])).
				Where(sql.InInts(ic.C(interaction.ContactsPrimaryKey[1]), ids...)).
				Select(sql.As(ic.C(interaction.ContactsPrimaryKey[1]), "contact_id"),
					sql.As(itm.C(interaction.TeamMembersPrimaryKey[1]), "team_member_id"),
					sql.As(s.C(interaction.FieldKind), "kind"),
					sql.As(s.C(interaction.FieldOccurredAt), "occurred_at"))
		}).Scan(ctx, &rows)
	if err != nil {
		return fmt.Errorf("load interactions of %d stakeholders: %w", len(ids), err)
	}
	for _, r := range rows {
		if m.events[r.ContactID] == nil {
			m.events[r.ContactID] = map[int][]strength.Event{}
		}
		m.events[r.ContactID][r.TeamMemberID] = append(m.events[r.ContactID][r.TeamMemberID],
			strength.Event{Kind: interaction.Kind(r.Kind), At: r.OccurredAt})
	}
	return nil
}

func (m *measures) loadKeyCoverage(ctx context.Context, client *ent.Client, accounts []int) error {
	keyPeople := []predicate.Contact{contact.AccountIDIn(accounts...), contact.StatusEQ(contact.StatusACTIVE),
		contact.DecisionRoleIn(domain.RoleDecisionMaker, domain.RoleEconomicBuyer)}
	cs, err := client.Contact.Query().Where(keyPeople...).Select(contact.FieldAccountID).All(ctx)
	if err != nil {
		return fmt.Errorf("load key people of %d accounts: %w", len(accounts), err)
	}
	for _, c := range cs {
		m.keyPeople[c.AccountID]++
	}
	if len(cs) == 0 {
		return nil
	}
	// One row per key person covered well enough by an active team member.
	covered, err := client.Contact.Query().Where(append(keyPeople, contact.HasCoveragesWith(
		coverage.StrengthGTE(KeyCoverageStrength), coverage.HasTeamMemberWith(teammember.Active(true))))...).
		Select(contact.FieldAccountID).All(ctx)
	if err != nil {
		return fmt.Errorf("load key people's coverage of %d accounts: %w", len(accounts), err)
	}
	for _, c := range covered {
		m.keyCovered[c.AccountID]++
	}
	return nil
}

// current is today's value of o, nil when it cannot be measured.
func (m *measures) current(p *ent.AccountPlan, o *ent.Objective) *float64 {
	var v float64
	switch string(o.Metric) {
	case MetricStrength:
		if o.ContactID == nil || m.contacts[*o.ContactID] == nil {
			return nil
		}
		v = m.strengthAt(*o.ContactID, m.now)
	case MetricAttitude:
		if o.ContactID == nil || m.contacts[*o.ContactID] == nil {
			return nil
		}
		v = float64(m.contacts[*o.ContactID].Attitude.Score())
	case MetricCoverageRatio:
		n := m.keyPeople[p.AccountID]
		if n == 0 {
			return nil
		}
		v = float64(m.keyCovered[p.AccountID]) / float64(n)
	case MetricRevenue:
		v = m.revenue[p.AccountID]
	case MetricWhitespace:
		v = m.whitespace[p.AccountID]
	default:
		return nil
	}
	return &v
}

// strengthAt is the computed strength of our strongest relationship with
// contact c at t, from the interactions that happened up to t.
func (m *measures) strengthAt(c int, t time.Time) float64 {
	var best float64
	for _, evs := range m.events[c] {
		var upTo []strength.Event
		for _, e := range evs {
			if !e.At.After(t) {
				upTo = append(upTo, e)
			}
		}
		if s := strength.Score(upTo, t); s > best {
			best = s
		}
	}
	return best
}

// attitudeAt is contact c's attitude score at t: the latest assessment
// before t, else the first one recorded (the earliest known stance), else
// today's attitude.
func (m *measures) attitudeAt(c int, t time.Time) int {
	as := m.assessments[c]
	i := sort.Search(len(as), func(i int) bool { return !as[i].AssessedAt.Before(t) })
	switch {
	case i > 0:
		return as[i-1].Attitude.Score()
	case len(as) > 0:
		return as[0].Attitude.Score()
	}
	return m.contacts[c].Attitude.Score()
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
