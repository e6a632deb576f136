// Package clock lets a request say what "now" is. History rows (tier
// changes, assessments) are stamped with clock.Now(ctx), so the demo loader
// and importers can replay a past that happened before the data reached us.
package clock

import (
	"context"
	"time"
)

type key struct{}

// At returns a context whose Now is t.
func At(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, key{}, t)
}

// Now returns the context's time, or the wall clock.
func Now(ctx context.Context) time.Time {
	if t, ok := ctx.Value(key{}).(time.Time); ok {
		return t
	}
	return time.Now()
}
