package alerts

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/alert"
	"rapport/ent/alertstate"
	"rapport/ent/predicate"
	"rapport/internal/apperr"
	"rapport/internal/auth"
)

// States a user keeps of an alert.
const (
	StateNew          = "NEW"
	StateAcknowledged = "ACKNOWLEDGED"
	StateSnoozed      = "SNOOZED"
	StateResolved     = "RESOLVED"
)

// User returns the signed-in user an alert state belongs to.
func User(ctx context.Context) (int, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.Kind != auth.KindUser {
		return 0, apperr.New(apperr.Unauthenticated, "", "alerts keep a state per user: sign in as a user")
	}
	return v.ID, nil
}

// Reader returns the user whose states an inbox read shows: 0 for an API
// token, which reads every alert as NEW (it keeps no state).
func Reader(ctx context.Context) int {
	if v := auth.FromContext(ctx); v != nil && v.Kind == auth.KindUser {
		return v.ID
	}
	return 0
}

// mine is the user's state row, in a state, still in force at now.
func mine(user int, state string, now time.Time) predicate.AlertState {
	p := []predicate.AlertState{alertstate.UserID(user), alertstate.StateEQ(alertstate.State(state))}
	if state == StateSnoozed {
		p = append(p, alertstate.SnoozedUntilGT(now))
	}
	return alertstate.And(p...)
}

// InState keeps the alerts in the user's given state at now. NEW is every
// alert without an acknowledged, resolved or running snoozed state.
func InState(user int, state string, now time.Time) predicate.Alert {
	if state == StateNew {
		return alert.Not(alert.HasStatesWith(alertstate.Or(
			mine(user, StateAcknowledged, now), mine(user, StateResolved, now), mine(user, StateSnoozed, now))))
	}
	return alert.HasStatesWith(mine(user, state, now))
}

// Counts are the alerts the viewer may see, by the user's state.
type Counts struct{ New, Acknowledged, Snoozed, Resolved, Total int }

// Count counts the alerts client's viewer may see (four statements).
func Count(ctx context.Context, client *ent.Client, user int, now time.Time) (*Counts, error) {
	var c Counts
	for _, x := range []struct {
		n *int
		p []predicate.Alert
	}{
		{&c.Total, nil},
		{&c.Acknowledged, []predicate.Alert{InState(user, StateAcknowledged, now)}},
		{&c.Snoozed, []predicate.Alert{InState(user, StateSnoozed, now)}},
		{&c.Resolved, []predicate.Alert{InState(user, StateResolved, now)}},
	} {
		n, err := client.Alert.Query().Where(x.p...).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("count alerts: %w", err)
		}
		*x.n = n
	}
	c.New = c.Total - c.Acknowledged - c.Snoozed - c.Resolved
	return &c, nil
}

// StateOf returns the user's state of a and its snooze end, from a's
// loaded states (WithStates narrowed to the user) or by a query.
func StateOf(ctx context.Context, client *ent.Client, a *ent.Alert, user int, now time.Time) (string, *time.Time, error) {
	states, err := a.Edges.StatesOrErr()
	if err != nil {
		if states, err = client.AlertState.Query().
			Where(alertstate.AlertID(a.ID), alertstate.UserID(user)).All(ctx); err != nil {
			return "", nil, fmt.Errorf("alert state: %w", err)
		}
	}
	for _, s := range states {
		if s.UserID != user {
			continue
		}
		if s.State == alertstate.StateSNOOZED {
			if s.SnoozedUntil == nil || !s.SnoozedUntil.After(now) {
				return StateNew, nil, nil
			}
			return StateSnoozed, s.SnoozedUntil, nil
		}
		return string(s.State), nil, nil
	}
	return StateNew, nil, nil
}

// SetState records the user's state of alert id (which the client's
// viewer must see). until is the snooze's end, after now.
func SetState(ctx context.Context, client *ent.Client, user, id int, state string, until *time.Time, now time.Time) (*ent.Alert, error) {
	if state == StateSnoozed && (until == nil || !until.After(now)) {
		return nil, apperr.Invalid("until", "a snooze must end in the future (an RFC 3339 time after now)")
	}
	a, err := client.Alert.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "id", "no alert with this ID")
	}
	if err != nil {
		return nil, fmt.Errorf("load alert: %w", err)
	}
	cur, err := client.AlertState.Query().Where(alertstate.AlertID(id), alertstate.UserID(user)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		err = client.AlertState.Create().SetAlertID(id).SetUserID(user).SetAccountID(a.AccountID).
			SetState(alertstate.State(state)).SetNillableSnoozedUntil(until).Exec(ctx)
	case err == nil:
		u := cur.Update().SetState(alertstate.State(state))
		if until != nil {
			u.SetSnoozedUntil(*until)
		} else {
			u.ClearSnoozedUntil()
		}
		err = u.Exec(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("set alert state: %w", err)
	}
	return a, nil
}
