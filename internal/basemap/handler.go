package basemap

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Handler serves an archive's tiles, its TileJSON and a style for it.
type Handler struct {
	Archive *Archive
	// Prefix is the path the tiles are served under ("/basemap"): tiles at Prefix/{z}/{x}/{y}.
	Prefix string
	// Attribution, when set, is shown instead of the file's own.
	Attribution string
	// CacheControl is sent with every tile (a basemap file changes only with a restart).
	CacheControl string
}

// Tile answers GET Prefix/:z/:x/:y with the tile's bytes as stored: a vector tile stored
// gzip-compressed is sent with Content-Encoding gzip (or unpacked for a client that does not
// accept gzip). A tile the archive does not hold is 404.
func (h *Handler) Tile(c echo.Context) error {
	z, errZ := strconv.ParseUint(c.Param("z"), 10, 8)
	x, errX := strconv.ParseUint(c.Param("x"), 10, 32)
	y, errY := strconv.ParseUint(c.Param("y"), 10, 32)
	if err := errors.Join(errZ, errX, errY); err != nil {
		return apperr.Errorf(apperr.NotFound, "no basemap tile %s/%s/%s", c.Param("z"), c.Param("x"), c.Param("y"))
	}
	b, err := h.Archive.Tile(c.Request().Context(), uint8(z), uint32(x), uint32(y))
	if errors.Is(err, ErrNoTile) {
		return apperr.Errorf(apperr.NotFound, "no basemap tile %d/%d/%d", z, x, y)
	}
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	hd := c.Response().Header()
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", h.CacheControl)
	hd.Add("Vary", "Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	if h.Archive.Info.Vector() && len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
			hd.Set("Content-Encoding", "gzip")
		} else if b, err = gunzip(b); err != nil {
			return err
		}
	}
	return c.Blob(http.StatusOK, contentTypes[h.Archive.Info.TileType], b)
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// TileJSON describes the tiles (TileJSON 3.0.0); origin ("https://host", or "" for a path
// alone) begins the tile URL.
func (h *Handler) TileJSON(origin string) map[string]any {
	i := h.Archive.Info
	tj := map[string]any{"tilejson": "3.0.0", "tiles": []string{origin + h.Prefix + "/{z}/{x}/{y}"}, "scheme": "xyz",
		"minzoom": i.MinZoom, "maxzoom": i.MaxZoom, "attribution": h.Credit(),
		"format": i.TileType}
	if i.Bounds != [4]float64{} {
		tj["bounds"] = i.Bounds
	}
	if i.Center != [3]float64{} {
		tj["center"] = i.Center
	}
	if i.Vector() {
		layers := make([]map[string]any, len(i.Layers))
		for k, l := range i.Layers {
			layers[k] = map[string]any{"id": l, "fields": map[string]string{}}
		}
		tj["vector_layers"] = layers
	}
	return tj
}

// Credit is the attribution shown with the map: the configured one, or else the file's own.
func (h *Handler) Credit() string {
	if h.Attribution != "" {
		return h.Attribution
	}
	return h.Archive.Info.Attribution
}

//go:embed style.json
var styleJSON []byte

// Style is a MapLibre style for the archive, its tiles under origin as in TileJSON: the bundled layers (style.json) over a vector
// source, or one raster layer over a raster source. It has no text layers: the dashboard
// carries no glyphs, and the map's own labels are HTML.
func (h *Handler) Style(origin string) (map[string]any, error) {
	var st map[string]any
	if err := json.Unmarshal(styleJSON, &st); err != nil {
		return nil, err
	}
	tj := h.TileJSON(origin)
	src := map[string]any{"tiles": tj["tiles"], "minzoom": tj["minzoom"], "maxzoom": tj["maxzoom"], "attribution": tj["attribution"]}
	if b, ok := tj["bounds"]; ok {
		src["bounds"] = b
	}
	if h.Archive.Info.Vector() {
		src["type"] = "vector"
	} else {
		src["type"], src["tileSize"] = "raster", 256
		st["layers"] = []map[string]any{{"id": "basemap", "type": "raster", "source": "basemap"}}
	}
	st["sources"] = map[string]any{"basemap": src}
	delete(st, "comment")
	return st, nil
}

// origin is the service's scheme and host as the client reached it, so that a GIS client or
// MapLibre reading the TileJSON or style by itself finds the tiles.
func origin(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host }

// ServeTileJSON answers GET Prefix/tiles.json.
func (h *Handler) ServeTileJSON(c echo.Context) error {
	return c.JSON(http.StatusOK, h.TileJSON(origin(c)))
}

// ServeStyle answers GET Prefix/style.json.
func (h *Handler) ServeStyle(c echo.Context) error {
	st, err := h.Style(origin(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
