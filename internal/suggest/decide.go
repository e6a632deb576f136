package suggest

import (
	"context"
	"time"

	"rapport/ent"
	"rapport/ent/coverage"
	"rapport/ent/suggestion"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
)

// Edit is what a person changes before confirming.
type Edit struct {
	RelationKind *domain.RelationKind
	Strength     *int
}

// Confirmed is a confirmed suggestion and the edge it created or changed.
type Confirmed struct {
	Suggestion *ent.Suggestion
	Relation   *ent.ContactRelation
	Coverage   *ent.Coverage
}

// pending loads the suggestion through the viewer's scope (NOT_FOUND for a
// row they may not read) and refuses one already decided with CONFLICT.
func pending(ctx context.Context, client *ent.Client, id int) (*ent.Suggestion, error) {
	s, err := client.Suggestion.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "id", "no suggestion %s", gid.Encode(id))
	}
	if err != nil {
		return nil, err
	}
	if s.State != suggestion.StatePENDING {
		return nil, apperr.New(apperr.Conflict, "id", "the suggestion was %s already", s.State)
	}
	return s, nil
}

func decider(ctx context.Context) string {
	if v := auth.FromContext(ctx); v != nil && v.Name != "" {
		return v.Name
	}
	return "system"
}

// Confirm creates what a pending suggestion proposes, with edit's values,
// in client (the mutation's transaction): a relation (source INFERRED,
// the suggestion's confidence), a coverage (source INTERACTION, last
// interaction the latest evidence) or a stronger coverage (its strength
// raised, never lowered by the suggestion itself).
func Confirm(ctx context.Context, client *ent.Client, id int, edit Edit, now time.Time) (*Confirmed, error) {
	s, err := pending(ctx, client, id)
	if err != nil {
		return nil, err
	}
	strength := s.Strength
	if edit.Strength != nil {
		strength = *edit.Strength
	}
	out := &Confirmed{}
	switch s.Kind {
	case suggestion.KindRELATION:
		kind := ProposedRelation
		if s.RelationKind != nil {
			kind = *s.RelationKind
		}
		if edit.RelationKind != nil {
			kind = *edit.RelationKind
		}
		if strength < 1 || strength > 5 {
			return nil, apperr.Invalid("edit.strength", "a relation's strength is 1-5, got %d", strength)
		}
		other := 0
		if s.OtherContactID != nil {
			other = *s.OtherContactID
		}
		out.Relation, err = client.ContactRelation.Create().SetFromID(s.ContactID).SetToID(other).
			SetKind(kind).SetStrength(strength).SetSource(domain.SourceInferred).
			SetConfidence(s.Confidence).SetValidFrom(now).Save(ctx)
	default:
		if edit.RelationKind != nil {
			return nil, apperr.Invalid("edit.relationKind", "a %s suggestion proposes no relation", s.Kind)
		}
		if strength < 0 || strength > 4 {
			return nil, apperr.Invalid("edit.strength", "a coverage's strength is 0-4, got %d", strength)
		}
		member := 0
		if s.TeamMemberID != nil {
			member = *s.TeamMemberID
		}
		cur, qerr := client.Coverage.Query().
			Where(coverage.TeamMemberID(member), coverage.ContactID(s.ContactID)).Only(ctx)
		switch {
		case ent.IsNotFound(qerr):
			out.Coverage, err = client.Coverage.Create().SetTeamMemberID(member).SetContactID(s.ContactID).
				SetStrength(strength).SetSource(domain.SourceInteraction).SetConfidence(s.Confidence).
				SetLastInteractionAt(s.LastEvidenceAt).Save(ctx)
		case qerr != nil:
			return nil, qerr
		default:
			u := cur.Update().SetStrength(strength)
			if cur.LastInteractionAt == nil || cur.LastInteractionAt.Before(s.LastEvidenceAt) {
				u.SetLastInteractionAt(s.LastEvidenceAt)
			}
			out.Coverage, err = u.Save(ctx)
		}
	}
	if err != nil {
		return nil, err
	}
	upd := s.Update().SetState(suggestion.StateCONFIRMED).SetDecidedBy(decider(ctx)).SetDecidedAt(now).
		SetDecidedEvidence(s.EvidenceCount).SetStrength(strength)
	if s.Kind == suggestion.KindRELATION && out.Relation != nil {
		upd.SetRelationKind(out.Relation.Kind)
	}
	out.Suggestion, err = upd.Save(ctx)
	return out, err
}

// Dismiss sets a pending suggestion aside until its evidence grows.
func Dismiss(ctx context.Context, client *ent.Client, id int, now time.Time) (*ent.Suggestion, error) {
	s, err := pending(ctx, client, id)
	if err != nil {
		return nil, err
	}
	return s.Update().SetState(suggestion.StateDISMISSED).SetDecidedBy(decider(ctx)).SetDecidedAt(now).
		SetDecidedEvidence(s.EvidenceCount).Save(ctx)
}
