package cases

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
)

// FloorFunc is a case's floor: the same question answered with
// hand-written SQL, returning what the floor's HTTP handler encodes with
// encoding/json. worker and i are the load generator's, passed through
// (the paging case keeps a cursor per worker).
type FloorFunc func(ctx context.Context, worker, i int) (any, error)

// FloorClient calls the floor server (bench/cmd/floor) over HTTP, with
// the same kept-alive connections and response checks as the GraphQL
// client, so that × floor compares two HTTP services.
type FloorClient struct {
	URL  string // http://host:port
	HTTP *http.Client
	sent atomic.Uint64
}

// NewFloorClient returns a client of the floor server at base.
func NewFloorClient(base string) *FloorClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 64, 64
	return &FloorClient{URL: base, HTTP: &http.Client{Transport: tr}}
}

// FloorPath is where the floor server answers case id.
func FloorPath(id string) string { return "/floor/" + id }

// op returns the load op that asks the floor server for case id.
func (f *FloorClient) op(id string) func(ctx context.Context, w, i int) error {
	url := f.URL + FloorPath(id) + "?w="
	return func(ctx context.Context, w, _ int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+strconv.Itoa(w), nil)
		if err != nil {
			return fmt.Errorf("build request: %w", err)
		}
		resp, err := f.HTTP.Do(req)
		if err != nil {
			return fmt.Errorf("post: %w", err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("read response: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("floor HTTP %d: %.200s", resp.StatusCode, raw)
		}
		// Checked as the GraphQL client checks Rapport's answers: complete
		// always, parsed in full one time in 32.
		raw = bytes.TrimSpace(raw)
		if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
			return fmt.Errorf("floor: incomplete body %.200q", raw)
		}
		if f.sent.Add(1)%32 == 1 && !json.Valid(raw) {
			return fmt.Errorf("floor: invalid JSON %.200q", raw)
		}
		return nil
	}
}

// FloorHandler serves every case's floor under FloorPath(id): the
// minimal Go handler the API is held against (database/sql, the same SQL
// by hand, encoding/json; no GraphQL, no ORM, no auth).
func FloorHandler(e *Env) http.Handler {
	mux := http.NewServeMux()
	for _, c := range All(e) {
		if c.FloorSQL == nil {
			continue
		}
		f := c.FloorSQL
		mux.HandleFunc("POST "+FloorPath(c.ID), func(w http.ResponseWriter, r *http.Request) {
			worker, _ := strconv.Atoi(r.URL.Query().Get("w"))
			v, err := f(r.Context(), worker, 0)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			if err := json.NewEncoder(w).Encode(map[string]any{"data": v}); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
			}
		})
	}
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	return mux
}
