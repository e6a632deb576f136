package limits

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeRateLimited is the error code of a request refused by the rate limit.
const CodeRateLimited = "RATE_LIMITED"

// RateLimiter charges each operation its computed cost (see Limits) to a
// token bucket per client key (API token, user or address) and refuses
// operations the bucket cannot pay for. It must be registered after
// Limits, whose cost it reads.
type RateLimiter struct {
	// PerMinute is how many cost points a key earns per minute; the bucket
	// holds at most that many.
	PerMinute int
	// Key names the client a request comes from.
	Key func(context.Context) string
	// RetryAfter is told how long to wait, for the Retry-After header.
	RetryAfter func(context.Context, time.Duration)

	mu      *sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter returns a limiter over perMinute cost points per key.
func NewRateLimiter(perMinute int, key func(context.Context) string, retryAfter func(context.Context, time.Duration)) RateLimiter {
	return RateLimiter{PerMinute: perMinute, Key: key, RetryAfter: retryAfter, mu: &sync.Mutex{}, buckets: map[string]*bucket{}}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = RateLimiter{}

// ExtensionName implements graphql.HandlerExtension.
func (RateLimiter) ExtensionName() string { return "RapportRateLimit" }

// Validate implements graphql.HandlerExtension.
func (RateLimiter) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext charges the operation's cost.
func (r RateLimiter) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if r.PerMinute <= 0 || r.Key == nil {
		return nil
	}
	c, ok := oc.Stats.GetExtension("cost").(Cost)
	if !ok {
		return nil
	}
	charge := float64(max(c.Requested, 1))
	wait := r.take(r.Key(ctx), charge, time.Now())
	if wait == 0 {
		return nil
	}
	if r.RetryAfter != nil {
		r.RetryAfter(ctx, wait)
	}
	secs := int(math.Ceil(wait.Seconds()))
	return &gqlerror.Error{
		Message:    fmt.Sprintf("rate limit: this query costs %d and your budget refills at %d a minute; retry in %d s", c.Requested, r.PerMinute, secs),
		Extensions: map[string]any{"code": CodeRateLimited, "cost": c, "retryAfterSeconds": secs},
	}
}

// take removes charge from key's bucket, or returns how long until it
// could be paid.
func (r RateLimiter) take(key string, charge float64, now time.Time) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	capacity := float64(r.PerMinute)
	rate := capacity / 60 // points per second
	b, ok := r.buckets[key]
	if !ok {
		b = &bucket{tokens: capacity, at: now}
		r.buckets[key] = b
	}
	b.tokens = math.Min(capacity, b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if charge > capacity {
		charge = capacity // a query bigger than the bucket waits for a full one
	}
	if b.tokens >= charge {
		b.tokens -= charge
		return 0
	}
	return time.Duration((charge - b.tokens) / rate * float64(time.Second))
}
