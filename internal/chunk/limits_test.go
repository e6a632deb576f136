package chunk_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"rapport/ent"
	"rapport/internal/analytics"
	"rapport/internal/chain"
	"rapport/internal/domain"
	"rapport/internal/gaps"
	"rapport/internal/health"
	"rapport/internal/live"
	"rapport/internal/stakeholder/walk"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/strength"
)

// over returns a number of IDs that crosses the store's limit (SQLite's
// 32,766 variables a statement, PostgreSQL's 65,535 parameters): a reader
// that names each of them in one IN list fails.
func over(db *store.DB) int {
	if db.Dialect == dialect.Postgres {
		return 66_000
	}
	return 33_000
}

var t0 = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

// TestEveryIDSetReaderCrossesTheVariableLimits builds one fixture per store
// whose ID sets cross its limit (n, see over), and runs every reader of a
// set of IDs on it:
//   - accounts 1..n, account i with interaction i (yesterday, cost 1) taken
//     part in by team member i;
//   - contacts 1..n, all of account 1 (contact n has left), each covered by
//     team member 1 at strength 2 with an interaction yesterday;
//   - one open opportunity of account 1 whose decision chain links every
//     contact, contact i at position i.
func TestEveryIDSetReaderCrossesTheVariableLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n := over(db)
		fill(t, db, n)
		c := db.Client
		ids := make([]int, n)
		for i := range ids {
			ids[i] = i + 1
		}

		t.Run("interactionStats by account and month", func(t *testing.T) {
			rows, err := analytics.InteractionStats(ctx, c, []string{analytics.ByAccount, analytics.ByMonth}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != n {
				t.Fatalf("%d rows, want %d", len(rows), n)
			}
			for _, r := range rows {
				if r.Account == nil || r.Count != 1 || r.Account.Name != fmt.Sprintf("A%d", r.Account.ID) {
					t.Fatalf("row %+v: want its account and a count of 1", r)
				}
			}
		})
		t.Run("interactionStats by team member", func(t *testing.T) {
			rows, err := analytics.InteractionStats(ctx, c, []string{analytics.ByTeamMember}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != n {
				t.Fatalf("%d rows, want %d", len(rows), n)
			}
			for _, r := range rows {
				if r.TeamMember == nil || r.Count != 1 {
					t.Fatalf("row %+v: want its team member and a count of 1", r)
				}
			}
		})
		t.Run("accountStats with averageHealth", func(t *testing.T) {
			rows, err := analytics.AccountStats(ctx, c, []string{analytics.ByTier}, nil, true, t0)
			if err != nil {
				t.Fatal(err)
			}
			// Accounts 2..n are alike: the average is account 1's score
			// and n-1 times account 2's, each scored alone by the engine
			// (two IDs, far below any limit).
			alone, err := health.Compute(ctx, c, []int{1, 2}, t0)
			if err != nil {
				t.Fatal(err)
			}
			want := float64(alone[1].Score+alone[2].Score*(n-1)) / float64(n)
			if len(rows) != 1 || rows[0].Count != n || math.Abs(rows[0].AverageHealth-want) > 1e-9 {
				t.Fatalf("rows %+v: want one tier of %d accounts averaging %v", rows, n, want)
			}
		})
		t.Run("decision chain", func(t *testing.T) {
			chains, err := chain.Load(ctx, c, []int{1}, chain.Columns{})
			if err != nil {
				t.Fatal(err)
			}
			ch := chains[1]
			if len(ch.Links) != n || ch.CoverageRatio != 1 || ch.Links[n-1].Contact == nil || ch.Links[n-1].Contact.ID != n {
				t.Fatalf("chain of %d links, ratio %v: want %d links all covered, in position order", len(ch.Links), ch.CoverageRatio, n)
			}
		})
		t.Run("strongest coverage", func(t *testing.T) {
			best, err := chain.StrongestCoverage(ctx, c, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(best) != n || best[n].Strength != 2 || best[n].TeamMember.ID != 1 {
				t.Fatalf("%d contacts covered: want %d at strength 2 by member 1", len(best), n)
			}
		})
		t.Run("coverage gaps", func(t *testing.T) {
			got, err := gaps.Find(ctx, c, gaps.Options{AccountID: 1, StaleDays: 30, Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			// Only the contact who left leaves a link uncovered.
			if len(got) != 1 || got[0].Kind != domain.GapUncoveredChainLink || got[0].Contact.ID != n {
				t.Fatalf("%d gaps (%+v): want the chain link of contact %d", len(got), got, n)
			}
		})
		t.Run("graph diff", func(t *testing.T) {
			d, err := walk.GraphDiff(ctx, c, 1, t0.Add(-time.Hour), t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Joined) != n || len(d.CoveragesAdded) != n {
				t.Fatalf("%d joined, %d coverages added: want %d each", len(d.Joined), len(d.CoveragesAdded), n)
			}
		})
		t.Run("computed strength", func(t *testing.T) {
			got, err := strength.Computed(ctx, c, ids, t0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("%d strengths, want %d", len(got), n)
			}
		})
		t.Run("accounts of changed rows", func(t *testing.T) {
			for _, typ := range []string{ent.TypeContact, ent.TypeCoverage} {
				got, err := live.AccountsOf(ctx, c, typ, ids)
				if err != nil {
					t.Fatalf("%s: %v", typ, err)
				}
				if len(got) != n || got[n] != 1 {
					t.Fatalf("%s: %d rows with an account, want %d of account 1", typ, len(got), n)
				}
			}
		})
	})
}

// fill inserts the fixture with one INSERT ... SELECT over a generated
// series per table: seconds, not the minutes half a million ent creates
// take.
func fill(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	at, yesterday := "?1", "?2"
	if db.Dialect == dialect.Postgres {
		at, yesterday = "CAST($1 AS timestamp with time zone)", "CAST($2 AS timestamp with time zone)"
	}
	insert := func(table, columns, values string) {
		q := fmt.Sprintf(`WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < %d)
			INSERT INTO %s (%s) SELECT %s FROM g`, n, table, columns,
			strings.NewReplacer("@now", at, "@yesterday", yesterday, "@n", fmt.Sprint(n)).Replace(values))
		var args []any // PostgreSQL wants exactly the parameters used
		if strings.Contains(values, "@now") || strings.Contains(values, "@yesterday") {
			args = append(args, t0)
		}
		if strings.Contains(values, "@yesterday") {
			args = append(args, t0.Add(-24*time.Hour))
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("fill %s: %v", table, err)
		}
	}
	insert("accounts", "id, created_at, updated_at, name, segment, tier, annual_revenue, potential_value, lifecycle_stage, loyalty_stage",
		"i, @now, @now, 'A' || i, 'ENTERPRISE', 'GENERAL', i, 0, 'RETAIN', 'EXPECTANT'")
	insert("team_members", "id, created_at, updated_at, name, email, team_role, active",
		"i, @now, @now, 'M' || i, 'm' || i || '@us.example', 'ACCOUNT_MANAGER', true")
	insert("interactions", "id, created_at, updated_at, kind, occurred_at, cost, account_id",
		"i, @now, @now, 'ONSITE_MEETING', @yesterday, 1, i")
	insert("interaction_team_members", "interaction_id, team_member_id", "i, i")
	insert("contacts", "id, created_at, updated_at, name, seniority, decision_role, attitude, influence, interest, status, account_id",
		"i, @now, @now, 'C' || i, 'STAFF', 'USER', 'NEUTRAL', 1, 1, CASE WHEN i = @n THEN 'LEFT' ELSE 'ACTIVE' END, 1")
	insert("coverages", "id, created_at, updated_at, source, confidence, strength, last_interaction_at, primary_owner, contact_id, team_member_id",
		"i, @now, @now, 'MANUAL', 1, 2, @yesterday, true, i, 1")
	if _, err := tx.ExecContext(ctx, `INSERT INTO opportunities (id, created_at, updated_at, name, stage, amount, account_id)
		VALUES (1, `+at+`, `+at+`, 'Deal', 'PROPOSAL', 0, 1)`, t0); err != nil {
		t.Fatalf("fill opportunities: %v", err)
	}
	insert("decision_chain_links", "id, created_at, updated_at, role, position, stance, weight, contact_id, opportunity_id",
		"i, @now, @now, 'USER', i, 'NEUTRAL', 1, i, 1")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
