package alerts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/alert"
	"rapport/ent/interaction"
	"rapport/internal/alerts"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/plans"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// sweep runs the scheduled rules at ctx's clock and returns what rule
// raised (the other scheduled rules may raise too: they are tested apart).
func sweep(t *testing.T, e *alerts.Engine, ctx context.Context, rule string) []string {
	t.Helper()
	var out []string
	for _, s := range check(t, e, ctx, true) {
		if strings.HasPrefix(s, rule+" ") {
			out = append(out, s)
		}
	}
	return out
}

func openOf(t *testing.T, c *ent.Client, rule string) []*ent.Alert {
	t.Helper()
	return c.Alert.Query().Where(alert.Rule(rule), alert.OccurrenceKeyNotNil()).Order(ent.Asc(alert.FieldID)).AllX(t.Context())
}

const day = 24 * time.Hour

// TestAStakeholderOverdueUnderTheCadenceFiresOnce: a strategic account's
// decision maker and economic buyer are due every 30 days; never met, they
// are overdue 30 days after they were added, raised once; a meeting that
// happened clears the occurrence, and the next lapse is a new one. A
// planned meeting does not count.
func TestAStakeholderOverdueUnderTheCadenceFiresOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		base := time.Now().UTC()
		at := func(d time.Duration) context.Context { return clock.At(ctx, base.Add(d)) }
		expect(t, "day 20", sweep(t, e, at(20*day), alerts.StakeholderOverdue))
		expect(t, "day 40", sweep(t, e, at(40*day), alerts.StakeholderOverdue),
			"STAKEHOLDER_OVERDUE Dai", "STAKEHOLDER_OVERDUE Eva")
		expect(t, "day 41", sweep(t, e, at(41*day), alerts.StakeholderOverdue))
		open := openOf(t, c, alerts.StakeholderOverdue)
		if len(open) != 2 || !strings.Contains(open[0].Action, "Tina") || !strings.Contains(open[0].Message, "never been met") ||
			open[0].Params["coveredBy"] != "Tina" || open[0].Severity != alert.SeverityMEDIUM {
			t.Fatalf("open alerts %+v: want Dai's and Eva's, Tina suggested", open)
		}

		// A planned meeting with Dai does not count; a done one does.
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCALL).SetStatus(interaction.StatusPLANNED).
			SetOccurredAt(base.Add(50 * day)).AddContacts(f.dm).ExecX(at(41 * day))
		expect(t, "planned only", sweep(t, e, at(42*day), alerts.StakeholderOverdue))
		if n := len(openOf(t, c, alerts.StakeholderOverdue)); n != 2 {
			t.Fatalf("%d open after a planned meeting, want 2", n)
		}
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindONSITE_MEETING).
			SetOccurredAt(base.Add(42 * day)).AddContacts(f.dm).ExecX(at(42 * day))
		expect(t, "Dai met", sweep(t, e, at(43*day), alerts.StakeholderOverdue))
		if open := openOf(t, c, alerts.StakeholderOverdue); len(open) != 1 || open[0].SubjectName != "Eva" {
			t.Fatalf("open %v after Dai was met, want Eva's only", open)
		}
		// 30 days after the meeting Dai is due again: a new occurrence.
		// The planned call (day 50) is past and still planned: it is not a
		// meeting either.
		expect(t, "Dai lapses again", sweep(t, e, at(73*day), alerts.StakeholderOverdue), "STAKEHOLDER_OVERDUE Dai")
		if n := c.Alert.Query().Where(alert.Rule(alerts.StakeholderOverdue)).CountX(ctx); n != 3 {
			t.Errorf("%d alerts of the rule, want 3 (Dai twice, Eva once)", n)
		}
	})
}

// TestAnOverduePlannedActivityFiresOnce: a PLANNED activity whose date
// passed raises once, names its owner, and clears when it is done.
func TestAnOverduePlannedActivityFiresOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		base := time.Now().UTC()
		at := func(d time.Duration) context.Context { return clock.At(ctx, base.Add(d)) }
		qbr := c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCOMPANY_VISIT).SetSubject("QBR").
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(base.Add(2 * day)).SetOwnerID(f.t1.ID).SaveX(at(0))
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindDINNER_EVENT).SetSubject("Dinner").
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(base.Add(2 * day)).SetOwnerID(f.t1.ID).ExecX(at(0))
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCALL).SetSubject("Kick-off").
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(base.Add(10 * day)).ExecX(at(0))
		expect(t, "not yet", sweep(t, e, at(day), alerts.ActivityOverdue))
		expect(t, "past", sweep(t, e, at(3*day), alerts.ActivityOverdue), "ACTIVITY_OVERDUE QBR", "ACTIVITY_OVERDUE Dinner")
		expect(t, "still past", sweep(t, e, at(4*day), alerts.ActivityOverdue))
		open := openOf(t, c, alerts.ActivityOverdue)
		if len(open) != 2 || !strings.Contains(open[0].Action, "Tina") || open[0].Params["owner"] != "Tina" {
			t.Fatalf("open %+v: want two, Tina named", open)
		}
		c.Interaction.UpdateOne(qbr).SetStatus(interaction.StatusDONE).ExecX(at(4 * day))
		c.Interaction.Update().Where(interaction.Subject("Dinner")).SetStatus(interaction.StatusCANCELLED).ExecX(at(4 * day))
		expect(t, "done and cancelled", sweep(t, e, at(5*day), alerts.ActivityOverdue))
		if n := len(openOf(t, c, alerts.ActivityOverdue)); n != 0 {
			t.Errorf("%d open after done and cancelled, want 0", n)
		}
		expect(t, "the call", sweep(t, e, at(11*day), alerts.ActivityOverdue), "ACTIVITY_OVERDUE Kick-off")
	})
}

