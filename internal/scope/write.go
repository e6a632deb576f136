package scope

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/internal/apperr"
	"rapport/internal/auth"
)

// edges indexes ent.Edges by "Type.edge".
var edges = func() map[string]ent.EdgeMeta {
	m := make(map[string]ent.EdgeMeta, len(ent.Edges))
	for _, e := range ent.Edges {
		m[e.Type+"."+e.Name] = e
	}
	return m
}()

// serverWritten are the types the server writes for itself, whoever asked
// (the audit trail, sessions, webhook deliveries, the change feed).
var serverWritten = map[string]bool{
	ent.TypeAuditEvent: true, ent.TypeSession: true, ent.TypeWebhookDelivery: true, ent.TypeChange: true,
	ent.TypeSignInFailure: true,
}

// ServerWritten reports whether rows of typ are written by the server for
// itself, whoever's request caused them (an editor's change queues webhook
// deliveries): no viewer's scope applies to those writes.
func ServerWritten(typ string) bool { return serverWritten[typ] }

// hook refuses writes outside the writer's scope, for every type and every
// edge, and clears the hidden references of what a write returns. Role
// checks (viewers write nothing, only admins manage users and tokens) are
// auth's; references to rows that do not exist, or that the writer may not
// read, are refused by the store's reference check with one answer for both.
func (s *scoper) hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v := auth.FromContext(ctx)
		if v == nil || v.IsAdmin() || serverWritten[m.Type()] {
			return next.Mutate(ctx, m)
		}
		if err := s.load(ctx, v); err != nil {
			return nil, err
		}
		if err := s.checkWrite(ctx, v, m); err != nil {
			return nil, err
		}
		val, err := next.Mutate(ctx, m)
		if err != nil {
			return val, err
		}
		return val, s.redact(ctx, val)
	})
}

func (s *scoper) checkWrite(ctx context.Context, v *auth.Viewer, m ent.Mutation) error {
	table, ok := ent.NodeTables[m.Type()]
	if !ok {
		return fmt.Errorf("scope: no table for %s", m.Type())
	}
	if err := s.checkRows(ctx, v, m, table); err != nil {
		return err
	}
	if col := teamOnlyParent(table); col != "" && m.Op().Is(ent.OpCreate) {
		if err := s.checkTeamParent(ctx, v, m, col); err != nil {
			return err
		}
	}
	for _, name := range m.AddedEdges() {
		if err := s.checkEdge(ctx, v, m.Type(), name, intIDs(m.AddedIDs(name))); err != nil {
			return err
		}
	}
	for _, name := range m.RemovedEdges() {
		if err := s.checkEdge(ctx, v, m.Type(), name, intIDs(m.RemovedIDs(name))); err != nil {
			return err
		}
	}
	for _, name := range m.ClearedEdges() {
		if err := s.checkCleared(ctx, v, m, name); err != nil {
			return err
		}
	}
	return nil
}

// checkRows checks the rows an update or delete changes: one row the
// viewer may not read is answered as a missing one; one they may read but
// not change is FORBIDDEN; a bulk change (a cascade) that would reach rows
// outside the scope is refused whole.
func (s *scoper) checkRows(ctx context.Context, v *auth.Viewer, m ent.Mutation, table string) error {
	switch {
	case m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne):
		idm, ok := m.(interface{ ID() (int, bool) })
		if !ok {
			return nil
		}
		id, exists := idm.ID()
		if !exists {
			return nil
		}
		readable, err := s.visible(ctx, v, table, []int{id}, false)
		if err != nil {
			return err
		}
		if !readable[id] {
			return ent.NotFoundFor(m.Type())
		}
		if !hasWriteRule(table) {
			return nil
		}
		writable, err := s.visible(ctx, v, table, []int{id}, true)
		if err != nil {
			return err
		}
		if !writable[id] {
			return apperr.New(apperr.Forbidden, "id", "this %s also works on accounts outside your teams; an admin may change it", m.Type())
		}
	case m.Op().Is(ent.OpUpdate | ent.OpDelete):
		idm, ok := m.(interface {
			IDs(context.Context) ([]int, error)
		})
		if !ok {
			return nil
		}
		all, err := idm.IDs(auth.WithViewer(ctx, auth.System))
		if err != nil {
			return fmt.Errorf("scope: rows of %s: %w", m.Type(), err)
		}
		if len(all) == 0 {
			return nil
		}
		writable, err := s.visible(ctx, v, table, all, true)
		if err != nil {
			return err
		}
		for _, id := range all {
			if !writable[id] {
				return apperr.New(apperr.Forbidden, "", "this change would also change %s records outside your accounts; an admin may make it", m.Type())
			}
		}
	}
	return nil
}

