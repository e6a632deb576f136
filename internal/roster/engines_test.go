package roster_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gaps"
	"rapport/internal/handover"
	"rapport/internal/health"
	"rapport/internal/layers"
	"rapport/internal/rollup"
	"rapport/internal/roster"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

var now = time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)

func daysAgo(n int) time.Time { return now.AddDate(0, 0, -n) }

// fixture is one person on two accounts (issue 16 point 7), hand-worked:
//
//	group G (no people) with subsidiaries A and B, both STRATEGIC
//	Xu   home A: USER, influence 2, EXECUTIVE, Board;
//	     role at B: DECISION_MAKER, influence 5, "Board member";
//	     Ada covers Xu at 3, last met 40 days ago
//	Zoe  home A: USER, STAFF; Cy covers at 2, never met
//	Yan  home B: USER, STAFF; Bo covers at 2, never met
//	(everyone added 100 days ago; Strategic cadence: decision makers 30
//	days, executives 90, anyone else 180)
//
// At A, Xu is a user executive met within 90 days; at B, a decision maker
// 10 days past his 30-day cadence, known by Ada alone.
type fixture struct {
	c            *ent.Client
	g, a, b      *ent.Account
	xu, zoe, yan *ent.Contact
	role         *ent.ContactRole
	ada, bo, cy  *ent.TeamMember
	editorB      context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	c, ctx := db.Client, context.Background()
	f := &fixture{c: c}
	f.g = c.Account.Create().SetName("G").SaveX(ctx)
	f.a = c.Account.Create().SetName("A").SetParentID(f.g.ID).SetTier(domain.TierStrategic).SaveX(ctx)
	f.b = c.Account.Create().SetName("B").SetParentID(f.g.ID).SetTier(domain.TierStrategic).SaveX(ctx)
	person := func(acc *ent.Account, name string, sen contact.Seniority, dept string, influence int) *ent.Contact {
		return c.Contact.Create().SetAccount(acc).SetName(name).SetDecisionRole(domain.RoleUser).SetSeniority(sen).
			SetDepartment(dept).SetInfluence(influence).SetCreatedAt(daysAgo(100)).SaveX(ctx)
	}
	f.xu = person(f.a, "Xu", contact.SeniorityEXECUTIVE, "Board", 2)
	f.zoe = person(f.a, "Zoe", contact.SenioritySTAFF, "Ops", 3)
	f.yan = person(f.b, "Yan", contact.SenioritySTAFF, "IT", 3)
	f.role = c.ContactRole.Create().SetContactID(f.xu.ID).SetAccountID(f.b.ID).SetTitle("Board member").
		SetDecisionRole(domain.RoleDecisionMaker).SetInfluence(5).SaveX(ctx)
	member := func(name string, acc *ent.Account) *ent.TeamMember {
		return c.TeamMember.Create().SetName(name).SetEmail(name + "@us.example").AddAccountIDs(acc.ID).SaveX(ctx)
	}
	f.ada, f.bo, f.cy = member("Ada", f.a), member("Bo", f.b), member("Cy", f.a)
	c.Coverage.Create().SetContact(f.xu).SetTeamMember(f.ada).SetStrength(3).SetLastInteractionAt(daysAgo(40)).ExecX(ctx)
	c.Coverage.Create().SetContact(f.zoe).SetTeamMember(f.cy).SetStrength(2).ExecX(ctx)
	c.Coverage.Create().SetContact(f.yan).SetTeamMember(f.bo).SetStrength(2).ExecX(ctx)
	// An editor on B's team only: they read Xu through his role at B.
	f.editorB = auth.WithViewer(ctx, &auth.Viewer{Kind: auth.KindUser, ID: 1, Name: "bo", Role: auth.RoleEditor, TeamMemberID: &f.bo.ID})
	return f
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestLayersCountARoleHolderAtTheRoleAccount: Xu counts at A as a user and
// at B as a decision maker, once at each, with his own seniority and his
// one coverage at both; an editor of B alone sees B's layers the same.
func TestLayersCountARoleHolderAtTheRoleAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		all, err := layers.Load(ctx, f.c, []int{f.a.ID, f.b.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		onlyB, err := layers.Load(f.editorB, f.c, []int{f.b.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name                  string
			l                     *layers.Layers
			key, broad            float64
			makers, covered, act  int
			executives, execTotal int
		}{
			// A: no decision maker (Xu is a user here): key 0; Xu and Zoe
			// working: 2/28; Xu is A's one executive.
			{"A", all[f.a.ID], 0, 2.0 / 28, 0, 0, 2, 1, 3},
			// B: Xu decides here, covered at 3: makers 1/1; Yan and Xu
			// working: 2/28; Xu, an executive, counts in B's band too.
			{"B", all[f.b.ID], 1, 2.0 / 28, 1, 1, 2, 1, 3},
			{"B for B's editor", onlyB[f.b.ID], 1, 2.0 / 28, 1, 1, 2, 1, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l := tt.l
				if !near(l.Key.Value, tt.key) || l.Key.Makers != tt.makers || l.Key.MakersCovered != tt.covered {
					t.Errorf("key = %.3f, %d of %d makers; want %.3f, %d of %d (%s)", l.Key.Value, l.Key.MakersCovered, l.Key.Makers, tt.key, tt.covered, tt.makers, l.Key.Explanation)
				}
				if !near(l.Broad.Value, tt.broad) || l.Broad.Active != tt.act {
					t.Errorf("broad = %.4f over %d active; want %.4f over %d (%s)", l.Broad.Value, l.Broad.Active, tt.broad, tt.act, l.Broad.Explanation)
				}
				if ex := l.Broad.BySeniority[0]; ex.Name != "EXECUTIVE" || ex.Covered != tt.executives || ex.Total != tt.execTotal {
					t.Errorf("executives %+v, want %d of %d", ex, tt.executives, tt.execTotal)
				}
			})
		}
	})
}

