package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/server/servertest"
	"github.com/placesafe/placesafe/internal/tiles"
)

// tileOf is the tile at zoom z that holds the centre of cell.
func tileOf(t *testing.T, cell string, z maptile.Zoom) maptile.Tile {
	t.Helper()
	c, err := geo.ParseCell(cell)
	if err != nil {
		t.Fatal(err)
	}
	ll := h3.CellToLatLng(c)
	return maptile.At(orb.Point{ll.Lng, ll.Lat}, z)
}

// decodeTile fetches a tile as role and decodes its one layer with orb, back in lon/lat.
func decodeTile(t *testing.T, ts *servertest.Server, role, layer string, tile maptile.Tile, query string) *mvt.Layer {
	t.Helper()
	rec := ts.MustSend(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/tiles/%s/%d/%d/%d.mvt%s", layer, tile.Z, tile.X, tile.Y, query), "")
	if ct := rec.Header().Get("Content-Type"); ct != tiles.ContentType {
		t.Fatalf("Content-Type %q", ct)
	}
	layers, err := mvt.Unmarshal(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("the tile does not decode: %v", err)
	}
	if len(layers) != 1 || layers[0].Name != layer {
		t.Fatalf("tile layers %v, want one named %s", layers, layer)
	}
	layers.ProjectToWGS84(tile)
	return layers[0]
}

// TestTiles checks the vector tiles on one demo load: their values, then their caching (which
// withdraws an import, so it comes last).
func TestTiles(t *testing.T) {
	ts := demoServer(t)
	ids := lookUpDemoIDs(t, ts)
	t.Run("carry the GeoJSON values", func(t *testing.T) { tilesCarryTheGeoJSONValues(t, ts, ids) })
	t.Run("revalidate by data version", func(t *testing.T) { tilesRevalidateByDataVersion(t, ts, ids) })
}

// tilesCarryTheGeoJSONValues decodes hot spot tiles with orb and checks each feature against
// GET /api/v1/hotspots for the same area: the same cells, in the same place, with the same
// values and protection, for an analyst and for a partner.
func tilesCarryTheGeoJSONValues(t *testing.T, ts *servertest.Server, ids demoIDs) {
	for _, role := range []string{"analyst", "partner"} {
		t.Run(role, func(t *testing.T) {
			api := propertiesByCell(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/hotspots?k=2", "").Body.Bytes())
			tile := tileOf(t, ids["cell"], 13)
			layer := decodeTile(t, ts, role, "hotspots", tile, "?k=2")
			box := tile.Bound()
			inTile := map[string]bool{}
			for _, f := range layer.Features {
				// The tile's feature id is the cell's index, but orb decodes ids as float64, which
				// cannot hold 64 bits: the cell property identifies the feature.
				cell, err := geo.ParseCell(fmt.Sprint(f.Properties["cell"]))
				if err != nil {
					t.Fatal(err)
				}
				want, ok := api[cell.String()]
				if !ok {
					t.Errorf("the tile has cell %s, which the API does not", cell)
					continue
				}
				inTile[cell.String()] = true
				for _, k := range []string{"count", "count_label", "count_low", "count_high", "protection", "gi_z", "gi_p", "gi_bin"} {
					if !sameValue(f.Properties[k], want[k]) && !(want[k] == nil && f.Properties[k] == nil) {
						t.Errorf("cell %s %s: tile %v, API %v", cell, k, f.Properties[k], want[k])
					}
				}
				// Clipped to the tile's buffer, the hexagon's centre may be cut off; where it is
				// whole, it lies on the cell's centre to within the tile grid's step.
				if c, _ := planar.CentroidArea(f.Geometry); geo.CellBoundary(cell).Bound().Intersects(box) {
					ll := h3.CellToLatLng(cell)
					if box.Contains(orb.Point{ll.Lng, ll.Lat}) && (abs(c[0]-ll.Lng) > 1e-4 || abs(c[1]-ll.Lat) > 1e-4) {
						t.Errorf("cell %s drawn at %v, its centre is %v", cell, c, ll)
					}
				}
			}
			for cell := range api {
				c, _ := geo.ParseCell(cell)
				ll := h3.CellToLatLng(c)
				if box.Contains(orb.Point{ll.Lng, ll.Lat}) && !inTile[cell] {
					t.Errorf("cell %s has its centre in the tile but is not in it", cell)
				}
			}
			if len(inTile) < 5 {
				t.Errorf("the tile holds only %d cells", len(inTile))
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func tilesRevalidateByDataVersion(t *testing.T, ts *servertest.Server, ids demoIDs) {
	tile := tileOf(t, ids["cell"], 12)
	path := fmt.Sprintf("/api/v1/tiles/cells/%d/%d/%d.mvt", tile.Z, tile.X, tile.Y)
	first := ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, path, "")
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
	}
	ts.MustSend(t, http.StatusNotModified, "partner", http.MethodGet, path, "", "If-None-Match", etag)
	if other := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path, "").Header().Get("ETag"); other == etag {
		t.Error("an analyst's tile has the partner's ETag: a cache could hand one the other's")
	}
	// A withdrawn import changes the data version, so the old ETag no longer matches.
	var importID int64
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT max(id) FROM imports WHERE status = 'done'`).Scan(&importID); err != nil {
		t.Fatal(err)
	}
	ts.MustSend(t, http.StatusOK, "analyst", http.MethodDelete, fmt.Sprintf("/api/v1/imports/%d", importID), "")
	ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, path, "", "If-None-Match", etag)

	for _, bad := range []string{"/api/v1/tiles/cells/3/1/1.mvt", "/api/v1/tiles/cells/12/99999/1.mvt", "/api/v1/tiles/cells/12/1/1.png",
		"/api/v1/tiles/cells/12/1/1.mvt?colour=red", "/api/v1/tiles/hotspots/12/1/1.mvt?res=10"} {
		if rec := ts.Send(t, "partner", http.MethodGet, bad, ""); rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("%s = %d, want a refusal", bad, rec.Code)
		}
	}
}
