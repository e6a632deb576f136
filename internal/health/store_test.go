package health_test

import (
	"context"
	"math"
	"testing"
	"time"

	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/health"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestCompute scores one strategic account from the store, on both stores:
//
//	Dee  DECISION_MAKER EXECUTIVE IT  Mia covers at 3, last met 10 days ago
//	Stu  USER           STAFF     Ops Mia covers at 2, last met 200 days ago;
//	     a COMPLAINT with Mia and Stu yesterday does not count as a meeting
//	Lou  DECISION_MAKER (left): not counted
//
//	keyLayer     no open chain (the WON deal's is ignored): 1 of 1 decision maker at >= 2 = 1
//	broadLayer   2 working over 3+5+8+12                                              = 2/28
//	orgLayer     no engagement or pairing; first interaction 400 days ago:
//	             (0 + 0 + (400/365.25)/5)/3                                           = 0.073009
//	cadence      Dee within 30 days, Stu past the default 180: 1 of 2                 = 0.5
//	satisfaction recent 8, prior 6: 0.8 + 2/20                                        = 0.9
//	complaints   HIGH open 2 days, past 24 h: 2·0.35; LOW open 1 hour: 0.1;
//	             a resolved CRITICAL does not count: 1 − 0.8                          = 0.2
//	score = round(100·(0.25·1 + 0.15·2/28 + 0.15·0.073009 + 0.15·0.5 + 0.15·0.9 + 0.15·0.2))
//	      = round(51.17) = 51
//
// A second account with nothing recorded (GENERAL) scores the neutral
// satisfaction and the full complaints part only: 0.15·0.5 + 0.15·1 = 22.5,
// which rounds up to 23.
func TestCompute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		days := func(n float64) time.Time { return now.Add(-time.Duration(n * 24 * float64(time.Hour))) }
		acme := c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(ctx)
		empty := c.Account.Create().SetName("Empty").SaveX(ctx)
		dee := c.Contact.Create().SetAccount(acme).SetName("Dee").SetDecisionRole(domain.RoleDecisionMaker).
			SetSeniority(contact.SeniorityEXECUTIVE).SetDepartment("IT").SetInfluence(5).SaveX(ctx)
		stu := c.Contact.Create().SetAccount(acme).SetName("Stu").SetDecisionRole(domain.RoleUser).
			SetSeniority(contact.SenioritySTAFF).SetDepartment("Ops").SetInfluence(1).SaveX(ctx)
		lou := c.Contact.Create().SetAccount(acme).SetName("Lou").SetDecisionRole(domain.RoleDecisionMaker).
			SetStatus(contact.StatusLEFT).SetLeftAt(days(30)).SaveX(ctx)
		mia := c.TeamMember.Create().SetName("Mia").SetEmail("mia@us.example").SaveX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(dee).SetStrength(3).SetLastInteractionAt(days(10)).ExecX(ctx)
		c.Coverage.Create().SetTeamMember(mia).SetContact(stu).SetStrength(2).SetLastInteractionAt(days(200)).ExecX(ctx)
		won := c.Opportunity.Create().SetAccount(acme).SetName("Won").SetStage("WON").SaveX(ctx)
		c.DecisionChainLink.Create().SetOpportunity(won).SetContact(lou).SetRole("APPROVER").SetPosition(1).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("CALL").SetOccurredAt(days(400)).ExecX(ctx)
		c.Interaction.Create().SetAccount(acme).SetKind("COMPLAINT").SetOccurredAt(days(1)).
			AddTeamMembers(mia).AddContacts(stu).ExecX(ctx) // not a meeting: Stu stays overdue
		c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(8).SetSurveyedAt(days(10)).ExecX(ctx)
		c.Survey.Create().SetAccount(acme).SetChannel("ONLINE").SetScore(6).SetSurveyedAt(days(200)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acme).SetSummary("outage").SetSeverity(complaint.SeverityHIGH).SetOpenedAt(days(2)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acme).SetSummary("invoice").SetSeverity(complaint.SeverityLOW).SetOpenedAt(now.Add(-time.Hour)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acme).SetSummary("old").SetSeverity(complaint.SeverityCRITICAL).SetOpenedAt(days(20)).
			SetStatus(complaint.StatusRESOLVED).SetResolvedAt(days(19)).ExecX(ctx)

		got, err := health.Compute(ctx, c, []int{acme.ID, empty.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		org := (400 / 365.25 / 5) / 3
		want := map[string]float64{"keyLayer": 1, "broadLayer": 2.0 / 28, "orgLayer": org, "cadence": 0.5, "satisfaction": 0.9, "complaints": 0.2}
		h := got[acme.ID]
		for _, part := range h.Components {
			if w, ok := want[part.Name]; !ok || math.Abs(part.Value-w) > 1e-6 {
				t.Errorf("%s = %v, want %v (%s)", part.Name, part.Value, w, part.Explanation)
			}
		}
		if len(h.Components) != len(want) || h.Score != 51 {
			t.Errorf("Acme's score = %d from %d components, want 51 from %d", h.Score, len(h.Components), len(want))
		}
		const wantEmpty = 23 // round(100·(0.15·0.5 + 0.15·1)) = round(22.5)
		if e := got[empty.ID]; e == nil || e.Score != wantEmpty {
			t.Errorf("the empty account = %+v, want score %d", e, wantEmpty)
		}
		// LoadParts scores as Compute does, and holds until the clock alone
		// would change an input.
		parts, err := health.LoadParts(ctx, c, []int{acme.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		if p := parts[acme.ID]; !p.Valid(now) || p.At(now).Score != 51 {
			t.Errorf("parts at now = %+v", p.At(now))
		}
	})
}

// TestComplaintSeverityLowersHealth: the same account with one open
// complaint of each severity, on both stores, scores lower the more severe.
func TestComplaintSeverityLowersHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		now := time.Now().UTC()
		tests := []struct {
			severity complaint.Severity
			opened   time.Duration // ago
			want     float64       // the complaints component
		}{
			{complaint.SeverityLOW, time.Hour, 0.9},
			{complaint.SeverityMEDIUM, time.Hour, 0.8},
			{complaint.SeverityHIGH, time.Hour, 0.65},
			{complaint.SeverityCRITICAL, time.Hour, 0.5},
			{complaint.SeverityCRITICAL, 5 * time.Hour, 0}, // past its 4 h: twice
		}
		prev := 101
		for _, tt := range tests {
			t.Run(string(tt.severity), func(t *testing.T) {
				a := c.Account.Create().SetName("A " + string(tt.severity) + tt.opened.String()).SaveX(ctx)
				c.Complaint.Create().SetAccount(a).SetSummary("x").SetSeverity(tt.severity).SetOpenedAt(now.Add(-tt.opened)).ExecX(ctx)
				h := must(health.Compute(ctx, c, []int{a.ID}, now))[a.ID]
				for _, part := range h.Components {
					if part.Name == "complaints" && math.Abs(part.Value-tt.want) > 1e-9 {
						t.Errorf("complaints = %v, want %v (%s)", part.Value, tt.want, part.Explanation)
					}
				}
				if h.Score >= prev {
					t.Errorf("score %d, not below the milder complaint's %d", h.Score, prev)
				}
				prev = h.Score
			})
		}
	})
}

