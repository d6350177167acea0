package auth

import (
	"math"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ThrottleLimits says how many failed sign-ins an account and a client address may have in a
// row (Burst) and how fast that allowance comes back (one attempt every Every).
type ThrottleLimits struct {
	Burst int
	Every time.Duration
}

// Throttle counts failed sign-ins per account and per client address with token buckets. Only
// failures take from a bucket; an empty bucket refuses every attempt, the right password
// included, until it refills. The number of buckets kept is bounded, so that an attacker
// spraying made-up e-mail addresses cannot grow it without limit.
type Throttle struct {
	Account, Address ThrottleLimits
	// MaxKeys bounds the buckets kept for each of accounts and addresses.
	MaxKeys int
	// Now is the clock (tests move it on).
	Now func() time.Time

	mu        sync.Mutex
	accounts  map[string]*rate.Limiter
	addresses map[string]*rate.Limiter
}

// NewThrottle returns a throttle with the given limits on the real clock.
func NewThrottle(account, address ThrottleLimits) *Throttle {
	return &Throttle{Account: account, Address: address, MaxKeys: 100_000, Now: time.Now,
		accounts: map[string]*rate.Limiter{}, addresses: map[string]*rate.Limiter{}}
}

// Wait returns how long the account (an e-mail) and the client address must wait before they
// may try to sign in again; 0 means they may try now.
func (t *Throttle) Wait(email, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	return max(wait(t.accounts[accountKey(email)], now), wait(t.addresses[addr], now))
}

// Fail records a failed sign-in; locked reports whether it used up the account's or the
// address's allowance (a lock-out starts).
func (t *Throttle) Fail(email, addr string) (locked bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	a := t.take(t.accounts, accountKey(email), t.Account, now)
	b := t.take(t.addresses, addr, t.Address, now)
	return a || b
}

// take uses one attempt of key's bucket and reports whether the bucket is now empty.
func (t *Throttle) take(m map[string]*rate.Limiter, key string, l ThrottleLimits, now time.Time) bool {
	lim, ok := m[key]
	if !ok {
		if len(m) >= t.MaxKeys {
			t.prune(m, now)
		}
		lim = rate.NewLimiter(rate.Every(l.Every), l.Burst)
		m[key] = lim
	}
	lim.AllowN(now, 1)
	return lim.TokensAt(now) < 1
}

// prune forgets buckets that have refilled (they are the same as new ones); if every bucket
// is in use, it forgets an arbitrary tenth of them rather than grow.
func (t *Throttle) prune(m map[string]*rate.Limiter, now time.Time) {
	for k, lim := range m {
		if lim.TokensAt(now) >= float64(lim.Burst()) {
			delete(m, k)
		}
	}
	for k := range m {
		if len(m) < t.MaxKeys*9/10 {
			break
		}
		delete(m, k)
	}
}

func wait(lim *rate.Limiter, now time.Time) time.Duration {
	if lim == nil {
		return 0
	}
	missing := 1 - lim.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(missing / float64(lim.Limit()) * float64(time.Second)))
}

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
