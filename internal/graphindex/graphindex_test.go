package graphindex_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"rapport/ent"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/graphalgo"
	"rapport/internal/graphindex"
	"rapport/internal/records"
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
	g, err := graphalgo.StakeholderGraph(ctx, c, f.acme.ID, graphalgo.GraphOptions{Depth: 2, MaxNodes: 100, Now: time.Now()})
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

func epoch(t *testing.T, db *store.DB) int64 {
	t.Helper()
	e, err := graphindex.ReadEpoch(t.Context(), db.Client)
	if err != nil {
		t.Fatal(err)
	}
	return e
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

func TestEpochIsBumpedOncePerTransaction(t *testing.T) {
	tests := []struct {
		name  string
		write func(ctx context.Context, db *store.DB, f fixture) error
		bumps int64
	}{
		{"many writes in a transaction in the context (a GraphQL mutation)", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, true, func(ctx context.Context, c *ent.Client) error { return manyWrites(ctx, c, f) })
		}, 1},
		{"many writes in a transaction not in the context (the demo loader)", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, false, func(ctx context.Context, c *ent.Client) error { return manyWrites(ctx, c, f) })
		}, 1},
		{"a transaction that writes no graph table", func(ctx context.Context, db *store.DB, f fixture) error {
			return inTx(ctx, db, true, func(ctx context.Context, c *ent.Client) error {
				return c.Opportunity.Create().SetName("Deal").SetAccount(f.acme).Exec(ctx)
			})
		}, 0},
		{"three writes outside a transaction", func(ctx context.Context, db *store.DB, f fixture) error {
			for _, name := range []string{"x", "y", "z"} {
				if err := db.Client.Contact.Create().SetName(name).SetAccount(f.beta).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db.Client)
				e0 := epoch(t, db)
				if err := tt.write(t.Context(), db, f); err != nil {
					t.Fatal(err)
				}
				if got := epoch(t, db) - e0; got != tt.bumps {
					t.Errorf("epoch moved by %d, want %d", got, tt.bumps)
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
	return c.Account.UpdateOne(f.beta).SetName("Beta").Exec(ctx)
}

// TestRollbackLeavesTheSnapshotRight: a transaction that rolls back after
// graph writes moves no epoch, and the graph drawn during and after it is
// the committed one.
func TestRollbackLeavesTheSnapshotRight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		check(t, db.Client, f, before.nodes, before.edges)
		e0 := epoch(t, db)
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
		if e := epoch(t, db); e != e0 {
			t.Errorf("epoch moved from %d to %d on rollback", e0, e)
		}
		check(t, db.Client, f, before.nodes, before.edges)
		// The next commit is seen as usual.
		db.Client.Contact.UpdateOne(f.a1).SetName("a1 renamed").ExecX(t.Context())
		check(t, db.Client, f, []string{"Acme", "a1 renamed", "a2", "t1"},
			[]string{"a1 renamed RELATION/ALLY a2", "t1 COVERAGE a1 renamed"})
	})
}

// TestEpochRowIsLockedOnlyAtCommit: on PostgreSQL, a long transaction with
// graph writes does not hold the epoch row, so another process's write
// (which bumps it at once) does not wait for it. (On SQLite a writing
// transaction holds the database's one write lock anyway.)
func TestEpochRowIsLockedOnlyAtCommit(t *testing.T) {
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
	if err := there.Client.Contact.UpdateOne(f.b1).SetName("b1 elsewhere").Exec(quick); err != nil {
		t.Fatalf("a write elsewhere waited for the open transaction: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentRequestsShareOneLoad: requests that find the snapshot
// stale after a write wait for one load between them.
func TestConcurrentRequestsShareOneLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		check(t, db.Client, f, before.nodes, before.edges)
		db.Client.Contact.UpdateOne(f.a1).SetName("a1 renamed").ExecX(t.Context())
		const requests = 8
		start := db.Counter.Load()
		var wg sync.WaitGroup
		for range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := graphindex.Acquire(t.Context(), db.Client); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		// Each request reads the epoch; one load reads it again and the
		// five tables.
		if got, want := db.Counter.Load()-start, int64(requests+6); got != want {
			t.Errorf("%d statements for %d requests, want %d (one load)", got, requests, want)
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
