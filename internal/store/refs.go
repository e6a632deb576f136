package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/internal/apperr"
	"rapport/internal/chunk"
	"rapport/internal/gid"
	"rapport/internal/scope"
)

// edgeTarget maps "Type.edge" to the node type the edge points at, from the
// edge metadata generated with ent (ent/scope_meta.go), so that it covers a
// new edge without a line here.
var edgeTarget = func() map[string]edgeInfo {
	m := make(map[string]edgeInfo, len(ent.Edges))
	for _, e := range ent.Edges {
		m[e.Type+"."+e.Name] = edgeInfo{target: e.Target, unique: e.Unique}
	}
	return m
}()

type edgeInfo struct {
	target string
	unique bool
}

// tables maps node types to their tables.
var tables = ent.NodeTables

// checkRefs rejects a mutation that points an edge at an ID of the wrong
// type (BAD_USER_INPUT) or at a row that does not exist (NOT_FOUND), naming
// the input field, before the database answers with an anonymous
// foreign-key error.
func checkRefs(dia string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return refChecker{next: next, dialect: dia}
	}
}

type refChecker struct {
	next    ent.Mutator
	dialect string
}

func (r refChecker) Mutate(ctx context.Context, m ent.Mutation) (ent.Value, error) {
	if scope.ServerWritten(m.Type()) {
		return r.next.Mutate(ctx, m) // its references come from the server itself
	}
	if err := r.check(ctx, m, m.AddedEdges(), m.AddedIDs, ""); err != nil {
		return nil, err
	}
	if err := r.check(ctx, m, m.RemovedEdges(), m.RemovedIDs, "remove"); err != nil {
		return nil, err
	}
	v, err := r.next.Mutate(ctx, m)
	if err == nil && m.Op().Is(ent.OpCreate) {
		if id, ok := m.(interface{ ID() (int, bool) }); ok {
			if n, exists := id.ID(); exists {
				knownIn(ctx).add([]int{n})
			}
		}
	}
	return v, err
}

// check checks the IDs of the named edges. A row the viewer may not read
// is answered exactly as a row that does not exist: the existence check
// reads through the viewer's scope.
func (r refChecker) check(ctx context.Context, m ent.Mutation, names []string, idsOf func(string) []ent.Value, prefix string) error {
	for _, name := range names {
		info, ok := edgeTarget[m.Type()+"."+name]
		if !ok {
			continue
		}
		ids := idsOf(name)
		if len(ids) == 0 {
			continue
		}
		field := inputField(name, info.unique)
		if prefix != "" {
			field = prefix + strings.ToUpper(field[:1]) + field[1:]
		}
		want := make([]int, 0, len(ids))
		for _, v := range ids {
			id, _ := v.(int)
			if got := gid.TypeOf(id); got != info.target {
				if got == "" {
					got = "unknown type"
				}
				return apperr.Invalid(field, "ID %s is a %s, not a %s", gid.Encode(id), got, info.target)
			}
			want = append(want, id)
		}
		known := knownIn(ctx)
		if missing := known.filter(want); len(missing) > 0 {
			if err := r.checkExist(ctx, m, info.target, field, missing); err != nil {
				return err
			}
			known.add(missing)
		}
	}
	return nil
}

// knownIDs remembers, per transaction, the rows already checked or created
// in it, so that an import of ten thousand contacts of one account checks
// that account once, not ten thousand times. Rows cannot disappear from
// under a transaction that holds the write lock (SQLite) or has seen them
// (the foreign keys still guard PostgreSQL).
type knownIDs struct {
	mu  sync.Mutex
	ids map[int]bool
}

var knownByTx sync.Map // *ent.Tx -> *knownIDs

// knownIn returns the transaction's set, or an empty one outside a
// transaction (nothing is remembered there).
func knownIn(ctx context.Context) *knownIDs {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return &knownIDs{ids: map[int]bool{}}
	}
	if k, ok := knownByTx.Load(tx); ok {
		return k.(*knownIDs)
	}
	k, loaded := knownByTx.LoadOrStore(tx, &knownIDs{ids: map[int]bool{}})
	if !loaded {
		forget := func() { knownByTx.Delete(tx) }
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error { forget(); return next.Commit(ctx, t) })
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error { forget(); return next.Rollback(ctx, t) })
		})
	}
	return k.(*knownIDs)
}

// KnownToExist tells the reference check that the rows ids exist: a bulk
// writer that has just read them in its transaction (the import's batched
// lookups) spares the check a statement for each row it refers to, which
// for 10,000 contacts spread over 2,000 accounts was 2,000 statements.
// Outside a transaction it does nothing.
func KnownToExist(ctx context.Context, ids []int) {
	if ent.TxFromContext(ctx) == nil {
		return
	}
	knownIn(ctx).add(ids)
}

func (k *knownIDs) filter(ids []int) []int {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []int
	for _, id := range ids {
		if !k.ids[id] {
			out = append(out, id)
		}
	}
	return out
}

func (k *knownIDs) add(ids []int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, id := range ids {
		k.ids[id] = true
	}
}

func (r refChecker) checkExist(ctx context.Context, m ent.Mutation, typ, field string, ids []int) error {
	c, ok := m.(interface{ Client() *ent.Client })
	if !ok {
		return nil
	}
	client := c.Client()
	found := map[int]bool{}
	// In parts: one mutation may refer to more rows than an IN list takes.
	for _, part := range chunk.IDs(ids, chunk.Size) {
		if err := r.findExisting(ctx, client, typ, part, found); err != nil {
			return fmt.Errorf("check %s references: %w", field, err)
		}
	}
	for _, id := range ids {
		if !found[id] {
			return apperr.New(apperr.NotFound, field, "no %s with ID %s", typ, gid.Encode(id))
		}
	}
	return nil
}

// findExisting marks in found those of ids that are rows of typ the
// viewer may read.
func (r refChecker) findExisting(ctx context.Context, client *ent.Client, typ string, ids []int, found map[int]bool) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	b := sql.Dialect(r.dialect).Select("id").From(sql.Table(tables[typ]))
	b.Where(sql.In(b.C("id"), args...))
	if p := scope.Read(ctx, tables[typ]); p != nil {
		p(b)
	}
	query, qargs := b.Query()
	if err := b.Err(); err != nil {
		return err
	}
	rows, err := client.QueryContext(ctx, query, qargs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		found[id] = true
	}
	return rows.Err()
}

// inputField spells an edge the way the generated inputs do: accountID for
// a unique edge, contactIDs for a list.
func inputField(edge string, unique bool) string {
	name := apperr.FieldName(edge)
	if unique {
		return name + "ID"
	}
	switch {
	case strings.HasSuffix(name, "ies"):
		name = strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "s"):
		name = strings.TrimSuffix(name, "s")
	}
	return name + "IDs"
}
