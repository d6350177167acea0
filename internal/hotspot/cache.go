package hotspot

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// The map asks the same aggregation again and again (every client, every pan of the map),
// while the records change only when an import lands or is withdrawn. Aggregates are cached
// by filter and data version; concurrent requests for one key compute it once.

// dataVersion identifies the records as they are now (see cellcount.DataVersion).
func (s *Service) dataVersion(ctx context.Context) (string, error) {
	return cellcount.DataVersion(ctx, s.pool)
}

// DefaultAggregateCache bounds the aggregates kept (each is a few bytes per cell, at most
// MaxCells cells).
const DefaultAggregateCache = 32

type aggCache struct {
	size    int // aggregates kept; 0 keeps none (concurrent requests still share one computation)
	mu      sync.Mutex
	order   *list.List // front = most recent; values are keys
	items   map[string]*cacheItem
	flights map[string]*flight
}

type cacheItem struct {
	agg  *Aggregate
	grid *grid
	elem *list.Element
}

// flight is one computation that concurrent callers of a key wait for. It runs until done or
// until every waiting caller has gone (its context is then cancelled), so that a computation
// nobody waits for any more stops.
type flight struct {
	cancel  context.CancelFunc
	waiters int
	done    chan struct{}
	agg     *Aggregate
	grid    *grid
	err     error
}

func newAggCache(size int) *aggCache {
	return &aggCache{size: size, order: list.New(), items: map[string]*cacheItem{}, flights: map[string]*flight{}}
}

// get returns the cached aggregate for key, or computes it once for all concurrent callers;
// hit says whether it was already there.
func (c *aggCache) get(ctx context.Context, key string, compute func(context.Context) (*Aggregate, *grid, error)) (agg *Aggregate, gr *grid, hit bool, err error) {
	c.mu.Lock()
	if it, ok := c.items[key]; ok {
		c.order.MoveToFront(it.elem)
		c.mu.Unlock()
		return it.agg, it.grid, true, nil
	}
	fl, ok := c.flights[key]
	if !ok {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		fl = &flight{cancel: cancel, done: make(chan struct{})}
		c.flights[key] = fl
		go c.run(fctx, key, fl, compute)
	}
	fl.waiters++
	c.mu.Unlock()
	select {
	case <-fl.done:
		return fl.agg, fl.grid, false, fl.err
	case <-ctx.Done():
		c.mu.Lock()
		fl.waiters--
		if fl.waiters == 0 {
			fl.cancel()
			if c.flights[key] == fl {
				delete(c.flights, key) // a later caller starts afresh
			}
		}
		c.mu.Unlock()
		return nil, nil, false, ctx.Err()
	}
}

func (c *aggCache) run(ctx context.Context, key string, fl *flight, compute func(context.Context) (*Aggregate, *grid, error)) {
	agg, gr, err := compute(ctx)
	fl.cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flights[key] == fl {
		delete(c.flights, key)
	}
	fl.agg, fl.grid, fl.err = agg, gr, err
	close(fl.done)
	if err != nil {
		return
	}
	if _, ok := c.items[key]; !ok && c.size > 0 {
		c.items[key] = &cacheItem{agg: agg, grid: gr, elem: c.order.PushFront(key)}
		for c.order.Len() > c.size {
			old := c.order.Remove(c.order.Back()).(string)
			delete(c.items, old)
		}
	}
}

// cachedAggregate is aggregate through the cache. Callers must not modify the result.
func (s *Service) cachedAggregate(ctx context.Context, f Filter, v disclosure.Viewer) (*Aggregate, *grid, error) {
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return nil, nil, err
	}
	version, err := s.dataVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	sa, err := s.grids.areas.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	var areaVersion time.Time
	if sa != nil {
		areaVersion = sa.UpdatedAt
	}
	key := fmt.Sprintf("%s|%s|%v|%s", version, areaVersion.Format(time.RFC3339Nano), v.Protected(), f.describeKey())
	ctx = withVersion(ctx, version)
	agg, gr, hit, err := s.cache.get(ctx, key, func(ctx context.Context) (*Aggregate, *grid, error) {
		release, err := s.heavy.acquire(ctx)
		if err != nil {
			return nil, nil, err
		}
		defer release()
		return s.aggregate(ctx, f, v)
	})
	if s.OnCacheLookup != nil && err == nil {
		s.OnCacheLookup(hit)
	}
	return agg, gr, err
}

func (f Filter) describeKey() string {
	areas := "all"
	if f.Areas != nil {
		areas = fmt.Sprint(f.Areas)
	}
	return fmt.Sprintf("%s|%d|%s|%s|%v|%v|%v|%v|%s|%s|%v", f.Kind, f.Res, dateString(f.From), dateString(f.To), f.Categories, f.AgeBands, f.Settings, f.Partners,
		f.AgeScope.SQL(), areas, f.perArea)
}

// DataVersion names the records and study area as they are now: it changes whenever an import
// lands or is withdrawn, or the study area is replaced, in this process or any other. Map
// tiles use it as their ETag.
func (s *Service) DataVersion(ctx context.Context) (string, error) {
	version, err := s.dataVersion(ctx)
	if err != nil {
		return "", err
	}
	sa, err := s.grids.areas.Get(ctx)
	if err != nil {
		return "", err
	}
	if sa != nil {
		version += "/" + sa.UpdatedAt.UTC().Format(time.RFC3339Nano)
	}
	return version, nil
}
