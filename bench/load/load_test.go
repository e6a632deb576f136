package load

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPacedKeepsItsRateWhileRequestsAreSlow: an open-loop run starts
// requests on its clock even when each takes longer than the interval.
func TestPacedKeepsItsRateWhileRequestsAreSlow(t *testing.T) {
	r := Paced(context.Background(), 100, 300*time.Millisecond, func(ctx context.Context, _, i int) error {
		time.Sleep(50 * time.Millisecond) // five intervals
		if i == 3 {
			return errors.New("boom")
		}
		return nil
	})
	if r.Requests < 20 || r.Requests > 31 {
		t.Errorf("%d requests in 300 ms at 100/s, want about 30", r.Requests)
	}
	if r.Errors != 1 || r.FirstErr == nil {
		t.Errorf("errors %d (%v), want the one", r.Errors, r.FirstErr)
	}
	if r.P50 < 50*time.Millisecond {
		t.Errorf("p50 %s shorter than the request", r.P50)
	}
}
