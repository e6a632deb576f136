package alerts

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"rapport/ent"
	"rapport/ent/accountplan"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/interaction"
	"rapport/ent/teammember"
	"rapport/internal/cadence"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/plans"
)

// Names of the relationship programme's scheduled rules (issue 17: the
// cadence, the account plans' activities and budgets).
const (
	StakeholderOverdue = "STAKEHOLDER_OVERDUE"
	ActivityOverdue    = "ACTIVITY_OVERDUE"
	BudgetOverrun      = "BUDGET_OVERRUN"
)

func init() {
	AddTimeRule(&TimeRule{
		Name: StakeholderOverdue, Severity: Medium,
		Description: "A key stakeholder (decision maker, economic buyer, champion or executive) is overdue under their account's tier policy cadence: not met within its days.",
		Check:       overdueStakeholders,
	})
	AddTimeRule(&TimeRule{
		Name: ActivityOverdue, Severity: Low,
		Description: "A planned activity's date has passed and it is still PLANNED (neither done nor cancelled).",
		Check:       overdueActivities,
	})
	AddTimeRule(&TimeRule{
		Name: BudgetOverrun, Severity: Medium,
		Description: "An account plan has spent more on its done activities than its planned budget.",
		Check:       overrunBudgets,
	})
}

// cadenceTracked are the stakeholders the overdue rule watches: the key
// people of the change rules and the executives. Everyone else has a
// cadence too (the account page marks them) but an alert for each would
// bury the inbox at scale.
//
// As a predicate, so that the sweep reads only them and their meetings;
// it matches Contact.key() and the executives (TestCadenceTrackedIsKeyOrExecutive).
var cadenceTracked = contact.Or(
	contact.DecisionRoleIn(domain.RoleDecisionMaker, domain.RoleEconomicBuyer),
	contact.AttitudeEQ(domain.AttitudeChampion),
	contact.SeniorityEQ(contact.SeniorityEXECUTIVE))

func days(d time.Duration) int { return int(math.Floor(d.Hours() / 24)) }

// overdueStakeholders: five statements plus one per 5,000 overdue people
// (their coverage), whatever the number of accounts.
func overdueStakeholders(ctx context.Context, client *ent.Client, now time.Time) ([]Candidate, error) {
	late, err := cadence.Overdue(ctx, client, now, cadenceTracked)
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(late))
	for i, t := range late {
		ids[i] = t.Person.ID
	}
	covers, err := coveredBy(ctx, client, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(late))
	for _, t := range late {
		p, st := t.Person, t.Cadence
		over := days(now.Sub(*st.DueAt))
		role := lower(string(p.DecisionRole))
		if p.Seniority == "EXECUTIVE" && !(&Contact{Role: string(p.DecisionRole)}).decisionMaker() {
			role = "executive"
		}
		last := "never"
		if st.LastMetAt != nil {
			last = st.LastMetAt.Format("2006-01-02")
		}
		c := Candidate{
			Rule: StakeholderOverdue, Severity: Medium, Account: p.AccountID,
			SubjectType: ent.TypeContact, SubjectID: p.ID, SubjectName: p.Name,
			Params: map[string]any{"contact": p.Name, "role": string(p.DecisionRole), "cadence": st.CadenceDays,
				"days": over, "lastMet": last, "due": st.DueAt.Format("2006-01-02")},
		}
		if st.LastMetAt != nil {
			c.Message = fmt.Sprintf("%s (%s) was last met on %s; the policy asks for a meeting every %d days: %d days overdue.",
				p.Name, role, last, st.CadenceDays, over)
		} else {
			c.Message = fmt.Sprintf("%s (%s) has never been met; the policy asks for a meeting every %d days: %d days overdue.",
				p.Name, role, st.CadenceDays, over)
		}
		if who, ok := covers[p.ID]; ok {
			c.Params["coveredBy"] = who.name
			c.Action = fmt.Sprintf("%s covers them (strength %d): plan a meeting with %s.", who.name, who.strength, p.Name)
		} else {
			c.Params["coveredBy"] = ""
			c.Params["variant"] = "uncovered" // the dashboard's translation of the action
			c.Action = "Nobody on our team covers them: assign a team member and plan a meeting."
			c.PathTo = p.ID
		}
		out = append(out, c)
	}
	return out, nil
}

type cover struct {
	name     string
	strength int
}

// coveredBy returns, per contact, the strongest coverage by an active team
// member: one statement per 5,000 contacts and one for the team.
func coveredBy(ctx context.Context, client *ent.Client, ids []int) (map[int]cover, error) {
	out := map[int]cover{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := chunk.Load(ids, func(part []int) ([]*ent.Coverage, error) {
		return client.Coverage.Query().
			Where(coverage.ContactIDIn(part...), coverage.HasTeamMemberWith(teammember.Active(true))).
			Select(coverage.FieldContactID, coverage.FieldTeamMemberID, coverage.FieldStrength).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("coverage of overdue stakeholders: %w", err)
	}
	team, err := teamNames(ctx, client, rows)
	if err != nil {
		return nil, err
	}
	// Strongest first; a tie goes to the lower coverage ID (stable).
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Strength != rows[j].Strength {
			return rows[i].Strength > rows[j].Strength
		}
		return rows[i].ID < rows[j].ID
	})
	for _, r := range rows {
		if _, ok := out[r.ContactID]; !ok {
			out[r.ContactID] = cover{name: team[r.TeamMemberID], strength: r.Strength}
		}
	}
	return out, nil
}

func teamNames(ctx context.Context, client *ent.Client, rows []*ent.Coverage) (map[int]string, error) {
	ids := make([]int, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.TeamMemberID)
	}
	return names(ctx, client, ids)
}

