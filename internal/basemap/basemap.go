// Package basemap serves a basemap from a file the partnership supplies, so that the map has
// streets, water and green space with no tile server on the internet: a PMTiles archive (such
// as a Protomaps extract) or an MBTiles file (such as OS Open Zoomstack). The format is told
// by the file's content, not its name.
package basemap

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Archive is an open basemap file.
type Archive struct {
	Path   string
	Format string // "pmtiles" or "mbtiles"
	Info   Info
	tile   func(ctx context.Context, z uint8, x, y uint32) ([]byte, error)
	close  func() error
}

// Info describes an archive's tiles, for the TileJSON and the style.
type Info struct {
	TileType    string     // "mvt" (vector), "png", "jpg" or "webp"
	MinZoom     uint8      //
	MaxZoom     uint8      //
	Bounds      [4]float64 // west, south, east, north; zero when the file does not say
	Center      [3]float64 // longitude, latitude, zoom; zero when the file does not say
	Attribution string     // from the file's metadata, if any
	Layers      []string   // a vector archive's layer names, from its metadata
}

// Vector reports whether the archive holds vector tiles (drawn with the bundled style).
func (i Info) Vector() bool { return i.TileType == "mvt" }

// ErrNoTile is the answer for a tile the archive does not hold.
var ErrNoTile = errors.New("no such tile")

// Open opens a basemap file, PMTiles or MBTiles by its first bytes; anything else is an
// error naming the file.
func Open(path string) (*Archive, error) {
	head := make([]byte, 16)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("basemap file %s: %w", path, err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	var a *Archive
	switch {
	case err == nil && bytes.HasPrefix(head, []byte("PMTiles")):
		a, err = openPMTiles(path)
	case err == nil && bytes.Equal(head, []byte("SQLite format 3\x00")):
		a, err = openMBTiles(path)
	default:
		err = errors.New("neither a PMTiles archive nor an MBTiles (SQLite) file")
	}
	if err != nil {
		return nil, fmt.Errorf("basemap file %s: %w", path, err)
	}
	a.Path = path
	return a, nil
}

// Tile returns the stored bytes of tile z/x/y (XYZ numbering, y from the north), or ErrNoTile.
func (a *Archive) Tile(ctx context.Context, z uint8, x, y uint32) ([]byte, error) {
	if z < a.Info.MinZoom || z > a.Info.MaxZoom || x >= 1<<z || y >= 1<<z {
		return nil, ErrNoTile
	}
	return a.tile(ctx, z, x, y)
}

// Close closes the file.
func (a *Archive) Close() error { return a.close() }

// tileTypes maps the formats an archive may name to the types served.
var tileTypes = map[string]string{"pbf": "mvt", "mvt": "mvt", "png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}

// contentTypes are the media types of the tile types served.
var contentTypes = map[string]string{"mvt": "application/vnd.mapbox-vector-tile", "png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}

// describe reads the attribution and the vector layers' names from an archive's metadata:
// PMTiles' JSON object, or MBTiles' name/value rows whose "json" row holds vector_layers.
func (i *Info) describe(md map[string]any) {
	i.Attribution, _ = md["attribution"].(string)
	layers, _ := md["vector_layers"].([]any)
	if s, ok := md["json"].(string); ok {
		var j struct {
			VectorLayers []any `json:"vector_layers"`
		}
		if json.Unmarshal([]byte(s), &j) == nil {
			layers = j.VectorLayers
		}
	}
	for _, l := range layers {
		if m, ok := l.(map[string]any); ok {
			if id, ok := m["id"].(string); ok {
				i.Layers = append(i.Layers, id)
			}
		}
	}
}
