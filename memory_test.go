package main

import (
	"runtime/debug"
	"testing"
)

// setMemoryLimit sets the soft limit and GOGC 200 (paced above a floor of
// half the limit) only when the runtime's own settings are absent.
func TestSetMemoryLimit(t *testing.T) {
	origLimit, origGC := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(origGC)
	t.Cleanup(func() {
		debug.SetMemoryLimit(origLimit)
		debug.SetGCPercent(origGC)
	})
	for _, tc := range []struct {
		name          string
		mb            int
		gomemlimit    string
		gogc          string
		wantLimit     int64 // -1: unchanged
		wantGCPercent int   // -1: unchanged; else the pacer's base
	}{
		{"limit and GOGC", 160, "", "", 160 << 20, 200},
		{"GOGC in the environment wins", 100, "", "50", 100 << 20, -1},
		{"GOMEMLIMIT in the environment wins", 160, "1GiB", "", -1, -1},
		{"0 sets nothing", 0, "", "", -1, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tc.gomemlimit)
			t.Setenv("GOGC", tc.gogc)
			const sentinelLimit, sentinelGC = 1 << 40, 77
			debug.SetMemoryLimit(sentinelLimit)
			debug.SetGCPercent(sentinelGC)
			pacer := setMemoryLimit(tc.mb)
			if (pacer != nil) != (tc.wantGCPercent != -1) {
				t.Fatalf("pacer started: %v, want %v", pacer != nil, tc.wantGCPercent != -1)
			}
			if pacer != nil {
				if pacer.Percent() < tc.wantGCPercent {
					t.Errorf("paced GOGC %d under the base %d", pacer.Percent(), tc.wantGCPercent)
				}
				pacer.Stop() // back to the base
			}
			limit, gc := debug.SetMemoryLimit(-1), debug.SetGCPercent(sentinelGC)
			if tc.wantLimit == -1 {
				tc.wantLimit = sentinelLimit
			}
			if tc.wantGCPercent == -1 {
				tc.wantGCPercent = sentinelGC
			}
			if limit != tc.wantLimit || gc != tc.wantGCPercent {
				t.Errorf("limit %d, GOGC %d; want %d, %d", limit, gc, tc.wantLimit, tc.wantGCPercent)
			}
		})
	}
}
