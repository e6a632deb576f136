package apitest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Subscribe opens a GraphQL subscription over server-sent events at
// baseURL+"/graphql" with the given headers, and returns its results as
// they arrive. The stream ends with the test.
func Subscribe(t testing.TB, baseURL string, header http.Header, query string, vars map[string]any) <-chan Result {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	out := make(chan Result, 64)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			var r Result
			_ = json.NewDecoder(resp.Body).Decode(&r)
			r.Status = resp.StatusCode
			out <- r
			return
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var r Result
			if err := json.Unmarshal([]byte(data), &r); err != nil {
				continue
			}
			r.Status = resp.StatusCode
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
