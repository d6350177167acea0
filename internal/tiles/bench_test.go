package tiles

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// forceArea is about 150,000 resolution-10 cells round a point in the Midlands (a disk of
// radius 223 rings, some 45 km across): a force area at the finest resolution the map offers
// roles below record-level access plus one, with the properties a hot spot layer carries.
func forceArea(b *testing.B) *indexed {
	b.Helper()
	centre := h3.LatLngToCell(h3.NewLatLng(52.48, -1.89), 10)
	cells := h3.GridDisk(centre, 223)
	fs := make([]*geojson.Feature, len(cells))
	for i, c := range cells {
		fs[i] = &geojson.Feature{Type: "Feature", ID: uint64(c), Geometry: geo.CellBoundary(c), Properties: geojson.Properties{
			"cell": c.String(), "count": float64(i % 7), "count_label": "3", "protection": "exact", "value": 1.5,
			"suppressed": false, "gi_z": 0.123, "gi_p": 0.9, "gi_bin": float64(i%7 - 3)}}
	}
	return index(fs)
}

// BenchmarkTile cuts and encodes one tile of the force area at the zooms a dashboard asks for
// when it shows the whole area (10), a district (12) and streets (14).
func BenchmarkTile(b *testing.B) {
	ix := forceArea(b)
	centre := orb.Point{-1.89, 52.48}
	for _, z := range []maptile.Zoom{10, 12, 14} {
		t := maptile.At(centre, z)
		b.Run("z"+string(rune('0'+z/10))+string(rune('0'+z%10)), func(b *testing.B) {
			var size, features int
			for b.Loop() {
				shown := ix.within(t.Bound())
				data, err := encode("hotspots", t, shown)
				if err != nil {
					b.Fatal(err)
				}
				size, features = len(data), len(shown)
			}
			b.ReportMetric(float64(size)/1024, "KiB/tile")
			b.ReportMetric(float64(features), "cells/tile")
		})
	}
}

// TestEncodedTileDecodes: a tile of the benchmark's layer decodes with orb to the cells it
// was cut from, with their properties (a null is left out).
func TestEncodedTileDecodes(t *testing.T) {
	c := h3.LatLngToCell(h3.NewLatLng(52.48, -1.89), 10)
	f := &geojson.Feature{Type: "Feature", ID: uint64(c), Geometry: geo.CellBoundary(c),
		Properties: geojson.Properties{"cell": c.String(), "gi_bin": float64(3), "count": nil, "list": []any{"a"}}}
	tile := maptile.At(orb.Point{-1.89, 52.48}, 14)
	data, err := encode("hotspots", tile, index([]*geojson.Feature{f}).within(tile.Bound()))
	if err != nil {
		t.Fatal(err)
	}
	layers, err := mvt.Unmarshal(data)
	if err != nil || len(layers) != 1 || len(layers[0].Features) != 1 {
		t.Fatalf("decoded %v, %v", layers, err)
	}
	got := layers[0].Features[0].Properties
	if got["cell"] != c.String() || got["gi_bin"] != float64(3) || got["list"] != `["a"]` {
		t.Errorf("properties %v", got)
	}
	if _, ok := got["count"]; ok {
		t.Error("a null property was encoded")
	}
	if f.Geometry.Bound().Min[0] > 0 { // the source stays in lon/lat: tiles project copies
		t.Error("encoding projected the cached feature")
	}
}

func TestTileCacheKeepsWithinItsSize(t *testing.T) {
	c := newTileCache(100)
	c.put("a", make([]byte, 20))
	c.put("b", make([]byte, 20))
	c.put("huge", make([]byte, 26)) // over a quarter of the cache: never kept
	if _, ok := c.get("huge"); ok {
		t.Error("a tile over a quarter of the cache was kept")
	}
	c.get("a") // a is now the most recently used
	for _, k := range []string{"c", "d", "e", "f"} {
		c.put(k, make([]byte, 20))
	}
	if c.bytes > 100 {
		t.Errorf("the cache holds %d bytes, more than its 100", c.bytes)
	}
	if _, ok := c.get("b"); ok {
		t.Error("the least recently used tile is still there")
	}
	if _, ok := c.get("a"); !ok {
		t.Error("a recently used tile was dropped")
	}
}
