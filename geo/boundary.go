package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// GeometryError says why a boundary was refused and where: Path locates the fault in the
// GeoJSON input with zero-based indexes, e.g. "features[2].geometry.coordinates[0][5]".
type GeometryError struct {
	Path   string // where in the input; empty for the document as a whole
	Reason string // what is wrong, in words a user can act on
}

// Error returns the location and the reason.
func (e *GeometryError) Error() string {
	if e.Path == "" {
		return "boundary: " + e.Reason
	}
	return "boundary: " + e.Path + ": " + e.Reason
}

// Area is a validated study area in WGS84: a MultiPolygon and its bounding box.
type Area struct {
	mp    orb.MultiPolygon
	bound orb.Bound
	// index decides most points of an area of many corners by their H3 cell; built at the
	// first Contains and shared by the area's copies.
	index *lazyIndex
}

// lazyIndex is a PolygonIndex built once, when first needed; x stays nil when the area has
// few corners or cannot be indexed, and the rings are then walked.
type lazyIndex struct {
	once sync.Once
	x    *PolygonIndex
}

// An area of more corners than indexCorners is located through a PolygonIndex of at most
// indexCells cells, no finer than resolution indexRes: walking every ring of a borough's
// boundary of thousands of corners for each of ten million records would take the best part
// of an hour.
const (
	indexCorners = 256
	indexCells   = 100_000
	indexRes     = 12
)

// newArea wraps mp, which must already be validated.
func newArea(mp orb.MultiPolygon) Area {
	return Area{mp: mp, bound: mp.Bound(), index: &lazyIndex{}}
}

// Contains reports whether the point lat, lng lies in the area; points on an outer ring count
// as inside, points on the edge of a hole as outside (orb/planar's rule, which the index keeps).
func (a Area) Contains(lat, lng float64) bool {
	p := pointAt(lat, lng)
	if len(a.mp) == 0 || !a.bound.Contains(p) {
		return false
	}
	if x := a.indexed(); x != nil {
		return x.Contains(lat, lng)
	}
	return planar.MultiPolygonContains(a.mp, p)
}

// indexed is the area's PolygonIndex, built on first use; nil for an area of few corners.
func (a Area) indexed() *PolygonIndex {
	if a.index == nil {
		return nil
	}
	a.index.once.Do(func() {
		corners := 0
		for _, poly := range a.mp {
			for _, ring := range poly {
				corners += len(ring)
			}
		}
		if corners > indexCorners {
			a.index.x, _ = NewPolygonIndex(a.mp, indexRes, indexCells) // unindexed, the rings are walked: slower, never wrong
		}
	})
	return a.index.x
}

// Bound returns the area's bounding box (orb order: Min and Max are lon, lat).
func (a Area) Bound() orb.Bound {
	return a.bound
}

// MultiPolygon returns a copy of the area's geometry.
func (a Area) MultiPolygon() orb.MultiPolygon {
	return a.mp.Clone()
}

// UKArea returns the area used before a study area is set: the bounding box of the United
// Kingdom (Great Britain and Northern Ireland, without overseas territories), lon −8.65..1.77,
// lat 49.86..60.86. Being a rectangle it also takes in most of Ireland, the Isle of Man and the
// Channel coast of France.
func UKArea() Area {
	const west, east, south, north = -8.65, 1.77, 49.86, 60.86
	ring := orb.Ring{{west, south}, {east, south}, {east, north}, {west, north}, {west, south}}
	return newArea(orb.MultiPolygon{{ring}})
}

// ParseBoundary reads a study-area boundary from GeoJSON: a Polygon, a MultiPolygon, a
// Feature holding one, or a FeatureCollection of such Features (merged into one MultiPolygon),
// in WGS84 longitude/latitude: a crs member may only name CRS84 or EPSG:4326. Any fault is
// reported as a *GeometryError.
func ParseBoundary(data []byte) (Area, error) {
	var root object
	if err := json.Unmarshal(data, &root); err != nil {
		if syn := (*json.SyntaxError)(nil); errors.As(err, &syn) {
			return Area{}, &GeometryError{Reason: fmt.Sprintf("not valid JSON (at byte %d): %v", syn.Offset, err)}
		}
		return Area{}, &GeometryError{Reason: "not a GeoJSON object: " + err.Error()}
	}
	mp, err := parseRoot(root)
	if err != nil {
		return Area{}, err
	}
	return newArea(mp), nil
}
