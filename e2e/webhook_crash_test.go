package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestWebhookEventsSurviveACrash registers a webhook with a slow receiver
// on loopback, makes ten changes, kills the server with SIGKILL while it is
// delivering, restarts it, and waits for every event to arrive.
func TestWebhookEventsSurviveACrash(t *testing.T) {
	skipInShortMode(t, "the webhook crash test")
	var mu sync.Mutex
	seen := map[string]bool{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // slow enough to be killed mid-delivery
		var msg struct {
			Payload struct{ Fields struct{ Name string } }
		}
		_ = json.NewDecoder(r.Body).Decode(&msg)
		mu.Lock()
		seen[msg.Payload.Fields.Name] = true
		mu.Unlock()
	}))
	defer recv.Close()
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(seen) }

	dir := t.TempDir()
	bin := rapportBin
	// The receiver is on loopback, which webhooks may reach only when allowed.
	env := append(os.Environ(), "RAPPORT_DATABASE_URL=sqlite:"+filepath.Join(dir, "hooks.db"), "RAPPORT_LOG_LEVEL=warn",
		"RAPPORT_WEBHOOK_ALLOW_NETS=127.0.0.1/32")
	tokenCmd := exec.Command(bin, "token", "create", "--role", "admin", "--name", "hooks")
	tokenCmd.Env = env
	out, err := tokenCmd.Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	token := strings.TrimSpace(string(out))[strings.LastIndex(strings.TrimSpace(string(out)), "\n")+1:]
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
		})
		waitReady(t, "http://"+addr+"/readyz")
		return cmd
	}
	gql := func(query string, vars map[string]any) map[string]any {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct {
			Data   map[string]any
			Errors []any
		}
		_ = json.NewDecoder(resp.Body).Decode(&res)
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", query, res.Errors)
		}
		return res.Data
	}

	srv := start()
	gql(`mutation($u: String!) { createWebhook(input: {url: $u, events: ["contact.created"]}) { secret } }`, map[string]any{"u": recv.URL})
	acc := gql(`mutation { createAccount(input: {name: "Crashy Telecom"}) { id } }`, nil)["createAccount"].(map[string]any)["id"]
	for i := 0; i < 10; i++ {
		gql(`mutation($a: ID!, $n: String!) { createContact(input: {accountID: $a, name: $n}) { id } }`,
			map[string]any{"a": acc, "n": fmt.Sprintf("person %d", i)})
	}
	// Kill the server once delivery has begun but before it has finished.
	deadline := time.Now().Add(20 * time.Second)
	for count() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	_ = srv.Process.Signal(syscall.SIGKILL)
	_ = srv.Wait()
	before := count()
	if before >= 10 {
		t.Fatalf("all %d events were delivered before the kill; the test did not crash mid-delivery", before)
	}

	srv = start()
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	deadline = time.Now().Add(60 * time.Second)
	for count() < 10 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("%d events delivered before SIGKILL, %d after restart", before, count())
	if count() != 10 {
		t.Errorf("%d of 10 events arrived after the crash", count())
	}
}
