package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// The borough is laid out in metres east and north of its centre, then projected
// with a local equirectangular projection. The projection is linear, so containment
// in metres and in degrees agree.
const (
	centreLat       = 52.9480
	centreLon       = -1.1620
	metresPerDegLat = 111_320.0
	// edgeMargin keeps generated points clearly inside the boundary, so rounding to
	// six decimals (about 0.1 m) cannot move them onto or across it.
	edgeMargin = 15.0
)

// toLonLat projects a point in metres to WGS84, rounded to six decimals.
func toLonLat(p orb.Point) orb.Point {
	lon := centreLon + p[0]/(metresPerDegLat*math.Cos(centreLat*math.Pi/180))
	lat := centreLat + p[1]/metresPerDegLat
	return orb.Point{round6(lon), round6(lat)}
}

// round6 rounds to six decimals, the precision written to files.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// boundary is the borough outline in metres and in degrees.
type boundary struct {
	metric orb.Ring
	lonLat orb.Ring
	bound  orb.Bound
	// safe is a radius round the centre inside which every point is well inside.
	safe float64
}

// newBoundary draws an irregular, star-shaped outline about 6 km by 5 km. Vertices go
// round the centre at increasing angles, so the ring is simple and counter-clockwise.
func newBoundary() boundary {
	const n = 72
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		th := 2 * math.Pi * float64(k) / n
		c, s := math.Cos(th), math.Sin(th)
		ellipse := 1 / math.Hypot(c/2800, s/2500)
		wobble := 1 + 0.10*math.Sin(2*th+0.7) + 0.07*math.Sin(3*th+1.9) +
			0.05*math.Sin(5*th+0.3) + 0.025*math.Sin(9*th+2.2) + 0.015*math.Sin(14*th+0.9)
		ring = append(ring, orb.Point{ellipse * wobble * c, ellipse * wobble * s})
	}
	ring = append(ring, ring[0])
	ll := make(orb.Ring, len(ring))
	for i, p := range ring {
		ll[i] = toLonLat(p)
	}
	closest := math.Inf(1)
	for i := 1; i < len(ring); i++ {
		closest = min(closest, segDist2(ring[i-1], ring[i], orb.Point{}))
	}
	return boundary{metric: ring, lonLat: ll, bound: ring.Bound(), safe: math.Sqrt(closest) - edgeMargin}
}

// inside reports whether p (metres) is inside the outline and at least edgeMargin from it.
func (b boundary) inside(p orb.Point) bool {
	if p[0]*p[0]+p[1]*p[1] < b.safe*b.safe {
		return true
	}
	return b.bound.Contains(p) && inRing(b.metric, p) && !nearLine(orb.LineString(b.metric), p, edgeMargin)
}

// inRing reports whether p is inside ring by ray casting (points exactly on an edge may
// go either way; callers keep a margin where that matters).
func inRing(ring orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// nearLine reports whether p is within d metres of a segment of ls.
func nearLine(ls orb.LineString, p orb.Point, d float64) bool {
	for i := 1; i < len(ls); i++ {
		if segDist2(ls[i-1], ls[i], p) < d*d {
			return true
		}
	}
	return false
}

// segDist2 is the squared distance in metres from p to the segment a–b.
func segDist2(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
		t = max(0, min(1, t))
	}
	ex, ey := p[0]-a[0]-t*dx, p[1]-a[1]-t*dy
	return ex*ex + ey*ey
}
