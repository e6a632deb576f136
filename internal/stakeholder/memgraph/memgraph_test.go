package memgraph_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/records"
	"rapport/internal/stakeholder/memgraph"
	"rapport/internal/stakeholder/walk"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// fixture: Acme has a1 and a2 (allies), Beta has b1; t1 covers a1.
type fixture struct {
	acme, beta *ent.Account
	a1, a2, b1 *ent.Contact
	t1         *ent.TeamMember
}

func newFixture(t *testing.T, c *ent.Client) fixture {
	t.Helper()
	ctx := t.Context()
	var f fixture
	f.acme = c.Account.Create().SetName("Acme").SaveX(ctx)
	f.beta = c.Account.Create().SetName("Beta").SaveX(ctx)
	f.a1 = c.Contact.Create().SetName("a1").SetAccount(f.acme).SaveX(ctx)
	f.a2 = c.Contact.Create().SetName("a2").SetAccount(f.acme).SaveX(ctx)
	f.b1 = c.Contact.Create().SetName("b1").SetAccount(f.beta).SaveX(ctx)
	f.t1 = c.TeamMember.Create().SetName("t1").SetEmail("t1@us.example").SaveX(ctx)
	c.ContactRelation.Create().SetFromID(f.a1.ID).SetToID(f.a2.ID).SetKind(domain.RelationAlly).
		SetValidFrom(time.Now().Add(-time.Hour)).ExecX(ctx)
	c.Coverage.Create().SetTeamMember(f.t1).SetContact(f.a1).SetStrength(3).ExecX(ctx)
	return f
}

// drawn renders Acme's graph (depth 2) as sorted "label" nodes and
// "source TYPE/kind target" edges.
func drawn(t *testing.T, c *ent.Client, f fixture) (nodes, edges []string) {
	t.Helper()
	ctx := auth.WithViewer(t.Context(), auth.System)
	g, err := walk.StakeholderGraph(ctx, c, f.acme.ID, walk.GraphOptions{Depth: 2, MaxNodes: 100, Now: time.Now()})
	if err != nil {
		t.Fatalf("stakeholderGraph: %v", err)
	}
	label := map[int]string{}
	for _, n := range g.Nodes {
		label[n.ID] = n.Label
		nodes = append(nodes, n.Label)
	}
	for _, e := range g.Edges {
		s := label[e.Source] + " " + string(e.Type)
		if e.Kind != nil {
			s += "/" + string(*e.Kind)
		}
		edges = append(edges, s+" "+label[e.Target])
	}
	slices.Sort(nodes)
	slices.Sort(edges)
	return nodes, edges
}

// entries counts the change feed's rows.
func entries(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var n int64
	if err := db.SQL.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM changes").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// writes are the changes the next query must show, each with the graph
// it must then draw.
var writes = []struct {
	name  string
	write func(ctx context.Context, c *ent.Client, f fixture) error
	nodes []string
	edges []string
}{
	{"create a relation across accounts",
		func(ctx context.Context, c *ent.Client, f fixture) error {
			return c.ContactRelation.Create().SetFromID(f.a2.ID).SetToID(f.b1.ID).SetKind(domain.RelationFriend).
				SetValidFrom(time.Now().Add(-time.Minute)).Exec(ctx)
		},
		[]string{"Acme", "Beta", "a1", "a2", "b1", "t1"},
		[]string{"a1 RELATION/ALLY a2", "a2 RELATION/FRIEND b1", "t1 COVERAGE a1"}},
	{"end a relation with validTo",
		func(ctx context.Context, c *ent.Client, f fixture) error {
			return c.ContactRelation.Update().SetValidTo(time.Now().Add(-time.Second)).Exec(ctx)
		},
		[]string{"Acme", "a1", "a2", "t1"},
		[]string{"t1 COVERAGE a1"}},
	{"delete a contact",
		func(ctx context.Context, c *ent.Client, f fixture) error {
			_, err := records.DeleteContact(ctx, c, f.a2.ID, false) // as deleteContact does
			return err
		},
		[]string{"Acme", "a1", "t1"},
		[]string{"t1 COVERAGE a1"}},
	{"deactivate the covering team member",
		func(ctx context.Context, c *ent.Client, f fixture) error {
			return c.TeamMember.UpdateOne(f.t1).SetActive(false).Exec(ctx)
		},
		[]string{"Acme", "a1", "a2"},
		[]string{"a1 RELATION/ALLY a2"}},
	{"rename an account",
		func(ctx context.Context, c *ent.Client, f fixture) error {
			return c.Account.UpdateOne(f.acme).SetName("Acme Group").Exec(ctx)
		},
		[]string{"Acme Group", "a1", "a2", "t1"},
		[]string{"a1 RELATION/ALLY a2", "t1 COVERAGE a1"}},
}

var before = struct{ nodes, edges []string }{
	[]string{"Acme", "a1", "a2", "t1"},
	[]string{"a1 RELATION/ALLY a2", "t1 COVERAGE a1"},
}

func check(t *testing.T, c *ent.Client, f fixture, wantNodes, wantEdges []string) {
	t.Helper()
	nodes, edges := drawn(t, c, f)
	if !slices.Equal(nodes, wantNodes) {
		t.Errorf("nodes = %q, want %q", nodes, wantNodes)
	}
	if !slices.Equal(edges, wantEdges) {
		t.Errorf("edges = %q, want %q", edges, wantEdges)
	}
}

func TestTheNextQuerySeesAWrite(t *testing.T) {
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db.Client)
				check(t, db.Client, f, before.nodes, before.edges) // loads the snapshot
				if err := w.write(t.Context(), db.Client, f); err != nil {
					t.Fatal(err)
				}
				check(t, db.Client, f, w.nodes, w.edges)
			})
		})
	}
}