// TestComplaintTargetsAreChecked: a response target or an answer before
// the complaint was opened is refused, naming the field; nothing is written.
func TestComplaintTargetsAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		a := c.Account.Create().SetName("A").SaveX(ctx)
		opened := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		ok := c.Complaint.Create().SetAccount(a).SetSummary("ok").SetOpenedAt(opened).SetResponseDueAt(opened.Add(time.Hour)).SaveX(ctx)
		tests := []struct {
			name  string
			write func() error
			field string
		}{
			{"due before opened", func() error {
				return c.Complaint.Create().SetAccount(a).SetSummary("x").SetOpenedAt(opened).SetResponseDueAt(opened.Add(-time.Minute)).Exec(ctx)
			}, "responseDueAt"},
			{"answered before opened", func() error {
				return c.Complaint.Create().SetAccount(a).SetSummary("x").SetOpenedAt(opened).SetRespondedAt(opened.Add(-time.Hour)).Exec(ctx)
			}, "respondedAt"},
			{"update: due before the kept opening", func() error {
				return c.Complaint.UpdateOne(ok).SetResponseDueAt(opened.Add(-time.Hour)).Exec(ctx)
			}, "responseDueAt"},
			{"update: opening moved after the kept target", func() error {
				return c.Complaint.UpdateOne(ok).SetOpenedAt(opened.Add(2 * time.Hour)).Exec(ctx)
			}, "responseDueAt"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e, isApp := apperr.As(tt.write())
				if !isApp || e.Code != apperr.BadUserInput || e.Field != tt.field {
					t.Errorf("error = %v, want BAD_USER_INPUT on %s", e, tt.field)
				}
			})
		}
		if n := c.Complaint.Query().CountX(ctx); n != 1 {
			t.Errorf("%d complaints, want 1: a refused write left rows", n)
		}
	})
}

