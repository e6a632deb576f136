package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercentForKeepsTheGoalAboveTheFloor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name        string
		live, floor uint64
		base, want  int
	}{
		{"small heap: the floor sets the goal", 12 * mb, 70 * mb, 200, 483},
		{"heap whose base goal passes the floor", 30 * mb, 70 * mb, 200, 200},
		{"large heap (scale L): base", 85 * mb, 70 * mb, 200, 200},
		{"no floor", 12 * mb, 0, 200, 200},
		{"tiny heap: bounded", 1 << 10, 70 * mb, 200, maxPercent},
		{"nothing measured yet", 0, 70 * mb, 200, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := PercentFor(tc.live, tc.base, tc.floor)
			if got != tc.want {
				t.Fatalf("PercentFor(%d, %d, %d) = %d, want %d", tc.live, tc.base, tc.floor, got, tc.want)
			}
			if goal := tc.live * uint64(100+got) / 100; tc.live > 0 && got < maxPercent && goal < tc.floor*99/100 {
				t.Errorf("goal %d under the floor %d", goal, tc.floor)
			}
		})
	}
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// TestPacerFollowsCollections: a running pacer raises GOGC for this test
// binary's small heap after a collection, and Stop puts it back to base.
func TestPacerFollowsCollections(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	p := Start(100, 1<<30) // a 1 GiB floor: far above this heap
	defer p.Stop()
	deadline := time.Now().Add(5 * time.Second)
	for p.Percent() <= 100 || gogc() != p.Percent() {
		if time.Now().After(deadline) {
			t.Fatalf("after collections GOGC is %d (pacer %d), want above 100", gogc(), p.Percent())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
	}
	p.Stop()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if got := gogc(); got != 100 {
		t.Errorf("after Stop and a collection GOGC is %d, want 100", got)
	}
}

// A soft limit under the live heap is lifted above it after a collection.
func TestPacerLiftsALimitUnderTheLiveHeap(t *testing.T) {
	origLimit, origGC := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	defer func() {
		debug.SetMemoryLimit(origLimit)
		debug.SetGCPercent(origGC)
	}()
	keep := make([]byte, 8<<20) // 8 MiB of live heap at least
	const tiny = 1 << 20
	debug.SetMemoryLimit(tiny)
	p := Start(100, 0)
	defer p.Stop()
	p.KeepLimitAbove(tiny)
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) <= int64(len(keep)) {
		if time.Now().After(deadline) {
			t.Fatalf("the soft limit stayed at %d under a live heap of %d or more", debug.SetMemoryLimit(-1), len(keep))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// Lifted to the goal of GOGC 100, twice the live heap: a limit closer
	// to the live heap would pace the collector tighter than GOGC does.
	if got := debug.SetMemoryLimit(-1); got < 2*int64(len(keep)) {
		t.Errorf("the soft limit was lifted to %d, under twice the live heap of %d or more", got, len(keep))
	}
	runtime.KeepAlive(keep)
}