// TestAnotherProcessesWritesAreSeen writes through a second store on the
// same database, as another server (or `rapport import` on the same
// SQLite file) would: the first store's next query must see the write.
func TestAnotherProcessesWritesAreSeen(t *testing.T) {
	for _, s := range storetest.Stores {
		t.Run(string(s), func(t *testing.T) {
			url := storetest.URL(t, s)
			here, there := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			f := newFixture(t, there.Client)
			check(t, here.Client, f, before.nodes, before.edges)
			for _, w := range writes[:1] {
				if err := w.write(t.Context(), there.Client, f); err != nil {
					t.Fatal(err)
				}
				check(t, here.Client, f, w.nodes, w.edges)
			}
			// And in a transaction, as a GraphQL mutation or an import writes.
			tx, err := there.Client.Tx(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			ctx := ent.NewTxContext(t.Context(), tx)
			tx.Client().Contact.UpdateOne(f.b1).SetName("b1 renamed").ExecX(ctx)
			tx.Client().Coverage.Create().SetTeamMember(f.t1).SetContact(f.a2).SetStrength(2).ExecX(ctx)
			check(t, here.Client, f, writes[0].nodes, writes[0].edges) // not committed yet
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			check(t, here.Client, f, []string{"Acme", "Beta", "a1", "a2", "b1 renamed", "t1"},
				[]string{"a1 RELATION/ALLY a2", "a2 RELATION/FRIEND b1 renamed", "t1 COVERAGE a1", "t1 COVERAGE a2"})
		})
	}
}

// TestFeedNamesEachRowOnce: a transaction's feed entries name each row it
// wrote once (its writes repeat), with its account when it has one.
func TestFeedNamesEachRowOnce(t *testing.T) {
	tests := []struct {
		name    string
		write   func(ctx context.Context, db *store.DB, f fixture) error
		entries int64
	}{
		{"many writes in a transaction in the context (a GraphQL mutation)", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, true, func(ctx context.Context, c *ent.Client) error { return manyWrites(ctx, c, f) })
		}, manyWritesRows},
		{"many writes in a transaction not in the context (the demo loader)", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, false, func(ctx context.Context, c *ent.Client) error { return manyWrites(ctx, c, f) })
		}, manyWritesRows},
		{"a transaction that writes no graph table", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, true, func(ctx context.Context, c *ent.Client) error {
				return c.Opportunity.Create().SetName("Deal").SetAccount(f.acme).Exec(ctx)
			})
		}, 1},
		{"a transaction that rolls back", func(ctx context.Context, db *store.DB, f fixture) error {
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				return err
			}
			if err := manyWrites(ent.NewTxContext(ctx, tx), tx.Client(), f); err != nil {
				return err
			}
			return tx.Rollback()
		}, 0},
		{"three writes outside a transaction", func(ctx context.Context, db *store.DB, f fixture) error {
			for _, name := range []string{"x", "y", "z"} {
				if err := db.Client.Contact.Create().SetName(name).SetAccount(f.beta).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		}, 3 + 3}, // with their assessments
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db.Client)
				e0 := entries(t, db)
				if err := tt.write(t.Context(), db, f); err != nil {
					t.Fatal(err)
				}
				if got := entries(t, db) - e0; got != tt.entries {
					t.Errorf("%d feed entries, want %d", got, tt.entries)
				}
			})
		})
	}
}

