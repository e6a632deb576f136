package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/clock"
	maintained "rapport/internal/portfolio"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type gapRow struct {
	Node struct {
		ID, Name   string
		GapSummary struct {
			Count int
			Worst *struct {
				Kind, Severity, Reason string
				Contact                struct{ Name string }
				Opportunity            *struct{ Name string }
			}
		}
	}
}

// gapList asks for staleDays 90, the fixed window the hand-worked counts
// below use (without it the tier policy's cadence decides).
const gapList = `query($p: String) { accounts(first: 50, where: {nameHasPrefix: $p}, orderBy: [{field: NAME}]) { edges { node {
	id name gapSummary(staleDays: 90) { count worst { kind severity reason contact { name } opportunity { name } } } } } } }`

// TestAccountsListCarriesTheWorstGap: the accounts list names each
// account's gap count and first gap in its own request, as coverageGaps
// lists them; hand-worked for the health example: c2's approver link is
// uncovered (HIGH), c1 is single-threaded and stale (MEDIUM), c3 stale
// (LOW, no interaction recorded on any coverage).
func TestAccountsListCarriesTheWorstGap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		healthAccount(t, b, "H")
		b.account("Hollow")
		var got struct{ Accounts struct{ Edges []gapRow } }
		c.MustDo(gapList, map[string]any{"p": "H"}, &got)
		if len(got.Accounts.Edges) != 2 {
			t.Fatalf("accounts: %s", dump(got))
		}
		h, hollow := got.Accounts.Edges[0].Node, got.Accounts.Edges[1].Node
		w := h.GapSummary.Worst
		if h.GapSummary.Count != 4 || w == nil || w.Kind != "UNCOVERED_CHAIN_LINK" || w.Severity != "HIGH" || w.Contact.Name != "c2" ||
			w.Opportunity == nil || w.Opportunity.Name != "deal-H" || w.Reason != "c2, approver at step 2 of deal-H, has no working coverage." {
			t.Errorf("H: %s", dump(h))
		}
		if hollow.GapSummary.Count != 0 || hollow.GapSummary.Worst != nil {
			t.Errorf("an account without contacts: %s", dump(hollow))
		}
		// The same as coverageGaps, which lists them in full.
		var full struct {
			CoverageGaps []struct{ Kind, Severity, Reason string }
		}
		c.MustDo(`query($a: ID!) { coverageGaps(accountId: $a, staleDays: 90) { kind severity reason } }`, map[string]any{"a": h.ID}, &full)
		if len(full.CoverageGaps) != h.GapSummary.Count || full.CoverageGaps[0].Reason != w.Reason {
			t.Errorf("coverageGaps lists %s; the summary says %s", dump(full), dump(h.GapSummary))
		}
		// A bad staleDays is the client's error, as coverageGaps says it.
		if code := errorCode(t, c, `{ accounts(first: 1) { edges { node { gapSummary(staleDays: 0) { count } } } } }`, nil); code != "BAD_USER_INPUT" {
			t.Errorf("staleDays 0: %s, want BAD_USER_INPUT", code)
		}
	})
}

// TestWorstGapsOfAPageAreOneRequest: the statements of a page of accounts
// with health and worst gap do not grow with its rows.
func TestWorstGapsOfAPageAreOneRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		c.MustDo(`{ accountStats(groupBy: [ABC_CLASS]) { count } }`, nil, nil) // the feed's first read
		count := func(prefix string, n int) (int64, int64) {
			// Each account also has a role holder from another account
			// (issue 16 point 7), known at strength 1.
			holders, rm := b.account("holders-"+prefix), b.member("r-"+prefix, true)
			for i := range n {
				a := healthAccount(t, b, fmt.Sprintf("%s%d", prefix, i))
				h := b.contact(holders, fmt.Sprintf("h%d", i))
				b.cover(rm, h, 1)
				must[*ent.ContactRole](t)(b.c.ContactRole.Create().SetContactID(h.ID).SetAccountID(a.ID).Save(b.ctx))
			}
			q := `query($p: String) { accounts(first: 50, where: {nameHasPrefix: $p}) { edges { node {
				health { score } gapSummary { count worst { kind reason contact { name } opportunity { name } } } } } } }`
			// The feed's read of the new rows (which other followers of the
			// feed may take at any time) is not part of the count.
			c.MustDo(`{ accountStats(groupBy: [ABC_CLASS]) { count } }`, nil, nil)
			// Once as the values are computed, once as they are kept.
			first := c.Statements(func() { c.MustDo(q, map[string]any{"p": prefix}, nil) })
			kept := c.Statements(func() { c.MustDo(q, map[string]any{"p": prefix}, nil) })
			t.Logf("%d accounts: %d statements computing, %d kept", n, first, kept)
			return first, kept
		}
		// Either count may differ by one either way: a request catches up
		// with the change feed itself unless the portfolio's background
		// refresh (or another follower of the feed) did so a moment before
		// (CI saw 25 and 26 computing once, 4 and 5 kept once, -race).
		// Reading per row would add 47 for 50.
		fs, ks := count("few", 3)
		fl, kl := count("many", 50)
		if fl > fs+1 || kl > ks+1 {
			t.Errorf("statements grew with the rows: %d computing and %d kept for 3 accounts, %d and %d for 50", fs, ks, fl, kl)
		}
	})
}

