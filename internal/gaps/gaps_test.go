package gaps

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

var now = time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)

func TestWords(t *testing.T) {
	for in, want := range map[string]string{"DECISION_MAKER": "decision maker", "USER": "user", "": ""} {
		if got := words(in); got != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFind runs every rule on one account. Team: Alice and Bob active,
// Carl inactive (his coverage must count for nothing).
//
//	Dana  DECISION_MAKER, nobody covers            -> UNCOVERED_DECISION_MAKER HIGH; Eve is her friend (4/5)
//	Eve   USER, influence 4 (key), Bob at 4        -> SINGLE_THREADED MEDIUM (met 10 days ago: not stale)
//	Finn  USER, influence 2, Alice at 1, met 40    -> STALE_RELATIONSHIP LOW (not key; Carl's 4, met
//	      days ago; Carl at 4 met yesterday           yesterday, would hide it)
//	Gus   opponent, influence 5, nobody covers     -> WEAK_COVERAGE MEDIUM and INFLUENTIAL_OPPONENT HIGH
//	Hal   left                                     -> not a contact rule; see the chain
//
// The open opportunity Deal's chain: Hal APPROVER at 1 (left: HIGH, approver),
// Eve at 2 (covered at 4: fine), Finn USER at 3 weighing 0.1 (best
// active coverage 1 < 2: MEDIUM). The WON opportunity's chain naming Gus
// is ignored, and so is Zoe of another account.
//
// Sorted by severity, then by kind in the enum's order (stable within):
// HIGH Dana UDM, Gus IO, Hal UCL; MEDIUM Gus WC, Eve ST, Finn UCL; LOW Finn SR.
//
// Suggestions: Dana's is the one introduction path from someone who does
// not cover her: Bob (coverage 4/4 = 1.0) to Eve, Eve to Dana (4/5 = 0.8),
// strength 0.80. Finn's stale gap names his strongest active owner. Hal
// has left. Nobody but their owners reaches Eve, Finn or Gus.
func TestFind(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	ctx := context.Background()
	acme := c.Account.Create().SetName("Acme").SaveX(ctx)
	other := c.Account.Create().SetName("Other").SaveX(ctx)
	person := func(a *ent.Account, name string, opts ...func(*ent.ContactCreate)) *ent.Contact {
		q := c.Contact.Create().SetAccount(a).SetName(name)
		for _, o := range opts {
			o(q)
		}
		return q.SaveX(ctx)
	}
	dana := person(acme, "Dana", func(q *ent.ContactCreate) { q.SetDecisionRole(domain.RoleDecisionMaker) })
	eve := person(acme, "Eve", func(q *ent.ContactCreate) { q.SetInfluence(4) })
	finn := person(acme, "Finn", func(q *ent.ContactCreate) { q.SetInfluence(2) })
	gus := person(acme, "Gus", func(q *ent.ContactCreate) { q.SetInfluence(5).SetAttitude(domain.AttitudeOpponent) })
	hal := person(acme, "Hal", func(q *ent.ContactCreate) {
		q.SetDecisionRole(domain.RoleEconomicBuyer).SetStatus(contact.StatusLEFT).SetLeftAt(now.AddDate(0, -2, 0))
	})
	person(other, "Zoe", func(q *ent.ContactCreate) { q.SetDecisionRole(domain.RoleDecisionMaker) })
	member := func(name string, active bool) *ent.TeamMember {
		return c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").SetActive(active).SaveX(ctx)
	}
	alice, bob, carl := member("Alice", true), member("Bob", true), member("Carl", false)
	cover := func(m *ent.TeamMember, ct *ent.Contact, strength, daysAgo int) {
		c.Coverage.Create().SetTeamMember(m).SetContact(ct).SetStrength(strength).
			SetLastInteractionAt(now.AddDate(0, 0, -daysAgo)).ExecX(ctx)
	}
	cover(bob, eve, 4, 10)
	cover(alice, finn, 1, 40)
	cover(carl, finn, 4, 1)
	c.ContactRelation.Create().SetFromID(eve.ID).SetToID(dana.ID).SetKind(domain.RelationFriend).SetStrength(4).
		SetValidFrom(now.AddDate(-1, 0, 0)).ExecX(ctx)
	deal := c.Opportunity.Create().SetAccount(acme).SetName("Deal").SaveX(ctx)
	won := c.Opportunity.Create().SetAccount(acme).SetName("Won").SetStage("WON").SaveX(ctx)
	link := func(o *ent.Opportunity, ct *ent.Contact, role decisionchainlink.Role, pos int, w float64) {
		c.DecisionChainLink.Create().SetOpportunity(o).SetContact(ct).SetRole(role).SetPosition(pos).SetWeight(w).ExecX(ctx)
	}
	link(deal, hal, decisionchainlink.RoleAPPROVER, 1, 0.2)
	link(deal, eve, decisionchainlink.RoleINFLUENCER, 2, 0.3)
	link(deal, finn, decisionchainlink.RoleUSER, 3, 0.1)
	link(won, gus, decisionchainlink.RoleDECISION_MAKER, 1, 1)

	got, err := Find(ctx, c, Options{AccountID: acme.ID, StaleDays: 30, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	noPath := func(name string) string {
		return fmt.Sprintf("No one can introduce us to %s yet: assign an owner and plan a first meeting.", name)
	}
	want := []struct {
		kind       domain.GapKind
		contact    string
		sev        domain.Severity
		deal       bool
		reason     string
		suggestion string
	}{
		{domain.GapUncoveredDecisionMaker, "Dana", domain.SeverityHigh, false,
			"Dana is a decision maker and nobody on our team covers them.",
			"Ask for an introduction (path strength 0.80): Bob —coverage 4/4→ Eve —FRIEND 4/5→ Dana"},
		{domain.GapInfluentialOpponent, "Gus", domain.SeverityHigh, false, "Gus opposes us with influence 5.", noPath("Gus")},
		{domain.GapUncoveredChainLink, "Hal", domain.SeverityHigh, true,
			"Hal, approver at step 1 of Deal, has left the account.",
			"Find out who took over the role and map them into the chain."},
		{domain.GapWeakCoverage, "Gus", domain.SeverityMedium, false,
			"Gus (user, influence 5) is known at strength 0 at best; a working relationship is 2.", noPath("Gus")},
		{domain.GapSingleThreaded, "Eve", domain.SeverityMedium, false, "Only Bob knows Eve.", noPath("Eve")},
		{domain.GapUncoveredChainLink, "Finn", domain.SeverityMedium, true,
			"Finn, user at step 3 of Deal, has no working coverage.", noPath("Finn")},
		{domain.GapStaleRelationship, "Finn", domain.SeverityLow, false,
			"No interaction with Finn in 40 days (last 2026-06-05).", "Alice (strength 1) should meet Finn soon."},
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		if i >= len(got) || i >= len(want) {
			t.Errorf("got %d gaps, want %d", len(got), len(want))
			break
		}
		g, w := got[i], want[i]
		if g.Kind != w.kind || g.Contact.Name != w.contact || g.Severity != w.sev {
			t.Errorf("gap %d = %s %s %s, want %s %s %s", i, g.Kind, g.Contact.Name, g.Severity, w.kind, w.contact, w.sev)
			continue
		}
		if g.Reason != w.reason {
			t.Errorf("gap %d reason = %q, want %q", i, g.Reason, w.reason)
		}
		if g.Suggestion != w.suggestion {
			t.Errorf("gap %d suggestion = %q, want %q", i, g.Suggestion, w.suggestion)
		}
		if (g.Opportunity != nil) != w.deal || (w.deal && g.Opportunity.ID != deal.ID) {
			t.Errorf("gap %d opportunity = %v, want Deal: %v", i, g.Opportunity, w.deal)
		}
	}
}

func TestFindRefusesBadArguments(t *testing.T) {
	c := storetest.Open(t, storetest.SQLite).Client
	ctx := context.Background()
	acme := c.Account.Create().SetName("Acme").SaveX(ctx)
	tests := []struct {
		name string
		o    Options
	}{
		{"a negative staleDays", Options{AccountID: acme.ID, StaleDays: -1, Now: now}},
		{"an unknown account", Options{AccountID: acme.ID + 1000, StaleDays: 30, Now: now}},
	}
	for _, tt := range tests {
		if _, err := Find(ctx, c, tt.o); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if got, err := Find(ctx, c, Options{AccountID: acme.ID, StaleDays: 30, Now: now}); err != nil || len(got) != 0 {
		t.Errorf("an empty account: %v, %v; want no gaps", got, err)
	}
}

// TestStaleFollowsTheCadence: on both stores, the stale rule follows each
// covered contact's cadence under the account's tier policy, and a given
// staleDays overrides it for everyone. Alice covers everyone:
//
//	Acme (STRATEGIC)
//	  Dee  DECISION_MAKER       met 40 days ago   cadence 30: stale (MEDIUM)   override 90: fresh
//	  Sam  USER, STAFF          met 100 days ago  default 180: fresh           override 90: stale (LOW)
//	  Nia  USER, EXECUTIVE      never met, added  executives 90: due 10 days   override 90: never met
//	                            100 days ago      ago, stale (LOW)             is stale (LOW)
//	Gen (GENERAL)
//	  Gus  USER, STAFF          met 400 days ago  untracked (default 0): fresh override 90: stale
func TestStaleFollowsTheCadence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		acme := c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(ctx)
		gen := c.Account.Create().SetName("Gen").SetTier(domain.TierGeneral).SaveX(ctx)
		alice := c.TeamMember.Create().SetName("Alice").SetEmail("alice@us.example").SaveX(ctx)
		person := func(a *ent.Account, name string, role domain.DecisionRole, sen contact.Seniority, added time.Time, met *time.Time) {
			k := c.Contact.Create().SetAccount(a).SetName(name).SetDecisionRole(role).SetSeniority(sen).SetInfluence(1).
				SetCreatedAt(added).SaveX(ctx)
			q := c.Coverage.Create().SetTeamMember(alice).SetContact(k).SetStrength(2)
			if met != nil {
				q.SetLastInteractionAt(*met)
			}
			q.ExecX(ctx)
		}
		ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
		met := func(days int) *time.Time { t := ago(days); return &t }
		person(acme, "Dee", domain.RoleDecisionMaker, contact.SeniorityMANAGER, ago(500), met(40))
		person(acme, "Sam", domain.RoleUser, contact.SenioritySTAFF, ago(500), met(100))
		person(acme, "Nia", domain.RoleUser, contact.SeniorityEXECUTIVE, ago(100), nil)
		person(gen, "Gus", domain.RoleUser, contact.SenioritySTAFF, ago(500), met(400))

		tests := []struct {
			name      string
			account   *ent.Account
			staleDays int
			want      string // the stale contacts with their severity, in Find's order
		}{
			{"the policy's cadence", acme, 0, "Dee MEDIUM, Nia LOW"},
			{"staleDays overrides it", acme, 90, "Nia LOW, Sam LOW"},
			{"untracked stakeholders never go stale", gen, 0, ""},
			{"staleDays on an untracked stakeholder", gen, 90, "Gus LOW"},
		}
		sums, err := Summarize(ctx, c, []int{acme.ID, gen.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := Find(ctx, c, Options{AccountID: tt.account.ID, StaleDays: tt.staleDays, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, g := range list {
					if g.Kind == domain.GapStaleRelationship {
						got = append(got, fmt.Sprintf("%s %s", g.Contact.Name, g.Severity))
						if tt.staleDays == 0 && !strings.Contains(g.Reason, "policy asks for a meeting every") {
							t.Errorf("reason %q does not name the cadence", g.Reason)
						}
					}
				}
				if s := strings.Join(got, ", "); s != tt.want {
					t.Errorf("stale = %q, want %q", s, tt.want)
				}
				// The summary counts what Find lists, with the same rule.
				if ov := sums[tt.account.ID].At(now, tt.staleDays); ov.Count != len(list) {
					t.Errorf("summary counts %d gaps, Find lists %d", ov.Count, len(list))
				}
			})
		}
	})
}
