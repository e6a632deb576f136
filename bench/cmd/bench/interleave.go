package main

import (
	"context"
	"time"

	"rapport/bench/load"
)

// rounds is how many parts a case's measurements of the API, its floor and
// its peer are cut into.
const rounds = 3

// interleaved measures ops (the API's, the floor's, the peer's) in n
// rounds: each round runs every op for an n-th of the duration (and of the
// request bound), the order turned by one each round, and each op's rounds
// are merged. Measured one after the other, whatever drifted during a case
// (the database's background work after a load, another tenant of the
// machine) fell on whichever ran first: in one full run the accounts page
// on PostgreSQL ran 28% below its separate runs and PostGraphile, measured
// after it and the floor, 12% below (decision 0003).
func interleaved(ctx context.Context, opts load.Options, ops []load.Op, n int) []load.Result {
	part := opts
	part.Duration = opts.Duration / time.Duration(n)
	if opts.MaxRequests > 0 {
		part.MaxRequests = (opts.MaxRequests + n - 1) / n
	}
	runs := make([][]load.Result, len(ops))
	for k := range n {
		for j := range ops {
			i := (j + k) % len(ops)
			runs[i] = append(runs[i], load.Run(ctx, part, ops[i]))
		}
	}
	out := make([]load.Result, len(ops))
	for i := range ops {
		out[i] = load.Merge(runs[i]...)
	}
	return out
}
