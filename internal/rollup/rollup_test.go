package rollup

import (
	"testing"
)

func TestWeightedHealth(t *testing.T) {
	tests := []struct {
		name    string
		members []*Member
		scores  map[int]int
		want    int
	}{
		{"revenue weights", []*Member{{AccountID: 1, Revenue: 100}, {AccountID: 2, Revenue: 300}}, map[int]int{1: 40, 2: 80}, 70},
		{"no revenue: plain mean", []*Member{{AccountID: 1}, {AccountID: 2}}, map[int]int{1: 40, 2: 81}, 61},
		{"members with no revenue count for nothing when others have some", []*Member{{AccountID: 1, Revenue: 50}, {AccountID: 2}}, map[int]int{1: 30, 2: 90}, 30},
		{"a member not read does not count", []*Member{{AccountID: 1, Revenue: 10}, {AccountID: 2, Revenue: 10}}, map[int]int{1: 50}, 50},
		{"nothing read", []*Member{{AccountID: 1}}, map[int]int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WeightedHealth(tt.members, func(id int) (int, bool) { s, ok := tt.scores[id]; return s, ok })
			if got != tt.want {
				t.Errorf("WeightedHealth = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestGapsOf(t *testing.T) {
	tests := []struct {
		name string
		m    Member
		want []GapKind
	}{
		{"healthy", Member{Pairings: 1, KeyContacts: 2, KeyCovered: 2, SingleThreaded: 1}, nil},
		{"no pairing", Member{KeyContacts: 1, KeyCovered: 1}, []GapKind{NoExecutivePairing}},
		{"all single-threaded", Member{Pairings: 2, KeyContacts: 3, KeyCovered: 2, SingleThreaded: 2}, []GapKind{SingleThreaded}},
		{"uncovered, not single-threaded", Member{Pairings: 1, KeyContacts: 2}, []GapKind{Uncovered}},
		{"no key contacts: only the pairing counts", Member{}, []GapKind{NoExecutivePairing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []GapKind
			for _, g := range gapsOf(&tt.m) {
				got = append(got, g.Kind)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("gaps = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("gaps = %v, want %v", got, tt.want)
				}
			}
		})
	}
}
