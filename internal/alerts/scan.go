package alerts

import (
	"context"
	"fmt"
	"sort"
	"time"

	"rapport/ent"
)

// Scan raises an alert for every condition that holds in client's data
// now, as if each had just been entered: the demo loader's alerts, which a
// user finds on first start. client may be a transaction's. Of the two
// coverage rules a decision maker without coverage gets the one for a
// new, uncovered decision maker.
func Scan(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	ctx = system(ctx)
	f := newFacts()
	if err := f.load(ctx, client); err != nil {
		return 0, fmt.Errorf("alerts: scan: %w", err)
	}
	ids := make([]int, 0, len(f.contacts))
	for id := range f.contacts {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var cands []Candidate
	for _, id := range ids {
		c := f.contacts[id]
		for _, r := range changeRules {
			if r.Name == KeyContactUncovered && c.decisionMaker() {
				continue
			}
			if r.Holds(c) {
				cands = append(cands, r.Explain(c))
			}
		}
	}
	for _, r := range timeRules {
		more, err := r.Check(ctx, client, now)
		if err != nil {
			return 0, fmt.Errorf("alerts: scan %s: %w", r.Name, err)
		}
		cands = append(cands, more...)
	}
	raised, err := raise(ctx, client, cands, now, false)
	return len(raised), err
}
