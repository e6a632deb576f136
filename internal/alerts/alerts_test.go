package alerts_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/alert"
	"rapport/ent/assessment"
	"rapport/ent/complaint"
	"rapport/internal/alerts"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type fixture struct {
	acme           *ent.Account
	t1             *ent.TeamMember
	champ, dm, eco *ent.Contact
}

func newFixture(t *testing.T, c *ent.Client) fixture {
	t.Helper()
	ctx := t.Context()
	var f fixture
	f.acme = c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(ctx)
	f.t1 = c.TeamMember.Create().SetName("Tina").SetEmail("tina@us.example").SaveX(ctx)
	f.champ = c.Contact.Create().SetName("Chen").SetAccount(f.acme).SetAttitude(domain.AttitudeChampion).SaveX(ctx)
	f.dm = c.Contact.Create().SetName("Dai").SetAccount(f.acme).SetDecisionRole(domain.RoleDecisionMaker).SaveX(ctx)
	f.eco = c.Contact.Create().SetName("Eva").SetAccount(f.acme).SetDecisionRole(domain.RoleEconomicBuyer).SaveX(ctx)
	c.Coverage.Create().SetTeamMember(f.t1).SetContact(f.dm).SetStrength(3).ExecX(ctx)
	c.Coverage.Create().SetTeamMember(f.t1).SetContact(f.eco).SetStrength(3).ExecX(ctx)
	return f
}

// check runs the engine and returns the rules of the alerts it raised.
func check(t *testing.T, e *alerts.Engine, ctx context.Context, sweep bool) []string {
	t.Helper()
	raised, err := e.Check(ctx, sweep)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	var out []string
	for _, a := range raised {
		out = append(out, a.Rule+" "+a.SubjectName)
	}
	return out
}

func expect(t *testing.T, step string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: raised %q, want %q", step, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: raised %q, want %q", step, got, want)
		}
	}
}

// TestEachChangeRuleFiresOnceAndNotAgain walks every change rule: it fires
// on the change that enters its condition, not on later changes while the
// condition lasts, and again only after the condition ended and returned.
func TestEachChangeRuleFiresOnceAndNotAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		expect(t, "start", check(t, e, ctx, false))

		c.Contact.UpdateOne(f.dm).SetAttitude(domain.AttitudeSkeptic).ExecX(ctx)
		expect(t, "dm skeptic", check(t, e, ctx, false), "DECISION_MAKER_NEGATIVE Dai")
		c.Contact.UpdateOne(f.dm).SetTitle("CIO").ExecX(ctx)
		c.Contact.UpdateOne(f.dm).SetAttitude(domain.AttitudeOpponent).ExecX(ctx)
		expect(t, "dm still negative", check(t, e, ctx, false))

		c.Contact.UpdateOne(f.champ).SetStatus("LEFT").ExecX(ctx)
		expect(t, "champion left", check(t, e, ctx, false), "CHAMPION_LEFT Chen")
		c.Contact.UpdateOne(f.champ).SetNotes("moved to a competitor").ExecX(ctx)
		expect(t, "champion still gone", check(t, e, ctx, false))

		sup := c.Contact.Create().SetName("Sun").SetAccount(f.acme).SetAttitude(domain.AttitudeSupporter).SaveX(ctx)
		expect(t, "supporter added", check(t, e, ctx, false))
		c.Assessment.Delete().Where(assessment.ContactID(sup.ID)).ExecX(ctx) // its attitude's history
		c.Contact.DeleteOne(sup).ExecX(ctx)
		expect(t, "supporter deleted", check(t, e, ctx, false), "CHAMPION_LEFT Sun")

		// Tina covers Dai and Eva: deactivated, both key contacts lose their
		// last working coverage (Dai, an opponent now, is still a decision maker).
		c.TeamMember.UpdateOne(f.t1).SetActive(false).ExecX(ctx)
		expect(t, "member deactivated", check(t, e, ctx, false), "KEY_CONTACT_UNCOVERED Dai", "KEY_CONTACT_UNCOVERED Eva")
		c.TeamMember.UpdateOne(f.t1).SetName("Tina W.").ExecX(ctx)
		expect(t, "member renamed", check(t, e, ctx, false))
		// Covered again, then the coverage deleted: a new occurrence.
		c.TeamMember.UpdateOne(f.t1).SetActive(true).ExecX(ctx)
		expect(t, "member back", check(t, e, ctx, false))
		c.Coverage.Delete().Where().ExecX(ctx) // every coverage: Dai's and Eva's
		expect(t, "coverage deleted", check(t, e, ctx, false), "KEY_CONTACT_UNCOVERED Dai", "KEY_CONTACT_UNCOVERED Eva")

		c.Contact.Create().SetName("Fan").SetAccount(f.acme).SetDecisionRole(domain.RoleDecisionMaker).ExecX(ctx)
		expect(t, "new decision maker", check(t, e, ctx, false), "UNCOVERED_DECISION_MAKER Fan")
		fan := c.Contact.Query().Where().AllX(ctx)
		for _, x := range fan {
			if x.Name == "Fan" {
				c.Contact.UpdateOne(x).SetTitle("CTO").ExecX(ctx)
			}
		}
		expect(t, "decision maker edited", check(t, e, ctx, false))

		open := c.Alert.Query().Where(alert.OccurrenceKeyNotNil()).CountX(ctx)
		all := c.Alert.Query().CountX(ctx)
		if all != 8 || open != 6 {
			t.Errorf("alerts: %d (open %d), want 8 (open 6: the first coverage occurrences ended)", all, open)
		}
		a := c.Alert.Query().Where(alert.Rule(alerts.UncoveredDecisionMaker)).OnlyX(ctx)
		if a.AccountID != f.acme.ID || a.Severity != alert.SeverityMEDIUM || a.Message == "" || a.Action == "" ||
			a.Params["account"] != "Acme" || a.Params["contact"] != "Fan" {
			t.Errorf("alert %+v: want Acme's, MEDIUM, explained, with params", a)
		}
	})
}

