// Package basemaptest makes small basemap files for tests: vector tiles in the Protomaps
// layer names (earth, landuse, roads, buildings), drawn from open data of the City of London
// kept in the shared data folder, written as a PMTiles archive or an MBTiles file.
package basemaptest

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/protomaps/go-pmtiles/pmtiles"
	_ "modernc.org/sqlite" // writes the MBTiles file
)

// Zooms are the zoom levels of the sample's tiles.
const MinZoom, MaxZoom = 12, 15

// Attribution is the sample's attribution, as its metadata states it.
const Attribution = "Sample basemap: ONS and GLA boundaries (OGL v3.0), © OpenStreetMap contributors (ODbL)"

// Tile is one encoded tile of the sample: gzip-compressed MVT bytes.
type Tile struct {
	Tile maptile.Tile
	Data []byte
}

// Sample is the sample basemap's tiles, sorted by PMTiles tile id, and the area they cover.
type Sample struct {
	Tiles  []Tile
	Bounds orb.Bound
	Layers []string
}

// DataDir is the shared data folder beside the repository (../shared/data).
func DataDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "data")
}

// NewSample encodes the sample's tiles: the City of London's boundary as land and as a major
// road along its edge, its green spaces as parks and its town centres as buildings.
func NewSample(dataDir string) (*Sample, error) {
	read := func(name, kind string) (*geojson.FeatureCollection, error) {
		b, err := os.ReadFile(filepath.Join(dataDir, name))
		if err != nil {
			return nil, err
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range fc.Features {
			f.Properties = geojson.Properties{"kind": kind}
		}
		return fc, nil
	}
	earth, err := read("city-of-london-boundary.geojson", "earth")
	if err != nil {
		return nil, err
	}
	parks, err := read("city-of-london-greenspace-osm.geojson", "park")
	if err != nil {
		return nil, err
	}
	buildings, err := read("city-of-london-town-centres.geojson", "building")
	if err != nil {
		return nil, err
	}
	roads := geojson.NewFeatureCollection()
	for _, f := range earth.Features {
		if p, ok := f.Geometry.(orb.Polygon); ok {
			r := geojson.NewFeature(orb.LineString(p[0]))
			r.Properties = geojson.Properties{"kind": "major_road"}
			roads.Append(r)
		}
	}
	byLayer := map[string]*geojson.FeatureCollection{"earth": earth, "landuse": parks, "roads": roads, "buildings": buildings}
	s := &Sample{Bounds: earth.Features[0].Geometry.Bound(), Layers: []string{"buildings", "earth", "landuse", "roads"}}
	for z := maptile.Zoom(MinZoom); z <= MaxZoom; z++ {
		lo := maptile.At(orb.Point{s.Bounds.Min[0], s.Bounds.Max[1]}, z)
		hi := maptile.At(orb.Point{s.Bounds.Max[0], s.Bounds.Min[1]}, z)
		for x := lo.X; x <= hi.X; x++ {
			for y := lo.Y; y <= hi.Y; y++ {
				t := maptile.New(x, y, z)
				layers := mvt.NewLayers(clone(byLayer))
				layers.ProjectToTile(t)
				layers.Clip(mvt.MapboxGLDefaultExtentBound)
				layers.RemoveEmpty(1, 1)
				if len(layers) == 0 {
					continue
				}
				b, err := mvt.MarshalGzipped(layers)
				if err != nil {
					return nil, fmt.Errorf("encode tile %d/%d/%d: %w", z, x, y, err)
				}
				s.Tiles = append(s.Tiles, Tile{Tile: t, Data: b})
			}
		}
	}
	sort.Slice(s.Tiles, func(i, j int) bool { return id(s.Tiles[i].Tile) < id(s.Tiles[j].Tile) })
	return s, nil
}

// clone copies the collections: projecting a layer to a tile changes its geometry in place.
func clone(in map[string]*geojson.FeatureCollection) map[string]*geojson.FeatureCollection {
	out := make(map[string]*geojson.FeatureCollection, len(in))
	for k, fc := range in {
		c := geojson.NewFeatureCollection()
		for _, f := range fc.Features {
			g := geojson.NewFeature(orb.Clone(f.Geometry))
			g.Properties = f.Properties.Clone()
			c.Append(g)
		}
		out[k] = c
	}
	return out
}

func id(t maptile.Tile) uint64 { return pmtiles.ZxyToID(uint8(t.Z), t.X, t.Y) }

func (s *Sample) metadata() map[string]any {
	layers := make([]map[string]any, len(s.Layers))
	for i, l := range s.Layers {
		layers[i] = map[string]any{"id": l, "fields": map[string]string{"kind": "String"}}
	}
	return map[string]any{"name": "placesafe sample basemap", "attribution": Attribution, "vector_layers": layers}
}

// WritePMTiles writes the sample as a PMTiles v3 archive: header, root directory, metadata,
// tile data (tiles gzip-compressed, directories not compressed).
func (s *Sample) WritePMTiles(path string) error {
	entries := make([]pmtiles.EntryV3, len(s.Tiles))
	var data []byte
	for i, t := range s.Tiles {
		entries[i] = pmtiles.EntryV3{TileID: id(t.Tile), Offset: uint64(len(data)), Length: uint32(len(t.Data)), RunLength: 1}
		data = append(data, t.Data...)
	}
	root := pmtiles.SerializeEntries(entries, pmtiles.NoCompression)
	md, err := pmtiles.SerializeMetadata(s.metadata(), pmtiles.NoCompression)
	if err != nil {
		return err
	}
	e7 := func(v float64) int32 { return int32(math.Round(v * 1e7)) }
	c := s.Bounds.Center()
	h := pmtiles.HeaderV3{SpecVersion: 3, RootOffset: pmtiles.HeaderV3LenBytes, RootLength: uint64(len(root)),
		InternalCompression: pmtiles.NoCompression, TileCompression: pmtiles.Gzip, TileType: pmtiles.Mvt,
		MinZoom: MinZoom, MaxZoom: MaxZoom, Clustered: true,
		MinLonE7: e7(s.Bounds.Min[0]), MinLatE7: e7(s.Bounds.Min[1]), MaxLonE7: e7(s.Bounds.Max[0]), MaxLatE7: e7(s.Bounds.Max[1]),
		CenterZoom: MinZoom + 2, CenterLonE7: e7(c[0]), CenterLatE7: e7(c[1]),
		AddressedTilesCount: uint64(len(entries)), TileEntriesCount: uint64(len(entries)), TileContentsCount: uint64(len(entries))}
	h.MetadataOffset = h.RootOffset + h.RootLength
	h.MetadataLength = uint64(len(md))
	h.LeafDirectoryOffset = h.MetadataOffset + h.MetadataLength
	h.TileDataOffset = h.LeafDirectoryOffset
	h.TileDataLength = uint64(len(data))
	out := append(pmtiles.SerializeHeader(h), root...)
	out = append(out, md...)
	out = append(out, data...)
	return os.WriteFile(path, out, 0o644)
}

// WriteMBTiles writes the sample as an MBTiles 1.3 file: rows numbered from the south (TMS),
// tiles gzip-compressed as tippecanoe and OS Open Zoomstack store them.
func (s *Sample) WriteMBTiles(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: abs}).String())
	if err != nil {
		return err
	}
	defer db.Close()
	layers, err := json.Marshal(map[string]any{"vector_layers": s.metadata()["vector_layers"]})
	if err != nil {
		return err
	}
	b := s.Bounds
	c := b.Center()
	stmts := []struct {
		q    string
		args []any
	}{
		{q: `CREATE TABLE metadata (name text, value text)`},
		{q: `CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`},
		{q: `CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)`},
		{q: `INSERT INTO metadata VALUES ('name', 'placesafe sample basemap'), ('format', 'pbf'), ('attribution', ?),
			('bounds', ?), ('center', ?), ('minzoom', ?), ('maxzoom', ?), ('json', ?)`,
			args: []any{Attribution, fmt.Sprintf("%f,%f,%f,%f", b.Min[0], b.Min[1], b.Max[0], b.Max[1]),
				fmt.Sprintf("%f,%f,%d", c[0], c[1], MinZoom+2), fmt.Sprint(MinZoom), fmt.Sprint(MaxZoom), string(layers)}},
	}
	for _, st := range stmts {
		if _, err := db.Exec(st.q, st.args...); err != nil {
			return fmt.Errorf("write MBTiles: %w", err)
		}
	}
	for _, t := range s.Tiles {
		row := (uint32(1) << t.Tile.Z) - 1 - t.Tile.Y
		if _, err := db.Exec(`INSERT INTO tiles VALUES (?, ?, ?, ?)`, t.Tile.Z, t.Tile.X, row, t.Data); err != nil {
			return fmt.Errorf("write MBTiles tile: %w", err)
		}
	}
	return nil
}