// names reads team members' names, one statement per 5,000.
func names(ctx context.Context, client *ent.Client, ids []int) (map[int]string, error) {
	out := map[int]string{}
	tms, err := chunk.Load(ids, func(part []int) ([]*ent.TeamMember, error) {
		return client.TeamMember.Query().Where(teammember.IDIn(part...)).
			Select(teammember.FieldName).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("team member names: %w", err)
	}
	for _, m := range tms {
		out[m.ID] = m.Name
	}
	return out, nil
}

// overdueActivities: a PLANNED interaction dated before now, the same
// definition as a plan's overdue activities (plans.Compute). Two
// statements plus one per 5,000 owners.
func overdueActivities(ctx context.Context, client *ent.Client, now time.Time) ([]Candidate, error) {
	rows, err := client.Interaction.Query().
		Where(interaction.StatusEQ(interaction.StatusPLANNED), interaction.OccurredAtLT(now)).
		Select(interaction.FieldAccountID, interaction.FieldKind, interaction.FieldSubject,
			interaction.FieldOccurredAt, interaction.FieldOwnerID).
		Order(ent.Asc(interaction.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("overdue activities: %w", err)
	}
	var owners []int
	for _, r := range rows {
		if r.OwnerID != nil {
			owners = append(owners, *r.OwnerID)
		}
	}
	team, err := names(ctx, client, owners)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(rows))
	for _, r := range rows {
		subject := r.Subject
		if subject == "" {
			subject = lower(string(r.Kind))
		}
		over := days(now.Sub(r.OccurredAt))
		c := Candidate{
			Rule: ActivityOverdue, Severity: Low, Account: r.AccountID,
			SubjectType: ent.TypeInteraction, SubjectID: r.ID, SubjectName: subject,
			Message: fmt.Sprintf("The planned %s %q was due on %s and is still planned (%d days overdue).",
				lower(string(r.Kind)), subject, r.OccurredAt.Format("2006-01-02"), over),
			Params: map[string]any{"subject": subject, "kind": string(r.Kind), "date": r.OccurredAt.Format("2006-01-02"),
				"days": over, "owner": ""},
		}
		if r.OwnerID != nil && team[*r.OwnerID] != "" {
			c.Params["owner"] = team[*r.OwnerID]
			c.Action = fmt.Sprintf("Ask %s to record it as done, move it to a new date or cancel it.", team[*r.OwnerID])
		} else {
			c.Params["variant"] = "noOwner"
			c.Action = "Record it as done, move it to a new date or cancel it."
		}
		out = append(out, c)
	}
	return out, nil
}

// overrunBudgets: an account plan whose spent budget exceeds its planned
// budget, both as plan vs actual computes them (plans.Compute: planned is
// the budgeted cost of every activity not cancelled, spent the cost of the
// DONE ones). A plan with no budget planned is not overrun: it has no
// budget to exceed. Two statements: every plan, every plan's activities.
func overrunBudgets(ctx context.Context, client *ent.Client, now time.Time) ([]Candidate, error) {
	ps, err := client.AccountPlan.Query().
		Select(accountplan.FieldAccountID, accountplan.FieldFiscalYear, accountplan.FieldTitle).
		Order(ent.Asc(accountplan.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("account plans: %w", err)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	acts, err := client.Interaction.Query().Where(interaction.PlanIDNotNil()).
		Select(interaction.FieldPlanID, interaction.FieldKind, interaction.FieldStatus, interaction.FieldOccurredAt,
			interaction.FieldBudgetedCost, interaction.FieldCost).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("plan activities: %w", err)
	}
	byPlan := map[int][]plans.Activity{}
	for _, a := range acts {
		x := plans.Activity{ID: a.ID, Kind: string(a.Kind), Status: string(a.Status), OccurredAt: a.OccurredAt, Cost: a.Cost}
		if a.BudgetedCost != nil {
			x.Budgeted = *a.BudgetedCost
		}
		byPlan[*a.PlanID] = append(byPlan[*a.PlanID], x)
	}
	cal := plans.Current()
	var out []Candidate
	for _, p := range ps {
		pr := plans.Compute(plans.Input{Calendar: cal, FiscalYear: p.FiscalYear, Now: now, Activities: byPlan[p.ID]})
		if pr.PlannedBudget <= 0 || pr.SpentBudget <= pr.PlannedBudget {
			continue
		}
		name := p.Title
		if name == "" {
			name = plans.Period(p.FiscalYear, 0) + " plan"
		}
		over := pr.SpentBudget - pr.PlannedBudget
		pct := int(math.Round(100 * over / pr.PlannedBudget))
		out = append(out, Candidate{
			Rule: BudgetOverrun, Severity: Medium, Account: p.AccountID,
			SubjectType: ent.TypeAccountPlan, SubjectID: p.ID, SubjectName: name,
			Message: fmt.Sprintf("The plan %q has spent %s against a planned budget of %s (%d%% over).",
				name, money(pr.SpentBudget), money(pr.PlannedBudget), pct),
			Action: "Review the plan's remaining activities: cut or re-budget them, or agree a higher budget with the account owner.",
			Params: map[string]any{"plan": name, "period": plans.Period(p.FiscalYear, 0), "spent": money(pr.SpentBudget),
				"planned": money(pr.PlannedBudget), "percent": pct},
		})
	}
	return out, nil
}

func money(v float64) string { return fmt.Sprintf("%.0f", v) }

// Candidates runs the scheduled rule name at now and returns what holds
// (nothing is raised): for benchmarks and tests that measure a check.
func Candidates(ctx context.Context, client *ent.Client, name string, now time.Time) ([]Candidate, error) {
	for _, r := range timeRules {
		if r.Name == name {
			return r.Check(system(ctx), client, now)
		}
	}
	return nil, fmt.Errorf("alerts: no scheduled rule %s", name)
}
