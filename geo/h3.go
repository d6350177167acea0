package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// StorageRes is the H3 resolution at which records are stored; analysis uses coarser
// resolutions (6–12), reached with Cell.Parent.
const StorageRes = 15

// MaxRes is the finest resolution H3 defines; resolutions run from 0 to MaxRes.
const MaxRes = 15

// PointToLatLng converts an orb point (lon, lat) to an h3 LatLng (lat, lng).
func PointToLatLng(p orb.Point) h3.LatLng {
	return h3.LatLng{Lat: p.Lat(), Lng: p.Lon()}
}

// LatLngToPoint converts an h3 LatLng (lat, lng) to an orb point (lon, lat).
func LatLngToPoint(ll h3.LatLng) orb.Point {
	return orb.Point{ll.Lng, ll.Lat}
}

// pointAt builds an orb point from latitude and longitude given in that order.
func pointAt(lat, lng float64) orb.Point {
	return orb.Point{lng, lat}
}

// CellAt returns the H3 cell at resolution res (0–15) containing the WGS84 point lat, lng.
func CellAt(lat, lng float64, res int) (h3.Cell, error) {
	if res < 0 || res > MaxRes {
		return 0, fmt.Errorf("h3 resolution %d is outside 0..%d", res, MaxRes)
	}
	if !ValidLatLng(lat, lng) {
		return 0, fmt.Errorf("latitude %v, longitude %v is outside -90..90, -180..180", lat, lng)
	}
	// h3-go v4.1.0 reports no errors: a failed conversion shows up only as an invalid cell.
	c := h3.LatLngToCell(PointToLatLng(pointAt(lat, lng)), res)
	if !c.IsValid() {
		return 0, fmt.Errorf("no h3 cell for latitude %v, longitude %v at resolution %d", lat, lng, res)
	}
	return c, nil
}

// CellPoint returns the centre of c as an orb point; an invalid cell gives a point whose
// coordinates are NaN, so that misuse fails loudly rather than landing at 0, 0.
func CellPoint(c h3.Cell) orb.Point {
	if !c.IsValid() {
		return orb.Point{math.NaN(), math.NaN()}
	}
	return LatLngToPoint(h3.CellToLatLng(c))
}

// CellBoundary returns the outline of c as a closed, counter-clockwise orb polygon
// (nil for an invalid cell). Cells crossing the antimeridian are not split.
func CellBoundary(c h3.Cell) orb.Polygon {
	if !c.IsValid() {
		return nil
	}
	b := h3.CellToBoundary(c)
	ring := make(orb.Ring, 0, len(b)+1)
	for _, ll := range b {
		ring = append(ring, LatLngToPoint(ll))
	}
	ring = append(ring, ring[0])
	return orb.Polygon{ring}
}

// ParseCell parses a hexadecimal H3 cell index such as "8928308280fffff", refusing
// anything that is not a valid cell.
func ParseCell(s string) (h3.Cell, error) {
	var c h3.Cell
	if err := c.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("%q is not a valid h3 cell index", s)
	}
	return c, nil
}