// TestABudgetOverrunFiresOnce: an account plan whose done activities cost
// more than its planned budget (plan vs actual's own figures) raises once;
// a larger budget ends the occurrence; overspending again is a new one.
func TestABudgetOverrunFiresOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		cal := plans.Current()
		fy := cal.Year(time.Now()) + 1
		from, _ := cal.Bounds(fy)
		now := from.AddDate(0, 6, 0)
		at := func(d time.Duration) context.Context { return clock.At(ctx, now.Add(d)) }
		plan := c.AccountPlan.Create().SetAccount(f.acme).SetFiscalYear(fy).SetTitle("Acme growth").SaveX(at(0))
		// Planned 1,000 + 500; the visit done cost 1,200: within budget.
		visit := c.Interaction.Create().SetAccount(f.acme).SetPlan(plan).SetKind(interaction.KindCOMPANY_VISIT).
			SetOccurredAt(now.Add(-10 * day)).SetBudgetedCost(1000).SetCost(1200).SaveX(at(0))
		c.Interaction.Create().SetAccount(f.acme).SetPlan(plan).SetKind(interaction.KindTECH_EXCHANGE).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(now.Add(10 * day)).SetBudgetedCost(500).ExecX(at(0))
		// A cancelled activity's budget is not planned; an activity of no
		// plan is nobody's budget.
		c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindSUMMIT).
			SetOccurredAt(now.Add(-5 * day)).SetCost(9000).ExecX(at(0))
		expect(t, "within", sweep(t, e, at(0), alerts.BudgetOverrun))
		c.Interaction.UpdateOne(visit).SetCost(1600).ExecX(at(0))
		expect(t, "over", sweep(t, e, at(day), alerts.BudgetOverrun), "BUDGET_OVERRUN Acme growth")
		expect(t, "still over", sweep(t, e, at(2*day), alerts.BudgetOverrun))
		a := openOf(t, c, alerts.BudgetOverrun)[0]
		if a.Params["spent"] != "1600" || a.Params["planned"] != "1500" || a.SubjectType != ent.TypeAccountPlan || a.Action == "" {
			t.Fatalf("alert %+v: want spent 1600 against 1500", a)
		}
		c.Interaction.Create().SetAccount(f.acme).SetPlan(plan).SetKind(interaction.KindTRAINING).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(now.Add(20 * day)).SetBudgetedCost(400).ExecX(at(2 * day))
		expect(t, "re-budgeted", sweep(t, e, at(3*day), alerts.BudgetOverrun))
		if n := len(openOf(t, c, alerts.BudgetOverrun)); n != 0 {
			t.Fatalf("%d open after the budget grew, want 0", n)
		}
		c.Interaction.UpdateOne(visit).SetCost(2000).ExecX(at(3 * day))
		expect(t, "over again", sweep(t, e, at(4*day), alerts.BudgetOverrun), "BUDGET_OVERRUN Acme growth")
	})
}

// TestScheduledChecksTakeConstantStatements: each scheduled check of the
// programme reads the same number of statements for two accounts as for
// eight (no per-account or per-row query).
func TestScheduledChecksTakeConstantStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		cal := plans.Current()
		fy := cal.Year(time.Now()) + 1
		from, _ := cal.Bounds(fy)
		now := from.AddDate(0, 6, 0)
		at := clock.At(ctx, now.Add(-20*day))
		tm := c.TeamMember.Create().SetName("Tina").SetEmail("tina@us.example").SaveX(ctx)
		add := func(i int) {
			a := c.Account.Create().SetName("Acme " + string(rune('A'+i))).SetTier(domain.TierStrategic).SaveX(ctx)
			for k := 0; k < 3; k++ {
				p := c.Contact.Create().SetName("DM").SetAccount(a).SetDecisionRole(domain.RoleDecisionMaker).SaveX(ctx)
				if k > 0 {
					c.Coverage.Create().SetTeamMember(tm).SetContact(p).SetStrength(k).ExecX(ctx)
				}
			}
			plan := c.AccountPlan.Create().SetAccount(a).SetFiscalYear(fy).SaveX(at)
			c.Interaction.Create().SetAccount(a).SetPlan(plan).SetKind(interaction.KindCOMPANY_VISIT).
				SetOccurredAt(now.Add(-30 * day)).SetBudgetedCost(100).SetCost(200).ExecX(at)
			c.Interaction.Create().SetAccount(a).SetPlan(plan).SetKind(interaction.KindCALL).SetOwner(tm).
				SetStatus(interaction.StatusPLANNED).SetOccurredAt(now.Add(-10 * day)).ExecX(at)
		}
		measure := func() map[string]int64 {
			out := map[string]int64{}
			for _, rule := range []string{alerts.StakeholderOverdue, alerts.ActivityOverdue, alerts.BudgetOverrun} {
				n0 := db.Counter.Load()
				cands, err := alerts.Candidates(ctx, c, rule, now)
				if err != nil || len(cands) == 0 {
					t.Fatalf("%s: %d candidates, %v", rule, len(cands), err)
				}
				out[rule] = db.Counter.Load() - n0
			}
			return out
		}
		add(0)
		add(1)
		two := measure()
		for i := 2; i < 8; i++ {
			add(i)
		}
		eight := measure()
		for rule, n := range two {
			if eight[rule] != n {
				t.Errorf("%s: %d statements for 2 accounts, %d for 8: want the same", rule, n, eight[rule])
			}
		}
		t.Logf("statements per check: %v", eight)
	})
}
