package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rapport/internal/apitest"
	"rapport/internal/storetest"
)

// TestTwoServersOnOnePostgreSQLShareLiveUpdates starts two rapport serve
// processes on one fresh PostgreSQL database, subscribes on the first,
// writes through the second, and hears the write on the first: the event
// travels by LISTEN/NOTIFY, not in process.
func TestTwoServersOnOnePostgreSQLShareLiveUpdates(t *testing.T) {
	skipInShortMode(t, "the two-server test")
	dbURL := freshPostgresDatabase(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "rapport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "RAPPORT_DATABASE_URL="+dbURL, "RAPPORT_LOG_LEVEL=warn")
	tokenCmd := exec.Command(bin, "token", "create", "--role", "admin", "--name", "live")
	tokenCmd.Env = env
	out, err := tokenCmd.Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	serve := func() string {
		addr := freeAddr(t)
		cmd := exec.Command(bin, "serve", "--addr", addr)
		cmd.Env = env
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("server %s log:\n%s", addr, logs.String())
			}
		})
		waitReady(t, "http://"+addr+"/readyz")
		return "http://" + addr
	}
	first, second := serve(), serve()

	gql := func(base, query string, vars map[string]any) map[string]any {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct {
			Data   map[string]any
			Errors []map[string]any
		}
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Errors) > 0 {
			t.Fatalf("%s: %v %v", query, err, res.Errors)
		}
		return res.Data
	}
	acc := gql(second, `mutation { createAccount(input: {name: "Live Telecom"}) { id } }`, nil)["createAccount"].(map[string]any)["id"].(string)

	events := apitest.Subscribe(t, first, http.Header{"Authorization": {"Bearer " + token}},
		`subscription($a: ID!) { graphChanged(accountId: $a) { entityType entityId action accountId } }`,
		map[string]any{"a": acc})

	// The subscription is live at some point after the request is sent:
	// write through the second server until the first hears a write.
	deadline := time.Now().Add(20 * time.Second)
	written := map[string]bool{}
	for {
		if time.Now().After(deadline) {
			t.Fatal("the first server heard none of the second server's writes within 20s")
		}
		id := gql(second, `mutation($a: ID!, $at: Time!) { createInteraction(input: {accountID: $a, kind: CALL, occurredAt: $at, subject: "hello"}) { id } }`,
			map[string]any{"a": acc, "at": time.Now().UTC().Format(time.RFC3339)})["createInteraction"].(map[string]any)["id"].(string)
		written[id] = true
		select {
		case r, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if len(r.Errors) > 0 {
				t.Fatalf("subscription: %v", r.Errors)
			}
			var data struct{ GraphChanged map[string]any }
			if err := json.Unmarshal(r.Data, &data); err != nil {
				t.Fatal(err)
			}
			got := data.GraphChanged
			if got["entityType"] != "Interaction" || got["action"] != "CREATE" || got["accountId"] != acc || !written[fmt.Sprint(got["entityId"])] {
				t.Fatalf("heard %v, want the CREATE of one of the interactions written at %s", got, acc)
			}
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// freshPostgresDatabase creates a database of the test's own on the test
// PostgreSQL (servers share it as in production: schema public) and drops
// it at the end.
func freshPostgresDatabase(t *testing.T) string {
	t.Helper()
	base := storetest.PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("skipping: no PostgreSQL (%v)", err)
	}
	name := fmt.Sprintf("rapport_live_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return strings.Replace(u.String(), "postgresql://", "postgres://", 1)
}