// checkEdge checks the rows an edge is set to, added to or removed from.
// Whether they exist and may be read is the reference check's (one answer
// for both); here, an edge that changes the rows at its far end (a join
// table, or a foreign key held there) needs those rows to be writable.
func (s *scoper) checkEdge(ctx context.Context, v *auth.Viewer, typ, name string, targets []int) error {
	e, ok := edges[typ+"."+name]
	if !ok || len(targets) == 0 || e.OwnFK {
		return nil
	}
	readable, err := s.visible(ctx, v, e.Table, targets, false)
	if err != nil {
		return err
	}
	writable := readable
	if hasWriteRule(e.Table) && !rules[e.Table].linkByRead {
		if writable, err = s.visible(ctx, v, e.Table, targets, true); err != nil {
			return err
		}
	}
	for _, id := range targets {
		if !readable[id] {
			return ent.NotFoundFor(e.Target)
		}
		if !writable[id] {
			return apperr.New(apperr.Forbidden, apperr.FieldName(name), "this %s also works on accounts outside your teams; an admin may change it", e.Target)
		}
	}
	return nil
}

// checkCleared refuses to clear a list edge of a row that reaches rows the
// viewer may not read or change: clearing it would change them too. A
// unique edge held by the row itself (reportsTo, parent) changes that row
// only.
func (s *scoper) checkCleared(ctx context.Context, v *auth.Viewer, m ent.Mutation, name string) error {
	e, ok := edges[m.Type()+"."+name]
	if !ok || (e.Unique && e.OwnFK) {
		return nil
	}
	idm, ok := m.(interface{ ID() (int, bool) })
	if !ok {
		return nil
	}
	id, exists := idm.ID()
	if !exists {
		return nil
	}
	client := s.client
	if tx := ent.TxFromContext(ctx); tx != nil {
		client = tx.Client()
	}
	all, err := client.EdgeNeighbors(auth.WithViewer(ctx, auth.System), m.Type(), id, name)
	if err != nil {
		return fmt.Errorf("scope: neighbors of %s.%s: %w", m.Type(), name, err)
	}
	if len(all) == 0 {
		return nil
	}
	writable, err := s.visible(ctx, v, e.Table, all, true)
	if err != nil {
		return err
	}
	for _, n := range all {
		if !writable[n] {
			return apperr.New(apperr.Forbidden, apperr.FieldName("clear_"+name),
				"clearing %s would change records outside your accounts; remove the ones you can see instead", apperr.FieldName(name))
		}
	}
	return nil
}

func intIDs(vals []ent.Value) []int {
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		if id, ok := v.(int); ok {
			out = append(out, id)
		}
	}
	return out
}

// checkTeamParent refuses a new row of a teamOnly table whose contact is
// not on the writer's teams: a viewer who reads every account may see the
// contact, but only its account team records what it needs. (A contact the
// writer may not read at all was refused before, as a missing one.)
func (s *scoper) checkTeamParent(ctx context.Context, v *auth.Viewer, m ent.Mutation, col string) error {
	val, ok := m.Field(col)
	if !ok {
		return nil // the required field's own validation answers
	}
	id, ok := val.(int)
	if !ok {
		return fmt.Errorf("scope: %s of %s is %T", col, m.Type(), val)
	}
	client := s.client
	if tx := ent.TxFromContext(ctx); tx != nil {
		client = tx.Client()
	}
	sel := sql.Dialect(s.dialect).Select("id").From(sql.Table("contacts"))
	sel.Where(sql.EQ(sel.C("id"), id))
	teamContactIn(v, "id")(sel)
	query, args := sel.Query()
	if err := sel.Err(); err != nil {
		return err
	}
	rows, err := client.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("scope: check %s of %s: %w", col, m.Type(), err)
	}
	defer rows.Close()
	found := rows.Next()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scope: check %s of %s: %w", col, m.Type(), err)
	}
	if !found {
		return apperr.New(apperr.Forbidden, apperr.FieldName(col),
			"only the contact's account team (and admins) may record their needs and interests")
	}
	return nil
}
