package demo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"rapport/ent"
	"rapport/ent/enttest"
	"rapport/ent/hook"
	"rapport/internal/clock"
	"rapport/internal/demo"
	"rapport/internal/domain"
)

var fixedNow = time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)

var dbSeq atomic.Int64

// openDB opens a fresh in-memory SQLite database, migrated by enttest. The
// name is unique so that shared-cache databases of parallel or repeated
// tests never meet.
func openDB(t *testing.T) *ent.Client {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	dsn := fmt.Sprintf("file:%s_%d?mode=memory&cache=shared&_fk=1", name, dbSeq.Add(1))
	c := enttest.Open(t, "sqlite3", dsn)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// installHistoryHooks mirrors the store's hooks: a TierChange when an account
// is created or changes tier, an Assessment when a contact is created or its
// attitude, influence or interest changes, both stamped with clock.Now(ctx).
func installHistoryHooks(c *ent.Client) {
	c.Account.Use(func(next ent.Mutator) ent.Mutator {
		return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
			var from *domain.Tier
			to, changed := m.Tier()
			if m.Op().Is(ent.OpUpdateOne) && changed {
				old, err := m.OldTier(ctx)
				if err != nil {
					return nil, err
				}
				from, changed = &old, old != to
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			a, ok := v.(*ent.Account)
			if !ok || !(m.Op().Is(ent.OpCreate) || changed) {
				return v, nil
			}
			return v, m.Client().TierChange.Create().
				SetAccountID(a.ID).SetNillableFromTier(from).SetToTier(a.Tier).SetChangedAt(clock.Now(ctx)).Exec(ctx)
		})
	})
	c.Contact.Use(func(next ent.Mutator) ent.Mutator {
		return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
			_, att := m.Attitude()
			_, inf := m.Influence()
			_, intr := m.Interest()
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			p, ok := v.(*ent.Contact)
			if !ok || !(m.Op().Is(ent.OpCreate) || (m.Op().Is(ent.OpUpdateOne) && (att || inf || intr))) {
				return v, nil
			}
			return v, m.Client().Assessment.Create().
				SetContactID(p.ID).SetAttitude(p.Attitude).SetInfluence(p.Influence).SetInterest(p.Interest).
				SetAssessedAt(clock.Now(ctx)).Exec(ctx)
		})
	})
}

// data is everything Load wrote, read back for the property checks.
type data struct {
	now          time.Time
	sum          demo.Summary
	accounts     []*ent.Account
	members      []*ent.TeamMember
	contacts     []*ent.Contact
	relations    []*ent.ContactRelation
	coverages    []*ent.Coverage
	assessments  []*ent.Assessment
	tierChanges  []*ent.TierChange
	opps         []*ent.Opportunity
	links        []*ent.DecisionChainLink
	interactions []*ent.Interaction
	surveys      []*ent.Survey
	complaints   []*ent.Complaint
	budgets      []*ent.Budget
}

func readAll(t *testing.T, c *ent.Client, sum demo.Summary) *data {
	t.Helper()
	ctx := context.Background()
	d := &data{now: sum.Now, sum: sum}
	check := func(what string, err error) {
		if err != nil {
			t.Fatalf("read back %s: %v", what, err)
		}
	}
	var err error
	d.accounts, err = c.Account.Query().WithTeam().WithPartners().Order(ent.Asc("id")).All(ctx)
	check("accounts", err)
	d.members, err = c.TeamMember.Query().Order(ent.Asc("id")).All(ctx)
	check("team members", err)
	d.contacts, err = c.Contact.Query().Order(ent.Asc("id")).All(ctx)
	check("contacts", err)
	d.relations, err = c.ContactRelation.Query().Order(ent.Asc("id")).All(ctx)
	check("relations", err)
	d.coverages, err = c.Coverage.Query().Order(ent.Asc("id")).All(ctx)
	check("coverages", err)
	d.assessments, err = c.Assessment.Query().Order(ent.Asc("assessed_at"), ent.Asc("id")).All(ctx)
	check("assessments", err)
	d.tierChanges, err = c.TierChange.Query().Order(ent.Asc("changed_at"), ent.Asc("id")).All(ctx)
	check("tier changes", err)
	d.opps, err = c.Opportunity.Query().Order(ent.Asc("id")).All(ctx)
	check("opportunities", err)
	d.links, err = c.DecisionChainLink.Query().Order(ent.Asc("opportunity_id"), ent.Asc("position")).All(ctx)
	check("decision chain links", err)
	d.interactions, err = c.Interaction.Query().WithContacts().WithTeamMembers().Order(ent.Asc("id")).All(ctx)
	check("interactions", err)
	d.surveys, err = c.Survey.Query().Order(ent.Asc("surveyed_at"), ent.Asc("id")).All(ctx)
	check("surveys", err)
	d.complaints, err = c.Complaint.Query().All(ctx)
	check("complaints", err)
	d.budgets, err = c.Budget.Query().All(ctx)
	check("budgets", err)
	return d
}

