package basemap_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/color"
	pngenc "image/png"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/basemap"
	"github.com/placesafe/placesafe/internal/basemap/basemaptest"
)

// files writes the sample basemap in both formats, under names that do not tell the format.
func files(t *testing.T) (*basemaptest.Sample, map[string]string) {
	t.Helper()
	s, err := basemaptest.NewSample(basemaptest.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tiles) < 10 {
		t.Fatalf("the sample has %d tiles, want at least 10", len(s.Tiles))
	}
	dir := t.TempDir()
	out := map[string]string{"pmtiles": filepath.Join(dir, "a.tiles"), "mbtiles": filepath.Join(dir, "b.tiles")}
	if err := s.WritePMTiles(out["pmtiles"]); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteMBTiles(out["mbtiles"]); err != nil {
		t.Fatal(err)
	}
	return s, out
}

// open opens a basemap file, closed when the test ends.
func open(t *testing.T, path string) *basemap.Archive {
	t.Helper()
	a, err := basemap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestOpenReadsEveryTileOfBothFormats(t *testing.T) {
	s, paths := files(t)
	for format, path := range paths {
		t.Run(format, func(t *testing.T) {
			a := open(t, path)
			if a.Format != format {
				t.Errorf("format %q, want %q", a.Format, format)
			}
			i := a.Info
			if i.TileType != "mvt" || i.MinZoom != basemaptest.MinZoom || i.MaxZoom != basemaptest.MaxZoom {
				t.Errorf("info %+v: want mvt tiles at zooms %d to %d", i, basemaptest.MinZoom, basemaptest.MaxZoom)
			}
			if i.Attribution != basemaptest.Attribution || strings.Join(i.Layers, ",") != strings.Join(s.Layers, ",") {
				t.Errorf("attribution %q and layers %v, want the sample's %v", i.Attribution, i.Layers, s.Layers)
			}
			if d := i.Bounds[0] - s.Bounds.Min[0]; d > 1e-5 || d < -1e-5 {
				t.Errorf("west bound %v, want %v", i.Bounds[0], s.Bounds.Min[0])
			}
			for _, tl := range s.Tiles {
				b, err := a.Tile(context.Background(), uint8(tl.Tile.Z), tl.Tile.X, tl.Tile.Y)
				if err != nil || !bytes.Equal(b, tl.Data) {
					t.Fatalf("tile %v: %d bytes, %v; want the %d bytes written", tl.Tile, len(b), err, len(tl.Data))
				}
			}
			first := s.Tiles[0].Tile
			for _, missing := range [][3]uint32{{basemaptest.MaxZoom, 0, 0}, {basemaptest.MaxZoom + 1, first.X * 2, first.Y * 2}, {uint32(first.Z), 1 << first.Z, first.Y}} {
				if _, err := a.Tile(context.Background(), uint8(missing[0]), missing[1], missing[2]); !errors.Is(err, basemap.ErrNoTile) {
					t.Errorf("tile %v: %v, want ErrNoTile", missing, err)
				}
			}
		})
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	geojson, err := os.ReadFile(filepath.Join(basemaptest.DataDir(), "city-of-london-boundary.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.mbtiles")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE people (name text)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"a GeoJSON file named .pmtiles", write("boundary.pmtiles", geojson), "neither a PMTiles archive nor an MBTiles"},
		{"an empty file", write("empty.mbtiles", nil), "neither a PMTiles archive nor an MBTiles"},
		{"a PMTiles header cut short", write("short.pmtiles", []byte("PMTiles\x03 and no more")), "PMTiles header"},
		{"an SQLite header and nothing else", write("header.mbtiles", append([]byte("SQLite format 3\x00"), make([]byte, 84)...)), "MBTiles"},
		{"an SQLite database without MBTiles tables", other, "without an MBTiles metadata table"},
		{"a file that is not there", filepath.Join(dir, "missing.pmtiles"), "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := basemap.Open(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v; want an error naming %s and saying %q", err, tc.path, tc.want)
			}
		})
	}
}

