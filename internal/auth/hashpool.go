package auth

import (
	"context"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
)

// hashPool bounds how many argon2id hashes run at once: each takes 64 MiB, so unbounded
// sign-ins could exhaust memory. A caller beyond the bound waits up to wait for a slot, then
// is told the service is busy.
type hashPool struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashPool(n int, wait time.Duration) *hashPool {
	return &hashPool{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// do runs f in a slot.
func (p *hashPool) do(ctx context.Context, f func()) error {
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
	case <-t.C:
		return &apperr.Error{Code: apperr.Unavailable, Message: "too many sign-ins at once; try again shortly",
			RetryAfter: time.Second}
	case <-ctx.Done():
		return &apperr.Error{Code: apperr.Unavailable, Message: "the request ended while waiting to check the password"}
	}
	defer func() { <-p.slots }()
	f()
	return nil
}