// TestHealthCountsARoleHolderAtTheRoleAccount: B's key layer and cadence
// read Xu as B's decision maker (due every 30 days: overdue), A's as a
// user executive (every 90: on time).
func TestHealthCountsARoleHolderAtTheRoleAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		hs, err := health.Compute(context.Background(), f.c, []int{f.a.ID, f.b.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		value := func(h *health.Health, name string) *health.Component {
			for _, c := range h.Components {
				if c.Name == name {
					return c
				}
			}
			t.Fatalf("no component %s", name)
			return nil
		}
		tests := []struct {
			name      string
			account   int
			component string
			want      float64
		}{
			{"A key layer: no decision maker", f.a.ID, "keyLayer", 0},
			{"B key layer: Xu decides, covered", f.b.ID, "keyLayer", 1},
			// A: Xu (executive, 90 days, met 40 ago) and Zoe (180 days from
			// when added) on time.
			{"A cadence", f.a.ID, "cadence", 1},
			// B: Xu (decision maker, 30 days, met 40 ago) overdue, Yan on time.
			{"B cadence", f.b.ID, "cadence", 0.5},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if c := value(hs[tt.account], tt.component); !near(c.Value, tt.want) {
					t.Errorf("%s = %.3f, want %.3f (%s)", tt.component, c.Value, tt.want, c.Explanation)
				}
			})
		}
	})
}

