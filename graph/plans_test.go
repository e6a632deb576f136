package graph_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/strength"
)

// planNow is "now" for the plan tests: mid fiscal year 2026 (the default
// calendar starts in January), so that activities can be past and future.
var planNow = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

// planFixture is Acme (strategic, with the subsidiary Acme Sub) and Other,
// Ada on Acme's team and Bo on Other's, Acme's FY2026 plan with four
// activities (one of each kind of outcome) and five objectives, and three
// offerings (Legacy inactive).
type planFixture struct {
	admin, ed, bo, viewer *apitest.Client
	acme, sub, other      *ent.Account
	cio, cfo              *ent.Contact
	ada                   *ent.TeamMember
	plan, otherPlan       *ent.AccountPlan
	cloud, core, legacy   *ent.Offering
	done, overdue, cancel *ent.Interaction
	objectives            map[string]*ent.Objective
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func newPlanFixture(t *testing.T, db *store.DB) *planFixture {
	t.Helper()
	f := &planFixture{objectives: map[string]*ent.Objective{}}
	c := db.Client
	bg := context.Background()
	then := func(s string) context.Context { return clock.At(bg, at(s)) }
	f.acme = c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(bg)
	f.sub = c.Account.Create().SetName("Acme Sub").SetParent(f.acme).SaveX(bg)
	f.other = c.Account.Create().SetName("Other").SaveX(bg)
	f.cio = c.Contact.Create().SetAccount(f.acme).SetName("CIO").SetDecisionRole(domain.RoleDecisionMaker).
		SetAttitude(domain.AttitudeNeutral).SaveX(then("2025-12-01T00:00:00Z"))
	c.Contact.UpdateOne(f.cio).SetAttitude(domain.AttitudeSupporter).ExecX(then("2026-03-01T00:00:00Z"))
	f.cio = c.Contact.GetX(bg, f.cio.ID)
	f.cfo = c.Contact.Create().SetAccount(f.acme).SetName("CFO").SetDecisionRole(domain.RoleEconomicBuyer).SaveX(bg)
	f.ada = c.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").AddAccounts(f.acme).SaveX(bg)
	bo := c.TeamMember.Create().SetName("Bo").SetEmail("bo@us.example").AddAccounts(f.other).SaveX(bg)
	c.Coverage.Create().SetTeamMember(f.ada).SetContact(f.cio).SetStrength(3).ExecX(bg)
	c.Coverage.Create().SetTeamMember(f.ada).SetContact(f.cfo).SetStrength(1).ExecX(bg)

	f.plan = c.AccountPlan.Create().SetAccount(f.acme).SetFiscalYear(2026).SetTitle("Acme FY2026").SaveX(bg)
	f.otherPlan = c.AccountPlan.Create().SetAccount(f.other).SetFiscalYear(2026).SaveX(bg)
	// Before the plan: a visit in November. In it: a meeting done in
	// February (budget 1000, cost 1200), a visit planned for March and not
	// done (overdue), a dinner in May cancelled.
	c.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindCOMPANY_VISIT).SetOccurredAt(at("2025-11-01T00:00:00Z")).
		AddContacts(f.cio).AddTeamMembers(f.ada).ExecX(bg)
	f.done = c.Interaction.Create().SetAccount(f.acme).SetPlan(f.plan).SetKind(interaction.KindONSITE_MEETING).
		SetOccurredAt(at("2026-02-10T00:00:00Z")).SetBudgetedCost(1000).SetCost(1200).AddContacts(f.cio).AddTeamMembers(f.ada).SaveX(bg)
	f.overdue = c.Interaction.Create().SetAccount(f.acme).SetPlan(f.plan).SetKind(interaction.KindCOMPANY_VISIT).
		SetStatus(interaction.StatusPLANNED).SetOccurredAt(at("2026-03-15T00:00:00Z")).SetBudgetedCost(500).SaveX(then("2026-01-02T00:00:00Z"))
	f.cancel = c.Interaction.Create().SetAccount(f.acme).SetPlan(f.plan).SetKind(interaction.KindDINNER_EVENT).
		SetStatus(interaction.StatusCANCELLED).SetOccurredAt(at("2026-05-01T00:00:00Z")).SetBudgetedCost(800).SaveX(bg)
	for _, o := range []struct {
		name    string
		metric  string
		target  float64
		contact *ent.Contact
		due     string
	}{
		{"strength", "STRENGTH", 3, f.cio, ""},
		{"attitude", "ATTITUDE", 2, f.cio, "2026-06-01T00:00:00Z"},
		{"coverage", "COVERAGE_RATIO", 0.5, nil, "2026-06-01T00:00:00Z"},
		{"revenue", "REVENUE", 1000, nil, ""},
		{"whitespace", "WHITESPACE", 100, nil, ""},
	} {
		q := c.Objective.Create().SetPlan(f.plan).SetTitle(o.name).SetMetric(objectiveMetric(o.metric)).SetTarget(o.target)
		if o.contact != nil {
			q.SetContact(o.contact)
		}
		if o.due != "" {
			q.SetDueAt(at(o.due))
		}
		f.objectives[o.name] = q.SaveX(bg)
	}
	c.Risk.Create().SetPlan(f.plan).SetDescription("Budget freeze").ExecX(bg)

	f.cloud = c.Offering.Create().SetName("Cloud").SaveX(bg)
	f.core = c.Offering.Create().SetName("Core network").SaveX(bg)
	f.legacy = c.Offering.Create().SetName("Legacy").SetActive(false).SaveX(bg)
	c.AccountOffering.Create().SetAccount(f.acme).SetOffering(f.cloud).SetCurrentRevenue(600).SetPotential(1000).
		SetStatus(accountoffering.StatusINSTALLED).SetCurrentNeed("private cloud").ExecX(bg)
	c.AccountOffering.Create().SetAccount(f.acme).SetOffering(f.core).SetPotential(500).SetStatus(accountoffering.StatusNO_FIT).ExecX(bg)
	c.AccountOffering.Create().SetAccount(f.sub).SetOffering(f.cloud).SetCurrentRevenue(100).SetPotential(400).
		SetStatus(accountoffering.StatusOPEN_OPPORTUNITY).ExecX(bg)
	c.AccountOffering.Create().SetAccount(f.other).SetOffering(f.core).SetPotential(900).ExecX(bg)

	const password = "correct horse battery staple"
	if _, err := auth.CreateUser(bg, c, auth.NewUser{Email: "ed@us.example", Name: "Ed", Password: password, Role: auth.RoleEditor, TeamMemberID: &f.ada.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateUser(bg, c, auth.NewUser{Email: "bo@us.example", Name: "Bo", Password: password, Role: auth.RoleEditor, TeamMemberID: &bo.ID}); err != nil {
		t.Fatal(err)
	}
	viewerMember := c.TeamMember.Create().SetName("Vi").SetEmail("vi@us.example").AddAccounts(f.acme).SaveX(bg)
	if _, err := auth.CreateUser(bg, c, auth.NewUser{Email: "vi@us.example", Name: "Vi", Password: password, Role: auth.RoleViewer, TeamMemberID: &viewerMember.ID}); err != nil {
		t.Fatal(err)
	}
	f.admin = apitest.New(t, db)
	h := f.admin.Handler
	f.admin.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(clock.At(r.Context(), planNow)))
	})
	f.ed = f.admin.SignIn("ed@us.example", password)
	f.bo = f.admin.SignIn("bo@us.example", password)
	f.viewer = f.admin.SignIn("vi@us.example", password)
	return f
}

