package chunk

import (
	"errors"
	"slices"
	"testing"
)

func TestIDsDropsDuplicatesAndBoundsParts(t *testing.T) {
	tests := []struct {
		name string
		ids  []int
		size int
		want [][]int
	}{
		{"none", nil, 2, nil},
		{"one part", []int{3, 1, 3}, 2, [][]int{{3, 1}}},
		{"parts of size", []int{1, 2, 3, 2, 4, 5}, 2, [][]int{{1, 2}, {3, 4}, {5}}},
		{"default size", []int{7}, 0, [][]int{{7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := IDs(tt.ids, tt.size)
			if !slices.EqualFunc(got, tt.want, slices.Equal[[]int]) {
				t.Fatalf("IDs(%v, %d) = %v, want %v", tt.ids, tt.size, got, tt.want)
			}
		})
	}
}

func TestLoadReadsEachPartOnce(t *testing.T) {
	ids := make([]int, 2*Size+1)
	for i := range ids {
		ids[i] = i
	}
	calls := 0
	got, err := Load(ids, func(part []int) ([]int, error) {
		calls++
		if len(part) > Size {
			t.Fatalf("part of %d IDs", len(part))
		}
		return part, nil
	})
	if err != nil || calls != 3 || !slices.Equal(got, ids) {
		t.Fatalf("Load: %d calls, %d rows, err %v; want 3 calls, %d rows", calls, len(got), err, len(ids))
	}
	if _, err := Load(ids, func([]int) ([]int, error) { return nil, errors.New("boom") }); err == nil {
		t.Fatal("Load dropped the error")
	}
}
