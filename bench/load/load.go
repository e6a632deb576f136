// Package load drives one operation from a fixed number of workers for a
// fixed time or request count, and reports throughput and latency.
package load

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Op is one request. worker is 0..Concurrency-1 and i counts the requests
// of the run, so that an op can keep per-worker state (a paging cursor) or
// make each write unique.
type Op func(ctx context.Context, worker, i int) error

// Options bound a run.
type Options struct {
	Concurrency int
	Duration    time.Duration
	// MaxRequests stops the run early, so that a fast floor does not
	// spend the whole duration; 0 means no bound but the duration.
	MaxRequests int
	// Warmup requests run before the clock starts (connections, caches).
	Warmup int
}

// Result is what a run measured.
type Result struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	RPS      float64
	P50, P99 time.Duration
	Max      time.Duration
	FirstErr error
	// Missed counts the ticks of a paced run (Paced) that found every
	// slot busy and started nothing.
	Missed int
	// samples are the latencies, sorted, for Merge.
	samples []time.Duration
}

// Merge sums runs of the same operation (the rounds of an interleaved
// measurement) into one result: their requests over their summed time,
// percentiles of all their latencies.
func Merge(parts ...Result) Result {
	var r Result
	var all []time.Duration
	for _, p := range parts {
		r.Elapsed += p.Elapsed
		r.Errors += p.Errors
		r.Missed += p.Missed
		if r.FirstErr == nil {
			r.FirstErr = p.FirstErr
		}
		all = append(all, p.samples...)
	}
	slices.Sort(all)
	r.summarise(all)
	return r
}

// Run runs op under opts.
func Run(ctx context.Context, opts Options, op Op) Result {
	conc := max(opts.Concurrency, 1)
	for i := 0; i < opts.Warmup; i++ {
		_ = op(ctx, i%conc, -1-i)
	}
	// The deadline stops new requests; one in flight runs to its end, so
	// that a case slower than the duration still reports what it measured.
	deadline := time.Now().Add(opts.Duration)
	var (
		next     atomic.Int64
		errs     atomic.Int64
		firstErr atomic.Pointer[error]
		wg       sync.WaitGroup
	)
	lat := make([][]time.Duration, conc)
	start := time.Now()
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := int(next.Add(1)) - 1
				if opts.MaxRequests > 0 && i >= opts.MaxRequests {
					return
				}
				t := time.Now()
				err := op(ctx, w, i)
				if err != nil && ctx.Err() != nil {
					return // the run was interrupted: not the server's error
				}
				lat[w] = append(lat[w], time.Since(t))
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, &err)
				}
			}
		}()
	}
	wg.Wait()
	r := Result{Elapsed: time.Since(start), Errors: int(errs.Load())}
	all := slices.Concat(lat...)
	slices.Sort(all)
	r.summarise(all)
	if p := firstErr.Load(); p != nil {
		r.FirstErr = *p
	}
	return r
}

// summarise sets the counts and percentiles from sorted latencies.
func (r *Result) summarise(all []time.Duration) {
	r.samples = all
	r.Requests = len(all)
	if r.Requests > 0 {
		r.RPS = float64(r.Requests) / r.Elapsed.Seconds()
		r.P50 = all[len(all)/2]
		r.P99 = all[min(len(all)-1, len(all)*99/100)]
		r.Max = all[len(all)-1]
	}
}

// maxInFlight bounds a paced run's requests in flight: past it the server
// has fallen behind, and more requests would only queue.
const maxInFlight = 64

// Paced starts op rate times a second for d on a clock, each in its own
// goroutine, whether or not the earlier ones have answered (open loop: an
// integration writing at a steady rate does not wait for the server's
// readers). A tick that finds maxInFlight requests in flight is counted
// in Missed. It waits for the requests in flight; RPS is the rate
// achieved, completed requests over the run's time.
func Paced(ctx context.Context, rate float64, d time.Duration, op Op) Result {
	var (
		mu       sync.Mutex
		lat      []time.Duration
		errs     int
		firstErr error
		wg       sync.WaitGroup
		slots    = make(chan struct{}, maxInFlight)
		missed   int
	)
	start := time.Now()
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	deadline := time.After(d)
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
		case <-deadline:
		case <-tick.C:
			select {
			case slots <- struct{}{}:
			default:
				missed++
				continue
			}
			wg.Add(1)
			go func() {
				defer func() { <-slots; wg.Done() }()
				t := time.Now()
				err := op(ctx, 0, i)
				if err != nil && ctx.Err() != nil {
					return
				}
				mu.Lock()
				lat = append(lat, time.Since(t))
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
				}
				mu.Unlock()
			}()
			continue
		}
		break
	}
	wg.Wait()
	r := Result{Elapsed: time.Since(start), Errors: errs, FirstErr: firstErr, Missed: missed}
	slices.Sort(lat)
	r.summarise(lat)
	return r
}

// Summary is percentiles of a set of samples that are not requests
// (staleness, for one).
func Summary(samples []time.Duration) Result {
	all := slices.Clone(samples)
	slices.Sort(all)
	r := Result{Elapsed: time.Second}
	r.summarise(all)
	r.RPS = 0
	return r
}

// String is a one-line summary for the progress log.
func (r Result) String() string {
	s := fmt.Sprintf("%d req in %s: %.1f/s p50 %s p99 %s errors %d", r.Requests, r.Elapsed.Round(time.Millisecond),
		r.RPS, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Errors)
	if r.FirstErr != nil {
		s += " (first: " + r.FirstErr.Error() + ")"
	}
	return s
}
