package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// metresPerDegree is the length of a degree of latitude, and of longitude at the equator, in
// the local projection used for buffers and for sampling edges (see DistanceToLineMetres).
const metresPerDegree = 111320

// localProjection maps longitude/latitude to metres east and north of a centre.
type localProjection struct {
	lat0, lng0 float64
	kx         float64 // metres per degree of longitude at lat0
}

// newLocalProjection centres a projection on the middle of b.
func newLocalProjection(b orb.Bound) localProjection {
	c := b.Center()
	return localProjection{lat0: c.Lat(), lng0: c.Lon(), kx: metresPerDegree * math.Cos(c.Lat()*math.Pi/180)}
}

// newLineProjection centres a projection on the middle of the bounding box of pts, taking
// each longitude the short way round from the first, so that a line crossing the antimeridian
// is centred on it rather than on the far side of the world.
func newLineProjection(pts []orb.Point) localProjection {
	minLat, maxLat := pts[0].Lat(), pts[0].Lat()
	minOff, maxOff := 0.0, 0.0
	for _, p := range pts[1:] {
		off := wrapDegrees(p.Lon() - pts[0].Lon())
		minOff, maxOff = math.Min(minOff, off), math.Max(maxOff, off)
		minLat, maxLat = math.Min(minLat, p.Lat()), math.Max(maxLat, p.Lat())
	}
	lat0 := (minLat + maxLat) / 2
	return localProjection{lat0: lat0, lng0: wrapDegrees(pts[0].Lon() + (minOff+maxOff)/2),
		kx: metresPerDegree * math.Cos(lat0*math.Pi/180)}
}

// wrapDegrees brings a longitude or a difference of longitudes into −180..180.
func wrapDegrees(d float64) float64 {
	return math.Remainder(d, 360)
}

// project returns p as metres east (x) and north (y) of the centre.
func (pr localProjection) project(p orb.Point) orb.Point {
	return orb.Point{wrapDegrees(p.Lon()-pr.lng0) * pr.kx, (p.Lat() - pr.lat0) * metresPerDegree}
}

// centre returns the centre of the projection.
func (pr localProjection) centre() orb.Point {
	return orb.Point{pr.lng0, pr.lat0}
}

// segmentMetres is the length in metres of the segment ab, in a projection centred on it.
func segmentMetres(a, b orb.Point) float64 {
	pr := newLineProjection([]orb.Point{a, b})
	return planar.Distance(pr.project(a), pr.project(b))
}

// between returns the point a fraction t of the way from a to b, going the short way round
// in longitude.
func between(a, b orb.Point, t float64) orb.Point {
	return orb.Point{wrapDegrees(a[0] + t*wrapDegrees(b[0]-a[0])), a[1] + t*(b[1]-a[1])}
}

// projectedLine is a line in a local projection; a line of one position is a segment of
// length zero.
type projectedLine []orb.Point

// projectLine projects ls around the middle of its bounding box.
func projectLine(ls orb.LineString) (localProjection, projectedLine) {
	pr := newLineProjection(ls)
	line := make(projectedLine, 0, max(2, len(ls)))
	for _, p := range ls {
		line = append(line, pr.project(p))
	}
	if len(line) == 1 {
		line = append(line, line[0])
	}
	return pr, line
}

// distanceTo returns the distance from p to the nearest point of the line.
func (l projectedLine) distanceTo(p orb.Point) float64 {
	d := math.Inf(1)
	for i := 0; i+1 < len(l); i++ {
		d = math.Min(d, pointSegmentDistance(p, l[i], l[i+1]))
	}
	return d
}

// distanceToRing returns the distance from the line to the area enclosed by the closed,
// projected ring r: zero when they meet, else the least distance between a vertex of one and
// an edge of the other.
func (l projectedLine) distanceToRing(r orb.Ring) float64 {
	if planar.RingContains(r, l[0]) {
		return 0
	}
	d := math.Inf(1)
	for i := 0; i+1 < len(l); i++ {
		for j := 0; j+1 < len(r); j++ {
			if segmentsMeet(l[i], l[i+1], r[j], r[j+1]) {
				return 0
			}
			d = math.Min(d, math.Min(
				math.Min(pointSegmentDistance(l[i], r[j], r[j+1]), pointSegmentDistance(l[i+1], r[j], r[j+1])),
				math.Min(pointSegmentDistance(r[j], l[i], l[i+1]), pointSegmentDistance(r[j+1], l[i], l[i+1]))))
		}
	}
	return d
}

// pointSegmentDistance returns the distance from p to the segment ab.
func pointSegmentDistance(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}

