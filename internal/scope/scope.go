// Package scope confines every read and write to the viewer's account
// teams, in the data layer and by construction: one rule per table
// (rules.go), applied by one query interceptor to every query, traversal,
// eager load and count; by the generated edge predicates to every filter
// that crosses an edge, at any depth (ent/template/scope.tmpl); and by one
// mutation hook to every write, every edge it sets, adds, removes or clears
// and every bulk update or delete a cascade runs. A row the viewer may not
// read answers exactly as a row that does not exist.
package scope

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/intercept"
	entpredicate "rapport/ent/predicate"
	"rapport/internal/auth"
)

// Install confines client's reads and writes. dialect is the store's SQL
// dialect. The hooks in between run after the viewer's account list is
// loaded and before the scope's write checks: the store's reference check,
// so that a reference to a row the writer may not read gets the very
// answer a reference to a missing row gets. It fails when a table of the
// schema has no rule.
func Install(client *ent.Client, dialect string, between ...ent.Hook) error {
	if err := checkRules(); err != nil {
		return err
	}
	entpredicate.Scope = edgeScope
	s := &scoper{client: client, dialect: dialect}
	installed.Store(client, s)
	client.Intercept(s)
	client.Use(s.loadHook)
	client.Use(between...)
	client.Use(s.hook)
	return nil
}

// loadHook loads a scoped writer's account list, which the predicates of
// every later hook read.
func (s *scoper) loadHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if err := s.load(ctx, auth.FromContext(ctx)); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// edgeScope is the generated edge predicates' hook: the read predicate of
// the table at an edge's far end.
func edgeScope(ctx context.Context, table string) func(*sql.Selector) {
	return predicate(auth.FromContext(ctx), table, false)
}

// Read returns the predicate that narrows table to the rows the context's
// viewer may read, or nil. Hand-written SQL that reads a node table applies
// it (see internal/store's reference check).
func Read(ctx context.Context, table string) func(*sql.Selector) {
	return predicate(auth.FromContext(ctx), table, false)
}

type scoper struct {
	client  *ent.Client
	dialect string
}

// load makes sure a scoped viewer's account list is loaded before any
// predicate needs it.
func (s *scoper) load(ctx context.Context, v *auth.Viewer) error {
	if v == nil || !v.Scoped() {
		return nil
	}
	if _, err := v.AccountIDs(ctx, s.client); err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	return nil
}

// Traverse narrows every query and traversal to what the viewer may read.
func (s *scoper) Traverse(ctx context.Context, q ent.Query) error {
	v := auth.FromContext(ctx)
	if v == nil || v.IsAdmin() {
		return nil
	}
	if err := s.load(ctx, v); err != nil {
		return err
	}
	query, err := intercept.NewQuery(q)
	if err != nil {
		return err
	}
	table, ok := ent.NodeTables[query.Type()]
	if !ok {
		return fmt.Errorf("scope: no table for %s", query.Type())
	}
	if p := predicate(v, table, false); p != nil {
		query.WhereP(p)
	}
	return nil
}

// Intercept clears, in what a query returns, the optional edge fields
// (parentID, reportsToID) that name a row the viewer may not read: the
// edge itself is already empty for them.
func (s *scoper) Intercept(next ent.Querier) ent.Querier {
	return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
		v, err := next.Query(ctx, q)
		if err != nil {
			return v, err
		}
		return v, s.redact(ctx, v)
	})
}

// redact clears the optional references of v to rows the viewer may not read.
func (s *scoper) redact(ctx context.Context, v ent.Value) error {
	viewer := auth.FromContext(ctx)
	if viewer == nil || viewer.IsAdmin() {
		return nil
	}
	refs := ent.OptionalRefs(v)
	if len(refs) == 0 {
		return nil
	}
	byTable := map[string][]int{}
	for _, r := range refs {
		byTable[r.Table] = append(byTable[r.Table], **r.Ref)
	}
	visible := map[string]map[int]bool{}
	for table, ids := range byTable {
		if predicate(viewer, table, false) == nil {
			continue // the viewer reads the whole table
		}
		seen, err := s.visible(ctx, viewer, table, ids, false)
		if err != nil {
			return err
		}
		visible[table] = seen
	}
	for _, r := range refs {
		if seen, narrowed := visible[r.Table]; narrowed && !seen[**r.Ref] {
			*r.Ref = nil
		}
	}
	return nil
}

// chunk bounds the IN lists of the visibility checks.
const chunk = 500

// visible returns which of ids in table the viewer may read (or, with
// write, change). Accounts are answered from the loaded list; other tables
// with one statement per 500 IDs, in the context's transaction when there
// is one, so rows written earlier in it count.
func (s *scoper) visible(ctx context.Context, v *auth.Viewer, table string, ids []int, write bool) (map[int]bool, error) {
	seen := make(map[int]bool, len(ids))
	p := predicate(v, table, write)
	if p == nil {
		for _, id := range ids {
			seen[id] = true
		}
		return seen, nil
	}
	if table == "accounts" && !write && v.Scoped() {
		if err := s.load(ctx, v); err != nil {
			return nil, err
		}
		for _, id := range ids {
			seen[id] = v.SeesLoadedAccount(id)
		}
		return seen, nil
	}
	if err := s.load(ctx, v); err != nil {
		return nil, err
	}
	client := s.client
	if tx := ent.TxFromContext(ctx); tx != nil {
		client = tx.Client()
	}
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		sel := sql.Dialect(s.dialect).Select("id").From(sql.Table(table))
		sel.Where(sql.In(sel.C("id"), args...))
		p(sel)
		query, qargs := sel.Query()
		if err := sel.Err(); err != nil {
			return nil, err
		}
		rows, err := client.QueryContext(ctx, query, qargs...)
		if err != nil {
			return nil, fmt.Errorf("scope: check %s: %w", table, err)
		}
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scope: check %s: %w", table, err)
			}
			seen[id] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("scope: check %s: %w", table, err)
		}
	}
	return seen, nil
}

// Visible reports which of ids of table the context's viewer may read;
// for the live events and the tests.
func Visible(ctx context.Context, client *ent.Client, dialect, table string, ids []int) (map[int]bool, error) {
	s := &scoper{client: client, dialect: dialect}
	return s.visible(ctx, auth.FromContext(ctx), table, ids, false)
}
