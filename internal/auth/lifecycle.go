package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"rapport/ent"
	"rapport/ent/apitoken"
	"rapport/ent/session"
	"rapport/ent/signinfailure"
	"rapport/ent/user"
	"rapport/internal/apperr"
)

// The lifecycle of users, sessions and tokens. Each function takes the
// client to write through (a request's transaction, or the CLI's client)
// and runs as the system: the caller has checked who may do it.

// ChangePassword sets the password of the user signed in on ctx's session
// after checking the current one, and ends the user's other sessions.
// Only a session may do it (an API token is not a person).
func ChangePassword(ctx context.Context, c *ent.Client, current, next string) error {
	v, cred := FromContext(ctx), credentialFrom(ctx)
	if v == nil || v.Kind != KindUser || cred == nil || cred.token {
		return apperr.New(apperr.Forbidden, "", "sign in to change your password")
	}
	sys := WithViewer(ctx, System)
	u, err := c.User.Get(sys, v.ID)
	if err != nil {
		return fmt.Errorf("load user %d: %w", v.ID, err)
	}
	if !CheckPassword(u.PasswordHash, current) {
		return apperr.Invalid("currentPassword", "the current password is wrong")
	}
	if err := ValidatePassword(next, u.Email); err != nil {
		return apperr.Invalid("newPassword", "%v", err)
	}
	hash, err := HashPassword(next)
	if err != nil {
		return apperr.Invalid("newPassword", "%v", err)
	}
	// As the user: the write policy lets anyone change their own password
	// (and nothing else of their row), so the audit trail names them.
	if err := c.User.UpdateOneID(u.ID).SetPasswordHash(hash).Exec(ctx); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if _, err := c.Session.Delete().Where(session.UserID(u.ID), session.TokenHashNEQ(cred.hash)).Exec(sys); err != nil {
		return fmt.Errorf("end other sessions: %w", err)
	}
	return nil
}

// SetUserActive deactivates (active false) or reactivates a user. A
// deactivated user cannot sign in, and their sessions end at once; their
// open live connections close within a second (see Watch).
func SetUserActive(ctx context.Context, c *ent.Client, id int, active bool) (*ent.User, error) {
	v := FromContext(ctx)
	if !active && v != nil && v.Kind == KindUser && v.ID == id {
		return nil, apperr.Invalid("id", "you cannot deactivate yourself")
	}
	u, err := c.User.UpdateOneID(id).SetActive(active).Save(ctx)
	if err != nil {
		return nil, err
	}
	if !active {
		if _, err := EndSessions(ctx, c, id); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// RequireAdmin refuses a viewer who is not an admin (sessions are written
// by the server for anyone, so the write policy does not guard them).
func RequireAdmin(ctx context.Context) error {
	if v := FromContext(ctx); v == nil || !v.IsAdmin() {
		return apperr.New(apperr.Forbidden, "", "only admins may do this")
	}
	return nil
}

// EndSessions deletes every session of a user and returns how many. It
// runs as the caller (an admin), so the audit trail names who did it.
func EndSessions(ctx context.Context, c *ent.Client, userID int) (int, error) {
	n, err := c.Session.Delete().Where(session.UserID(userID)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return n, nil
}

// RevokeToken revokes an API token at once (requests with it get 401, live
// connections on it close).
func RevokeToken(ctx context.Context, c *ent.Client, id int) (*ent.APIToken, error) {
	t, err := c.APIToken.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	return c.APIToken.UpdateOne(t).SetRevokedAt(time.Now()).Save(ctx)
}

// FindUser returns the user with an e-mail address.
func FindUser(ctx context.Context, c *ent.Client, email string) (*ent.User, error) {
	u, err := c.User.Query().Where(user.Email(normalEmail(email))).Only(WithViewer(ctx, System))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no user %q", email)
	}
	return u, err
}

// ListTokens returns every API token, newest first.
func ListTokens(ctx context.Context, c *ent.Client) ([]*ent.APIToken, error) {
	return c.APIToken.Query().Order(ent.Desc(apitoken.FieldID)).All(WithViewer(ctx, System))
}

// Purged counts the rows Purge deleted.
type Purged struct{ Sessions, SignInFailures int }

// Purge deletes what has ended: sessions past their lifetime or idle too
// long, and failed sign-ins older than the throttle's window.
func (s *Service) Purge(ctx context.Context, now time.Time) (Purged, error) {
	ctx = WithViewer(ctx, System)
	var p Purged
	var errs []error
	idleSince := now.Add(-s.opts.IdleTimeout)
	n, err := s.client.Session.Delete().Where(session.Or(
		session.ExpiresAtLTE(now),
		session.And(session.LastSeenAtIsNil(), session.CreatedAtLT(idleSince)),
		session.LastSeenAtLT(idleSince),
	)).Exec(ctx)
	p.Sessions = n
	errs = append(errs, err)
	n, err = s.client.SignInFailure.Delete().Where(signinfailure.AtLT(now.Add(-loginWindow))).Exec(ctx)
	p.SignInFailures = n
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return p, fmt.Errorf("purge: %w", err)
	}
	return p, nil
}

// RunPurge purges every interval until ctx ends.
func (s *Service) RunPurge(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Purge(ctx, time.Now()); err != nil && ctx.Err() == nil {
			logWarn(ctx, "purge of ended sessions failed", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func logWarn(ctx context.Context, msg string, err error) { slog.WarnContext(ctx, msg, "err", err) }