// TestGapsOfARoleHolderAtTheRoleAccount: at B, Xu is a key person known
// by Ada alone and overdue under B's cadence for decision makers; at A,
// where he is a user with influence 2 met within 90 days, no gap. The gap
// names the stored contact; the summary counts the same and notes Xu's
// home among the accounts whose changes move it, not among those a viewer
// must read.
func TestGapsOfARoleHolderAtTheRoleAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		tests := []struct {
			name  string
			ctx   context.Context
			acc   int
			kinds []domain.GapKind
		}{
			{"A", ctx, f.a.ID, nil},
			{"B", ctx, f.b.ID, []domain.GapKind{domain.GapSingleThreaded, domain.GapStaleRelationship}},
			{"B for B's editor", f.editorB, f.b.ID, []domain.GapKind{domain.GapSingleThreaded, domain.GapStaleRelationship}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := gaps.Find(tt.ctx, f.c, gaps.Options{AccountID: tt.acc, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				var kinds []domain.GapKind
				for _, g := range list {
					kinds = append(kinds, g.Kind)
					if g.Contact.ID != f.xu.ID || g.Contact.DecisionRole != domain.RoleUser || g.Severity != domain.SeverityMedium {
						t.Errorf("gap %s on %s (%s) %s: want Xu's stored row, MEDIUM", g.Kind, g.Contact.Name, g.Contact.DecisionRole, g.Severity)
					}
				}
				if !slices.Equal(kinds, tt.kinds) {
					t.Errorf("gaps %v, want %v", kinds, tt.kinds)
				}
				sums, err := gaps.Summarize(tt.ctx, f.c, []int{tt.acc})
				if err != nil {
					t.Fatal(err)
				}
				s := sums[tt.acc]
				if ov := s.At(now, 0); ov.Count != len(tt.kinds) {
					t.Errorf("summary counts %d gaps, want %d", ov.Count, len(tt.kinds))
				}
				wantHomes := []int(nil)
				if tt.acc == f.b.ID {
					wantHomes = []int{f.a.ID}
				}
				if !slices.Equal(s.Homes, wantHomes) || !slices.Equal(s.Accounts, []int{tt.acc}) {
					t.Errorf("summary homes %v, accounts %v; want %v, [%d]", s.Homes, s.Accounts, wantHomes, tt.acc)
				}
			})
		}
	})
}

// TestRollupCountsARoleHolderOncePerMemberAndOnceInTheGroup: B has one key
// contact (Xu, by his role) covered by Ada alone: single-threaded; A has
// none. The group as one has three people (Xu once), Xu its decision maker.
func TestRollupCountsARoleHolderOncePerMemberAndOnceInTheGroup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		views, err := rollup.Load(context.Background(), f.c, []int{f.g.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		v := views[f.g.ID]
		if v == nil {
			t.Fatal("no view of the group")
		}
		byID := map[int]*rollup.Member{}
		for _, m := range v.Members {
			byID[m.AccountID] = m
		}
		tests := []struct {
			name                  string
			m                     *rollup.Member
			keys, covered, single int
			singleThreadedGap     bool
		}{
			{"A", byID[f.a.ID], 0, 0, 0, false},
			{"B", byID[f.b.ID], 1, 1, 1, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.m.KeyContacts != tt.keys || tt.m.KeyCovered != tt.covered || tt.m.SingleThreaded != tt.single {
					t.Errorf("key contacts %d, covered %d, single-threaded %d; want %d, %d, %d",
						tt.m.KeyContacts, tt.m.KeyCovered, tt.m.SingleThreaded, tt.keys, tt.covered, tt.single)
				}
				has := slices.ContainsFunc(v.Gaps, func(g rollup.Gap) bool { return g.AccountID == tt.m.AccountID && g.Kind == rollup.SingleThreaded })
				if has != tt.singleThreadedGap {
					t.Errorf("single-threaded gap: %v, want %v", has, tt.singleThreadedGap)
				}
			})
		}
		if b := v.Layers.Broad; b.Active != 3 || b.Working != 3 {
			t.Errorf("group broad layer: %d active, %d working; want 3 and 3 (Xu once)", b.Active, b.Working)
		}
		if k := v.Layers.Key; k.Makers != 1 || k.MakersCovered != 1 {
			t.Errorf("group key layer: %d of %d makers covered, want 1 of 1", k.MakersCovered, k.Makers)
		}
	})
}

