package graph

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/internal/auth"
	"rapport/internal/records"
	"rapport/internal/scope"
)

// What the viewer may do (viewer.graphqls): the answers come from the
// rules the write hooks apply, auth's role rule and internal/scope's row
// rules, so that a control the dashboard shows is one the API accepts.

// mayUpdate answers viewerCanUpdate for a row the viewer has read.
func (r *Resolver) mayUpdate(ctx context.Context, typ string, id int) (bool, error) {
	ok, err := scope.MayUpdate(ctx, r.client, typ, id)
	if err != nil {
		return false, fmt.Errorf("may %s %d be updated: %w", typ, id, err)
	}
	return ok, nil
}

// mayDelete answers viewerCanDelete: the role may change the type and, for
// a viewer confined to some accounts, every row the delete's cascade
// removes is one they may change (the delete hook checks each of them).
func (r *Resolver) mayDelete(ctx context.Context, typ string, id int,
	cascade func(context.Context, *ent.Client, int) ([]records.Rows, error)) (bool, error) {
	if !auth.FromContext(ctx).MayChange(typ) {
		return false, nil
	}
	if !scope.Confines(ctx) {
		return true, nil
	}
	rows, err := cascade(auth.WithViewer(ctx, auth.System), r.db(ctx), id)
	if err != nil {
		return false, fmt.Errorf("may %s %d be deleted: %w", typ, id, err)
	}
	for _, rs := range rows {
		ok, err := scope.WritableAll(ctx, r.client, rs.Type, rs.IDs)
		if err != nil {
			return false, fmt.Errorf("may %s %d be deleted: %w", typ, id, err)
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// viewerUser returns the signed-in user's own row (nil for a token).
func (r *Resolver) viewerUser(ctx context.Context, v *auth.Viewer) (*ent.User, error) {
	if v.Kind != auth.KindUser {
		return nil, nil
	}
	u, err := r.db(ctx).User.Get(ctx, v.ID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// viewerTeamMember returns the team member whose teams scope the viewer.
func (r *Resolver) viewerTeamMember(ctx context.Context, v *auth.Viewer) (*ent.TeamMember, error) {
	if v.TeamMemberID == nil {
		return nil, nil
	}
	m, err := r.db(ctx).TeamMember.Get(ctx, *v.TeamMemberID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return m, err
}
