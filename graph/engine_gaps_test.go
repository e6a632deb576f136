package graph_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const gapsQuery = `query($a: ID!, $stale: Int) { coverageGaps(accountId: $a, staleDays: $stale) {
	kind severity reason suggestion contact { name } opportunity { name }
	introductionPath { strength nodes { label } } } }`

type gapsPayload struct {
	CoverageGaps []struct {
		Kind, Severity, Reason, Suggestion string
		Contact                            struct{ Name string }
		Opportunity                        *struct{ Name string }
		IntroductionPath                   *struct {
			Strength float64
			Nodes    []struct{ Label string }
		}
	}
}

// On top of the graph fixture (a4 has left and is ignored):
//   - a1, decision maker, covered by t1 only (3), last interaction 200
//     days ago: SINGLE_THREADED and STALE_RELATIONSHIP;
//   - a2, opponent with influence 5, covered only by the inactive t3, the
//     approver of the open deal: WEAK_COVERAGE, INFLUENTIAL_OPPONENT,
//     UNCOVERED_CHAIN_LINK (the won deal's link is not a gap);
//   - a3, economic buyer, uncovered: UNCOVERED_DECISION_MAKER;
//   - a5, decision maker covered at 1 by t1 and t2, met 40 days ago:
//     WEAK_COVERAGE (within the general policy's 90 days).
//
// Suggested paths avoid the current owners: to a1 the best path not from
// t1 is t2>b1>a2>a1 (0.5*0.8*0.8 = 0.32); to a2 and a3 it is from t1
// (t1>a1>a2 = 0.6, t1>a1>a2>a3 = 0.48).
func TestCoverageGaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		f := newGraphFixture(t, db)
		b := newBuild(t, db)
		now := time.Now()
		must[int](t)(db.Client.Coverage.Update().SetLastInteractionAt(now.AddDate(0, 0, -200)).Save(b.ctx))
		must[*ent.Contact](t)(db.Client.Contact.UpdateOne(f.a2).SetAttitude(domain.AttitudeOpponent).SetInfluence(5).Save(b.ctx))
		must[*ent.Contact](t)(db.Client.Contact.UpdateOne(f.a3).SetDecisionRole(domain.RoleEconomicBuyer).Save(b.ctx))
		a5 := b.contact(f.acme, "a5", role(domain.RoleDecisionMaker))
		recent := func(q *ent.CoverageCreate) { q.SetLastInteractionAt(now.AddDate(0, 0, -40)) }
		b.cover(f.t1, a5, 1, recent)
		b.cover(f.t2, a5, 1, recent)
		open := b.opportunity(f.acme, "Open deal")
		b.link(open, f.a1, decisionchainlink.RoleINITIATOR, 1, 0.3)
		b.link(open, f.a2, decisionchainlink.RoleAPPROVER, 2, 0.7)
		won := b.opportunity(f.acme, "Won deal", func(q *ent.OpportunityCreate) { q.SetStage(opportunity.StageWON) })
		b.link(won, f.a3, decisionchainlink.RoleDECISION_MAKER, 1, 1)

		var got gapsPayload
		c.MustDo(gapsQuery, map[string]any{"a": idOf(f.acme.ID)}, &got)
		var rows []string
		paths := map[string]string{}
		for _, g := range got.CoverageGaps {
			row := g.Severity + " " + g.Kind + " " + g.Contact.Name
			if g.Opportunity != nil {
				row += " @" + g.Opportunity.Name
			}
			rows = append(rows, row)
			if g.Reason == "" || g.Suggestion == "" {
				t.Errorf("%s: empty reason or suggestion: %s", row, dump(g))
			}
			if p := g.IntroductionPath; p != nil {
				var labels []string
				for _, n := range p.Nodes {
					labels = append(labels, n.Label)
				}
				paths[g.Kind+" "+g.Contact.Name] = strings.Join(labels, ">")
				if !strings.Contains(g.Suggestion, "introduction") {
					t.Errorf("%s: suggestion %q does not offer the path", row, g.Suggestion)
				}
			}
		}
		want := []string{
			"HIGH UNCOVERED_DECISION_MAKER a3",
			"HIGH INFLUENTIAL_OPPONENT a2",
			"HIGH UNCOVERED_CHAIN_LINK a2 @Open deal",
			"MEDIUM WEAK_COVERAGE a2",
			"MEDIUM WEAK_COVERAGE a5",
			"MEDIUM SINGLE_THREADED a1",
			"MEDIUM STALE_RELATIONSHIP a1",
		}
		if !slices.Equal(rows, want) {
			t.Errorf("gaps =\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
		wantPaths := map[string]string{
			"UNCOVERED_DECISION_MAKER a3": "t1>a1>a2>a3",
			"SINGLE_THREADED a1":          "t2>b1>a2>a1",
			"WEAK_COVERAGE a2":            "t1>a1>a2",
			"UNCOVERED_CHAIN_LINK a2":     "t1>a1>a2",
		}
		for k, w := range wantPaths {
			if paths[k] != w {
				t.Errorf("path for %s = %q, want %q", k, paths[k], w)
			}
		}

		// The stale rule follows the account's tier policy (a1 met 200
		// days ago, a5 40: decision makers every 90 days when GENERAL, 30
		// when STRATEGIC); staleDays overrides it. gapSummary agrees.
		staleCases := []struct {
			name  string
			tier  domain.Tier
			stale any
			want  string
		}{
			{"general cadence", domain.TierGeneral, nil, "a1"},
			{"general, staleDays 365", domain.TierGeneral, 365, ""},
			{"general, staleDays 30", domain.TierGeneral, 30, "a1 a5"},
			{"strategic cadence", domain.TierStrategic, nil, "a1 a5"},
			{"strategic, staleDays 365", domain.TierStrategic, 365, ""},
		}
		for _, tt := range staleCases {
			t.Run(tt.name, func(t *testing.T) {
				must[*ent.Account](t)(db.Client.Account.UpdateOne(f.acme).SetTier(tt.tier).Save(b.ctx))
				var got gapsPayload
				c.MustDo(gapsQuery, map[string]any{"a": idOf(f.acme.ID), "stale": tt.stale}, &got)
				var stale []string
				for _, g := range got.CoverageGaps {
					if g.Kind == "STALE_RELATIONSHIP" {
						stale = append(stale, g.Contact.Name)
					}
				}
				if s := strings.Join(stale, " "); s != tt.want {
					t.Errorf("stale = %q, want %q", s, tt.want)
				}
				var sum struct {
					Node struct{ GapSummary struct{ Count int } }
				}
				c.MustDo(`query($a: ID!, $stale: Int) { node(id: $a) { ... on Account { gapSummary(staleDays: $stale) { count } } } }`,
					map[string]any{"a": idOf(f.acme.ID), "stale": tt.stale}, &sum)
				if sum.Node.GapSummary.Count != len(got.CoverageGaps) {
					t.Errorf("gapSummary counts %d, coverageGaps lists %d", sum.Node.GapSummary.Count, len(got.CoverageGaps))
				}
			})
		}

		for name, tt := range map[string]struct {
			vars map[string]any
			want string
		}{
			"staleDays 0":     {map[string]any{"a": idOf(f.acme.ID), "stale": 0}, "BAD_USER_INPUT"},
			"unknown account": {map[string]any{"a": idOf(f.beta.ID + 1000)}, "NOT_FOUND"},
			"a contact's ID":  {map[string]any{"a": idOf(f.a1.ID)}, "BAD_USER_INPUT"},
		} {
			if got := errorCode(t, c, gapsQuery, tt.vars); got != tt.want {
				t.Errorf("%s: code = %q, want %q", name, got, tt.want)
			}
		}
	})
}