// TestPortfolioValuesFollowTheViewersScope: an editor's list shows their
// account's maintained health and gaps, their aggregates count only the
// accounts they see, and classes stay relative to the whole portfolio.
// Hand-worked: H scores 64 with 2 gaps (see TestAccountHealth: its chain's
// uncovered c2 and single-threaded c1; nobody is past the general
// policy's cadence), Empty 23 (neutral satisfaction and no complaint:
// 0.15*0.5 + 0.15*1 = 0.225); Empty makes 90%
// of revenue, so Empty is A and H is B, whoever asks.
func TestPortfolioValuesFollowTheViewersScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin := apitest.New(t, db)
		b := newBuild(t, db)
		h := healthAccount(t, b, "H")
		empty := b.account("Empty")
		must[*ent.Account](t)(db.Client.Account.UpdateOneID(h.ID).SetAnnualRevenue(1e6).Save(ctx))
		must[*ent.Account](t)(db.Client.Account.UpdateOneID(empty.ID).SetAnnualRevenue(9e6).Save(ctx))
		ed := b.member("ed", true)
		must[*ent.TeamMember](t)(db.Client.TeamMember.UpdateOneID(ed.ID).AddAccountIDs(h.ID).Save(ctx))
		const password = "correct horse battery staple"
		if _, err := auth.CreateUser(ctx, db.Client, auth.NewUser{Email: "ed@us.example", Password: password, Role: auth.RoleEditor, TeamMemberID: &ed.ID}); err != nil {
			t.Fatal(err)
		}
		editor := admin.SignIn("ed@us.example", password)

		type row struct {
			Node struct {
				Name, AbcClass string
				Health         struct{ Score int }
				GapSummary     struct{ Count int }
			}
		}
		list := `{ accounts(first: 10, orderBy: [{field: NAME}]) { edges { node { name abcClass health { score } gapSummary { count } } } } }`
		stats := `{ accountStats(groupBy: [ABC_CLASS]) { abcClass count averageHealth } }`
		tests := []struct {
			name      string
			c         *apitest.Client
			wantList  string
			wantStats string
		}{
			{"admin", admin, "Empty A 23 0; H B 64 2", "A 1 23.0; B 1 64.0"},
			{"editor", editor, "H B 64 2", "B 1 64.0"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got struct{ Accounts struct{ Edges []row } }
				tt.c.MustDo(list, nil, &got)
				var s string
				for i, e := range got.Accounts.Edges {
					if i > 0 {
						s += "; "
					}
					s += fmt.Sprintf("%s %s %d %d", e.Node.Name, e.Node.AbcClass, e.Node.Health.Score, e.Node.GapSummary.Count)
				}
				if want := tt.wantList; s != want {
					t.Errorf("list: %s, want %s", s, want)
				}
				var st struct {
					AccountStats []struct {
						AbcClass      string
						Count         int
						AverageHealth float64
					}
				}
				tt.c.MustDo(stats, nil, &st)
				s = ""
				for i, r := range st.AccountStats {
					if i > 0 {
						s += "; "
					}
					s += fmt.Sprintf("%s %d %.1f", r.AbcClass, r.Count, r.AverageHealth)
				}
				if s != tt.wantStats {
					t.Errorf("accountStats: %s, want %s", s, tt.wantStats)
				}
			})
		}
	})
}