// DistanceToLineMetres returns the distance in metres from the point lat, lng to the nearest
// point of ls; it is NaN for an empty line or a point outside WGS84 range.
//
// Distances are measured in a local equirectangular projection centred on the middle of the
// line's bounding box: x = Δlongitude × 111,320 × cos(latitude of the centre), y = Δlatitude ×
// 111,320, in metres. Against the WGS84 ellipsoid at 51.5°N this reads north–south distances
// 0.06% long and east–west ones 0.2% short, and the east–west scale drifts by tan(latitude) ×
// Δlatitude away from the centre (0.02% 1 km north or south of it). For a buffer under 1 km
// around a street a few kilometres long the error is thus under 2 m, and under 0.1 m for a
// buffer of 50 m. Lines crossing the antimeridian are handled; lines near a pole are not.
func DistanceToLineMetres(ls orb.LineString, lat, lng float64) float64 {
	if len(ls) == 0 || !ValidLatLng(lat, lng) {
		return math.NaN()
	}
	pr, line := projectLine(ls)
	return line.distanceTo(pr.project(pointAt(lat, lng)))
}

// WithinBuffer reports whether the point lat, lng lies within metres of ls, boundary included,
// measured as by DistanceToLineMetres.
func WithinBuffer(ls orb.LineString, metres float64, lat, lng float64) bool {
	return DistanceToLineMetres(ls, lat, lng) <= metres
}

// CoverLineBuffer returns, sorted and without duplicates, every H3 cell at resolution res
// (0–15) whose hexagon comes within metres of ls: the cells meeting the line's buffer, so that
// every point for which WithinBuffer holds lies in a returned cell. Cells are found by
// spreading from the cells of points along the line to neighbours within the distance, which
// reaches them all because the buffer is connected. It returns a *TooManyCellsError when the
// covering is estimated or found to hold more than maxCells cells.
func CoverLineBuffer(ls orb.LineString, metres float64, res int, maxCells int) ([]h3.Cell, error) {
	switch {
	case res < 0 || res > MaxRes:
		return nil, fmt.Errorf("h3 resolution %d is outside 0..%d", res, MaxRes)
	case maxCells < 1:
		return nil, fmt.Errorf("cell limit %d must be at least 1", maxCells)
	case !(metres >= 0) || math.IsInf(metres, 1):
		return nil, fmt.Errorf("buffer of %v metres must be a finite distance of 0 or more", metres)
	case len(ls) == 0:
		return nil, errors.New("cannot buffer an empty line")
	}
	for i, p := range ls {
		if !ValidLatLng(p.Lat(), p.Lon()) {
			return nil, fmt.Errorf("line position %d: longitude %v, latitude %v is outside -180..180, -90..90", i, p.Lon(), p.Lat())
		}
	}
	pr, line := projectLine(ls)
	length := 0.0
	for i := 0; i+1 < len(line); i++ {
		length += planar.Distance(line[i], line[i+1])
	}
	centre := pr.centre()
	// The buffer has area 2×metres×length + π×metres² and perimeter 2×length + 2π×metres.
	estimate := func(res int) float64 {
		return estimatePolygonCells(2*metres*length+math.Pi*metres*metres, 2*length+2*math.Pi*metres, centre, res)
	}
	if est := estimate(res); est > float64(maxCells) {
		return nil, &TooManyCellsError{Res: res, Cells: clampInt(est), MaxCells: maxCells,
			Finest: finestWithin(maxCells, estimate)}
	}

	tooMany := func(n int) error {
		return &TooManyCellsError{Res: res, Cells: n, MaxCells: maxCells,
			Finest: min(finestWithin(maxCells, estimate), res-1)}
	}
	found := make(map[h3.Cell]struct{})
	seen := make(map[h3.Cell]struct{})
	var queue []h3.Cell
	accept := func(c h3.Cell) {
		found[c] = struct{}{}
		queue = append(queue, c)
	}
	// Seeds: the cells of points sampled along the line, which hold a point of it.
	spacing := sampleSpacing(centre, res)
	for i := range max(1, len(ls)-1) {
		a, b := ls[i], ls[min(i+1, len(ls)-1)]
		n := max(1, int(math.Ceil(segmentMetres(a, b)/spacing)))
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			c := h3.LatLngToCell(PointToLatLng(between(a, b, t)), res)
			if _, ok := seen[c]; ok || !c.IsValid() {
				continue
			}
			seen[c] = struct{}{}
			accept(c)
		}
	}
	for len(queue) > 0 {
		c := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, nb := range h3.GridDisk(c, 1) {
			if _, ok := seen[nb]; ok || !nb.IsValid() {
				continue
			}
			seen[nb] = struct{}{}
			if line.distanceToRing(projectRing(pr, CellBoundary(nb)[0])) <= metres {
				accept(nb)
				if len(found) > maxCells {
					return nil, tooMany(len(found))
				}
			}
		}
	}
	if len(found) > maxCells {
		return nil, tooMany(len(found))
	}
	return sortedCells(found), nil
}

// projectRing projects every position of r.
func projectRing(pr localProjection, r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[i] = pr.project(p)
	}
	return out
}
