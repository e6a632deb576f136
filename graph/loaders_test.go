package graph

import (
	"context"
	"testing"

	"rapport/internal/chunk"
)

// A batch of nested lists' keys can pass SQLite's 32,766 variables and
// PostgreSQL's 65,535 parameters; the batcher must fetch it in parts that
// an IN list takes, and still answer every key.
func TestBatcherFetchesLargeBatchesInParts(t *testing.T) {
	const n = 70_000
	keys := make([]int, n)
	for i := range keys {
		keys[i] = i + 1
	}
	fetches := 0
	b := &batcher[int]{fetch: func(_ context.Context, ids []int) (map[int]int, error) {
		fetches++
		if len(ids) > chunk.Size {
			t.Fatalf("fetch of %d keys, want at most %d", len(ids), chunk.Size)
		}
		out := make(map[int]int, len(ids))
		for _, id := range ids {
			out[id] = -id
		}
		return out, nil
	}}
	v, err := b.load(context.Background(), 1, keys)
	if err != nil || v != -1 {
		t.Fatalf("load(1) = %d, %v; want -1", v, err)
	}
	if want := (n + chunk.Size - 1) / chunk.Size; fetches != want {
		t.Errorf("%d fetches, want %d", fetches, want)
	}
	if v, _ := b.load(context.Background(), n, nil); v != -n || fetches != (n+chunk.Size-1)/chunk.Size {
		t.Errorf("load(%d) = %d after %d fetches: want -%d from the first batch", n, v, fetches, n)
	}
}