func inTx(ctx context.Context, db *store.DB, inContext bool, fn func(context.Context, *ent.Client) error) error {
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return err
	}
	if inContext {
		ctx = ent.NewTxContext(ctx, tx)
	}
	if err := fn(ctx, tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// manyWritesRows is the number of rows manyWrites writes: 20 contacts with
// the first assessment each new contact gets, 20 relations, a coverage,
// the team member and the account (written twice).
const manyWritesRows = 20 + 20 + 20 + 1 + 1 + 1

// manyWrites touches every graph table, several times.
func manyWrites(ctx context.Context, c *ent.Client, f fixture) error {
	for i := range 20 {
		n, err := c.Contact.Create().SetName("new").SetAccount(f.beta).Save(ctx)
		if err != nil {
			return err
		}
		if err := c.ContactRelation.Create().SetFromID(f.b1.ID).SetToID(n.ID).SetKind(domain.RelationFriend).Exec(ctx); err != nil {
			return err
		}
		if i == 0 {
			if err := c.Coverage.Create().SetTeamMember(f.t1).SetContact(n).Exec(ctx); err != nil {
				return err
			}
		}
	}
	if err := c.TeamMember.UpdateOne(f.t1).SetName("t1").Exec(ctx); err != nil {
		return err
	}
	if err := c.Account.UpdateOne(f.beta).SetName("Beta").Exec(ctx); err != nil {
		return err
	}
	return c.Account.UpdateOne(f.beta).SetName("Beta").Exec(ctx)
}

// TestRollbackLeavesTheSnapshotRight: a transaction that rolls back after
// graph writes leaves no feed entry, and the graph drawn during and after
// it is the committed one.
func TestRollbackLeavesTheSnapshotRight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		check(t, db.Client, f, before.nodes, before.edges)
		e0 := entries(t, db)
		tx, err := db.Client.Tx(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		ctx := ent.NewTxContext(t.Context(), tx)
		tx.Client().ContactRelation.Create().SetFromID(f.a2.ID).SetToID(f.b1.ID).SetKind(domain.RelationFriend).ExecX(ctx)
		tx.Client().Contact.UpdateOne(f.a1).SetName("a1 renamed").ExecX(ctx)
		check(t, db.Client, f, before.nodes, before.edges)
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if e := entries(t, db); e != e0 {
			t.Errorf("feed went from %d to %d entries on rollback", e0, e)
		}
		check(t, db.Client, f, before.nodes, before.edges)
		// The next commit is seen as usual.
		db.Client.Contact.UpdateOne(f.a1).SetName("a1 renamed").ExecX(t.Context())
		check(t, db.Client, f, []string{"Acme", "a1 renamed", "a2", "t1"},
			[]string{"a1 renamed RELATION/ALLY a2", "t1 COVERAGE a1 renamed"})
	})
}