const planProgressQuery = `query($id: ID!) { node(id: $id) { ... on AccountPlan { title period
	progress { period startsAt endsAt done planned overdue cancelled overdueActivities { id kind }
		plannedBudget spentBudget byMeans { key planned spent } byQuarter { key planned spent }
		objectives { objective { title metric target } current reached overdue }
		stakeholders { contact { name } strengthAtStart strengthToday strengthDelta attitudeAtStart attitudeToday attitudeDelta } }
	objectives(first: 10) { totalCount } risks(first: 10) { totalCount } activities(first: 10) { totalCount } } } }`

type budget struct {
	Key            string
	Planned, Spent float64
}

type progressOut struct {
	Node *struct {
		Title, Period string
		Progress      struct {
			Period                            string
			StartsAt, EndsAt                  time.Time
			Done, Planned, Overdue, Cancelled int
			OverdueActivities                 []struct{ ID, Kind string }
			PlannedBudget, SpentBudget        float64
			ByMeans, ByQuarter                []budget
			Objectives                        []struct {
				Objective struct {
					Title, Metric string
					Target        float64
				}
				Current          *float64
				Reached, Overdue bool
			}
			Stakeholders []struct {
				Contact                                       struct{ Name string }
				StrengthAtStart, StrengthToday, StrengthDelta float64
				AttitudeAtStart, AttitudeToday, AttitudeDelta int
			}
		}
		Objectives, Risks, Activities struct{ TotalCount int }
	}
}

