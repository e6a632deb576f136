package graph

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/surveytrend"
)

// This file serves needs.graphqls: whether the viewer is on a contact's
// account team (what a ContactNeed asks; internal/scope enforces it on every
// read and write, these fields only tell the dashboard), and the survey
// trend batched over the list of accounts.

// onAccountTeam reports whether the context's viewer reads and writes the
// teamOnly rows of account: admins and the system always; anyone else when
// the account (or a parent of it) is on their team member's teams. The
// team's accounts are loaded once per request.
func (r *Resolver) onAccountTeam(ctx context.Context, account int) (bool, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.IsAdmin() || v.Kind == auth.KindSystem {
		return true, nil
	}
	if v.TeamMemberID == nil {
		return false, nil
	}
	if _, err := v.AccountIDs(ctx, r.db(ctx)); err != nil {
		return false, err
	}
	return v.SeesLoadedAccount(account), nil
}

func (r *Resolver) viewerCanReadNeeds(ctx context.Context, c *ent.Contact) (bool, error) {
	return r.onAccountTeam(ctx, c.AccountID)
}

func (r *Resolver) viewerCanWriteNeeds(ctx context.Context, c *ent.Contact) (bool, error) {
	if !auth.FromContext(ctx).MayChange(ent.TypeContactNeed) {
		return false, nil
	}
	return r.onAccountTeam(ctx, c.AccountID)
}

// surveyTrend is account a's trend, computed for every account of the list
// a sits in with one statement.
func (r *Resolver) surveyTrend(ctx context.Context, a *ent.Account, quarters *int) (*surveytrend.Trend, error) {
	n := 8
	if quarters != nil {
		n = *quarters
	}
	if n < 1 || n > surveytrend.MaxQuarters {
		return nil, apperr.Invalid("quarters", "must be between 1 and %d", surveytrend.MaxQuarters)
	}
	b := batcherFor(ctx, fmt.Sprintf("surveyTrend:%d", n), func(ctx context.Context, ids []int) (map[int]*surveytrend.Trend, error) {
		return surveytrend.Load(ctx, r.db(ctx), ids, n)
	})
	t, err := b.load(ctx, a.ID, siblingIDs(ctx, accountID))
	if err != nil {
		return nil, err
	}
	if t == nil {
		return surveytrend.Compute(nil, n), nil
	}
	return t, nil
}
