package graph

import (
	"context"
	"log/slog"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/live"
)

// visibilityTTL is how long a subscriber's view of their accounts is kept
// before it is read again, so that a change of team shows within seconds
// without a query per event.
const visibilityTTL = 5 * time.Second

// visibility answers, for one subscription, whether its viewer may see an
// account, through the viewer's scoped client.
type visibility struct {
	client *ent.Client
	base   *auth.Viewer
	viewer *auth.Viewer
	since  time.Time
	seen   map[int]bool
}

func newVisibility(ctx context.Context, client *ent.Client) (*visibility, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "", "sign in to subscribe")
	}
	return &visibility{client: client, base: v}, nil
}

func (s *visibility) canSee(ctx context.Context, accountID int) (bool, error) {
	if s.viewer == nil || time.Since(s.since) > visibilityTTL {
		b := s.base // a fresh Viewer: its account list is computed once
		s.viewer = &auth.Viewer{Kind: b.Kind, ID: b.ID, Name: b.Name, Role: b.Role, AllAccounts: b.AllAccounts, TeamMemberID: b.TeamMemberID}
		s.since, s.seen = time.Now(), map[int]bool{}
	}
	if ok, known := s.seen[accountID]; known {
		return ok, nil
	}
	ok, err := s.client.Account.Query().Where(account.ID(accountID)).Exist(auth.WithViewer(ctx, s.viewer))
	if err != nil {
		return false, err
	}
	s.seen[accountID] = ok
	return ok, nil
}

// canSeeEvent reports whether the subscriber may hear of e: they see its
// account and its other end's, and, unless it is a delete, the row itself
// through the scope's read rules (which cover any type, present or future).
func (s *visibility) canSeeEvent(ctx context.Context, e live.Event) (bool, error) {
	for _, acc := range []int{e.AccountID, e.Also} {
		if acc == 0 {
			continue
		}
		if ok, err := s.canSee(ctx, acc); err != nil || !ok {
			return false, err
		}
	}
	if e.Action == live.Delete || !s.viewer.Scoped() {
		return true, nil
	}
	_, err := s.client.Noder(auth.WithViewer(ctx, s.viewer), e.EntityID)
	if ent.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// seen is an event a subscriber may see, with the viewer that saw it.
type seen struct {
	live.Event
	viewer *auth.Viewer
}

// subscribe checks the account (when one is named) and returns the bus's
// events the viewer may see.
func (r *Resolver) subscribe(ctx context.Context, accountID *int) (<-chan seen, error) {
	if r.live == nil {
		return nil, apperr.New(apperr.Internal, "", "live updates are not configured")
	}
	vis, err := newVisibility(ctx, r.client)
	if err != nil {
		return nil, err
	}
	if accountID != nil {
		ok, err := vis.canSee(ctx, *accountID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, apperr.New(apperr.NotFound, "accountId", "no account with this ID")
		}
	}
	// The context of a subscription lives as long as the subscription.
	in := r.live.Subscribe(ctx)
	out := make(chan seen)
	go func() {
		defer close(out)
		for e := range in {
			if accountID != nil && e.AccountID != *accountID {
				continue
			}
			if accountID != nil && e.EntityType == ent.TypeAccount && e.Action == live.Delete {
				// The account is gone, so no longer visible to anyone: its
				// subscribers, who could see it, hear of it and are done.
				select {
				case out <- seen{Event: e, viewer: vis.viewer}:
				case <-ctx.Done():
				}
				return
			}
			ok, err := vis.canSeeEvent(ctx, e)
			if err != nil {
				slog.WarnContext(ctx, "live: check visibility", "account", e.AccountID, "err", err)
				continue
			}
			if !ok {
				continue
			}
			select {
			case out <- seen{Event: e, viewer: vis.viewer}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// graphChanges streams the changes of one account.
func (r *Resolver) graphChanges(ctx context.Context, accountID int) (<-chan *model.GraphChange, error) {
	events, err := r.subscribe(ctx, &accountID)
	if err != nil {
		return nil, err
	}
	out := make(chan *model.GraphChange)
	go func() {
		defer close(out)
		for e := range events {
			c := &model.GraphChange{EntityType: e.EntityType, EntityID: e.EntityID,
				Action: model.GraphChangeAction(e.Action), AccountID: e.AccountID, At: e.At}
			select {
			case out <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// interactionsRecorded streams new interactions, read through the viewer's
// scoped client.
func (r *Resolver) interactionsRecorded(ctx context.Context, accountID *int) (<-chan *ent.Interaction, error) {
	events, err := r.subscribe(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make(chan *ent.Interaction)
	go func() {
		defer close(out)
		for e := range events {
			if e.EntityType != ent.TypeInteraction || e.Action != live.Create {
				continue
			}
			it, err := r.client.Interaction.Get(auth.WithViewer(ctx, e.viewer), e.EntityID)
			if ent.IsNotFound(err) {
				continue // deleted since, or not visible after all
			}
			if err != nil {
				slog.WarnContext(ctx, "live: load interaction", "id", e.EntityID, "err", err)
				continue
			}
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
