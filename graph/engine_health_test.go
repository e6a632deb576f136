package graph_test

import (
	"context"
	"fmt"
	"maps"
	"math"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const healthQuery = `query($a: ID!) { node(id: $a) { ... on Account { health { score components { name value weight explanation } } } } }`

type healthPayload struct {
	Node struct {
		Health struct {
			Score      int
			Components []struct {
				Name, Explanation string
				Value, Weight     float64
			}
		}
	}
}

// healthAccount is worked out by hand (a GENERAL account):
//   - keyLayer: open deal links c1 (0.6, covered at 3) and c2 (0.4,
//     uncovered): chain 0.6; decision makers c1 of c1 covered: 1;
//     ½·0.6 + ½·1 = 0.8
//   - broadLayer: c1 alone works (c3 is covered at 1): 1 / (3+5+8+12) = 1/28
//   - orgLayer: no engagement or pairing; the first interaction 60 days
//     ago: (60/365.25)/5/3 = 0.010951
//   - cadence: the general policy tracks c1 (decision maker: every 90
//     days; added today, never met: not yet due) and nobody else: 1
//   - satisfaction: 8 in the last 180 days, 6 before: 0.8 + 2/20 = 0.9
//   - complaints: none open: 1
//
// score = round(100·(0.25·0.8 + 0.15/28 + 0.15·0.010951 + 0.15·1 + 0.15·0.9 + 0.15·1))
// = round(64.20) = 64. (c4 has left and counts nowhere.)
func healthAccount(t *testing.T, b build, name string) *ent.Account {
	return healthFixture(t, b, name).account
}

type healthRows struct {
	account *ent.Account
	member  *ent.TeamMember
	c1      *ent.Contact
	c1Cover *ent.Coverage
}

func healthFixture(t *testing.T, b build, name string) healthRows {
	now := time.Now()
	a := b.account(name)
	m := b.member("m-"+name, true)
	withDept := func(s contact.Seniority, dept string, infl int, att domain.Attitude) func(*ent.ContactCreate) {
		return func(q *ent.ContactCreate) { q.SetSeniority(s).SetDepartment(dept).SetInfluence(infl).SetAttitude(att) }
	}
	c1 := b.contact(a, "c1", role(domain.RoleDecisionMaker), withDept(contact.SeniorityEXECUTIVE, "IT", 5, domain.AttitudeChampion))
	c2 := b.contact(a, "c2", withDept(contact.SeniorityMANAGER, "Finance", 3, domain.AttitudeOpponent))
	c3 := b.contact(a, "c3", withDept(contact.SenioritySTAFF, "IT", 2, domain.AttitudeNeutral))
	b.contact(a, "c4", withDept(contact.SeniorityEXECUTIVE, "Legal", 5, domain.AttitudeOpponent),
		func(q *ent.ContactCreate) { q.SetStatus(contact.StatusLEFT) })
	cov := b.cover(m, c1, 3)
	b.cover(m, c3, 1)
	o := b.opportunity(a, "deal-"+name)
	b.link(o, c1, decisionchainlink.RoleINITIATOR, 1, 0.6)
	b.link(o, c2, decisionchainlink.RoleAPPROVER, 2, 0.4)
	b.interaction(a, interaction.KindCALL, now.AddDate(0, 0, -60), 0, nil)
	b.interaction(a, interaction.KindCOMPANY_VISIT, now.AddDate(0, 0, -30), 0, nil)
	b.survey(a, 8, now.AddDate(0, 0, -30))
	b.survey(a, 6, now.AddDate(0, 0, -200))
	return healthRows{account: a, member: m, c1: c1, c1Cover: cov}
}

func TestAccountHealth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		ctx := context.Background()
		now := time.Now()
		org := 60 / 365.25 / 5 / 3
		worked := map[string]float64{"keyLayer": 0.8, "broadLayer": 1.0 / 28, "orgLayer": org, "cadence": 1, "satisfaction": 0.9, "complaints": 1}
		with := func(changes map[string]float64) map[string]float64 {
			out := maps.Clone(worked)
			maps.Copy(out, changes)
			return out
		}
		// c1 last met 100 days ago: past the general policy's 90 days.
		stale := func(name string) healthRows {
			h := healthFixture(t, b, name)
			must[*ent.Coverage](t)(db.Client.Coverage.UpdateOne(h.c1Cover).SetLastInteractionAt(now.AddDate(0, 0, -100)).Save(ctx))
			return h
		}
		tests := []struct {
			name    string
			account *ent.Account
			values  map[string]float64
			score   int
		}{
			{"worked example", healthAccount(t, b, "H"), worked, 64},
			// 0.15·0.5 + 0.15·1 = 22.5, rounded up.
			{"empty account: neutral satisfaction and no complaint only", b.account("Empty"),
				map[string]float64{"keyLayer": 0, "broadLayer": 0, "orgLayer": 0, "cadence": 0, "satisfaction": 0.5, "complaints": 1}, 23},
			// A HIGH complaint open two days, past its 24 h: 1 − 2·0.35;
			// 64.20 − 0.15·0.7·100 = 53.70.
			{"an overdue high complaint lowers health", func() *ent.Account {
				h := healthFixture(t, b, "Complained")
				must[*ent.Complaint](t)(db.Client.Complaint.Create().SetAccount(h.account).SetSummary("outage").
					SetSeverity(complaint.SeverityHIGH).SetOpenedAt(now.AddDate(0, 0, -2)).Save(ctx))
				return h.account
			}(), with(map[string]float64{"complaints": 0.3}), 54},
			// The same complaint answered in time: 1 − 0.35; 64.20 − 5.25.
			{"an answered complaint weighs once", func() *ent.Account {
				h := healthFixture(t, b, "Answered")
				must[*ent.Complaint](t)(db.Client.Complaint.Create().SetAccount(h.account).SetSummary("outage").
					SetSeverity(complaint.SeverityHIGH).SetOpenedAt(now.AddDate(0, 0, -2)).
					SetRespondedAt(now.AddDate(0, 0, -2).Add(time.Hour)).Save(ctx))
				return h.account
			}(), with(map[string]float64{"complaints": 0.65}), 59},
			// c1 is overdue; a COMPLAINT with m and c1 yesterday is not a
			// meeting: cadence 0; 64.20 − 15.
			{"a complaint interaction does not renew the cadence", func() *ent.Account {
				h := stale("ComplaintCall")
				b.interaction(h.account, interaction.KindCOMPLAINT, now.AddDate(0, 0, -1), 0, []*ent.TeamMember{h.member}, h.c1)
				return h.account
			}(), with(map[string]float64{"cadence": 0}), 49},
			// A call with them yesterday is.
			{"a call renews it", func() *ent.Account {
				h := stale("RealCall")
				b.interaction(h.account, interaction.KindCALL, now.AddDate(0, 0, -1), 0, []*ent.TeamMember{h.member}, h.c1)
				return h.account
			}(), worked, 64},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got healthPayload
				c.MustDo(healthQuery, map[string]any{"a": idOf(tt.account.ID)}, &got)
				h := got.Node.Health
				var weights float64
				for _, comp := range h.Components {
					weights += comp.Weight
					want, ok := tt.values[comp.Name]
					if !ok || math.Abs(comp.Value-want) > 1e-3 {
						t.Errorf("%s = %v, want %v (%s)", comp.Name, comp.Value, want, comp.Explanation)
					}
					if comp.Explanation == "" {
						t.Errorf("%s has no explanation", comp.Name)
					}
				}
				if len(h.Components) != len(tt.values) || math.Abs(weights-1) > 1e-9 {
					t.Errorf("components = %s", dump(h.Components))
				}
				if tt.score >= 0 && h.Score != tt.score {
					t.Errorf("score = %d, want %d", h.Score, tt.score)
				}
			})
		}
	})
}

func TestHealthOfManyAccountsIsBatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		query := `query($p: String!) { accounts(first: 50, where: {nameHasPrefix: $p}) { edges { node { name health { score components { value } } } } } }`
		count := func(prefix string, n int) int64 {
			// Each account also has a role holder from another account
			// (issue 16 point 7), known at strength 1 and untracked by the
			// GENERAL policy: the score stays 64, the rows grow.
			holders, rm := b.account("holders-"+prefix), b.member("r-"+prefix, true)
			for i := range n {
				a := healthAccount(t, b, fmt.Sprintf("%s%d", prefix, i))
				h := b.contact(holders, fmt.Sprintf("h%d", i))
				b.cover(rm, h, 1)
				must[*ent.ContactRole](t)(b.c.ContactRole.Create().SetContactID(h.ID).SetAccountID(a.ID).Save(b.ctx))
			}
			return c.Statements(func() {
				var got struct {
					Accounts struct {
						Edges []struct {
							Node struct{ Health struct{ Score int } }
						}
					}
				}
				c.MustDo(query, map[string]any{"p": prefix}, &got)
				for _, e := range got.Accounts.Edges {
					if e.Node.Health.Score != 64 {
						t.Errorf("score = %d, want 64", e.Node.Health.Score)
					}
				}
				if len(got.Accounts.Edges) != n {
					t.Errorf("accounts = %d, want %d", len(got.Accounts.Edges), n)
				}
			})
		}
		// The change feed's first read loads what follows it (the graph
		// index too): not part of either count.
		c.MustDo(`{ accountStats(groupBy: [ABC_CLASS]) { count } }`, nil, nil)
		s, l := count("few", 3), count("many", 50)
		t.Logf("statements: %d for 3 accounts with health, %d for 50", s, l)
		if s != l {
			t.Errorf("statements grew with the accounts: %d for 3, %d for 50", s, l)
		}
	})
}

