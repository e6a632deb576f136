package plans

import (
	"sort"
	"time"
)

// Activity statuses.
const (
	StatusPlanned   = "PLANNED"
	StatusDone      = "DONE"
	StatusCancelled = "CANCELLED"
)

// fiveMeans are the five means of the source practice; other kinds are
// budgeted under their own kind too, but Means marks them apart.
var fiveMeans = map[string]bool{
	"COMPANY_VISIT": true, "SHOWCASE_VISIT": true, "ONSITE_MEETING": true,
	"TECH_EXCHANGE": true, "MANAGEMENT_RESEARCH": true,
}

// IsMeans reports whether kind is one of the five means.
func IsMeans(kind string) bool { return fiveMeans[kind] }

// Activity is one activity of a plan as Compute needs it.
type Activity struct {
	ID         int
	Kind       string
	Status     string
	OccurredAt time.Time
	Budgeted   float64 // budgeted cost (0 when none)
	Cost       float64 // actual cost, counted once DONE
}

// Objective is one objective with its value today, measured by Load.
type Objective struct {
	ID      int
	Metric  string
	Target  float64
	Current *float64 // nil when it cannot be measured (a stakeholder with no coverage)
	DueAt   *time.Time
}

// Stakeholder is a target stakeholder's strength and attitude score when
// the plan began and today.
type Stakeholder struct {
	ContactID                      int
	StrengthAtStart, StrengthToday float64
	AttitudeAtStart, AttitudeToday int
}

// Input is one plan's rows.
type Input struct {
	Calendar     Calendar
	FiscalYear   int
	Now          time.Time
	Activities   []Activity
	Objectives   []Objective
	Stakeholders []Stakeholder
}

// Budget is planned vs spent for one means (kind) or quarter.
type Budget struct {
	Key     string
	Planned float64
	Spent   float64
}

// ObjectiveProgress is one objective's target against today's value.
type ObjectiveProgress struct {
	ID      int
	Metric  string
	Target  float64
	Current *float64
	// Reached: today's value meets the target (for WHITESPACE: is at most it).
	Reached bool
	Overdue bool // due date past and not reached
}

// StakeholderChange is a target stakeholder's change since the plan began.
type StakeholderChange struct {
	ContactID     int
	StrengthDelta float64
	AttitudeDelta int
	StrengthToday float64
	AttitudeToday int
}

// Progress is a plan against its actuals.
type Progress struct {
	Done, Planned, Overdue, Cancelled int
	// OverdueIDs are the activities still PLANNED whose date is past.
	OverdueIDs    []int
	PlannedBudget float64
	SpentBudget   float64
	ByMeans       []Budget // by interaction kind, sorted by kind
	ByQuarter     []Budget // Q1..Q4 of the plan's fiscal year
	Objectives    []ObjectiveProgress
	Stakeholders  []StakeholderChange
}

// Compute is plan vs actual. The budget planned is every activity's
// budgeted cost except the cancelled ones'; the budget spent is the cost of
// the DONE ones. A quarter is the quarter of the activity's date.
func Compute(in Input) Progress {
	var p Progress
	means := map[string]*Budget{}
	quarters := make([]Budget, 4)
	for q := range quarters {
		quarters[q].Key = Period(in.FiscalYear, q+1)
	}
	for _, a := range in.Activities {
		var planned, spent float64
		switch a.Status {
		case StatusDone:
			p.Done++
			planned, spent = a.Budgeted, a.Cost
		case StatusCancelled:
			p.Cancelled++
		default:
			p.Planned++
			planned = a.Budgeted
			if a.OccurredAt.Before(in.Now) {
				p.Overdue++
				p.OverdueIDs = append(p.OverdueIDs, a.ID)
			}
		}
		p.PlannedBudget += planned
		p.SpentBudget += spent
		b := means[a.Kind]
		if b == nil {
			b = &Budget{Key: a.Kind}
			means[a.Kind] = b
		}
		b.Planned += planned
		b.Spent += spent
		if in.Calendar.Year(a.OccurredAt) == in.FiscalYear {
			q := in.Calendar.Quarter(a.OccurredAt) - 1
			quarters[q].Planned += planned
			quarters[q].Spent += spent
		}
	}
	for _, b := range means {
		p.ByMeans = append(p.ByMeans, *b)
	}
	sort.Slice(p.ByMeans, func(i, j int) bool { return p.ByMeans[i].Key < p.ByMeans[j].Key })
	p.ByQuarter = quarters
	for _, o := range in.Objectives {
		op := ObjectiveProgress{ID: o.ID, Metric: o.Metric, Target: o.Target, Current: o.Current}
		if o.Current != nil {
			if o.Metric == MetricWhitespace {
				op.Reached = *o.Current <= o.Target
			} else {
				op.Reached = *o.Current >= o.Target
			}
		}
		op.Overdue = !op.Reached && o.DueAt != nil && o.DueAt.Before(in.Now)
		p.Objectives = append(p.Objectives, op)
	}
	for _, s := range in.Stakeholders {
		p.Stakeholders = append(p.Stakeholders, StakeholderChange{
			ContactID:     s.ContactID,
			StrengthDelta: s.StrengthToday - s.StrengthAtStart,
			AttitudeDelta: s.AttitudeToday - s.AttitudeAtStart,
			StrengthToday: s.StrengthToday,
			AttitudeToday: s.AttitudeToday,
		})
	}
	return p
}
