package graph

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"entgo.io/contrib/entgql"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/alert"
	"rapport/ent/alertrulesetting"
	"rapport/ent/alertstate"
	"rapport/graph/model"
	"rapport/internal/alerts"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/live"
)

// alertInbox is the viewer's alerts, newest first, in a state.
func (r *Resolver) alertInbox(ctx context.Context, state *model.AlertUserState, first *int, after *entgql.Cursor[int]) (*ent.AlertConnection, error) {
	user := alerts.Reader(ctx)
	n := 20
	if first != nil {
		n = *first
	}
	if n < 1 || n > 100 {
		return nil, apperr.Invalid("first", "must be between 1 and 100")
	}
	now := clock.Now(ctx)
	q := r.db(ctx).Alert.Query().WithStates(func(q *ent.AlertStateQuery) { q.Where(alertstate.UserID(user)) })
	if state != nil {
		q = q.Where(alerts.InState(user, string(*state), now))
	}
	return q.Paginate(ctx, after, &n, nil, nil,
		ent.WithAlertOrder(&ent.AlertOrder{Direction: entgql.OrderDirectionDesc, Field: ent.AlertOrderFieldCreatedAt}))
}

func (r *Resolver) alertCounts(ctx context.Context) (*model.AlertCounts, error) {
	user := alerts.Reader(ctx)
	c, err := alerts.Count(ctx, r.db(ctx), user, clock.Now(ctx))
	if err != nil {
		return nil, err
	}
	return &model.AlertCounts{New: c.New, Acknowledged: c.Acknowledged, Snoozed: c.Snoozed, Resolved: c.Resolved, Total: c.Total}, nil
}

func (r *Resolver) alertState(ctx context.Context, a *ent.Alert) (string, *time.Time, error) {
	return alerts.StateOf(ctx, r.db(ctx), a, alerts.Reader(ctx), clock.Now(ctx))
}

func (r *Resolver) setAlertState(ctx context.Context, id int, state string, until *time.Time) (*ent.Alert, error) {
	if err := checkType("id", id, ent.TypeAlert); err != nil {
		return nil, err
	}
	user, err := alerts.User(ctx)
	if err != nil {
		return nil, err
	}
	return alerts.SetState(ctx, r.db(ctx), user, id, state, until, clock.Now(ctx))
}

func alertParams(a *ent.Alert) []*model.AlertParam {
	out := make([]*model.AlertParam, 0, len(a.Params))
	for k, v := range a.Params {
		out = append(out, &model.AlertParam{Key: k, Value: fmt.Sprint(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// alertAccount loads the accounts of the alerts of a page in one batch.
func (r *Resolver) alertAccount(ctx context.Context, a *ent.Alert) (*ent.Account, error) {
	b := batcherFor(ctx, "alertAccount", func(ctx context.Context, ids []int) (map[int]*ent.Account, error) {
		rows, err := r.db(ctx).Alert.Query().Where(alert.IDIn(ids...)).Select(alert.FieldID, alert.FieldAccountID).All(ctx)
		if err != nil {
			return nil, err
		}
		var accs []int
		for _, row := range rows {
			accs = append(accs, row.AccountID)
		}
		found, err := r.db(ctx).Account.Query().Where(account.IDIn(accs...)).All(ctx)
		if err != nil {
			return nil, err
		}
		byID := map[int]*ent.Account{}
		for _, f := range found {
			byID[f.ID] = f
		}
		out := map[int]*ent.Account{}
		for _, row := range rows {
			out[row.ID] = byID[row.AccountID]
		}
		return out, nil
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, func(a *ent.Alert) int { return a.ID }))
}

func (r *Resolver) alertRules(ctx context.Context) ([]*model.AlertRule, error) {
	rows, err := r.db(ctx).AlertRuleSetting.Query().Where(alertrulesetting.Enabled(false)).
		All(auth.WithViewer(ctx, auth.System))
	if err != nil {
		return nil, err
	}
	off := map[string][]domain.Tier{}
	for _, s := range rows {
		off[s.Rule] = append(off[s.Rule], domain.Tier(s.Tier))
	}
	var out []*model.AlertRule
	for _, rule := range alerts.Rules() {
		tiers := off[rule.Name]
		if tiers == nil {
			tiers = []domain.Tier{}
		}
		sort.Slice(tiers, func(i, j int) bool { return tiers[i] < tiers[j] })
		out = append(out, &model.AlertRule{Name: rule.Name, Severity: alert.Severity(rule.Severity),
			Description: rule.Description, DisabledTiers: tiers})
	}
	return out, nil
}

func (r *Resolver) setAlertRule(ctx context.Context, rule string, tier domain.Tier, enabled bool) (*model.AlertRule, error) {
	if v := auth.FromContext(ctx); v == nil || !v.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "", "only admins switch alert rules")
	}
	if !alerts.Known(rule) {
		return nil, apperr.Invalid("rule", "no alert rule %q (see alertRules for the names)", rule)
	}
	c := r.db(ctx)
	cur, err := c.AlertRuleSetting.Query().Where(alertrulesetting.Tier(string(tier)), alertrulesetting.Rule(rule)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		err = c.AlertRuleSetting.Create().SetTier(string(tier)).SetRule(rule).SetEnabled(enabled).Exec(ctx)
	case err == nil:
		err = cur.Update().SetEnabled(enabled).Exec(ctx)
	}
	if err != nil {
		return nil, err
	}
	all, err := r.alertRules(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.Name == rule {
			return a, nil
		}
	}
	return nil, fmt.Errorf("rule %s vanished", rule)
}

// alertsRaised streams the alerts raised at the accounts the viewer sees.
func (r *Resolver) alertsRaised(ctx context.Context) (<-chan *ent.Alert, error) {
	events, err := r.subscribe(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make(chan *ent.Alert)
	go func() {
		defer close(out)
		for e := range events {
			if e.EntityType != ent.TypeAlert || e.Action != live.Create {
				continue
			}
			a, err := r.client.Alert.Get(auth.WithViewer(ctx, e.viewer), e.EntityID)
			if ent.IsNotFound(err) {
				continue
			}
			if err != nil {
				slog.WarnContext(ctx, "live: load alert", "id", e.EntityID, "err", err)
				continue
			}
			select {
			case out <- a:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
