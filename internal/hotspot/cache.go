package hotspot

import (
	lru "container/list"
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/placesafe/placesafe/internal/disclosure"
)

// The map asks the same aggregation again and again (every client, every pan of the map),
// while the records change only when an import lands or is withdrawn. Aggregates are cached
// by filter and data version; concurrent requests for one key compute it once.

// dataVersion identifies the records as they are now: it changes whenever an import lands or
// is withdrawn, in this process or any other.
func (s *Service) dataVersion(ctx context.Context) (string, error) {
	var id, done int64
	var withdrawn *time.Time
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(id) FILTER (WHERE status = 'done'), 0),
		count(*) FILTER (WHERE status = 'done'), max(withdrawn_at) FROM imports`).Scan(&id, &done, &withdrawn)
	if err != nil {
		return "", fmt.Errorf("data version: %w", err)
	}
	v := fmt.Sprintf("%d/%d", id, done)
	if withdrawn != nil {
		v += "/" + withdrawn.Format(time.RFC3339Nano)
	}
	return v, nil
}

// cacheSize bounds the aggregates kept (each is a few bytes per cell, at most MaxCells cells).
const cacheSize = 32

type aggCache struct {
	mu    sync.Mutex
	order *lru.List // front = most recent; values are keys
	items map[string]*cacheItem
	group singleflight.Group
}

type cacheItem struct {
	agg  *Aggregate
	grid *grid
	elem *lru.Element
}

func newAggCache() *aggCache {
	return &aggCache{order: lru.New(), items: map[string]*cacheItem{}}
}

// get returns the cached aggregate for key, or computes it once for all concurrent callers;
// hit says whether it was already there.
func (c *aggCache) get(key string, compute func() (*Aggregate, *grid, error)) (agg *Aggregate, gr *grid, hit bool, err error) {
	c.mu.Lock()
	if it, ok := c.items[key]; ok {
		c.order.MoveToFront(it.elem)
		c.mu.Unlock()
		return it.agg, it.grid, true, nil
	}
	c.mu.Unlock()
	v, err, _ := c.group.Do(key, func() (any, error) {
		agg, gr, err := compute()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.items[key]; !ok {
			c.items[key] = &cacheItem{agg: agg, grid: gr, elem: c.order.PushFront(key)}
			for c.order.Len() > cacheSize {
				old := c.order.Remove(c.order.Back()).(string)
				delete(c.items, old)
			}
		}
		return &cacheItem{agg: agg, grid: gr}, nil
	})
	if err != nil {
		return nil, nil, false, err
	}
	it := v.(*cacheItem)
	return it.agg, it.grid, false, nil
}

// cachedAggregate is aggregate through the cache. Callers must not modify the result.
func (s *Service) cachedAggregate(ctx context.Context, f Filter, v disclosure.Viewer) (*Aggregate, *grid, error) {
	f, err := s.scoped(f, v)
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
	agg, gr, hit, err := s.cache.get(key, func() (*Aggregate, *grid, error) {
		// Computed for every waiting caller: not bound to the first caller's cancellation.
		return s.aggregate(context.WithoutCancel(ctx), f, v)
	})
	if s.OnCacheLookup != nil && err == nil {
		s.OnCacheLookup(hit)
	}
	return agg, gr, err
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

func (f Filter) describeKey() string {
	return fmt.Sprintf("%s|%d|%s|%s|%v|%v|%v|%v|%s", f.Kind, f.Res, dateString(f.From), dateString(f.To), f.Categories, f.AgeBands, f.Settings, f.Partners, f.AgeScope.SQL())
}
