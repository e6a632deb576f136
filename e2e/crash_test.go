package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"rapport/internal/store"
	"rapport/internal/wiring"
)

// TestAcknowledgedWritesSurviveSIGKILL starts the real binary on SQLite,
// runs a write load, kills the process with SIGKILL mid-load, restarts it,
// and checks the database's integrity and that every write the load saw
// acknowledged is there.
func TestAcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	skipInShortMode(t, "the crash test")
	dir := t.TempDir()
	bin := rapportBin
	dbURL := "sqlite:" + filepath.Join(dir, "crash.db")
	env := append(os.Environ(), "RAPPORT_DATABASE_URL="+dbURL, "RAPPORT_LOG_LEVEL=warn")

	tokenCmd := exec.Command(bin, "token", "create", "--role", "editor", "--name", "crash")
	tokenCmd.Env = env
	out, err := tokenCmd.Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Never leave a server behind, whichever way the test ends.
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
		})
		waitReady(t, "http://"+addr+"/readyz")
		return cmd
	}
	srv := start()
	gql := func(query string, vars map[string]any) (map[string]any, error) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var res struct {
			Data   map[string]any
			Errors []map[string]any
		}
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
			return nil, err
		}
		if len(res.Errors) > 0 {
			return nil, fmt.Errorf("%v", res.Errors)
		}
		return res.Data, nil
	}
	data, err := gql(`mutation { createAccount(input: {name: "Crash Test Telecom"}) { id } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	accountID := data["createAccount"].(map[string]any)["id"].(string)

	var mu sync.Mutex
	acked := map[string]bool{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil && i < 5000; i++ {
				name := fmt.Sprintf("w%d-%d", w, i)
				_, err := gql(`mutation($a: ID!, $n: String!) { createContact(input: {accountID: $a, name: $n}) { id } }`,
					map[string]any{"a": accountID, "n": name})
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked[name] = true
				mu.Unlock()
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	cancel()
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}

	if err := store.IntegrityCheck(context.Background(), dbURL); err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	srv = start()
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	db, err := wiring.Open(context.Background(), dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.SQL.Query("SELECT name FROM contacts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		found[n] = true
	}
	missing := 0
	for name := range acked {
		if !found[name] {
			missing++
		}
	}
	t.Logf("%d writes acknowledged before SIGKILL, %d rows after restart", len(acked), len(found))
	if missing > 0 {
		t.Errorf("%d acknowledged writes are missing after the crash", missing)
	}
}