// TestLoad loads the demo set under several seeds, with and without the
// store's history hooks, and checks the properties the product relies on.
func TestLoad(t *testing.T) {
	cases := []struct {
		name  string
		opts  demo.Options
		hooks bool
	}{
		{"seed 1", demo.Options{Seed: 1, Now: fixedNow}, false},
		{"seed 7 with store hooks", demo.Options{Seed: 7, Now: fixedNow}, true},
		{"seed 42 today", demo.Options{Seed: 42}, false},
		{"seed 0 with store hooks", demo.Options{Seed: 0, Now: fixedNow.AddDate(0, 2, 3)}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openDB(t)
			if tc.hooks {
				installHistoryHooks(c)
			}
			start := time.Now()
			sum, err := demo.Load(context.Background(), c, tc.opts)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			t.Logf("loaded in %v: %v", time.Since(start).Round(time.Millisecond), sum)
			if tc.opts.Now.IsZero() {
				if want := time.Now().UTC().Truncate(24 * time.Hour); !sum.Now.Equal(want) {
					t.Errorf("Summary.Now = %v, want today %v", sum.Now, want)
				}
			} else if !sum.Now.Equal(tc.opts.Now) {
				t.Errorf("Summary.Now = %v, want %v", sum.Now, tc.opts.Now)
			}
			d := readAll(t, c, sum)
			for _, chk := range checks {
				t.Run(chk.name, func(t *testing.T) { chk.fn(t, d) })
			}
		})
	}
}

// snapshot renders the rows whose order and content must not depend on
// anything but the options.
func snapshot(t *testing.T, c *ent.Client) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	accounts, err := c.Account.Query().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		out = append(out, fmt.Sprintf("account %s %s %s", *a.ExternalID, a.Name, a.Tier))
	}
	contacts, err := c.Contact.Query().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range contacts {
		out = append(out, fmt.Sprintf("contact %s %s %s %s %d", *p.ExternalID, p.Name, p.Title, p.Attitude, p.Influence))
	}
	acts, err := c.Interaction.Query().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		out = append(out, fmt.Sprintf("interaction %s %s %s %.0f", *a.ExternalID, a.Kind, a.OccurredAt.Format(time.RFC3339), a.Cost))
	}
	rels, err := c.ContactRelation.Query().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		out = append(out, fmt.Sprintf("relation %d %d %s %d", r.FromID, r.ToID, r.Kind, r.Strength))
	}
	return out
}

func TestLoadIsDeterministic(t *testing.T) {
	cases := []struct {
		name       string
		a, b       demo.Options
		wantSameAs bool
	}{
		{"same seed and date", demo.Options{Seed: 3, Now: fixedNow}, demo.Options{Seed: 3, Now: fixedNow}, true},
		{"different seed", demo.Options{Seed: 3, Now: fixedNow}, demo.Options{Seed: 4, Now: fixedNow}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var snaps [2][]string
			for i, opts := range []demo.Options{tc.a, tc.b} {
				c := openDB(t)
				if _, err := demo.Load(context.Background(), c, opts); err != nil {
					t.Fatalf("Load: %v", err)
				}
				snaps[i] = snapshot(t, c)
			}
			if same := slices.Equal(snaps[0], snaps[1]); same != tc.wantSameAs {
				for i := range min(len(snaps[0]), len(snaps[1])) {
					if snaps[0][i] != snaps[1][i] {
						t.Logf("first difference: %q vs %q", snaps[0][i], snaps[1][i])
						break
					}
				}
				t.Fatalf("snapshots equal = %v, want %v (%d vs %d rows)", same, tc.wantSameAs, len(snaps[0]), len(snaps[1]))
			}
		})
	}
}

func TestLoadRefusesNonEmptyDatabase(t *testing.T) {
	c := openDB(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, c, demo.Options{Seed: 1, Now: fixedNow}); err != nil {
		t.Fatalf("first Load: %v", err)
	}
	before, err := c.Contact.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, c, demo.Options{Seed: 2, Now: fixedNow}); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("second Load error = %v, want ErrNotEmpty", err)
	}
	if after, err := c.Contact.Query().Count(ctx); err != nil || after != before {
		t.Fatalf("contacts after refused load = %d (%v), want %d", after, err, before)
	}
}
