package main

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"rapport/bench/load"
)

// TestInterleavedTurnsTheOrderAndMergesTheRounds: three ops measured in
// three rounds run in the orders ABC, BCA, CAB, each for a third of the
// time, and each op's result holds all its rounds' requests.
func TestInterleavedTurnsTheOrderAndMergesTheRounds(t *testing.T) {
	var (
		mu    sync.Mutex
		order []string
	)
	op := func(name string) load.Op {
		return func(ctx context.Context, _, i int) error {
			mu.Lock()
			defer mu.Unlock()
			if i == 0 { // the first measured request of a run
				order = append(order, name)
			}
			time.Sleep(time.Millisecond)
			return nil
		}
	}
	opts := load.Options{Concurrency: 1, Duration: 90 * time.Millisecond, MaxRequests: 30}
	res := interleaved(context.Background(), opts, []load.Op{op("A"), op("B"), op("C")}, 3)
	if want := []string{"A", "B", "C", "B", "C", "A", "C", "A", "B"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	for i, r := range res {
		// Each round stops at 10 requests or 30 ms, whichever comes first.
		if r.Requests < 12 || r.Requests > 30 || r.Elapsed < 30*time.Millisecond || r.P50 < time.Millisecond {
			t.Errorf("op %d: %d requests in %s, p50 %s: want the three rounds merged", i, r.Requests, r.Elapsed, r.P50)
		}
	}
}
