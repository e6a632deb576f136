package auth

import (
	"context"

	"rapport/ent"
	"rapport/ent/user"
	"rapport/internal/apperr"
)

// Install registers the role rules on client as a mutation hook: viewers
// change nothing, only admins manage users, tokens and webhooks. What rows
// a viewer reads and writes (the account-team scope) is internal/scope's.
func Install(client *ent.Client) {
	client.Use(writePolicy, forgetChangedTokens)
}

// adminOnly lists the types only admins may change.
var adminOnly = map[string]bool{ent.TypeUser: true, ent.TypeAPIToken: true, ent.TypeAuditEvent: true, ent.TypeWebhook: true}

// writePolicy refuses changes a viewer's role may not make: viewers change
// nothing, only admins manage users and tokens.
func writePolicy(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v := FromContext(ctx)
		if v == nil || v.Kind == KindSystem {
			return next.Mutate(ctx, m)
		}
		if m.Type() == ent.TypeAuditEvent || m.Type() == ent.TypeSession || m.Type() == ent.TypeWebhookDelivery {
			return next.Mutate(ctx, m) // written by the server itself
		}
		if ownPasswordChange(v, m) {
			return next.Mutate(ctx, m) // any role may change their own password
		}
		if !v.MayChange(m.Type()) {
			if !v.CanWrite() {
				return nil, apperr.New(apperr.Forbidden, "", "your role (%s) may not change data", v.Role)
			}
			return nil, apperr.New(apperr.Forbidden, "", "only admins may change %s records", m.Type())
		}
		return next.Mutate(ctx, m)
	})
}

// MayChange reports whether v's role lets it change records of type typ
// at all: viewers change nothing, only admins manage users, tokens,
// webhooks and the audit trail. Which rows is the scope's (internal/scope);
// the API's viewerCan* fields ask both, as the write hooks do.
func (v *Viewer) MayChange(typ string) bool {
	if v == nil || v.Kind == KindSystem {
		return true
	}
	return v.CanWrite() && (!adminOnly[typ] || v.IsAdmin())
}

// ownPasswordChange reports whether m changes only the signed-in user's own
// password: allowed to every role, and audited as theirs.
func ownPasswordChange(v *Viewer, m ent.Mutation) bool {
	if v.Kind != KindUser || m.Type() != ent.TypeUser || !m.Op().Is(ent.OpUpdateOne) {
		return false
	}
	idm, ok := m.(interface{ ID() (int, bool) })
	if !ok {
		return false
	}
	if id, exists := idm.ID(); !exists || id != v.ID {
		return false
	}
	for _, f := range m.Fields() {
		if f != user.FieldPasswordHash && f != user.FieldUpdatedAt {
			return false
		}
	}
	return len(m.ClearedFields()) == 0 && len(m.AddedEdges()) == 0 && len(m.RemovedEdges()) == 0 && len(m.ClearedEdges()) == 0
}
