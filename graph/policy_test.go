package graph_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestTierPolicies: the seeded default answers until an admin writes a
// version; a version applies from its date and the older one stays
// readable; bad input names the field and writes nothing; a contact's
// cadence follows the policy in force, counting only meetings that happened;
// a page of contacts reads its cadence in a constant number of statements.
func TestTierPolicies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := apitest.New(t, db)
		type policy struct {
			Stored  bool
			Cadence []struct {
				DecisionRole *string
				Seniority    *string
				Days         int
			}
		}
		dmDays := func(p policy) int {
			for _, r := range p.Cadence {
				if r.DecisionRole != nil && *r.DecisionRole == "DECISION_MAKER" && r.Seniority == nil {
					return r.Days
				}
			}
			return -1
		}
		read := func(at string) policy {
			t.Helper()
			var out struct{ TierPolicy policy }
			c.MustDo(`query($at: Time) { tierPolicy(tier: STRATEGIC, at: $at) { stored cadence { decisionRole seniority days } } }`,
				map[string]any{"at": at}, &out)
			return out.TierPolicy
		}
		if p := read("2026-06-01T00:00:00Z"); p.Stored || dmDays(p) != 30 {
			t.Fatalf("seeded default: stored %v, decision makers every %d days; want false, 30", p.Stored, dmDays(p))
		}

		create := `mutation($in: TierPolicyInput!) { createTierPolicy(input: $in) { effectiveFrom } }`
		input := func(from string, days int) map[string]any {
			return map[string]any{"in": map[string]any{
				"tier": "STRATEGIC", "effectiveFrom": from, "defaultDays": 180, "minCoverageStrength": 3,
				"minCoverageThreads": 2, "executivePairingRequired": true, "budgetShare": 0.5,
				"cadence": []any{map[string]any{"decisionRole": "DECISION_MAKER", "days": days}},
			}}
		}
		for _, tc := range []struct {
			name, from string
			days       int
			code, fld  string
		}{
			{"cadence of 0 days", "2026-01-01", 0, "BAD_USER_INPUT", "cadence[0].days"},
			{"negative cadence", "2026-01-01", -5, "BAD_USER_INPUT", "cadence[0].days"},
			{"unparsable date", "next monday", 14, "BAD_USER_INPUT", "effectiveFrom"},
		} {
			res := c.Do(create, input(tc.from, tc.days))
			if len(res.Errors) == 0 || res.Errors[0].Code() != tc.code || res.Errors[0].Field() != tc.fld {
				t.Errorf("%s: errors %+v, want %s on %s", tc.name, res.Errors, tc.code, tc.fld)
			}
		}
		if n := db.Client.TierPolicy.Query().CountX(ctx); n != 0 {
			t.Fatalf("rejected versions wrote %d rows", n)
		}
		c.MustDo(create, input("2026-01-01", 14), nil)
		if res := c.Do(create, input("2026-01-01", 21)); len(res.Errors) == 0 || res.Errors[0].Code() != "CONFLICT" {
			t.Errorf("a second version from one date: %+v, want CONFLICT", res.Errors)
		}
		if p := read("2026-06-01T00:00:00Z"); !p.Stored || dmDays(p) != 14 {
			t.Errorf("after the new version: stored %v, every %d days; want true, 14", p.Stored, dmDays(p))
		}
		if p := read("2025-06-01T00:00:00Z"); p.Stored || dmDays(p) != 30 {
			t.Errorf("before the new version: stored %v, every %d days; want the default's 30", p.Stored, dmDays(p))
		}

		// A strategic account's decision makers, met 20 days ago (done) and
		// with a meeting planned in 5 days: due 14 days after the meeting
		// that happened, so overdue.
		acc := db.Client.Account.Create().SetName("Cadence Co").SetTier(domain.TierStrategic).SaveX(ctx)
		met := time.Now().Add(-20 * 24 * time.Hour).UTC().Truncate(time.Second)
		var ids []int
		for i := range 12 {
			p := db.Client.Contact.Create().SetAccountID(acc.ID).SetName(fmt.Sprintf("DM %d", i)).
				SetDecisionRole(domain.RoleDecisionMaker).SaveX(ctx)
			ids = append(ids, p.ID)
			db.Client.Interaction.Create().SetAccountID(acc.ID).SetKind("COMPANY_VISIT").SetOccurredAt(met).AddContactIDs(p.ID).ExecX(ctx)
		}
		db.Client.Interaction.Create().SetAccountID(acc.ID).SetKind("COMPANY_VISIT").SetStatus("PLANNED").
			SetOccurredAt(time.Now().Add(5 * 24 * time.Hour)).AddContactIDs(ids[0]).ExecX(ctx)
		type cad struct {
			LastMetAt   *time.Time
			DueAt       *time.Time
			Overdue     bool
			CadenceDays *int
		}
		page := func(n int) []cad {
			var out struct {
				Contacts struct{ Edges []struct{ Node cad } }
			}
			c.MustDo(`query($n: Int) { contacts(first: $n, orderBy: [{field: NAME}]) { edges { node { lastMetAt dueAt overdue cadenceDays } } } }`,
				map[string]any{"n": n}, &out)
			var got []cad
			for _, e := range out.Contacts.Edges {
				got = append(got, e.Node)
			}
			return got
		}
		got := page(1)
		if len(got) != 1 || got[0].LastMetAt == nil || !got[0].LastMetAt.Equal(met) || got[0].CadenceDays == nil ||
			*got[0].CadenceDays != 14 || got[0].DueAt == nil || !got[0].DueAt.Equal(met.Add(14*24*time.Hour)) || !got[0].Overdue {
			t.Errorf("cadence of a decision maker met %s: %+v; want last met then (the planned meeting not counted), every 14 days, overdue", met, got)
		}
		few := c.Statements(func() { page(2) })
		many := c.Statements(func() { page(12) })
		if few != many {
			t.Errorf("cadence of 2 contacts took %d statements, of 12 took %d: it must not grow with the rows", few, many)
		}
	})
}
