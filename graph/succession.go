package graph

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/handover"
	"rapport/ent/handoveritem"
	"rapport/ent/interaction"
	"rapport/graph/model"
	"rapport/internal/clock"
	"rapport/internal/succession"
)

// This file adapts internal/succession to the resolvers of
// handover.graphqls: the mutation, a team member's handovers batched over
// the list of members, and each handover's progress batched over the list
// of handovers, so statements do not grow with the rows.

func handoverID(h *ent.Handover) int { return h.ID }

func (r *Resolver) handover(ctx context.Context, input model.HandoverInput) ([]*ent.Handover, error) {
	if err := checkType("fromId", input.FromID, ent.TypeTeamMember); err != nil {
		return nil, err
	}
	if err := checkType("toId", input.ToID, ent.TypeTeamMember); err != nil {
		return nil, err
	}
	tx := ent.FromContext(ctx)
	ids, err := succession.Hand(ctx, tx, succession.Input{
		FromID: input.FromID, ToID: input.ToID, ContactIDs: input.ContactIds,
		IntroduceBy: input.IntroduceBy, Note: input.Note,
	}, clock.Now(ctx))
	if err != nil {
		return nil, err
	}
	q, err := tx.Handover.Query().Where(handover.IDIn(ids...)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the handovers written: %w", err)
	}
	byID := make(map[int]*ent.Handover, len(hs))
	for _, h := range hs {
		byID[h.ID] = h
	}
	out := make([]*ent.Handover, 0, len(ids))
	for _, id := range ids {
		if h := byID[id]; h != nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// memberHandovers lists the handovers a member gave or took, newest first,
// for every member of the list m sits in at once, with the edges the
// query selects loaded together.
func (r *Resolver) memberHandovers(ctx context.Context, m *ent.TeamMember) ([]*ent.Handover, error) {
	b := batcherFor(ctx, "memberHandovers", func(ctx context.Context, ids []int) (map[int][]*ent.Handover, error) {
		// Who gave and took each one first (the selection may not name
		// them), then the handovers with what the query selects.
		refs, err := r.db(ctx).Handover.Query().
			Where(handover.Or(handover.PredecessorIDIn(ids...), handover.SuccessorIDIn(ids...))).
			Order(ent.Desc(handover.FieldHandedOverAt), ent.Desc(handover.FieldID)).
			Select(handover.FieldID, handover.FieldPredecessorID, handover.FieldSuccessorID).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("find handovers of %d members: %w", len(ids), err)
		}
		out := make(map[int][]*ent.Handover, len(ids))
		for _, id := range ids {
			out[id] = []*ent.Handover{}
		}
		if len(refs) == 0 {
			return out, nil
		}
		hids := make([]int, len(refs))
		for i, h := range refs {
			hids[i] = h.ID
		}
		q, err := r.db(ctx).Handover.Query().Where(handover.IDIn(hids...)).CollectFields(ctx)
		if err != nil {
			return nil, err
		}
		hs, err := q.All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load handovers of %d members: %w", len(ids), err)
		}
		byID := make(map[int]*ent.Handover, len(hs))
		for _, h := range hs {
			byID[h.ID] = h
		}
		for _, ref := range refs {
			h := byID[ref.ID]
			if h == nil {
				continue
			}
			for _, m := range []int{ref.PredecessorID, ref.SuccessorID} {
				if _, ok := out[m]; ok {
					out[m] = append(out[m], h)
				}
			}
		}
		return out, nil
	})
	return b.load(ctx, m.ID, siblingIDs(ctx, func(t *ent.TeamMember) int { return t.ID }))
}

// handoverProgress counts a handover's contacts met and introductions,
// for every handover of the list h sits in at once.
func (r *Resolver) handoverProgress(ctx context.Context, h *ent.Handover) (*model.HandoverProgress, error) {
	b := batcherFor(ctx, "handoverProgress", func(ctx context.Context, ids []int) (map[int]*model.HandoverProgress, error) {
		items, err := r.db(ctx).HandoverItem.Query().Where(handoveritem.HandoverIDIn(ids...)).
			WithIntroduction(func(q *ent.InteractionQuery) { q.Select(interaction.FieldStatus) }).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load items of %d handovers: %w", len(ids), err)
		}
		out := make(map[int]*model.HandoverProgress, len(ids))
		for _, id := range ids {
			out[id] = &model.HandoverProgress{}
		}
		for _, it := range items {
			p := out[it.HandoverID]
			p.Contacts++
			if it.MetAt != nil {
				p.Met++
			}
			if in := it.Edges.Introduction; in != nil {
				switch in.Status {
				case interaction.StatusPLANNED:
					p.IntroductionsPlanned++
				case interaction.StatusDONE:
					p.IntroductionsDone++
				}
			}
		}
		for _, p := range out {
			p.Complete = p.Contacts > 0 && p.Met == p.Contacts
		}
		return out, nil
	})
	return b.load(ctx, h.ID, siblingIDs(ctx, handoverID))
}