// TestPlanProgressOverTheAPI works Acme's plan vs actual by hand at
// 2026-07-01: one done (budget 1000, cost 1200, Q1), one planned for March
// and overdue (500, Q1), one cancelled (800, not counted); objectives
// measured by today's strength, attitude, coverage and offerings.
func TestPlanProgressOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newPlanFixture(t, db)
		var out progressOut
		f.admin.MustDo(planProgressQuery, map[string]any{"id": gid.Encode(f.plan.ID)}, &out)
		p := out.Node.Progress
		if out.Node.Period != "FY2026" || p.Period != "FY2026" || !p.StartsAt.Equal(at("2026-01-01T00:00:00Z")) || !p.EndsAt.Equal(at("2027-01-01T00:00:00Z")) {
			t.Errorf("period %q %q %v-%v", out.Node.Period, p.Period, p.StartsAt, p.EndsAt)
		}
		if p.Done != 1 || p.Planned != 1 || p.Overdue != 1 || p.Cancelled != 1 {
			t.Errorf("done/planned/overdue/cancelled = %d/%d/%d/%d, want 1/1/1/1", p.Done, p.Planned, p.Overdue, p.Cancelled)
		}
		if len(p.OverdueActivities) != 1 || p.OverdueActivities[0].ID != gid.Encode(f.overdue.ID) {
			t.Errorf("overdue activities %+v", p.OverdueActivities)
		}
		if p.PlannedBudget != 1500 || p.SpentBudget != 1200 {
			t.Errorf("budget planned %v spent %v, want 1500 and 1200", p.PlannedBudget, p.SpentBudget)
		}
		wantMeans := []budget{{"COMPANY_VISIT", 500, 0}, {"DINNER_EVENT", 0, 0}, {"ONSITE_MEETING", 1000, 1200}}
		if fmt.Sprint(p.ByMeans) != fmt.Sprint(wantMeans) {
			t.Errorf("by means %v, want %v", p.ByMeans, wantMeans)
		}
		wantQuarters := []budget{{"FY2026-Q1", 1500, 1200}, {"FY2026-Q2", 0, 0}, {"FY2026-Q3", 0, 0}, {"FY2026-Q4", 0, 0}}
		if fmt.Sprint(p.ByQuarter) != fmt.Sprint(wantQuarters) {
			t.Errorf("by quarter %v, want %v", p.ByQuarter, wantQuarters)
		}
		// Strength of Ada and the CIO: a visit (3) on 2025-11-01 and a
		// meeting (2) on 2026-02-10. At the start (2026-01-01) the visit
		// is 61 days old; today it is 242 days old and the meeting 141.
		sat := func(s float64) float64 { return strength.Max * (1 - math.Exp(-s/strength.Max)) }
		atStart := sat(3 * math.Pow(0.5, 61.0/90))
		today := sat(3*math.Pow(0.5, 242.0/90) + 2*math.Pow(0.5, 141.0/90))
		type obj struct {
			current          float64
			reached, overdue bool
		}
		want := map[string]obj{
			"strength":   {today, false, false}, // 1.3 of 3
			"attitude":   {1, false, true},      // supporter of champion, due June
			"coverage":   {0.5, true, false},    // the CIO at 3 of CIO and CFO (1)
			"revenue":    {600, false, false},   // Cloud's 600 of 1000
			"whitespace": {400, false, false},   // Cloud's 400 (Core is NO_FIT), at most 100
		}
		if len(p.Objectives) != len(want) {
			t.Fatalf("objectives %+v", p.Objectives)
		}
		for _, o := range p.Objectives {
			w := want[o.Objective.Title]
			if o.Current == nil || math.Abs(*o.Current-w.current) > 1e-9 || o.Reached != w.reached || o.Overdue != w.overdue {
				t.Errorf("objective %s: current %v reached %v overdue %v, want %+v", o.Objective.Title, o.Current, o.Reached, o.Overdue, w)
			}
		}
		if len(p.Stakeholders) != 1 {
			t.Fatalf("stakeholders %+v, want the CIO once", p.Stakeholders)
		}
		s := p.Stakeholders[0]
		if s.Contact.Name != "CIO" || math.Abs(s.StrengthAtStart-atStart) > 1e-9 || math.Abs(s.StrengthToday-today) > 1e-9 ||
			math.Abs(s.StrengthDelta-(today-atStart)) > 1e-9 || s.AttitudeAtStart != 0 || s.AttitudeToday != 1 || s.AttitudeDelta != 1 {
			t.Errorf("stakeholder %+v, want strength %.4f -> %.4f, attitude 0 -> 1", s, atStart, today)
		}
		if out.Node.Objectives.TotalCount != 5 || out.Node.Risks.TotalCount != 1 || out.Node.Activities.TotalCount != 3 {
			t.Errorf("plan's lists %+v", out.Node)
		}

		// A new activity planned for September, then completed today at
		// cost 250: done 2, its budget and spend in Q3.
		var created struct{ CreateInteraction struct{ ID, Status string } }
		f.ed.MustDo(`mutation($in: CreateInteractionInput!) { createInteraction(input: $in) { id status } }`,
			map[string]any{"in": map[string]any{"accountID": gid.Encode(f.acme.ID), "planID": gid.Encode(f.plan.ID), "kind": "TECH_EXCHANGE",
				"status": "PLANNED", "occurredAt": "2026-09-01T00:00:00Z", "budgetedCost": 300, "ownerID": gid.Encode(f.ada.ID),
				"contactIDs": []string{gid.Encode(f.cfo.ID)}, "teamMemberIDs": []string{gid.Encode(f.ada.ID)}}}, &created)
		if created.CreateInteraction.Status != "PLANNED" {
			t.Fatalf("created %+v", created)
		}
		f.admin.MustDo(planProgressQuery, map[string]any{"id": gid.Encode(f.plan.ID)}, &out)
		if p := out.Node.Progress; p.Planned != 2 || p.Overdue != 1 || p.PlannedBudget != 1800 || p.ByQuarter[2].Planned != 300 {
			t.Errorf("with a September activity: %+v", p)
		}
		var done struct {
			CompleteActivity struct {
				Status, Outcome string
				Cost            float64
				OccurredAt      time.Time
			}
		}
		f.ed.MustDo(`mutation($id: ID!) { completeActivity(id: $id, cost: 250, notes: "agreed the pilot") { status outcome cost occurredAt } }`,
			map[string]any{"id": created.CreateInteraction.ID}, &done)
		if d := done.CompleteActivity; d.Status != "DONE" || d.Outcome != "agreed the pilot" || d.Cost != 250 || !d.OccurredAt.Equal(planNow) {
			t.Errorf("completed %+v", d)
		}
		f.ed.MustDo(`mutation($id: ID!) { cancelActivity(id: $id) { status } }`, map[string]any{"id": gid.Encode(f.overdue.ID)}, nil)
		f.admin.MustDo(planProgressQuery, map[string]any{"id": gid.Encode(f.plan.ID)}, &out)
		if p := out.Node.Progress; p.Done != 2 || p.Planned != 0 || p.Overdue != 0 || p.Cancelled != 2 || p.PlannedBudget != 1300 ||
			p.SpentBudget != 1450 || fmt.Sprint(p.ByQuarter[2]) != fmt.Sprint(budget{"FY2026-Q3", 300, 250}) {
			t.Errorf("after completing and cancelling: %+v", p)
		}
		// The account's plan of the current fiscal year, and of another.
		var acc struct {
			Node struct {
				Plan             *struct{ Title string }
				Next             *struct{ Title string }
				AccountOfferings []struct {
					Offering   struct{ Name string }
					Whitespace float64
				}
			}
		}
		f.admin.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { plan { title } next: plan(fiscalYear: 2027) { title }
			accountOfferings { offering { name } whitespace } } } }`, map[string]any{"id": gid.Encode(f.acme.ID)}, &acc)
		if acc.Node.Plan == nil || acc.Node.Plan.Title != "Acme FY2026" || acc.Node.Next != nil || len(acc.Node.AccountOfferings) != 2 ||
			acc.Node.AccountOfferings[0].Whitespace != 400 || acc.Node.AccountOfferings[1].Whitespace != 0 {
			t.Errorf("account's plan and offerings: %s", dump(acc))
		}
	})
}

const gridQuery = `query($where: WhitespaceWhereInput, $subs: Boolean) { whitespaceGrid(where: $where, includeSubsidiaries: $subs) {
	offerings { name }
	rows { account { name } currentRevenue whitespace groupCurrentRevenue groupWhitespace
		cells { offeringID known status currentRevenue potential whitespace subsidiariesCurrentRevenue subsidiariesWhitespace currentNeed needMet futureNeed } }
	columns { offering { name } currentRevenue whitespace }
	totalCurrentRevenue totalWhitespace } }`

type gridOut struct {
	WhitespaceGrid struct {
		Offerings []struct{ Name string }
		Rows      []struct {
			Account                                                          struct{ Name string }
			CurrentRevenue, Whitespace, GroupCurrentRevenue, GroupWhitespace float64
			Cells                                                            []struct {
				OfferingID, Status                                 string
				Known                                              bool
				CurrentRevenue, Potential, Whitespace              float64
				SubsidiariesCurrentRevenue, SubsidiariesWhitespace float64
				CurrentNeed, NeedMet, FutureNeed                   *string
			}
		}
		Columns []struct {
			Offering                   struct{ Name string }
			CurrentRevenue, Whitespace float64
		}
		TotalCurrentRevenue, TotalWhitespace float64
	}
}

func (g gridOut) rowNames() []string {
	var out []string
	for _, r := range g.WhitespaceGrid.Rows {
		out = append(out, r.Account.Name)
	}
	return out
}

// TestWhitespaceGridOverTheAPI: accounts x active offerings with Acme Sub
// rolled up into Acme, scoped to what the viewer reads, filtered.
func TestWhitespaceGridOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newPlanFixture(t, db)
		var g gridOut
		f.admin.MustDo(gridQuery, nil, &g)
		w := g.WhitespaceGrid
		if fmt.Sprint(g.rowNames()) != "[Acme Acme Sub Other]" || len(w.Offerings) != 2 || w.Offerings[0].Name != "Cloud" || w.Offerings[1].Name != "Core network" {
			t.Fatalf("grid shape: rows %v offerings %+v", g.rowNames(), w.Offerings)
		}
		acme := w.Rows[0]
		cloud, core := acme.Cells[0], acme.Cells[1]
		if !cloud.Known || cloud.Status != "INSTALLED" || cloud.CurrentRevenue != 600 || cloud.Potential != 1000 || cloud.Whitespace != 400 ||
			cloud.SubsidiariesCurrentRevenue != 100 || cloud.SubsidiariesWhitespace != 300 || cloud.CurrentNeed == nil || *cloud.CurrentNeed != "private cloud" ||
			cloud.OfferingID != gid.Encode(f.cloud.ID) {
			t.Errorf("Acme x Cloud %+v", cloud)
		}
		if core.Status != "NO_FIT" || core.Whitespace != 0 {
			t.Errorf("Acme x Core %+v: NO_FIT has no whitespace", core)
		}
		if acme.CurrentRevenue != 600 || acme.Whitespace != 400 || acme.GroupCurrentRevenue != 700 || acme.GroupWhitespace != 700 {
			t.Errorf("Acme's row %+v", acme)
		}
		if c := w.Rows[2].Cells[0]; c.Known || c.Status != "NOT_DISCUSSED" {
			t.Errorf("Other x Cloud %+v: no row is NOT_DISCUSSED, unknown", c)
		}
		if w.TotalCurrentRevenue != 700 || w.TotalWhitespace != 1600 || w.Columns[0].Whitespace != 700 || w.Columns[1].Whitespace != 900 || w.Columns[0].CurrentRevenue != 700 {
			t.Errorf("totals %v %v columns %+v", w.TotalCurrentRevenue, w.TotalWhitespace, w.Columns)
		}
		// Filters: Acme alone, by strategic tier, with Legacy named.
		f.admin.MustDo(gridQuery, map[string]any{"where": map[string]any{"tier": "STRATEGIC", "offeringIDs": []string{gid.Encode(f.legacy.ID), gid.Encode(f.cloud.ID)}}}, &g)
		if fmt.Sprint(g.rowNames()) != "[Acme]" || len(g.WhitespaceGrid.Offerings) != 2 || g.WhitespaceGrid.Offerings[1].Name != "Legacy" ||
			g.WhitespaceGrid.Rows[0].Cells[0].SubsidiariesWhitespace != 300 {
			t.Errorf("strategic x Cloud, Legacy: %s", dump(g))
		}
		f.admin.MustDo(gridQuery, map[string]any{"where": map[string]any{"accountIDs": []string{gid.Encode(f.acme.ID)}}, "subs": false}, &g)
		if fmt.Sprint(g.rowNames()) != "[Acme]" || g.WhitespaceGrid.Rows[0].Cells[0].SubsidiariesWhitespace != 0 || g.WhitespaceGrid.TotalWhitespace != 400 {
			t.Errorf("Acme without subsidiaries: %s", dump(g))
		}
		// Scoped: Ed reads Acme and its subsidiary, Bo only Other.
		f.ed.MustDo(gridQuery, nil, &g)
		if fmt.Sprint(g.rowNames()) != "[Acme Acme Sub]" || g.WhitespaceGrid.TotalWhitespace != 700 {
			t.Errorf("Ed's grid %v total %v", g.rowNames(), g.WhitespaceGrid.TotalWhitespace)
		}
		f.bo.MustDo(gridQuery, map[string]any{"where": map[string]any{"accountIDs": []string{gid.Encode(f.acme.ID), gid.Encode(f.other.ID)}}}, &g)
		if fmt.Sprint(g.rowNames()) != "[Other]" || g.WhitespaceGrid.TotalWhitespace != 900 {
			t.Errorf("Bo's grid %v total %v", g.rowNames(), g.WhitespaceGrid.TotalWhitespace)
		}
	})
}

// TestPlansRefuseBadInput: each refused write names its field and writes
// nothing (issue 17, "Bad input and integrity").
func TestPlansRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newPlanFixture(t, db)
		counts := func() string {
			bg := context.Background()
			c := db.Client
			return fmt.Sprint(c.AccountPlan.Query().CountX(bg), c.Objective.Query().CountX(bg), c.Risk.Query().CountX(bg),
				c.Interaction.Query().CountX(bg), c.Offering.Query().CountX(bg), c.AccountOffering.Query().CountX(bg))
		}
		before := counts()
		acme, plan := gid.Encode(f.acme.ID), gid.Encode(f.plan.ID)
		const (
			createPlan        = `mutation($in: CreateAccountPlanInput!) { createAccountPlan(input: $in) { id } }`
			createObjective   = `mutation($in: CreateObjectiveInput!) { createObjective(input: $in) { id } }`
			createInteraction = `mutation($in: CreateInteractionInput!) { createInteraction(input: $in) { id } }`
			createAO          = `mutation($in: CreateAccountOfferingInput!) { createAccountOffering(input: $in) { id } }`
		)
		in := func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return map[string]any{"in": m}
		}
		tests := []struct {
			name        string
			client      *apitest.Client
			query       string
			vars        map[string]any
			code, field string
		}{
			{"a fiscal year that does not exist", f.ed, createPlan, in("accountID", acme, "fiscalYear", 1999), "BAD_USER_INPUT", "fiscalYear"},
			{"a second plan for the year", f.ed, createPlan, in("accountID", acme, "fiscalYear", 2026), "CONFLICT", "fiscalYear"},
			{"a plan period in an account's plan field", f.ed, `query($id: ID!) { node(id: $id) { ... on Account { plan(fiscalYear: 2101) { id } } } }`,
				map[string]any{"id": acme}, "BAD_USER_INPUT", "fiscalYear"},
			{"a strength above 4", f.ed, createObjective, in("planID", plan, "title", "x", "metric", "STRENGTH", "target", 5, "contactID", gid.Encode(f.cio.ID)), "BAD_USER_INPUT", "target"},
			{"an attitude below -2", f.ed, createObjective, in("planID", plan, "title", "x", "metric", "ATTITUDE", "target", -3, "contactID", gid.Encode(f.cio.ID)), "BAD_USER_INPUT", "target"},
			{"a coverage ratio above 1", f.ed, createObjective, in("planID", plan, "title", "x", "metric", "COVERAGE_RATIO", "target", 1.5), "BAD_USER_INPUT", "target"},
			{"a negative revenue", f.ed, createObjective, in("planID", plan, "title", "x", "metric", "REVENUE", "target", -1), "BAD_USER_INPUT", "target"},
			{"an attitude target for nobody", f.ed, createObjective, in("planID", plan, "title", "x", "metric", "ATTITUDE", "target", 1), "BAD_USER_INPUT", "contactID"},
			{"an activity in the past created as PLANNED", f.ed, createInteraction, in("accountID", acme, "kind", "CALL", "status", "PLANNED", "occurredAt", "2026-06-01T00:00:00Z"), "BAD_USER_INPUT", "occurredAt"},
			{"an activity outside its plan's year", f.ed, createInteraction, in("accountID", acme, "planID", plan, "kind", "CALL", "status", "PLANNED", "occurredAt", "2027-02-01T00:00:00Z"), "BAD_USER_INPUT", "occurredAt"},
			{"an activity on another account's plan", f.admin, createInteraction, in("accountID", acme, "planID", gid.Encode(f.otherPlan.ID), "kind", "CALL", "status", "PLANNED", "occurredAt", "2026-09-01T00:00:00Z"), "BAD_USER_INPUT", "planID"},
			{"an offering twice on one account", f.ed, createAO, in("accountID", acme, "offeringID", gid.Encode(f.cloud.ID)), "CONFLICT", "offeringID"},
			{"a negative potential", f.ed, createAO, in("accountID", acme, "offeringID", gid.Encode(f.legacy.ID), "potential", -5), "BAD_USER_INPUT", "potential"},
			{"completing a done activity", f.ed, `mutation($id: ID!) { completeActivity(id: $id) { id } }`, map[string]any{"id": gid.Encode(f.done.ID)}, "BAD_USER_INPUT", "id"},
			{"cancelling a cancelled activity", f.ed, `mutation($id: ID!) { cancelActivity(id: $id) { id } }`, map[string]any{"id": gid.Encode(f.cancel.ID)}, "BAD_USER_INPUT", "id"},
			{"completing in the future", f.ed, `mutation($id: ID!) { completeActivity(id: $id, occurredAt: "2026-08-01T00:00:00Z") { id } }`, map[string]any{"id": gid.Encode(f.overdue.ID)}, "BAD_USER_INPUT", "occurredAt"},
			{"an editor writing the catalogue", f.ed, `mutation { createOffering(input: {name: "Mine"}) { id } }`, nil, "FORBIDDEN", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := tt.client.Do(tt.query, tt.vars)
				if len(res.Errors) != 1 || res.Errors[0].Code() != tt.code || res.Errors[0].Field() != tt.field {
					t.Fatalf("errors = %+v, want %s on %q", res.Errors, tt.code, tt.field)
				}
			})
		}
		if after := counts(); after != before {
			t.Errorf("rows %s after refused writes, %s before", after, before)
		}
		// The completion that refused a done activity names its status.
		res := f.ed.Do(`mutation($id: ID!) { completeActivity(id: $id) { id } }`, map[string]any{"id": gid.Encode(f.done.ID)})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, gid.Encode(f.done.ID)) || !strings.Contains(res.Errors[0].Message, "DONE") {
			t.Errorf("message %+v does not name the activity and its status", res.Errors)
		}
	})
}

func objectiveMetric(s string) objective.Metric { return objective.Metric(s) }

// TestPlansFollowTheAccountTeam: an editor changes their accounts' plans,
// a viewer reads them, and an editor of another team gets the answer a
// missing row gets, for reads and every write.
func TestPlansFollowTheAccountTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newPlanFixture(t, db)
		plan := gid.Encode(f.plan.ID)
		// The editor of Acme's team writes its plan, objectives, risks and offerings, and deletes.
		var p struct{ CreateAccountPlan struct{ ID string } }
		f.ed.MustDo(`mutation($a: ID!) { createAccountPlan(input: {accountID: $a, fiscalYear: 2027, title: "Next"}) { id } }`, map[string]any{"a": gid.Encode(f.acme.ID)}, &p)
		next := p.CreateAccountPlan.ID
		f.ed.MustDo(`mutation($id: ID!) { updateAccountPlan(id: $id, input: {title: "Next year"}) { title } }`, map[string]any{"id": next}, nil)
		var o struct{ CreateObjective struct{ ID string } }
		f.ed.MustDo(`mutation($p: ID!) { createObjective(input: {planID: $p, title: "Cover", metric: COVERAGE_RATIO, target: 0.8}) { id } }`, map[string]any{"p": next}, &o)
		f.ed.MustDo(`mutation($id: ID!) { updateObjective(id: $id, input: {target: 0.9}) { target } }`, map[string]any{"id": o.CreateObjective.ID}, nil)
		var r struct{ CreateRisk struct{ ID string } }
		f.ed.MustDo(`mutation($p: ID!) { createRisk(input: {planID: $p, description: "Reorganisation", severity: HIGH}) { id } }`, map[string]any{"p": next}, &r)
		f.ed.MustDo(`mutation($id: ID!) { updateRisk(id: $id, input: {mitigation: "Meet the new CIO"}) { mitigation } }`, map[string]any{"id": r.CreateRisk.ID}, nil)
		var ao struct{ CreateAccountOffering struct{ ID string } }
		f.ed.MustDo(`mutation($a: ID!, $o: ID!) { createAccountOffering(input: {accountID: $a, offeringID: $o, potential: 50}) { id } }`,
			map[string]any{"a": gid.Encode(f.sub.ID), "o": gid.Encode(f.core.ID)}, &ao)
		f.ed.MustDo(`mutation($id: ID!) { updateAccountOffering(id: $id, input: {status: OPEN_OPPORTUNITY}) { status } }`, map[string]any{"id": ao.CreateAccountOffering.ID}, nil)
		f.ed.MustDo(`mutation($id: ID!) { deleteAccountOffering(id: $id) { deletedID } }`, map[string]any{"id": ao.CreateAccountOffering.ID}, nil)
		var del struct {
			DeleteAccountPlan struct{ DependentsDeleted int }
		}
		f.ed.MustDo(`mutation($id: ID!) { deleteAccountPlan(id: $id) { dependentsDeleted } }`, map[string]any{"id": next}, &del)
		if del.DeleteAccountPlan.DependentsDeleted != 2 {
			t.Errorf("plan deleted with %d dependents, want its objective and risk", del.DeleteAccountPlan.DependentsDeleted)
		}
		// Admins keep the catalogue.
		var off struct{ CreateOffering struct{ ID string } }
		f.admin.MustDo(`mutation { createOffering(input: {name: "Edge", category: "Network"}) { id } }`, nil, &off)
		f.admin.MustDo(`mutation($id: ID!) { updateOffering(id: $id, input: {active: false}) { active } }`, map[string]any{"id": off.CreateOffering.ID}, nil)
		f.admin.MustDo(`mutation($id: ID!) { deleteOffering(id: $id) { deletedID } }`, map[string]any{"id": off.CreateOffering.ID}, nil)

		// The viewer reads the plan and its progress but writes nothing.
		var out progressOut
		f.viewer.MustDo(planProgressQuery, map[string]any{"id": plan}, &out)
		if out.Node == nil || out.Node.Progress.Done != 1 {
			t.Errorf("viewer's plan %+v", out.Node)
		}
		if code := errorCode(t, f.viewer, `mutation($id: ID!) { updateAccountPlan(id: $id, input: {title: "x"}) { id } }`, map[string]any{"id": plan}); code != "FORBIDDEN" {
			t.Errorf("viewer's update: %s, want FORBIDDEN", code)
		}
		// Bo, an editor of another team: Acme's plan, objectives, risk and
		// offerings answer exactly as rows that do not exist.
		missingPlan := gid.Encode(f.plan.ID + 100000)
		for _, q := range []struct{ name, query string }{
			{"read", `query($id: ID!) { node(id: $id) { id } }`},
			{"update", `mutation($id: ID!) { updateAccountPlan(id: $id, input: {title: "x"}) { id } }`},
			{"delete", `mutation($id: ID!) { deleteAccountPlan(id: $id) { deletedID } }`},
		} {
			theirs, missing := f.bo.Do(q.query, map[string]any{"id": plan}), f.bo.Do(q.query, map[string]any{"id": missingPlan})
			if fmt.Sprint(errs(theirs)) != fmt.Sprint(errs(missing)) || string(theirs.Data) != string(missing.Data) {
				t.Errorf("%s of Acme's plan by Bo: %s %+v; of a missing plan: %s %+v", q.name, theirs.Data, theirs.Errors, missing.Data, missing.Errors)
			}
		}
		for _, q := range []struct{ name, query, id string }{
			{"objective", `mutation($id: ID!) { updateObjective(id: $id, input: {target: 1}) { id } }`, gid.Encode(f.objectives["strength"].ID)},
			{"activity", `mutation($id: ID!) { completeActivity(id: $id) { id } }`, gid.Encode(f.overdue.ID)},
			{"cancel", `mutation($id: ID!) { cancelActivity(id: $id) { id } }`, gid.Encode(f.overdue.ID)},
		} {
			if res := f.bo.Do(q.query, map[string]any{"id": q.id}); len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" || res.Errors[0].Field() != "id" {
				t.Errorf("Bo's %s: %+v, want NOT_FOUND on id", q.name, res.Errors)
			}
		}
		if code := errorCode(t, f.bo, `mutation($p: ID!) { createRisk(input: {planID: $p, description: "x"}) { id } }`, map[string]any{"p": plan}); code != "BAD_USER_INPUT" && code != "NOT_FOUND" {
			t.Errorf("Bo's risk on Acme's plan: %s", code)
		}
		var lists struct {
			AccountPlans, AccountOfferings struct{ TotalCount int }
		}
		f.bo.MustDo(`{ accountPlans { totalCount } accountOfferings { totalCount } }`, nil, &lists)
		if lists.AccountPlans.TotalCount != 1 || lists.AccountOfferings.TotalCount != 1 {
			t.Errorf("Bo's lists %+v, want Other's plan and offering only", lists)
		}
	})
}

func errs(r apitest.Result) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Code()+" "+e.Field())
	}
	return out
}

// TestPlanReadsDoNotGrowWithRows: plan vs actual of every plan, through
// the plans' list and through the accounts' list, and the whitespace
// grid, take the same number of statements for 1 and 4 accounts.
func TestPlanReadsDoNotGrowWithRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		bg := context.Background()
		cl := db.Client
		m := cl.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").SaveX(bg)
		offs := []*ent.Offering{cl.Offering.Create().SetName("A").SaveX(bg), cl.Offering.Create().SetName("B").SaveX(bg)}
		fy := time.Now().Year()
		seed := func(i int) {
			a := cl.Account.Create().SetName(fmt.Sprintf("Acc %d", i)).SetTier(domain.TierStrategic).SaveX(bg)
			sub := cl.Account.Create().SetName(fmt.Sprintf("Acc %d sub", i)).SetParent(a).SaveX(bg)
			dm := cl.Contact.Create().SetAccount(a).SetName("DM").SetDecisionRole(domain.RoleDecisionMaker).SaveX(bg)
			cl.Coverage.Create().SetTeamMember(m).SetContact(dm).SetStrength(2).ExecX(bg)
			p := cl.AccountPlan.Create().SetAccount(a).SetFiscalYear(fy).SaveX(bg)
			for _, metric := range []string{"STRENGTH", "ATTITUDE", "COVERAGE_RATIO", "REVENUE", "WHITESPACE"} {
				q := cl.Objective.Create().SetPlan(p).SetTitle(metric).SetMetric(objectiveMetric(metric)).SetTarget(1)
				if metric == "STRENGTH" || metric == "ATTITUDE" {
					q.SetContact(dm)
				}
				q.ExecX(bg)
			}
			for j := 0; j < 3; j++ {
				cl.Interaction.Create().SetAccount(a).SetPlan(p).SetKind(interaction.KindCALL).SetOccurredAt(time.Date(fy, 1, 1+j, 0, 0, 0, 0, time.UTC)).
					SetBudgetedCost(10).AddContacts(dm).AddTeamMembers(m).ExecX(bg)
			}
			for _, o := range offs {
				cl.AccountOffering.Create().SetAccount(a).SetOffering(o).SetPotential(100).ExecX(bg)
				cl.AccountOffering.Create().SetAccount(sub).SetOffering(o).SetPotential(50).ExecX(bg)
			}
		}
		const q = `{ accountPlans(first: 50) { edges { node { progress { done planned plannedBudget byMeans { key }
				objectives { current objective { title } } stakeholders { contact { name } strengthDelta } } } } }
			accounts(first: 50, where: {tier: STRATEGIC}) { edges { node { name plan { progress { done objectives { current } } } accountOfferings { whitespace } } } }
			whitespaceGrid { rows { account { name } cells { whitespace } } totalWhitespace } }`
		const qAccounts = `{ accounts(first: 50, where: {tier: STRATEGIC}) { edges { node { plan { progress { done objectives { current } stakeholders { strengthToday } } } } } } }`
		// The maintained values load on the first read: read once before
		// seeding, so that both measured requests bring them up to date
		// the same way (from the change feed) rather than one loading and
		// the other applying changes.
		c.MustDo(q, nil, nil)
		counts, throughAccounts := map[int]int64{}, map[int]int64{}
		seeded := 0
		for _, n := range []int{1, 4} {
			for ; seeded < n; seeded++ {
				seed(seeded)
			}
			var out struct {
				AccountPlans struct {
					Edges []struct {
						Node struct{ Progress struct{ Planned int } }
					}
				}
				WhitespaceGrid struct{ TotalWhitespace float64 }
			}
			counts[n] = c.Statements(func() { c.MustDo(q, nil, &out) })
			// Through the accounts alone, the plans are not in a list of
			// plans: their progress is still computed in one batch.
			throughAccounts[n] = c.Statements(func() { c.MustDo(qAccounts, nil, nil) })
			if len(out.AccountPlans.Edges) != n || out.AccountPlans.Edges[0].Node.Progress.Planned != 0 || out.WhitespaceGrid.TotalWhitespace != float64(n*300) {
				t.Fatalf("%d accounts: %s", n, dump(out))
			}
		}
		t.Logf("statements: 1 account %d, 4 accounts %d; through the accounts %d and %d", counts[1], counts[4], throughAccounts[1], throughAccounts[4])
		if throughAccounts[1] != throughAccounts[4] {
			t.Errorf("statements through the accounts grew with rows: %d for 1 account, %d for 4", throughAccounts[1], throughAccounts[4])
		}
		if counts[1] != counts[4] {
			t.Errorf("statements grew with rows: %d for 1 account, %d for 4", counts[1], counts[4])
		}
	})
}
