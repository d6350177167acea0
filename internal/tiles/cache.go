package tiles

import (
	"container/list"
	"context"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"golang.org/x/sync/singleflight"
)

// indexed is a loaded layer with each feature's bound, for picking a tile's features.
type indexed struct {
	features []*geojson.Feature
	bounds   []orb.Bound
}

func index(fs []*geojson.Feature) *indexed {
	ix := &indexed{features: fs, bounds: make([]orb.Bound, len(fs))}
	for i, f := range fs {
		if f.Geometry != nil {
			ix.bounds[i] = f.Geometry.Bound()
		}
	}
	return ix
}

// within returns the features whose bound meets b.
func (ix *indexed) within(b orb.Bound) []*geojson.Feature {
	var out []*geojson.Feature
	for i, f := range ix.features {
		if f.Geometry != nil && ix.bounds[i].Intersects(b) {
			out = append(out, f)
		}
	}
	return out
}

// cache keeps the most recently used loaded layers; concurrent loads of one key run once.
type cache struct {
	mu    sync.Mutex
	size  int
	order *list.List
	items map[string]*list.Element
	group singleflight.Group
}

type entry struct {
	key string
	ix  *indexed
}

func newCache(size int) *cache {
	return &cache{size: size, order: list.New(), items: map[string]*list.Element{}}
}

func (c *cache) get(ctx context.Context, key string, load func() (*indexed, error)) (*indexed, error) {
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*entry).ix, nil
	}
	c.mu.Unlock()
	v, err, _ := c.group.Do(key, func() (any, error) {
		ix, err := load()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.items[key]; !ok {
			c.items[key] = c.order.PushFront(&entry{key, ix})
			for c.order.Len() > c.size {
				old := c.order.Remove(c.order.Back()).(*entry)
				delete(c.items, old.key)
			}
		}
		return ix, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*indexed), nil
}

// tileCache keeps encoded tiles, most recently used first, up to a total size in bytes: a tile
// of a whole force area at a coarse zoom takes a second to cut and is asked for by every
// reader of the same layer.
type tileCache struct {
	mu         sync.Mutex
	max, bytes int
	order      *list.List
	items      map[string]*list.Element
}

type tileEntry struct {
	key  string
	data []byte
}

func newTileCache(maxBytes int) *tileCache {
	return &tileCache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *tileCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*tileEntry).data, true
}

func (c *tileCache) put(key string, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.order.PushFront(&tileEntry{key, data})
	c.bytes += len(data)
	for c.bytes > c.max {
		old := c.order.Remove(c.order.Back()).(*tileEntry)
		delete(c.items, old.key)
		c.bytes -= len(old.data)
	}
}
