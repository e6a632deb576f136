package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"rapport/internal/apitest"
)

// TestTwoServersOnOnePostgreSQLShareLiveUpdates starts two rapport serve
// processes on one fresh PostgreSQL database, subscribes on the first,
// writes through the second, and hears the write on the first: the event
// travels by LISTEN/NOTIFY, not in process.
func TestTwoServersOnOnePostgreSQLShareLiveUpdates(t *testing.T) {
	skipInShortMode(t, "the two-server test")
	dbURL := freshPostgresDatabase(t)
	bin := rapportBin
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