// TestComplaintTrend, worked by hand over May-July 2026 (to = 15 July):
//
//	a  HIGH   opened 3 May,  answered 3 May + 12 h (target 24 h), resolved 10 June
//	b  LOW    opened 20 May, answered 5 June (target 27 May: late), open
//	c  MEDIUM opened 1 July, own target 10 July, not answered: overdue on 15 July
//	d  LOW    opened 10 March, resolved 2 May: before the period, resolved in it
//
//	May:  opened a, b; resolved d; open at the end a, b       -> 2, 1, 2
//	June: resolved a; open b                                  -> 0, 1, 1
//	July: opened c; open b, c                                 -> 1, 0, 2
//	answered: a 12 h, b 16 days + 0 h = 384 h -> mean 198 h
//	within target: a yes, b no, c past target unanswered      -> 1/3
func TestComplaintTrend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acc := c.Account.Create().SetName("A").SaveX(ctx)
		other := c.Account.Create().SetName("B").SaveX(ctx)
		d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
		ptr := func(t time.Time) *time.Time { return &t }
		c.Complaint.Create().SetAccount(acc).SetSummary("a").SetSeverity(complaint.SeverityHIGH).SetOpenedAt(d(5, 3)).
			SetRespondedAt(d(5, 3).Add(12 * time.Hour)).SetStatus(complaint.StatusRESOLVED).SetResolvedAt(d(6, 10)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acc).SetSummary("b").SetSeverity(complaint.SeverityLOW).SetOpenedAt(d(5, 20)).
			SetRespondedAt(d(6, 5)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acc).SetSummary("c").SetSeverity(complaint.SeverityMEDIUM).SetOpenedAt(d(7, 1)).
			SetResponseDueAt(d(7, 10)).ExecX(ctx)
		c.Complaint.Create().SetAccount(acc).SetSummary("d").SetSeverity(complaint.SeverityLOW).SetOpenedAt(d(3, 10)).
			SetStatus(complaint.StatusCLOSED).SetResolvedAt(d(5, 2)).ExecX(ctx)
		c.Complaint.Create().SetAccount(other).SetSummary("elsewhere").SetOpenedAt(d(6, 1)).ExecX(ctx)

		got, err := health.Trend(ctx, c, &acc.ID, ptr(d(5, 1)), ptr(d(7, 15)), d(7, 15))
		if err != nil {
			t.Fatal(err)
		}
		want := []health.ComplaintMonth{{Month: "2026-05", Opened: 2, Resolved: 1, Open: 2}, {Month: "2026-06", Resolved: 1, Open: 1}, {Month: "2026-07", Opened: 1, Open: 2}}
		if len(got.Months) != len(want) {
			t.Fatalf("months = %d, want %d", len(got.Months), len(want))
		}
		for i, w := range want {
			if *got.Months[i] != w {
				t.Errorf("month %d = %+v, want %+v", i, *got.Months[i], w)
			}
		}
		if got.OpenNow != 2 || got.OverdueNow != 1 {
			t.Errorf("open %d, overdue %d; want 2, 1", got.OpenNow, got.OverdueNow)
		}
		if got.AverageResponseHours == nil || math.Abs(*got.AverageResponseHours-198) > 1e-9 {
			t.Errorf("average response = %v, want 198 h", got.AverageResponseHours)
		}
		if got.WithinTarget == nil || math.Abs(*got.WithinTarget-1.0/3) > 1e-9 {
			t.Errorf("within target = %v, want 1/3", got.WithinTarget)
		}
		if _, err := health.Trend(ctx, c, &acc.ID, ptr(d(7, 1)), ptr(d(5, 1)), d(7, 15)); err == nil {
			t.Error("to before from was accepted")
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