// TestComplaintResponseAndTrend: through the API, on both stores, a
// complaint gets its response target (its own, or its severity's), a
// target or answer before the opening is refused naming the field, and
// complaintTrend counts the account's complaints by month. Hand-worked
// over May-June 2026: a HIGH complaint opened 3 May, answered 12 hours
// later and resolved 10 June; a LOW one opened 20 May with its own target
// of 1 June, still open and unanswered on 30 June (overdue).
func TestComplaintResponseAndTrend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("Complaints")
		create := `mutation($in: CreateComplaintInput!) { createComplaint(input: $in) { id responseTarget } }`
		var high struct {
			CreateComplaint struct{ ID, ResponseTarget string }
		}
		c.MustDo(create, map[string]any{"in": map[string]any{"accountID": idOf(a.ID), "summary": "outage", "severity": "HIGH",
			"openedAt": "2026-05-03T00:00:00Z", "respondedAt": "2026-05-03T12:00:00Z", "status": "RESOLVED", "resolvedAt": "2026-06-10T00:00:00Z"}}, &high)
		if got := high.CreateComplaint.ResponseTarget; got != "2026-05-04T00:00:00Z" {
			t.Errorf("a HIGH complaint's default target = %s, want 24 h after the opening", got)
		}
		var low struct {
			CreateComplaint struct{ ID, ResponseTarget string }
		}
		c.MustDo(create, map[string]any{"in": map[string]any{"accountID": idOf(a.ID), "summary": "invoice", "severity": "LOW",
			"openedAt": "2026-05-20T00:00:00Z", "responseDueAt": "2026-06-01T00:00:00Z"}}, &low)
		if got := low.CreateComplaint.ResponseTarget; got != "2026-06-01T00:00:00Z" {
			t.Errorf("own target = %s, want 2026-06-01", got)
		}
		for _, tt := range []struct {
			name, field string
			in          map[string]any
		}{
			{"due before opened", "responseDueAt", map[string]any{"openedAt": "2026-05-20T00:00:00Z", "responseDueAt": "2026-05-19T00:00:00Z"}},
			{"answered before opened", "respondedAt", map[string]any{"openedAt": "2026-05-20T00:00:00Z", "respondedAt": "2026-05-01T00:00:00Z"}},
		} {
			in := map[string]any{"accountID": idOf(a.ID), "summary": "bad"}
			maps.Copy(in, tt.in)
			res := c.Do(create, map[string]any{"in": in})
			if len(res.Errors) == 0 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != tt.field {
				t.Errorf("%s: errors %s, want BAD_USER_INPUT on %s", tt.name, dump(res.Errors), tt.field)
			}
		}
		var got struct {
			ComplaintTrend struct {
				Months []struct {
					Month                  string
					Opened, Resolved, Open int
				}
				OpenNow, OverdueNow  int
				AverageResponseHours *float64
				WithinTarget         *float64
			}
		}
		c.MustDo(`query($a: ID) { complaintTrend(accountId: $a, from: "2026-05-01T00:00:00Z", to: "2026-06-30T00:00:00Z") {
			months { month opened resolved open } openNow overdueNow averageResponseHours withinTarget } }`, map[string]any{"a": idOf(a.ID)}, &got)
		tr := got.ComplaintTrend
		if s := dump(tr.Months); len(tr.Months) != 2 || tr.Months[0].Opened != 2 || tr.Months[0].Open != 2 || tr.Months[1].Resolved != 1 || tr.Months[1].Open != 1 {
			t.Errorf("months = %s, want May 2 opened 2 open, June 1 resolved 1 open", s)
		}
		// Answered: only the HIGH one, in 12 h, within its 24 h; the LOW
		// one is past its target unanswered: 1 of 2 within target.
		if tr.OpenNow != 1 || tr.OverdueNow != 1 || tr.AverageResponseHours == nil || *tr.AverageResponseHours != 12 ||
			tr.WithinTarget == nil || *tr.WithinTarget != 0.5 {
			t.Errorf("trend = %s", dump(tr))
		}
	})
}