// TestMaintainedValuesAnswerAsTheEngines sends the portfolio's fields with
// the maintained values on and off (RAPPORT_PORTFOLIO=0) and compares the
// bytes, before and after writes through the API, including a write whose
// chain crosses accounts.
func TestMaintainedValuesAnswerAsTheEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		defer maintained.Enabled.Store(true)
		c := apitest.New(t, db)
		// Both ways at one time: recency moves with every millisecond.
		at, h := time.Now(), c.Handler
		c.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(clock.At(r.Context(), at)))
		})
		b := newBuild(t, db)
		h1, h2 := healthAccount(t, b, "H1"), healthAccount(t, b, "H2")
		b.account("Hollow")
		queries := []string{
			`{ accounts(first: 10, orderBy: [{field: NAME}]) { edges { node { name abcClass clvQuadrant recommendedTier
				health { score components { name value weight explanation } }
				gapSummary { count worst { kind severity reason contact { name } opportunity { name } } }
				stale: gapSummary(staleDays: 1) { count worst { kind reason } } } } } }`,
			`{ accountStats(groupBy: [TIER, ABC_CLASS]) { tier abcClass count revenueSum averageHealth } }`,
			`{ accountStats(groupBy: [SEGMENT, REGION]) { segment region count revenueSum potentialSum } }`,
			`{ accountStats(groupBy: [CLV_QUADRANT], where: {nameHasPrefix: "H"}) { clvQuadrant count averageHealth } }`,
			`{ mix: interactionStats(groupBy: [MONTH, KIND]) { month kind count costSum }
				spend: interactionStats(groupBy: [ACCOUNT, MONTH]) { month account { name } count costSum } }`,
		}
		same := func(step string) {
			t.Helper()
			for _, q := range queries {
				maintained.Enabled.Store(true)
				on := c.Do(q, nil)
				maintained.Enabled.Store(false)
				off := c.Do(q, nil)
				if len(on.Errors)+len(off.Errors) > 0 || string(on.Data) != string(off.Data) {
					t.Fatalf("%s: maintained %s %v\nengines    %s %v", step, on.Data, on.Errors, off.Data, off.Errors)
				}
			}
		}
		same("the fixture")
		// A contact of H2 on H1's chain, then their coverage and revenue.
		var ids struct {
			Contacts struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Opportunities struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		c.MustDo(`query($a: ID!, $b: ID!) { contacts(where: {accountID: $b, name: "c3"}) { edges { node { id } } }
			opportunities(where: {accountID: $a}) { edges { node { id } } } }`, map[string]any{"a": idOf(h1.ID), "b": idOf(h2.ID)}, &ids)
		c.MustDo(`mutation($o: ID!, $c: ID!) { createDecisionChainLink(input: {role: DECISION_MAKER, position: 3, weight: 0.9, opportunityID: $o, contactID: $c}) { id } }`,
			map[string]any{"o": ids.Opportunities.Edges[0].Node.ID, "c": ids.Contacts.Edges[0].Node.ID}, nil)
		same("a link to another account's contact")
		// Covered by another member: the link, H1's heaviest, is covered.
		m := b.member("m-new", true)
		c.MustDo(`mutation($m: ID!, $c: ID!) { createCoverage(input: {strength: 3, teamMemberID: $m, contactID: $c}) { id } }`,
			map[string]any{"m": idOf(m.ID), "c": ids.Contacts.Edges[0].Node.ID}, nil)
		same("that contact is covered")
		c.MustDo(`mutation($c: ID!) { updateContact(id: $c, input: {status: LEFT}) { id } }`, map[string]any{"c": ids.Contacts.Edges[0].Node.ID}, nil)
		same("that contact leaves")
		c.MustDo(`mutation($a: ID!) { updateAccount(id: $a, input: {annualRevenue: 5000000}) { id } }`, map[string]any{"a": idOf(h2.ID)}, nil)
		same("a revenue change")
		// accountStats groups the kept accounts in memory: a tier, a
		// segment and a region move a group, a new account adds one.
		c.MustDo(`mutation($a: ID!) { updateAccount(id: $a, input: {tier: PARTNER, segment: FINANCE, region: "North"}) { id } }`, map[string]any{"a": idOf(h1.ID)}, nil)
		c.MustDo(`mutation { createAccount(input: {name: "Late", tier: COMMERCIAL, annualRevenue: 10}) { id } }`, nil, nil)
		same("a tier, segment and region change, and a new account")
		// The Analytics page's interaction aggregates follow API writes: a
		// call just before a month's turn in UTC (after it in Beijing),
		// then moved to the other account and re-costed.
		var made struct{ CreateInteraction struct{ ID string } }
		c.MustDo(`mutation($a: ID!) { createInteraction(input: {kind: CALL, occurredAt: "2026-03-01T07:30:00+08:00", cost: 12.25, accountID: $a}) { id } }`,
			map[string]any{"a": idOf(h1.ID)}, &made)
		same("an interaction")
		c.MustDo(`mutation($i: ID!, $a: ID!) { updateInteraction(id: $i, input: {accountID: $a, cost: 40.5}) { id } }`,
			map[string]any{"i": made.CreateInteraction.ID, "a": idOf(h2.ID)}, nil)
		same("the interaction moved and re-costed")
	})
}
