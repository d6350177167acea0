// Package tiles serves map layers as Mapbox Vector Tiles (orb's encoding/mvt), so that the
// dashboard draws a whole force area at fine resolution without loading every hexagon as
// GeoJSON. A layer is loaded once per data version and query through the same service the
// GeoJSON route uses, then cut into tiles; each tile carries the data version as its ETag.
package tiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
)

// MaxZoom is the finest zoom served; MinZoom the coarsest (a tile coarser than it would hold a
// whole region's hexagons as specks).
const (
	MinZoom = 6
	MaxZoom = 20
)

// ContentType is the media type of a tile.
const ContentType = "application/vnd.mapbox-vector-tile"

// Layer is a map layer tiles are cut from.
type Layer struct {
	Name string
	// Params are the query parameters Load takes (as the layer's GeoJSON route takes them);
	// others are refused.
	Params []string
	// Load returns the layer's features in lon/lat as role may see them.
	Load func(ctx context.Context, role string, q url.Values) ([]*geojson.Feature, error)
	// Version names the data the layer is made from: it changes whenever that data changes.
	Version func(ctx context.Context) (string, error)
	// Audit records that role was shown the features of one tile.
	Audit func(ctx context.Context, role string, q url.Values, t maptile.Tile, shown []*geojson.Feature) error
}

// Handler serves tiles of layers, caching each loaded layer, and each encoded tile, by version,
// query, the caller's local areas and access (record-level or protected), never across them.
type Handler struct {
	cache   *cache
	encoded *tileCache
}

// NewHandler returns a Handler keeping up to layers loaded layers and tileBytes of encoded tiles.
func NewHandler(layers, tileBytes int) *Handler {
	return &Handler{cache: newCache(layers), encoded: newTileCache(tileBytes)}
}

// Serve answers GET …/{z}/{x}/{y}.mvt for layer l.
func (h *Handler) Serve(l *Layer) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := tileParams(c)
		if err != nil {
			return err
		}
		q := url.Values{}
		for k, vs := range c.QueryParams() {
			if !slices.Contains(l.Params, k) {
				return apperr.Errorf(apperr.Invalid, "query parameter %q is unknown to the %s tiles (they take %s)", k, l.Name, strings.Join(l.Params, ", "))
			}
			q[k] = vs
		}
		ctx := c.Request().Context()
		version, err := l.Version(ctx)
		if err != nil {
			return err
		}
		role := auth.CurrentUser(c).Role
		access := "protected"
		if auth.RecordLevel(role) {
			access = "record"
		}
		// A user of some local areas is shown their areas alone: their tiles are theirs.
		areas := "all"
		if v := area.ViewerFrom(ctx); !v.All {
			areas = fmt.Sprint(v.Areas)
		}
		sum := sha256.Sum256([]byte(l.Name + "\x00" + access + "\x00" + areas + "\x00" + q.Encode() + "\x00" + version))
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		loaded, err := h.cache.get(ctx, etag, func() (*indexed, error) {
			// Loaded for every waiting caller: not bound to the first caller's cancellation.
			fs, err := l.Load(context.WithoutCancel(ctx), role, q)
			if err != nil {
				return nil, err
			}
			return index(fs), nil
		})
		if err != nil {
			return err
		}
		shown := loaded.within(t.Bound())
		if err := l.Audit(ctx, role, q, t, shown); err != nil {
			return err
		}
		hdr := c.Response().Header()
		// The tile depends on the caller's role: a shared cache must not keep it; the browser
		// revalidates with the ETag and gets 304 until the data change.
		hdr.Set("Cache-Control", "private, no-cache")
		hdr.Set("ETag", etag)
		hdr.Set("Vary", "Authorization, Cookie, X-Local-Area")
		if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			return c.NoContent(http.StatusNotModified)
		}
		key := etag + "/" + strconv.Itoa(int(t.Z)) + "/" + strconv.FormatUint(uint64(t.X), 10) + "/" + strconv.FormatUint(uint64(t.Y), 10)
		b, ok := h.encoded.get(key)
		if !ok {
			if b, err = encode(l.Name, t, shown); err != nil {
				return err
			}
			h.encoded.put(key, b)
		}
		return c.Blob(http.StatusOK, ContentType, b)
	}
}

// tileParams reads z, x and y ("{y}.mvt") and checks that the tile exists.
func tileParams(c echo.Context) (maptile.Tile, error) {
	ys, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return maptile.Tile{}, apperr.Errorf(apperr.NotFound, "tiles end in .mvt: /{z}/{x}/{y}.mvt")
	}
	z, zerr := strconv.Atoi(c.Param("z"))
	x, xerr := strconv.ParseUint(c.Param("x"), 10, 32)
	y, yerr := strconv.ParseUint(ys, 10, 32)
	if zerr != nil || xerr != nil || yerr != nil {
		return maptile.Tile{}, apperr.Errorf(apperr.Invalid, "tile %s/%s/%s: z, x and y must be whole numbers", c.Param("z"), c.Param("x"), c.Param("y"))
	}
	if z < MinZoom || z > MaxZoom {
		return maptile.Tile{}, apperr.Errorf(apperr.Invalid, "zoom %d: tiles are served from %d to %d", z, MinZoom, MaxZoom)
	}
	if x >= 1<<z || y >= 1<<z {
		return maptile.Tile{}, apperr.Errorf(apperr.Invalid, "tile %d/%d/%d does not exist: x and y are below %d at zoom %d", z, x, y, 1<<z, z)
	}
	return maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), nil
}

// encode projects the features into the tile (copies: the cached ones stay in lon/lat),
// clips them to the tile with a buffer, and marshals the layer.
func encode(name string, t maptile.Tile, shown []*geojson.Feature) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	for _, f := range shown {
		props := geojson.Properties{}
		for k, v := range f.Properties {
			switch v := v.(type) {
			case nil: // a vector tile has no null: an absent key reads as null
			case string, bool, float64, int, int64:
				props[k] = v
			default: // lists and objects travel as their JSON text
				b, err := json.Marshal(v)
				if err != nil {
					return nil, fmt.Errorf("property %s of feature %v: %w", k, f.ID, err)
				}
				props[k] = string(b)
			}
		}
		fc.Append(&geojson.Feature{ID: f.ID, Type: "Feature", Geometry: orb.Clone(f.Geometry), Properties: props})
	}
	layers := mvt.NewLayers(map[string]*geojson.FeatureCollection{name: fc})
	layers.ProjectToTile(t)
	layers.Clip(mvt.MapboxGLDefaultExtentBound)
	layers.RemoveEmpty(0, 0)
	return mvt.Marshal(layers)
}
