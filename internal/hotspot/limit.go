package hotspot

import (
	"context"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
)

// limiter bounds the heavy computations (an aggregation that misses the cache, an emerging
// analysis) running at once across the service. A request waits at most wait for a place, then
// is answered 503 with Retry-After rather than queueing without end.
type limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// Default bounds of the heavy computations: two per core of the machine the service is sized
// for, and a wait about as long as a few of them take.
const (
	DefaultAnalysisConcurrency = 4
	DefaultAnalysisWait        = 2 * time.Second
)

func newLimiter(n int, wait time.Duration) *limiter {
	return &limiter{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// acquire takes a place, or fails with Unavailable after the wait, or with the context's error.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
	}
	busy := apperr.Errorf(apperr.Unavailable, "the server is busy with other analyses; try again shortly")
	busy.RetryAfter = max(l.wait, time.Second)
	if l.wait <= 0 {
		return nil, busy
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	case <-t.C:
		return nil, busy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
