package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync/atomic"
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
	ExpiresIn   time.Duration // 0: the default (DefaultTokenExpiry); negative: never
	CreatedBy   *int
}

// defaultTokenExpiry is the lifetime of a token created without one, in
// nanoseconds (atomic: servers in tests set it concurrently).
var defaultTokenExpiry atomic.Int64

func init() { defaultTokenExpiry.Store(int64(90 * 24 * time.Hour)) }

// SetDefaultTokenExpiry sets the lifetime of tokens created without one
// (RAPPORT_TOKEN_EXPIRY); 0 means they do not expire.
func SetDefaultTokenExpiry(d time.Duration) { defaultTokenExpiry.Store(int64(d)) }

// DefaultTokenExpiry returns the lifetime of tokens created without one.
func DefaultTokenExpiry() time.Duration { return time.Duration(defaultTokenExpiry.Load()) }

// CreateToken stores a new API token and returns its secret, which is
// shown once and never stored.
func CreateToken(ctx context.Context, client *ent.Client, in NewToken) (string, *ent.APIToken, error) {
	if !validRole(in.Role) {
		return "", nil, apperr.Invalid("role", "must be VIEWER, EDITOR or ADMIN")
	}
	if strings.TrimSpace(in.Name) == "" {
		return "", nil, apperr.Invalid("name", "must not be empty")
	}
	secret := NewSecret(TokenPrefix)
	create := client.APIToken.Create().
		SetName(in.Name).
		SetTokenHash(HashSecret(secret)).
		SetPrefix(secret[:len(TokenPrefix)+6]).
		SetRole(in.Role).
		SetAllAccounts(in.AllAccounts).
		SetNillableCreatedByID(in.CreatedBy)
	expiresIn := in.ExpiresIn
	if expiresIn == 0 {
		expiresIn = DefaultTokenExpiry()
	}
	if expiresIn > 0 {
		create.SetExpiresAt(time.Now().Add(expiresIn))
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
		return nil, apperr.Invalid("role", "must be VIEWER, EDITOR or ADMIN")
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if err := ValidateEmail(email); err != nil {
		return nil, apperr.Invalid("email", "%v", err)
	}
	if err := ValidatePassword(in.Password, email); err != nil {
		return nil, apperr.Invalid("password", "%v", err)
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
		SetEmail(email).
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

// ValidateEmail checks an e-mail address's syntax (RFC 5322 addr-spec,
// as net/mail reads it, without a display name), with a dot-free domain
// allowed only for names like localhost-style test domains it does not
// refuse: the domain must not be empty and must not be an IP literal.
func ValidateEmail(email string) error {
	if len(email) > 254 {
		return errors.New("e-mail address is longer than 254 characters")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email {
		return fmt.Errorf("%q is not an e-mail address", email)
	}
	local, domain, _ := strings.Cut(email, "@")
	if local == "" || domain == "" || strings.HasPrefix(domain, "[") || strings.ContainsAny(email, " \t\r\n") {
		return fmt.Errorf("%q is not an e-mail address", email)
	}
	return nil
}

// ParseExpiry reads durations like "90d", "12h", "0" or "never" (-1: no
// expiry) and "" (0: the default, see NewToken.ExpiresIn).
func ParseExpiry(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if s == "0" || s == "never" {
		return -1, nil
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