// TestHandoverImpactSuggestsTheTeamsOfARoleHoldersAccounts: Ada leaving
// leaves Xu uncovered; the account teams to ask are A's (Cy) and B's,
// where Xu holds a role (Bo, and Dan, who covers another role holder at
// B), by people covered then name.
func TestHandoverImpactSuggestsTheTeamsOfARoleHoldersAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// Wei, at home at G, holds a role at B; Dan covers him alone: Dan
		// is on B's team by a role holder.
		wei := f.c.Contact.Create().SetAccount(f.g).SetName("Wei").SaveX(ctx)
		f.c.ContactRole.Create().SetContactID(wei.ID).SetAccountID(f.b.ID).ExecX(ctx)
		dan := f.c.TeamMember.Create().SetName("Dan").SetEmail("dan@us.example").SaveX(ctx)
		f.c.Coverage.Create().SetContact(wei).SetTeamMember(dan).SetStrength(1).ExecX(ctx)
		tests := []struct {
			name string
			ctx  context.Context
			want []string
		}{
			// One person each (Bo: Yan at B; Cy: Zoe at A; Dan: Wei at B),
			// then by name.
			{"admin", ctx, []string{"Bo", "Cy", "Dan"}},
			// B's editor reads Xu and Wei (their roles at B) and B's team.
			{"B's editor", f.editorB, []string{"Bo", "Dan"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				im, err := handover.Load(tt.ctx, f.c, f.ada.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(im.Contacts) != 1 || im.Contacts[0].Contact.ID != f.xu.ID || im.Contacts[0].Risk != handover.Uncovered {
					t.Fatalf("contacts at risk %+v, want Xu uncovered", im.Contacts)
				}
				var names []string
				for _, m := range im.Contacts[0].AccountTeam {
					names = append(names, m.TeamMember.Name)
				}
				if !slices.Equal(names, tt.want) {
					t.Errorf("account team %v, want %v", names, tt.want)
				}
			})
		}
	})
}

// TestLoadCountsEachPersonOncePerAccount: the roster itself, with a role
// written around the store's rule at the home account (home wins) and a
// left role holder (not counted, but their home noted).
func TestLoadCountsEachPersonOncePerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		lea := f.c.Contact.Create().SetAccount(f.g).SetName("Lea").SetStatus(contact.StatusLEFT).SetLeftAt(daysAgo(5)).SaveX(ctx)
		f.c.ContactRole.Create().SetContactID(lea.ID).SetAccountID(f.b.ID).SetDecisionRole(domain.RoleEconomicBuyer).ExecX(ctx)
		// Around the store's rule, straight into the table.
		if _, err := db.SQL.ExecContext(ctx, "INSERT INTO contact_roles (created_at, updated_at, contact_id, account_id, title, decision_role, influence) VALUES ($1, $1, $2, $3, '', 'COACH', 3)",
			now, f.zoe.ID, f.a.ID); err != nil {
			t.Fatal(err)
		}
		got, err := roster.Load(ctx, f.c, []int{f.a.ID, f.b.ID})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			name string
			role domain.DecisionRole
			held bool
		}
		tests := []struct {
			acc  int
			want []row
		}{
			{f.a.ID, []row{{"Xu", domain.RoleUser, false}, {"Zoe", domain.RoleUser, false}}},
			{f.b.ID, []row{{"Xu", domain.RoleDecisionMaker, true}, {"Yan", domain.RoleUser, false}}},
		}
		for _, tt := range tests {
			var rows []row
			for _, p := range got.People[tt.acc] {
				rows = append(rows, row{p.At.Name, p.At.DecisionRole, p.Role != nil})
			}
			if !slices.Equal(rows, tt.want) {
				t.Errorf("account %d: %v, want %v", tt.acc, rows, tt.want)
			}
		}
		// Lea left: not counted at B, but her home G is among the homes
		// whose changes move B (her return names G).
		if h := got.Homes[f.b.ID]; !slices.Equal(h, []int{f.g.ID, f.a.ID}) {
			t.Errorf("homes of B's role holders %v, want [%d %d]", h, f.g.ID, f.a.ID)
		}
		if p := got.People[f.b.ID][0]; p.At.Title != "Board member" || p.At.Influence != 5 || p.Contact.DecisionRole != domain.RoleUser || p.Contact.Influence != 2 {
			t.Errorf("Xu at B: %+v as counted, %+v stored; want the role's title and influence, the stored row untouched", p.At, p.Contact)
		}
	})
}
