package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rapport/ent"
	"rapport/internal/apperr"
)

// TokenPrefix starts every API token, so that secret scanners and people
// recognise one.
const TokenPrefix = "rpt_"

// NewToken describes a token to create.
type NewToken struct {
	Name        string
	Role        Role
	AllAccounts bool
	ExpiresIn   time.Duration // 0: never
	CreatedBy   *int
}

// CreateToken stores a new API token and returns its secret, which is
// shown once and never stored.
func CreateToken(ctx context.Context, client *ent.Client, in NewToken) (string, *ent.APIToken, error) {
	if !validRole(in.Role) {
		return "", nil, apperr.Invalid("role", "role must be VIEWER, EDITOR or ADMIN")
	}
	if strings.TrimSpace(in.Name) == "" {
		return "", nil, apperr.Invalid("name", "name must not be empty")
	}
	secret := NewSecret(TokenPrefix)
	create := client.APIToken.Create().
		SetName(in.Name).
		SetTokenHash(HashSecret(secret)).
		SetPrefix(secret[:len(TokenPrefix)+6]).
		SetRole(in.Role).
		SetAllAccounts(in.AllAccounts).
		SetNillableCreatedByID(in.CreatedBy)
	if in.ExpiresIn > 0 {
		create.SetExpiresAt(time.Now().Add(in.ExpiresIn))
	}
	t, err := create.Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	return secret, t, nil
}

// NewUser describes a user to create.
type NewUser struct {
	Email        string
	Name         string
	Password     string
	Role         Role
	AllAccounts  bool
	TeamMemberID *int
}

// CreateUser stores a user with an argon2id hash of the password.
func CreateUser(ctx context.Context, client *ent.Client, in NewUser) (*ent.User, error) {
	if !validRole(in.Role) {
		return nil, apperr.Invalid("role", "role must be VIEWER, EDITOR or ADMIN")
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, apperr.Invalid("password", "%v", err)
	}
	name := in.Name
	if name == "" {
		name = strings.Split(in.Email, "@")[0]
	}
	u, err := client.User.Create().
		SetEmail(strings.ToLower(strings.TrimSpace(in.Email))).
		SetName(name).
		SetPasswordHash(hash).
		SetRole(in.Role).
		SetAllAccounts(in.AllAccounts).
		SetNillableTeamMemberID(in.TeamMemberID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// ParseExpiry reads durations like "90d", "12h" or "0" (never).
func ParseExpiry(s string) (time.Duration, error) {
	if s == "" || s == "0" || s == "never" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err != nil || n <= 0 {
			return 0, fmt.Errorf("expiry %q: want a number of days like 90d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("expiry %q: want 90d, 12h or never", s)
	}
	return d, nil
}
