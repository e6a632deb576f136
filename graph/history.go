package graph

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/auditevent"
	"rapport/internal/apperr"
	"rapport/internal/auth"
)

// maxHistory caps history(first:).
const maxHistory = 100

// history returns the newest audit events of objects of one type, batched
// over the list the object came from. The object itself was already
// filtered by the viewer's access, so its trail is read with the system's
// (the audit trail as a whole stays admin-only).
func (r *Resolver) history(ctx context.Context, typ string, id int, first *int, siblings []int) ([]*ent.AuditEvent, error) {
	n := 20
	if first != nil {
		n = *first
	}
	if n < 0 || n > maxHistory {
		return nil, apperr.Invalid("first", "must be between 0 and %d", maxHistory)
	}
	b := batcherFor(ctx, "history:"+typ, func(ctx context.Context, ids []int) (map[int][]*ent.AuditEvent, error) {
		events, err := r.db(ctx).AuditEvent.Query().
			Where(auditevent.EntityType(typ), auditevent.EntityIDIn(ids...)).
			Order(ent.Desc(auditevent.FieldAt), ent.Desc(auditevent.FieldID)).
			All(auth.WithViewer(ctx, auth.System))
		if err != nil {
			return nil, fmt.Errorf("load %s history: %w", typ, err)
		}
		out := make(map[int][]*ent.AuditEvent, len(ids))
		for _, e := range events {
			if e.EntityID != nil {
				out[*e.EntityID] = append(out[*e.EntityID], e)
			}
		}
		return out, nil
	})
	events, err := b.load(ctx, id, siblings)
	if err != nil {
		return nil, err
	}
	return events[:min(n, len(events))], nil
}

func contactID(c *ent.Contact) int { return c.ID }