// TestWritersDoNotWaitForEachOther: on PostgreSQL, a long transaction with
// graph writes holds no row that another process's write needs (the feed
// is appended to, not updated), so that write does not wait for it. (On
// SQLite a writing transaction holds the database's one write lock anyway.)
func TestWritersDoNotWaitForEachOther(t *testing.T) {
	url := storetest.URL(t, storetest.Postgres)
	here, there := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
	f := newFixture(t, here.Client)
	tx, err := here.Client.Tx(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	ctx := ent.NewTxContext(t.Context(), tx)
	tx.Client().Contact.Create().SetName("pending").SetAccount(f.acme).ExecX(ctx)

	quick, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if err := inTx(quick, there, true, func(ctx context.Context, c *ent.Client) error {
		return c.Contact.UpdateOne(f.b1).SetName("b1 elsewhere").Exec(ctx)
	}); err != nil {
		t.Fatalf("a write elsewhere waited for the open transaction: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentRequestsShareOneRead: requests after a write share one
// read of the changed rows; with nothing new each costs one statement at
// most, and a write costs re-reading its rows, never a reload.
func TestConcurrentRequestsShareOneRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		check(t, db.Client, f, before.nodes, before.edges)
		db.Client.Contact.UpdateOne(f.a1).SetName("a1 renamed").ExecX(t.Context())
		const requests = 8
		acquire := func() int64 {
			start := db.Counter.Load()
			var wg sync.WaitGroup
			for range requests {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := memgraph.Acquire(t.Context(), db.Client); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			return db.Counter.Load() - start
		}
		// At most one look at the feed per request, and one read of the
		// change: the feed again and the contact (a reload reads six
		// tables).
		if got, most := acquire(), int64(requests+2); got > most {
			t.Errorf("%d statements for %d requests after a write, want at most %d", got, requests, most)
		}
		if got := acquire(); got > requests {
			t.Errorf("%d statements for %d requests with nothing new, want at most %d", got, requests, requests)
		}
	})
}

// TestRestoreUnderARunningServer: a PostgreSQL restore puts an old epoch
// back under servers that hold newer snapshots; after it, a write must not
// bring the epoch back to a number a server holds a snapshot of another
// state under.
func TestRestoreUnderARunningServer(t *testing.T) {
	base := storetest.PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		storetest.Open(t, storetest.Postgres) // fails in CI, skips elsewhere, with the reason
		t.Fatalf("PostgreSQL: %v", err)
	}
	defer admin.Close()
	name := fmt.Sprintf("rapport_restore_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, _ := url.Parse(base)
	u.Path = "/" + name
	dbURL := u.String()
	here, there := storetest.OpenURL(t, dbURL), storetest.OpenURL(t, dbURL)
	f := newFixture(t, there.Client)
	file := filepath.Join(t.TempDir(), "backup.dump")
	if err := store.Backup(t.Context(), dbURL, file); err != nil {
		t.Fatal(err)
	}
	there.Client.Contact.UpdateOne(f.a2).SetName("a2 after the backup").ExecX(t.Context())
	check(t, here.Client, f, []string{"Acme", "a1", "a2 after the backup", "t1"},
		[]string{"a1 RELATION/ALLY a2 after the backup", "t1 COVERAGE a1"})
	if err := store.Restore(t.Context(), dbURL, file); err != nil {
		t.Fatal(err)
	}
	there.Client.Contact.UpdateOne(f.a1).SetName("a1 after the restore").ExecX(t.Context())
	check(t, here.Client, f, []string{"Acme", "a1 after the restore", "a2", "t1"},
		[]string{"a1 after the restore RELATION/ALLY a2", "t1 COVERAGE a1 after the restore"})
}

// TestFollowedSnapshotEqualsAFreshLoad makes random changes of every kind
// a graph table sees (creates, moves between accounts and managers, edge
// changes written at the far end, cleared edges, deletes with their
// cascades, two servers writing) and compares, after each round, the
// snapshot the server followed the feed to with a fresh load.
func TestFollowedSnapshotEqualsAFreshLoad(t *testing.T) {
	for _, s := range storetest.Stores {
		t.Run(string(s), func(t *testing.T) {
			url := storetest.URL(t, s)
			here, there := storetest.OpenURL(t, url), storetest.OpenURL(t, url)
			ctx := t.Context()
			rng := rand.New(rand.NewPCG(1, uint64(len(s))))
			w := &randomWriter{rng: rng}
			w.seed(t, here.Client)
			ix := memgraph.For(here.Client)
			if _, err := ix.Snapshot(ctx); err != nil {
				t.Fatal(err)
			}
			for round := range 25 {
				for range 1 + rng.IntN(8) {
					c := here.Client
					if rng.IntN(3) == 0 {
						c = there.Client
					}
					// A random pair may already be covered or related.
					// A role at the contact's home or a second one at an account
					// is refused (issue 16 point 7).
					if err := w.step(ctx, c); err != nil && !ent.IsConstraintError(err) && !refused(err) {
						t.Fatalf("round %d: %v", round, err)
					}
					w.refresh(t, here.Client)
				}
				followed, err := ix.Snapshot(ctx)
				if err != nil {
					t.Fatal(err)
				}
				fresh, err := memgraph.Load(ctx, here.Client)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := memgraph.Dump(followed), memgraph.Dump(fresh); got != want {
					t.Fatalf("round %d (after %v): followed snapshot differs from a fresh load:\n%s", round, w.log[max(0, len(w.log)-8):], diffLines(got, want))
				}
			}
			if len(w.log) < 50 {
				t.Fatalf("only %d changes made", len(w.log))
			}
		})
	}
}

func diffLines(got, want string) string {
	g, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	seen := map[string]bool{}
	for _, l := range wl {
		seen[l] = true
	}
	for _, l := range g {
		if !seen[l] {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	seen = map[string]bool{}
	for _, l := range g {
		seen[l] = true
	}
	for _, l := range wl {
		if !seen[l] {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	return b.String()
}

// randomWriter makes random changes through ent, as the API does.
type randomWriter struct {
	rng                                     *rand.Rand
	accounts, contacts, relations, coverage []int
	members, roles                          []int
	log                                     []string
}

func (w *randomWriter) pick(ids []int) int { return ids[w.rng.IntN(len(ids))] }

func (w *randomWriter) seed(t *testing.T, c *ent.Client) {
	ctx := t.Context()
	for i := range 4 {
		a := c.Account.Create().SetName(fmt.Sprintf("A%d", i)).SaveX(ctx)
		w.accounts = append(w.accounts, a.ID)
	}
	for i := range 3 {
		m := c.TeamMember.Create().SetName(fmt.Sprintf("T%d", i)).SetEmail(fmt.Sprintf("t%d@us.example", i)).SaveX(ctx)
		w.members = append(w.members, m.ID)
	}
	for i := range 12 {
		n := c.Contact.Create().SetName(fmt.Sprintf("C%d", i)).SetAccountID(w.pick(w.accounts)).SaveX(ctx)
		w.contacts = append(w.contacts, n.ID)
	}
}

// refresh reads the IDs that exist: deletes cascade.
func (w *randomWriter) refresh(t *testing.T, c *ent.Client) {
	ctx := t.Context()
	w.accounts = c.Account.Query().IDsX(ctx)
	w.contacts = c.Contact.Query().IDsX(ctx)
	w.relations = c.ContactRelation.Query().IDsX(ctx)
	w.coverage = c.Coverage.Query().IDsX(ctx)
	w.members = c.TeamMember.Query().IDsX(ctx)
	w.roles = c.ContactRole.Query().IDsX(ctx)
}

// refused reports an input the store's rules refuse (CONFLICT, BAD_USER_INPUT).
func refused(err error) bool {
	e, ok := apperr.As(err)
	return ok && (e.Code == apperr.Conflict || e.Code == apperr.BadUserInput)
}

func remove(ids []int, id int) []int {
	return slices.DeleteFunc(ids, func(n int) bool { return n == id })
}

func (w *randomWriter) step(ctx context.Context, c *ent.Client) error {
	kinds := []domain.RelationKind{domain.RelationAlly, domain.RelationFriend, domain.RelationRival}
	op := w.rng.IntN(19)
	w.log = append(w.log, fmt.Sprint(op))
	switch op {
	case 0: // a new account, maybe a subsidiary
		q := c.Account.Create().SetName(fmt.Sprintf("A%d", len(w.accounts)))
		if w.rng.IntN(2) == 0 {
			q.SetParentID(w.pick(w.accounts))
		}
		a, err := q.Save(ctx)
		if err == nil {
			w.accounts = append(w.accounts, a.ID)
		}
		return err
	case 1: // subsidiaries set from the parent's side (rows written at the far end)
		p, s := w.pick(w.accounts), w.pick(w.accounts)
		if p == s {
			return nil
		}
		return c.Account.UpdateOneID(p).AddSubsidiaryIDs(s).Exec(ctx)
	case 2: // a new contact with a manager, in a transaction with a relation to them
		return inTxClient(ctx, c, func(ctx context.Context, c *ent.Client) error {
			m := w.pick(w.contacts)
			n, err := c.Contact.Create().SetName(fmt.Sprintf("C%d", len(w.contacts))).SetTitle("Head").
				SetAccountID(w.pick(w.accounts)).SetReportsToID(m).Save(ctx)
			if err != nil {
				return err
			}
			r, err := c.ContactRelation.Create().SetFromID(n.ID).SetToID(m).SetKind(domain.RelationAlly).Save(ctx)
			if err != nil {
				return err
			}
			w.contacts, w.relations = append(w.contacts, n.ID), append(w.relations, r.ID)
			return nil
		})
	case 3, 4: // a relation
		a, b := w.pick(w.contacts), w.pick(w.contacts)
		if a == b {
			return nil
		}
		r, err := c.ContactRelation.Create().SetFromID(a).SetToID(b).SetKind(kinds[w.rng.IntN(len(kinds))]).
			SetStrength(1 + w.rng.IntN(3)).Save(ctx)
		if err == nil {
			w.relations = append(w.relations, r.ID)
		}
		return err
	case 5: // change or end a relation
		if len(w.relations) == 0 {
			return nil
		}
		u := c.ContactRelation.UpdateOneID(w.pick(w.relations)).SetStrength(1 + w.rng.IntN(3))
		if w.rng.IntN(2) == 0 {
			u.SetValidFrom(time.Now().Add(-time.Hour)).SetValidTo(time.Now().Add(-time.Minute))
		}
		return u.Exec(ctx)
	case 6: // move a contact to another account and manager
		u := c.Contact.UpdateOneID(w.pick(w.contacts)).SetAccountID(w.pick(w.accounts)).SetDepartment("Moved")
		if w.rng.IntN(2) == 0 {
			u.ClearReportsTo()
		}
		return u.Exec(ctx)
	case 7: // reports set and cleared from the manager's side
		m, r := w.pick(w.contacts), w.pick(w.contacts)
		if m == r {
			return nil
		}
		if w.rng.IntN(2) == 0 {
			return c.Contact.UpdateOneID(m).AddReportIDs(r).Exec(ctx)
		}
		return c.Contact.UpdateOneID(m).ClearReports().Exec(ctx)
	case 8, 9: // coverage
		cv, err := c.Coverage.Create().SetTeamMemberID(w.pick(w.members)).SetContactID(w.pick(w.contacts)).
			SetStrength(w.rng.IntN(5)).Save(ctx)
		if err == nil {
			w.coverage = append(w.coverage, cv.ID)
		}
		return err
	case 10: // a team member comes and goes
		if w.rng.IntN(2) == 0 {
			m, err := c.TeamMember.Create().SetName("New").SetEmail(fmt.Sprintf("n%d@us.example", w.rng.Int())).Save(ctx)
			if err == nil {
				w.members = append(w.members, m.ID)
			}
			return err
		}
		return c.TeamMember.UpdateOneID(w.pick(w.members)).SetActive(w.rng.IntN(2) == 0).Exec(ctx)
	case 11: // delete a contact with everything hanging off it
		if len(w.contacts) < 6 {
			return nil
		}
		id := w.pick(w.contacts)
		if _, err := records.DeleteContact(ctx, c, id, true); err != nil {
			return err
		}
		w.contacts = remove(w.contacts, id)
		return nil
	case 12: // delete an account with its contacts
		if len(w.accounts) < 4 {
			return nil
		}
		id := w.pick(w.accounts)
		gone, err := c.Contact.Query().Where(contact.AccountID(id)).IDs(ctx)
		if err != nil {
			return err
		}
		if _, err := records.DeleteAccount(ctx, c, id, true); err != nil {
			return err
		}
		w.accounts = remove(w.accounts, id)
		for _, g := range gone {
			w.contacts = remove(w.contacts, g)
		}
		return nil
	case 13: // delete a team member (their coverage goes with them)
		if len(w.members) < 3 {
			return nil
		}
		id := w.pick(w.members)
		if _, err := records.DeleteTeamMember(ctx, c, id); err != nil {
			return err
		}
		w.members = remove(w.members, id)
		return nil
	case 14: // a bulk update of several relations
		return c.ContactRelation.Update().Where(contactrelation.StrengthEQ(1)).SetStrength(2).Exec(ctx)
	case 16, 17: // a contact's role at another account (issue 16 point 7)
		r, err := c.ContactRole.Create().SetContactID(w.pick(w.contacts)).SetAccountID(w.pick(w.accounts)).
			SetTitle(fmt.Sprintf("Board %d", w.rng.IntN(3))).SetDecisionRole(domain.RoleDecisionMaker).Save(ctx)
		if err == nil {
			w.roles = append(w.roles, r.ID)
		}
		return err
	case 18: // change or end a role
		if len(w.roles) == 0 {
			return nil
		}
		id := w.pick(w.roles)
		if w.rng.IntN(2) == 0 {
			return c.ContactRole.UpdateOneID(id).SetTitle("Chair").SetInfluence(1 + w.rng.IntN(5)).Exec(ctx)
		}
		w.roles = remove(w.roles, id)
		return c.ContactRole.DeleteOneID(id).Exec(ctx)
	default: // rename a contact: no adjacency changes
		return c.Contact.UpdateOneID(w.pick(w.contacts)).SetName(fmt.Sprintf("R%d", w.rng.IntN(1000))).Exec(ctx)
	}
}

func inTxClient(ctx context.Context, c *ent.Client, fn func(context.Context, *ent.Client) error) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	if err := fn(ent.NewTxContext(ctx, tx), tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
