package auth

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/signinfailure"
)

// Sign-in throttle limits, each over the last loginWindow. They are kept in
// the database (sign_in_failures), so that every server of a deployment
// counts the same failures:
//   - one e-mail from one address: the old guess-this-password limit;
//   - one e-mail from anywhere: guessing one account from many addresses;
//   - one address for any e-mail: spraying one password over many accounts;
//   - everything: spraying from many addresses at once.
//
// The per-account limit can be used to keep its owner out for the window
// (ASVS 2.2.1 accepts this soft lockout); the address it comes from is the
// client's own unless a trusted proxy says otherwise (RAPPORT_TRUSTED_PROXIES),
// so nobody can pose as the victim's address.
const (
	loginWindow       = 15 * time.Minute
	limitPair         = 5
	limitAccount      = 20
	limitAddress      = 30
	limitGlobal       = 2000
	maxFailureAddress = 64
)

type throttle struct {
	client *ent.Client
}

// throttleVerdict says which limit a sign-in is over, if any.
type throttleVerdict struct {
	wait  time.Duration
	limit string // "account", "address", "account and address", "overall"
}

func (t throttle) check(ctx context.Context, email, addr string, now time.Time) (throttleVerdict, error) {
	since := now.Add(-loginWindow)
	q := t.client.SignInFailure.Query()
	count := func(limit int, ps ...func(*ent.SignInFailureQuery) *ent.SignInFailureQuery) (int, time.Time, error) {
		base := q.Clone().Where(signinfailure.AtGT(since))
		for _, p := range ps {
			base = p(base)
		}
		n, err := base.Clone().Count(ctx)
		if err != nil || n < limit {
			return n, time.Time{}, err
		}
		first, err := base.Order(ent.Asc(signinfailure.FieldAt)).First(ctx)
		if err != nil {
			return n, time.Time{}, err
		}
		return n, first.At, nil
	}
	byEmail := func(q *ent.SignInFailureQuery) *ent.SignInFailureQuery { return q.Where(signinfailure.Email(email)) }
	byAddr := func(q *ent.SignInFailureQuery) *ent.SignInFailureQuery { return q.Where(signinfailure.Address(addr)) }
	for _, c := range []struct {
		name  string
		limit int
		ps    []func(*ent.SignInFailureQuery) *ent.SignInFailureQuery
	}{
		{"account and address", limitPair, []func(*ent.SignInFailureQuery) *ent.SignInFailureQuery{byEmail, byAddr}},
		{"account", limitAccount, []func(*ent.SignInFailureQuery) *ent.SignInFailureQuery{byEmail}},
		{"address", limitAddress, []func(*ent.SignInFailureQuery) *ent.SignInFailureQuery{byAddr}},
		{"overall", limitGlobal, nil},
	} {
		n, first, err := count(c.limit, c.ps...)
		if err != nil {
			return throttleVerdict{}, fmt.Errorf("count failed sign-ins: %w", err)
		}
		if n >= c.limit {
			return throttleVerdict{wait: max(loginWindow-now.Sub(first), time.Second), limit: c.name}, nil
		}
	}
	return throttleVerdict{}, nil
}

func (t throttle) fail(ctx context.Context, email, addr string, now time.Time) error {
	if len(email) > 320 {
		email = email[:320]
	}
	if len(addr) > maxFailureAddress {
		addr = addr[:maxFailureAddress]
	}
	return t.client.SignInFailure.Create().SetEmail(email).SetAddress(addr).SetAt(now).Exec(ctx)
}

// reset forgets the failures of an e-mail from an address after a
// successful sign-in from there (the account's and address's totals keep
// the others).
func (t throttle) reset(ctx context.Context, email, addr string) error {
	_, err := t.client.SignInFailure.Delete().Where(signinfailure.Email(email), signinfailure.Address(addr)).Exec(ctx)
	return err
}
