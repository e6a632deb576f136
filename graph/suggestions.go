package graph

import (
	"context"
	"strconv"

	"rapport/ent"
	"rapport/ent/suggestion"
	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/chunk"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/stakeholder/walk"
	"rapport/internal/suggest"
)

// accountSuggestions lists an account's suggestions in a state, most
// confident first (one statement per page of accounts: batched).
func (r *Resolver) accountSuggestions(ctx context.Context, a *ent.Account, state *suggestion.State, first *int) ([]*ent.Suggestion, error) {
	n := intOr(first, 50)
	if n < 1 || n > 100 {
		return nil, apperr.Invalid("first", "must be between 1 and 100")
	}
	st := suggestion.StatePENDING
	if state != nil {
		st = *state
	}
	b := batcherFor(ctx, "accountSuggestions/"+string(st)+"/"+strconv.Itoa(n), func(ctx context.Context, ids []int) (map[int][]*ent.Suggestion, error) {
		rows, err := chunk.Load(ids, func(part []int) ([]*ent.Suggestion, error) {
			return r.db(ctx).Suggestion.Query().
				Where(suggestion.AccountIDIn(part...), suggestion.StateEQ(st)).
				Order(ent.Desc(suggestion.FieldConfidence), ent.Desc(suggestion.FieldEvidenceCount), ent.Asc(suggestion.FieldID)).
				All(ctx)
		})
		if err != nil {
			return nil, err
		}
		out := map[int][]*ent.Suggestion{}
		for _, s := range rows {
			if len(out[s.AccountID]) < n {
				out[s.AccountID] = append(out[s.AccountID], s)
			}
		}
		return out, nil
	})
	list, err := b.load(ctx, a.ID, siblingIDs(ctx, func(a *ent.Account) int { return a.ID }))
	if list == nil && err == nil {
		list = []*ent.Suggestion{}
	}
	return list, err
}

func (r *Resolver) confirmSuggestion(ctx context.Context, id int, edit *model.SuggestionEdit) (*model.ConfirmSuggestionPayload, error) {
	if err := checkType("id", id, ent.TypeSuggestion); err != nil {
		return nil, err
	}
	var e suggest.Edit
	if edit != nil {
		e = suggest.Edit{RelationKind: edit.RelationKind, Strength: edit.Strength}
	}
	c, err := suggest.Confirm(ctx, r.db(ctx), id, e, clock.Now(ctx))
	if err != nil {
		return nil, err
	}
	return &model.ConfirmSuggestionPayload{Suggestion: c.Suggestion, Relation: c.Relation, Coverage: c.Coverage}, nil
}

func (r *Resolver) dismissSuggestion(ctx context.Context, id int) (*ent.Suggestion, error) {
	if err := checkType("id", id, ent.TypeSuggestion); err != nil {
		return nil, err
	}
	return suggest.Dismiss(ctx, r.db(ctx), id, clock.Now(ctx))
}

// withSuggestedEdges adds the pending suggestions of relations between the
// graph's contacts, read by the graph's accounts (one statement per
// chunk.Size accounts; a suggestion's two people are of its account).
func (r *Resolver) withSuggestedEdges(ctx context.Context, g *walk.Graph) (*walk.Graph, error) {
	contacts := map[int]bool{}
	var accounts []int
	for _, n := range g.Nodes {
		switch n.Type {
		case domain.NodeAccount:
			accounts = append(accounts, n.ID)
		case domain.NodeContact:
			contacts[n.ID] = true
		}
	}
	rows, err := chunk.Load(accounts, func(part []int) ([]*ent.Suggestion, error) {
		return r.db(ctx).Suggestion.Query().
			Where(suggestion.AccountIDIn(part...), suggestion.StateEQ(suggestion.StatePENDING),
				suggestion.KindEQ(suggestion.KindRELATION)).
			Order(ent.Asc(suggestion.FieldID)).All(ctx)
	})
	if err != nil {
		return nil, err
	}
	out := *g
	out.Edges = append([]*walk.Edge(nil), g.Edges...)
	for _, s := range rows {
		if s.OtherContactID == nil || !contacts[s.ContactID] || !contacts[*s.OtherContactID] {
			continue
		}
		strength, conf, id := s.Strength, s.Confidence, s.ID
		out.Edges = append(out.Edges, &walk.Edge{
			ID: "suggestion:" + strconv.Itoa(s.ID), Source: s.ContactID, Target: *s.OtherContactID,
			Type: domain.EdgeRelation, Kind: s.RelationKind, Strength: &strength,
			Suggested: true, Confidence: &conf, SuggestionID: &id,
		})
	}
	return &out, nil
}
