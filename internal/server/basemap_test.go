package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/basemap/basemaptest"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

func TestBasemapFileIsServedToSignedInUsers(t *testing.T) {
	s, err := basemaptest.NewSample(basemaptest.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.BasemapFile = filepath.Join(t.TempDir(), "london.mbtiles")
	if err := s.WriteMBTiles(cfg.BasemapFile); err != nil {
		t.Fatal(err)
	}
	ts := newTestServerWith(t, cfg)
	tl := s.Tiles[0]
	tile := fmt.Sprintf("/basemap/%d/%d/%d", tl.Tile.Z, tl.Tile.X, tl.Tile.Y)

	t.Run("a tile, as stored, under the dashboard's policy and cached", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, tile, nil)
		req.Header.Set("Authorization", "Bearer "+ts.tokens["partner"])
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		rec := httptest.NewRecorder()
		ts.Echo.ServeHTTP(rec, req)
		h := rec.Header()
		if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), tl.Data) {
			t.Fatalf("GET %s: %d, %d bytes; want 200 with the %d bytes stored", tile, rec.Code, rec.Body.Len(), len(tl.Data))
		}
		if h.Get("Content-Type") != "application/vnd.mapbox-vector-tile" || h.Get("Content-Encoding") != "gzip" || h.Get("Cache-Control") != "private, max-age=86400" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("headers %v", h)
		}
	})
	t.Run("a tile the file does not hold", func(t *testing.T) {
		if rec := ts.do(t, "partner", http.MethodGet, "/basemap/15/0/0", "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("GET a missing tile: %d, want 404", rec.Code)
		}
	})
	t.Run("not before sign-in", func(t *testing.T) {
		for _, p := range []string{tile, "/basemap/style.json", "/basemap/tiles.json"} {
			if rec := ts.do(t, "", http.MethodGet, p, "", ""); rec.Code != http.StatusUnauthorized {
				t.Errorf("GET %s signed out: %d, want 401", p, rec.Code)
			}
		}
	})
	t.Run("the dashboard is told where the style is", func(t *testing.T) {
		var ui struct {
			Basemap struct {
				Style  string `json:"style"`
				Vector bool   `json:"vector"`
			} `json:"basemap"`
			Attribution string `json:"basemap_attribution"`
		}
		rec := ts.do(t, "", http.MethodGet, "/api/v1/ui-config", "", "")
		servertest.Decode(t, rec, &ui)
		if ui.Basemap.Style != "/basemap/style.json" || !ui.Basemap.Vector || ui.Attribution != basemaptest.Attribution {
			t.Errorf("ui-config %s", rec.Body)
		}
		style := ts.do(t, "inspector", http.MethodGet, ui.Basemap.Style, "", "")
		if style.Code != http.StatusOK || !strings.Contains(style.Body.String(), `"source-layer":"roads"`) {
			t.Errorf("style %d: %.300s", style.Code, style.Body)
		}
	})
}
