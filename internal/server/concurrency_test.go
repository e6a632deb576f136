package server_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rapport/internal/apitest"
	"rapport/internal/storetest"
)

// TestConcurrentWritersNeverSeeDatabaseLocked runs 32 writers against one
// SQLite file for a bounded time: each write must succeed, none may be
// answered with "database is locked".
func TestConcurrentWritersNeverSeeDatabaseLocked(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	var acc struct{ CreateAccount struct{ ID string } }
	c.MustDo(`mutation { createAccount(input: {name: "Busy Telecom"}) { id } }`, nil, &acc)

	const writers = 32
	// 3 s by default; CI runs the 30 s the durability issue asks for.
	duration := 3 * time.Second
	if v, err := time.ParseDuration(os.Getenv("RAPPORT_STRESS_DURATION")); err == nil && v > 0 {
		duration = v
	}
	deadline := time.Now().Add(duration)
	var ok, failed atomic.Int64
	var mu sync.Mutex
	var firstErr string
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline) && i < 100_000; i++ {
				res := c.Do(`mutation($a: ID!, $n: String!) { createContact(input: {accountID: $a, name: $n}) { id } }`,
					map[string]any{"a": acc.CreateAccount.ID, "n": fmt.Sprintf("writer %d #%d", w, i)})
				if len(res.Errors) > 0 {
					failed.Add(1)
					mu.Lock()
					if firstErr == "" {
						firstErr = fmt.Sprint(res.Errors)
					}
					mu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}(w)
	}
	wg.Wait()
	t.Logf("%d writes by %d writers in %s, %d failed", ok.Load(), writers, duration, failed.Load())
	if failed.Load() > 0 {
		t.Errorf("%d writes failed; first: %s", failed.Load(), firstErr)
	}
	if strings.Contains(firstErr, "locked") {
		t.Errorf("a client saw a locked database: %s", firstErr)
	}
	var n int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM contacts").Scan(&n); err != nil || int64(n) != ok.Load() {
		t.Errorf("%d contacts stored, %d writes acknowledged (%v)", n, ok.Load(), err)
	}
}

// TestPooledResponseBuffersNeverMix: responses' data buffers are reused
// from request to request (gqlexec.DataBuffer); clients asking at once
// for pages of different sizes and contents must each read their own,
// whole and unchanged.
func TestPooledResponseBuffersNeverMix(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)
	var acc struct{ CreateAccount struct{ ID string } }
	c.MustDo(`mutation { createAccount(input: {name: "Pool Telecom"}) { id } }`, nil, &acc)
	for i := range 120 {
		c.MustDo(`mutation($a: ID!, $n: String!, $t: String!) { createContact(input: {accountID: $a, name: $n, title: $t}) { id } }`,
			map[string]any{"a": acc.CreateAccount.ID, "n": fmt.Sprintf("Person %03d", i), "t": strings.Repeat("T", i)}, nil)
	}
	type page struct {
		Contacts struct {
			Edges []struct{ Node struct{ Name, Title string } }
		}
	}
	want := map[int]page{}
	for _, n := range []int{1, 7, 40, 120} {
		var p page
		c.MustDo(`query($n: Int!) { contacts(first: $n, orderBy: {field: NAME}) { edges { node { name title } } } }`, map[string]any{"n": n}, &p)
		if len(p.Contacts.Edges) != n {
			t.Fatalf("first %d: %d contacts", n, len(p.Contacts.Edges))
		}
		want[n] = p
	}
	var wg sync.WaitGroup
	var bad atomic.Int64
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				n := []int{1, 7, 40, 120}[(w+i)%4]
				var p page
				c.MustDo(`query($n: Int!) { contacts(first: $n, orderBy: {field: NAME}) { edges { node { name title } } } }`, map[string]any{"n": n}, &p)
				if fmt.Sprint(p) != fmt.Sprint(want[n]) {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of 480 responses differed from the same query's answer asked alone", bad.Load())
	}
}
