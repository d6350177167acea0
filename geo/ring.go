package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// projectedMagnitude is the size beyond which a coordinate is taken for metres in a projected
// system rather than degrees.
const projectedMagnitude = 1000

// polygonFrom validates decoded GeoJSON Polygon coordinates found at path.
func polygonFrom(v any, path string) (orb.Polygon, error) {
	rings, err := arrayFrom(v, path, "polygon coordinates must be an array of rings",
		"empty geometry: the polygon has no rings", ringFrom)
	return orb.Polygon(rings), err
}

// arrayFrom validates decoded GeoJSON coordinates found at path that are an array, each member
// with member at path[i]. notArray is the reason when v is not an array; empty, unless "", the
// reason when the array has no members.
func arrayFrom[T any](v any, path, notArray, empty string, member func(v any, path string) (T, error)) ([]T, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, &GeometryError{Path: path, Reason: notArray}
	}
	if len(items) == 0 && empty != "" {
		return nil, &GeometryError{Path: path, Reason: empty}
	}
	out := make([]T, 0, len(items))
	for i, x := range items {
		m, err := member(x, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ringFrom validates one linear ring: positions in range, at least 4 of them, closed, not
// crossing itself, and enclosing some area.
func ringFrom(v any, path string) (orb.Ring, error) {
	positions, err := arrayFrom(v, path, "a ring must be an array of positions", "", positionFrom)
	if err != nil {
		return nil, err
	}
	ring := orb.Ring(positions)
	n := len(ring)
	if n < 4 {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf(
			"ring has %d positions: a ring needs at least 4 (three corners and the first repeated at the end)", n)}
	}
	if ring[0] != ring[n-1] {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf(
			"ring is not closed: the last position (vertex %d) %v must repeat the first %v", n-1, ring[n-1], ring[0])}
	}
	if i, j, at, found := selfIntersection(ring); found {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf(
			"ring crosses itself: the edge from vertex %d to %d crosses the edge from vertex %d to %d near longitude %.6f, latitude %.6f",
			i, i+1, j, j+1, at[0], at[1])}
	}
	if planar.Area(ring) == 0 {
		return nil, &GeometryError{Path: path, Reason: "empty geometry: the ring encloses no area"}
	}
	return ring, nil
}

// positionFrom validates one GeoJSON position: longitude then latitude, in WGS84 range.
func positionFrom(v any, path string) (orb.Point, error) {
	nums, ok := v.([]any)
	if !ok || len(nums) < 2 {
		return orb.Point{}, &GeometryError{Path: path, Reason: "a position must be an array of longitude and latitude"}
	}
	lon, okLon := nums[0].(float64)
	lat, okLat := nums[1].(float64)
	if !okLon || !okLat {
		return orb.Point{}, &GeometryError{Path: path, Reason: "longitude and latitude must be numbers"}
	}
	switch {
	case math.Abs(lon) > projectedMagnitude || math.Abs(lat) > projectedMagnitude:
		return orb.Point{}, &GeometryError{Path: path, Reason: fmt.Sprintf(
			"%v, %v is not longitude/latitude: it looks like projected coordinates such as British National Grid; convert the boundary to WGS84 (EPSG:4326)",
			lon, lat)}
	case lon < -180 || lon > 180:
		return orb.Point{}, &GeometryError{Path: path, Reason: fmt.Sprintf("longitude %v is outside -180..180", lon)}
	case lat < -90 || lat > 90:
		return orb.Point{}, &GeometryError{Path: path, Reason: fmt.Sprintf("latitude %v is outside -90..90", lat)}
	}
	return orb.Point{lon, lat}, nil
}

// selfIntersection finds two non-adjacent edges of the closed ring r that cross properly (at
// a point inside both), returning their first vertices and the crossing point. Edge i runs
// from r[i] to r[i+1]. Edges are sorted by their least longitude and swept, so only pairs
// whose longitude ranges overlap are tested: about O(n log n) for real boundaries and O(n²)
// at worst, which is fast enough for boundaries of a few thousand vertices.
func selfIntersection(r orb.Ring) (i, j int, at orb.Point, found bool) {
	n := len(r) - 1
	order := make([]int, n)
	for k := range order {
		order[k] = k
	}
	minX := func(e int) float64 { return math.Min(r[e][0], r[e+1][0]) }
	slices.SortFunc(order, func(a, b int) int {
		switch ea, eb := minX(a), minX(b); {
		case ea < eb:
			return -1
		case ea > eb:
			return 1
		}
		return a - b
	})
	for k, a := range order {
		maxX := math.Max(r[a][0], r[a+1][0])
		for _, b := range order[k+1:] {
			if minX(b) > maxX {
				break
			}
			if d := a - b; d == 1 || d == -1 || d == n-1 || d == 1-n {
				continue // adjacent edges share a vertex
			}
			if p, ok := crossing(r[a], r[a+1], r[b], r[b+1]); ok {
				return min(a, b), max(a, b), p, true
			}
		}
	}
	return 0, 0, orb.Point{}, false
}

// crossing reports whether segments p1p2 and q1q2 cross at a point interior to both, and where.
// Segments that only touch, or overlap along a line, do not count.
func crossing(p1, p2, q1, q2 orb.Point) (orb.Point, bool) {
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if !(opposite(d1, d2) && opposite(d3, d4)) {
		return orb.Point{}, false
	}
	t := d1 / (d1 - d2)
	return orb.Point{p1[0] + t*(p2[0]-p1[0]), p1[1] + t*(p2[1]-p1[1])}, true
}

// orient is twice the signed area of triangle abc: positive when c lies left of ab.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// opposite reports whether x and y are non-zero with opposite signs.
func opposite(x, y float64) bool {
	return (x > 0 && y < 0) || (x < 0 && y > 0)
}
