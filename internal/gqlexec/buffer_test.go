package gqlexec

import "testing"

// TestLargeResponsesKeepTheirBuffer: a response the size of the
// whitespace grid at scale L (4.6 MB) hands its buffer back for the next
// one; a tiny or a huge one does not. sync.Pool may drop an item (the race
// detector drops some on purpose), so each size is tried a few times.
func TestLargeResponsesKeepTheirBuffer(t *testing.T) {
	tests := []struct {
		name string
		size int
		kept bool
	}{
		{"tiny", 1 << 10, false},
		{"the grid at L", 4_624_940, true},
		{"an export", 20 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept := false
			for range 20 {
				ReleaseData(make([]byte, 0, tt.size))
				if cap(DataBuffer(true).Bytes()) >= tt.size {
					kept = true
					break
				}
			}
			if kept != tt.kept {
				t.Errorf("a %d-byte buffer kept: %v, want %v", tt.size, kept, tt.kept)
			}
		})
	}
}