func TestHandlerServesTilesAsStored(t *testing.T) {
	s, paths := files(t)
	tl := s.Tiles[len(s.Tiles)/2]
	for format, path := range paths {
		t.Run(format, func(t *testing.T) {
			a := open(t, path)
			h := &basemap.Handler{Archive: a, Prefix: "/basemap", CacheControl: "private, max-age=3600"}
			e := echo.New()
			e.HTTPErrorHandler = api.ErrorHandler(slog.New(slog.DiscardHandler))
			e.GET("/basemap/:z/:x/:y", h.Tile)
			e.GET("/basemap/tiles.json", h.ServeTileJSON)
			get := func(path string, hdr map[string]string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for k, v := range hdr {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				return rec
			}
			path := fmt.Sprintf("/basemap/%d/%d/%d", tl.Tile.Z, tl.Tile.X, tl.Tile.Y)
			rec := get(path, map[string]string{"Accept-Encoding": "gzip, deflate"})
			hd := rec.Header()
			if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), tl.Data) {
				t.Fatalf("GET %s: %d with %d bytes, want 200 with the %d bytes stored", path, rec.Code, rec.Body.Len(), len(tl.Data))
			}
			if hd.Get("Content-Type") != "application/vnd.mapbox-vector-tile" || hd.Get("Content-Encoding") != "gzip" ||
				hd.Get("Cache-Control") != "private, max-age=3600" || hd.Get("ETag") == "" {
				t.Errorf("headers %v: want an MVT content type, gzip encoding, the cache control and an ETag", hd)
			}
			if again := get(path, map[string]string{"If-None-Match": hd.Get("ETag")}); again.Code != http.StatusNotModified {
				t.Errorf("GET with the ETag: %d, want 304", again.Code)
			}
			plain := get(path, nil)
			if plain.Header().Get("Content-Encoding") != "" || plain.Body.Len() <= 2 || plain.Body.Bytes()[0] == 0x1f {
				t.Errorf("GET without gzip accepted: encoding %q; want the tile unpacked", plain.Header().Get("Content-Encoding"))
			}
			for _, missing := range []string{"/basemap/15/0/0", "/basemap/3/1/1", "/basemap/99/1/1", "/basemap/x/1/1"} {
				if rec := get(missing, nil); rec.Code != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", missing, rec.Code)
				}
			}
			tj := get("/basemap/tiles.json", nil)
			if tj.Code != http.StatusOK || !strings.Contains(tj.Body.String(), `"tiles":["http://example.com/basemap/{z}/{x}/{y}"]`) ||
				!strings.Contains(tj.Body.String(), `"maxzoom":15`) {
				t.Errorf("TileJSON %d: %s", tj.Code, tj.Body)
			}
		})
	}
}

func TestStyleDrawsTheVectorLayersWithoutText(t *testing.T) {
	_, paths := files(t)
	a := open(t, paths["pmtiles"])
	st, err := (&basemap.Handler{Archive: a, Prefix: "/basemap"}).Style("")
	if err != nil {
		t.Fatal(err)
	}
	src := st["sources"].(map[string]any)["basemap"].(map[string]any)
	if src["type"] != "vector" {
		t.Errorf("source %v, want a vector source", src)
	}
	seen := map[string]bool{}
	for _, l := range st["layers"].([]any) {
		l := l.(map[string]any)
		if l["type"] == "symbol" {
			t.Errorf("layer %v draws text or icons: the dashboard has no glyphs", l["id"])
		}
		if sl, ok := l["source-layer"].(string); ok {
			seen[sl] = true
		}
	}
	for _, want := range []string{"earth", "water", "landuse", "roads", "buildings", "sea", "surfacewater", "greenspace"} {
		if !seen[want] {
			t.Errorf("no layer draws the %q source layer", want)
		}
	}
}

// A raster MBTiles file: rows numbered from the south, PNG tiles, one raster layer in the style.
func TestRasterMBTilesIsServedAsImages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raster.mbtiles")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	img.Set(3, 4, color.RGBA{R: 200, A: 255})
	var png bytes.Buffer
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	// Tile 3/2/1 in XYZ numbering is row 8-1-1 = 6 in TMS numbering.
	for _, q := range []string{
		`CREATE TABLE metadata (name text, value text)`,
		`CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`,
		`INSERT INTO metadata VALUES ('format', 'png'), ('attribution', 'Raster test')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO tiles VALUES (3, 2, 6, ?)`, png.Bytes()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	a := open(t, path)
	if a.Info.Vector() || a.Info.TileType != "png" || a.Info.MinZoom != 3 || a.Info.MaxZoom != 3 {
		t.Fatalf("info %+v: want PNG tiles at zoom 3", a.Info)
	}
	if b, err := a.Tile(context.Background(), 3, 2, 1); err != nil || !bytes.Equal(b, png.Bytes()) {
		t.Errorf("tile 3/2/1: %d bytes, %v; want the PNG stored at row 6", len(b), err)
	}
	if _, err := a.Tile(context.Background(), 3, 2, 6); !errors.Is(err, basemap.ErrNoTile) {
		t.Errorf("tile 3/2/6 (the TMS row read as XYZ): %v, want ErrNoTile", err)
	}
	h := &basemap.Handler{Archive: a, Prefix: "/basemap"}
	st, err := h.Style("")
	if err != nil {
		t.Fatal(err)
	}
	layers := st["layers"].([]map[string]any)
	if src := st["sources"].(map[string]any)["basemap"].(map[string]any); src["type"] != "raster" || len(layers) != 1 || layers[0]["type"] != "raster" {
		t.Errorf("style %v: want one raster layer over a raster source", st)
	}
	e := echo.New()
	e.GET("/basemap/:z/:x/:y", h.Tile)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/basemap/3/2/1", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("GET a raster tile: %d %v", rec.Code, rec.Header())
	}
}