// TestAComplaintPastItsResponseTimeFiresOnce: the scheduled check raises
// an overdue complaint once, clears it when the complaint is resolved.
func TestAComplaintPastItsResponseTimeFiresOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		at := clock.At(ctx, now)
		late := c.Complaint.Create().SetAccount(f.acme).SetSummary("Outage not explained").
			SetSeverity(complaint.SeverityHIGH).SetOpenedAt(now.Add(-30 * time.Hour)).SaveX(ctx)
		c.Complaint.Create().SetAccount(f.acme).SetSummary("Invoice typo").
			SetSeverity(complaint.SeverityLOW).SetOpenedAt(now.Add(-30 * time.Hour)).ExecX(ctx)
		expect(t, "changes only", check(t, e, at, false))
		expect(t, "sweep", check(t, e, at, true), "COMPLAINT_OVERDUE Outage not explained")
		expect(t, "sweep again", check(t, e, clock.At(ctx, now.Add(time.Hour)), true))
		c.Complaint.UpdateOne(late).SetStatus(complaint.StatusRESOLVED).ExecX(ctx)
		expect(t, "resolved", check(t, e, at, true))
		if n := c.Alert.Query().Where(alert.OccurrenceKeyNotNil()).CountX(ctx); n != 0 {
			t.Errorf("%d open alerts after the complaint was resolved, want 0", n)
		}
	})
}

// TestARuleSwitchedOffForATierDoesNotFire.
func TestARuleSwitchedOffForATierDoesNotFire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, t.Context()
		f := newFixture(t, c)
		e := alerts.For(c)
		check(t, e, ctx, false)
		c.AlertRuleSetting.Create().SetTier(string(domain.TierStrategic)).SetRule(alerts.DecisionMakerNegative).SetEnabled(false).ExecX(ctx)
		c.Contact.UpdateOne(f.dm).SetAttitude(domain.AttitudeSkeptic).ExecX(ctx)
		c.Contact.UpdateOne(f.champ).SetStatus("LEFT").ExecX(ctx)
		expect(t, "strategic", check(t, e, ctx, false), "CHAMPION_LEFT Chen")
	})
}

// TestTwoServersRaiseAnOccurrenceOnce: two stores on one database (two
// servers) follow the same change; the unique occurrence key lets one of
// them raise it.
func TestTwoServersRaiseAnOccurrenceOnce(t *testing.T) {
	for _, s := range storetest.Stores {
		t.Run(string(s), func(t *testing.T) {
			url := storetest.URL(t, s)
			here, there := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			ctx := t.Context()
			f := newFixture(t, here.Client)
			engines := []*alerts.Engine{alerts.For(here.Client), alerts.For(there.Client)}
			for _, e := range engines {
				check(t, e, ctx, false)
			}
			here.Client.Contact.UpdateOne(f.eco).SetAttitude(domain.AttitudeOpponent).ExecX(ctx)
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				total int
			)
			for _, e := range engines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					raised, err := e.Check(ctx, false)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					total += len(raised)
					mu.Unlock()
				}()
			}
			wg.Wait()
			if n := here.Client.Alert.Query().CountX(ctx); n != 1 || total != 1 {
				t.Errorf("%d alerts stored, %d reported raised; want 1 and 1", n, total)
			}
		})
	}
}
