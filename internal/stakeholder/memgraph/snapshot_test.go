package memgraph

import (
	"testing"
	"unsafe"
)

// TestRowsStayCompact guards the row sizes the memory budget at scale L
// (200,000 contacts, 1,000,000 relations) was measured with: a field added
// carelessly can cost a padding word per row.
func TestRowsStayCompact(t *testing.T) {
	for _, tt := range []struct {
		name      string
		got, want uintptr
	}{
		{"Contact", unsafe.Sizeof(Contact{}), 80},
		{"Relation", unsafe.Sizeof(Relation{}), 32},
		{"Coverage", unsafe.Sizeof(Coverage{}), 24},
	} {
		if tt.got > tt.want {
			t.Errorf("%s is %d bytes, want at most %d", tt.name, tt.got, tt.want)
		}
	}
}
