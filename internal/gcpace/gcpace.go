// Package gcpace paces the garbage collector of a server whose live heap is
// small next to its memory limit: it keeps the heap goal from falling
// below a floor, so that a server holding 12 MB of live data does not
// collect every 24 MB of garbage while it may use ten times that.
package gcpace

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// maxPercent bounds GOGC when the live heap is tiny (a fresh server):
// the floor, not the percentage, is what the pacing is after.
const maxPercent = 5000

// Pacer holds the goal: after every collection it sets GOGC to
// max(base, the percentage that puts the next goal at floor bytes). Under
// the runtime's memory limit, which caps the goal whatever GOGC says, a
// live heap near the limit is paced by the limit as before; only the small
// heaps collect less often.
//
// Why not GOGC=off under the limit: the heap would then always grow to the
// limit, and a demo server would hold 140 MiB where it needs 40. Why not a
// larger fixed GOGC: at scale L the live heap is 85 MB, and GOGC 400 raised
// the peak RSS there by 10-15 MiB.
type Pacer struct {
	base    int
	floor   uint64
	limit   int64 // the soft memory limit it lifts above the live heap; 0: none
	stopped atomic.Bool

	mu      sync.Mutex
	percent int
	sample  []metrics.Sample
}

// Start paces the collector from now on, with GOGC base and a heap goal
// of at least floor bytes. It sets GOGC at once and after each collection.
func Start(base int, floor uint64) *Pacer {
	p := &Pacer{base: base, floor: floor, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	p.adjust()
	p.arm()
	return p
}

// Stop ends the pacing and leaves GOGC at base.
func (p *Pacer) Stop() {
	p.stopped.Store(true)
	p.mu.Lock()
	defer p.mu.Unlock()
	debug.SetGCPercent(p.base)
	p.percent = p.base
}

// KeepLimitAbove has the pacer lift the runtime's soft memory limit, set
// to limit, whenever the live heap a collection leaves passes three
// quarters of it: to the heap goal GOGC base gives that live heap. A limit
// under the live data does not bound the memory (it is soft); it only
// makes the collector run back to back: a server at scale L, whose live
// heap passed the default 140 MiB, spent three quarters of its CPU
// collecting. Lifted to one and a half times the live heap, as it first
// was, the limit still paced the collector as a GOGC of about 50 would:
// the accounts page at L made 3,074 requests a second at 556 MiB of RSS,
// against 3,965 at 832 MiB lifted to the goal (decision 0022).
func (p *Pacer) KeepLimitAbove(limit int64) {
	p.mu.Lock()
	p.limit = limit
	p.mu.Unlock()
	p.adjust()
}

// Percent returns the GOGC the pacer last set.
func (p *Pacer) Percent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.percent
}

// sentinel is garbage as soon as it is made: its finalizer runs after the
// next collection and makes another. (It holds a pointer so that it is not
// a tiny allocation, whose finalizer may never run.)
type sentinel struct{ p *Pacer }

func (p *Pacer) arm() {
	runtime.SetFinalizer(&sentinel{p: p}, func(s *sentinel) {
		if s.p.stopped.Load() {
			return
		}
		s.p.adjust()
		s.p.arm()
	})
}

// adjust sets GOGC for the live heap the last collection left.
func (p *Pacer) adjust() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped.Load() {
		return
	}
	metrics.Read(p.sample)
	live := p.sample[0].Value.Uint64()
	if p.limit > 0 && live > uint64(p.limit)/4*3 {
		was := p.limit
		p.limit = int64(live / 100 * uint64(100+p.base)) // the goal GOGC base sets
		debug.SetMemoryLimit(p.limit)
		slog.Warn("the live heap outgrew three quarters of the soft memory limit: raised the limit (set -memory-limit-mb to the data's size)",
			"live_MiB", live>>20, "was_MiB", was>>20, "limit_MiB", p.limit>>20)
	}
	pct := PercentFor(live, p.base, p.floor)
	// A few percent either way changes nothing worth a call.
	if p.percent == 0 || pct < p.percent*95/100 || pct > p.percent*105/100 {
		debug.SetGCPercent(pct)
		p.percent = pct
	}
}

// PercentFor is the GOGC that puts the next heap goal at max(live*(1+base/100),
// floor), at most maxPercent.
func PercentFor(live uint64, base int, floor uint64) int {
	if live == 0 || live*uint64(100+base)/100 >= floor {
		return base
	}
	pct := floor*100/live - 100
	if pct > maxPercent {
		return maxPercent
	}
	return max(int(pct), base)
}
