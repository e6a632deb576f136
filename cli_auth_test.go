package main

import (
	"context"
	"fmt"
	"testing"

	"rapport/internal/auth"
	"rapport/internal/storetest"
)

// TestTokenAndUserCommands revokes a token and deactivates, signs out
// and reactivates a user from the CLI, as an operator would.
func TestTokenAndUserCommands(t *testing.T) {
	url := storetest.URL(t, storetest.SQLite)
	db := storetest.OpenURL(t, url)
	ctx := auth.WithViewer(context.Background(), auth.System)
	_, tok, err := auth.CreateToken(ctx, db.Client, auth.NewToken{Name: "bi", Role: auth.RoleViewer, AllAccounts: true})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpiresAt == nil {
		t.Error("a token created without an expiry does not expire")
	}
	if _, err := auth.CreateUser(ctx, db.Client, auth.NewUser{Email: "ann@us.example", Password: "correct horse battery", Role: auth.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--database-url", url, "--secret-key-file", t.TempDir() + "/k"}
	if err := tokenCommand(ctx, append([]string{"list"}, flags...)); err != nil {
		t.Fatal(err)
	}
	if err := tokenCommand(ctx, append([]string{"revoke", "--prefix", tok.Prefix}, flags...)); err != nil {
		t.Fatal(err)
	}
	if got := db.Client.APIToken.GetX(ctx, tok.ID); got.RevokedAt == nil {
		t.Error("token revoke left the token valid")
	}
	for _, step := range []struct {
		action string
		active bool
	}{{"deactivate", false}, {"sign-out", false}, {"reactivate", true}} {
		action := step.action
		if err := userCommand(ctx, append([]string{action, "--email", "ann@us.example"}, flags...)); err != nil {
			t.Fatalf("user %s: %v", action, err)
		}
		u, _ := auth.FindUser(ctx, db.Client, "ann@us.example")
		if u.Active != step.active {
			t.Errorf("after user %s: active = %v", action, u.Active)
		}
	}
	if err := tokenCommand(ctx, append([]string{"revoke", "--id", fmt.Sprint(tok.ID + 1000)}, flags...)); err == nil {
		t.Error("revoked a token that does not exist")
	}
}
