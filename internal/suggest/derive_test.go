package suggest

import (
	"testing"
	"time"
)

// TestDeriveKeepsTheQueueShort works the relation rule's limits by hand:
// the number of shared meetings, the size of the meeting, a relation or
// reporting line already known, and a meeting without any of ours.
func TestDeriveKeepsTheQueueShort(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	meet := func(days int, contacts ...int) Meeting {
		return Meeting{AccountID: 1, OccurredAt: now.AddDate(0, 0, -days), Contacts: contacts, Team: []int{100}}
	}
	times := func(n int, contacts ...int) []Meeting {
		var out []Meeting
		for i := range n {
			out = append(out, meet(400+i, contacts...)) // outside the coverage window
		}
		return out
	}
	cases := []struct {
		name     string
		meetings []Meeting
		known    [][2]int
		want     []string // relation keys
	}{
		{"two meetings are not enough", times(2, 1, 2), nil, nil},
		{"three meetings of two", times(3, 1, 2), nil, []string{"R/1/2"}},
		{"three meetings of four: every pair", times(3, 1, 2, 3, 4), nil,
			[]string{"R/1/2", "R/1/3", "R/1/4", "R/2/3", "R/2/4", "R/3/4"}},
		{"meetings of five say nothing about a pair", times(5, 1, 2, 3, 4, 5), nil, nil},
		{"large meetings do not add to small ones", append(times(2, 2, 1), times(4, 1, 2, 3, 4, 5)...), nil, nil},
		{"a duplicate attendee is one person", times(3, 1, 2, 2, 3, 4, 4), nil,
			[]string{"R/1/2", "R/1/3", "R/1/4", "R/2/3", "R/2/4", "R/3/4"}},
		{"a relation or reporting line already known", times(3, 1, 2, 3), [][2]int{Pair(2, 1), Pair(3, 2)}, []string{"R/1/3"}},
		{"none of ours present", func() []Meeting {
			ms := times(3, 1, 2)
			for i := range ms {
				ms[i].Team = nil
			}
			return ms
		}(), nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			known := Known{Related: map[[2]int]bool{}, Coverage: map[[2]int]int{}}
			for _, k := range c.known {
				known.Related[k] = true
			}
			var got []string
			for _, cand := range Derive(c.meetings, known, now) {
				if cand.Kind == KindRelation {
					got = append(got, cand.Key)
					if cand.Evidence < MinShared || cand.Confidence != RelationConfidence(cand.Evidence) {
						t.Errorf("%s: evidence %d, confidence %v", cand.Key, cand.Evidence, cand.Confidence)
					}
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("relations %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("relations %v, want %v", got, c.want)
				}
			}
		})
	}
}
