package memgraph

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/internal/auth"
)

// View is a snapshot as one viewer may see it. The snapshot bypasses ent,
// and so the access rules ent's interceptors apply (auth.Install); the
// view applies the same ones: a scoped viewer sees the contacts of their
// accounts (and those holding a role at one), the roles at their accounts, a relation only when both ends are visible, the coverage of
// visible contacts, and every team member.
type View struct {
	*Snapshot
	accounts []bool // visible accounts by position; nil: all of them
}

// Acquire returns the graph as the request's viewer sees it, as of the
// database's current epoch. A transaction's client has no index: its own
// uncommitted writes must show, so it gets a snapshot of its own, loaded
// through the transaction (slow, but only a mutation asking for a graph in
// its payload pays it).
func Acquire(ctx context.Context, client *ent.Client) (*View, error) {
	var (
		s   *Snapshot
		err error
	)
	if ix := For(client); ix != nil {
		s, err = ix.Snapshot(ctx)
	} else {
		s, err = Load(ctx, client)
	}
	if err != nil {
		return nil, fmt.Errorf("graph snapshot: %w", err)
	}
	v := &View{Snapshot: s}
	if viewer := auth.FromContext(ctx); viewer != nil && viewer.Scoped() {
		ids, err := viewer.AccountIDs(ctx, client)
		if err != nil {
			return nil, err
		}
		v.accounts = make([]bool, s.NumAccounts())
		for _, id := range ids {
			if p, ok := s.Account(id); ok {
				v.accounts[p] = true
			}
		}
	}
	return v, nil
}

// SeesAccount reports whether account a is visible.
func (v *View) SeesAccount(a int32) bool { return v.accounts == nil || (a != None && v.accounts[a]) }

// SeesContact reports whether contact c is visible: their home account
// is, or an account where they hold a role (issue 16 point 7).
func (v *View) SeesContact(c int32) bool {
	if v.SeesAccount(v.ContactAt(c).Account) {
		return true
	}
	for _, r := range v.RolesOf(c) {
		if v.SeesAccount(v.RoleAt(r).Account) {
			return true
		}
	}
	return false
}

// SeesRelation reports whether relation r is visible: both its ends are.
func (v *View) SeesRelation(r int32) bool {
	rel := v.RelationAt(r)
	return v.SeesContact(rel.From) && v.SeesContact(rel.To)
}

// SeesRole reports whether role r is visible: its account is.
func (v *View) SeesRole(r int32) bool { return v.SeesAccount(v.RoleAt(r).Account) }

// FindAccount returns the position of account id if it exists and is
// visible.
func (v *View) FindAccount(id int) (int32, bool) {
	p, ok := v.Account(id)
	return p, ok && v.SeesAccount(p)
}

// FindContact returns the position of contact id if it exists and is
// visible.
func (v *View) FindContact(id int) (int32, bool) {
	p, ok := v.Contact(id)
	return p, ok && v.SeesContact(p)
}
