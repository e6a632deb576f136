// Package auth says who is asking and what they may see and change: users
// signed in with a password and a session cookie, API tokens for BI tools
// and integrators, roles (viewer, editor, admin) and account teams. The
// rules are enforced in the data layer (ent interceptors and hooks, see
// Install), so that every query path, nested edges and counts included,
// sees only what the viewer may see.
package auth

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/teammember"
	"rapport/internal/domain"
)

// Role is what a viewer may do.
type Role = domain.Role

// Roles, each including the one before.
const (
	RoleViewer = domain.RoleViewer
	RoleEditor = domain.RoleEditor
	RoleAdmin  = domain.RoleAdmin
)

// validRole reports whether r is a known role.
func validRole(r Role) bool { return r == RoleViewer || r == RoleEditor || r == RoleAdmin }

// Kinds of viewers, as recorded in the audit trail.
const (
	KindUser   = "USER"
	KindToken  = "TOKEN"
	KindSystem = "SYSTEM"
)

// Viewer is the identity a request acts as.
type Viewer struct {
	Kind         string
	ID           int
	Name         string
	Role         Role
	AllAccounts  bool
	TeamMemberID *int

	once     sync.Once
	loaded   atomic.Bool
	accounts map[int]bool
	list     []int
	err      error
}

// System is the identity of the server's own work (migrations, the demo
// loader, command-line tools): everything is allowed.
var System = &Viewer{Kind: KindSystem, Name: "system", Role: RoleAdmin, AllAccounts: true}

type viewerKey struct{}

// WithViewer returns ctx acting as v.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer of ctx, or nil when none was set (code
// paths inside the server that never saw a request).
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// CanWrite reports whether v may change data.
func (v *Viewer) CanWrite() bool { return v.Role == RoleEditor || v.Role == RoleAdmin }

// IsAdmin reports whether v may manage users, tokens and read the audit.
func (v *Viewer) IsAdmin() bool { return v.Role == RoleAdmin }

// Scoped reports whether v sees only their teams' accounts.
func (v *Viewer) Scoped() bool { return !v.AllAccounts && v.Role != RoleAdmin }

// AccountIDs returns the accounts a scoped viewer may see: those on whose
// team their team member is, and all their subsidiaries. Computed once per
// request.
func (v *Viewer) AccountIDs(ctx context.Context, client *ent.Client) ([]int, error) {
	v.once.Do(func() {
		v.accounts = map[int]bool{}
		if v.TeamMemberID == nil {
			return
		}
		sys := WithViewer(ctx, System)
		ids, err := client.TeamMember.Query().Where(teammember.ID(*v.TeamMemberID)).QueryAccounts().IDs(sys)
		if err != nil {
			v.err = fmt.Errorf("load team accounts: %w", err)
			return
		}
		// Walk down the hierarchy one level per query.
		for frontier := ids; len(frontier) > 0; {
			var next []int
			for _, id := range frontier {
				if !v.accounts[id] {
					v.accounts[id] = true
					v.list = append(v.list, id)
					next = append(next, id)
				}
			}
			if len(next) == 0 {
				break
			}
			frontier, err = client.Account.Query().Where(account.ParentIDIn(next...)).IDs(sys)
			if err != nil {
				v.err = fmt.Errorf("load subsidiaries: %w", err)
				return
			}
		}
		v.loaded.Store(v.err == nil)
	})
	return v.list, v.err
}

// LoadedAccountIDs returns the account list AccountIDs computed, and false
// while it has not (or failed). The SQL predicates of the scope read it:
// they cannot query, so the interceptors and hooks that run before them
// load it.
func (v *Viewer) LoadedAccountIDs() ([]int, bool) {
	if !v.loaded.Load() {
		return nil, false
	}
	return v.list, true
}

// SeesLoadedAccount reports whether account id is among the loaded ones.
func (v *Viewer) SeesLoadedAccount(id int) bool {
	return v.loaded.Load() && v.accounts[id]
}

// CanSeeAccount reports whether v may see account id.
func (v *Viewer) CanSeeAccount(ctx context.Context, client *ent.Client, id int) (bool, error) {
	if !v.Scoped() {
		return true, nil
	}
	if _, err := v.AccountIDs(ctx, client); err != nil {
		return false, err
	}
	return v.accounts[id], nil
}
