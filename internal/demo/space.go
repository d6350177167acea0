package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// polyline is a LineString in metres with cumulative lengths, for sampling along it.
type polyline struct {
	ls  orb.LineString
	cum []float64
}

// newPolyline measures ls.
func newPolyline(ls orb.LineString) *polyline {
	cum := make([]float64, len(ls))
	for i := 1; i < len(ls); i++ {
		cum[i] = cum[i-1] + math.Hypot(ls[i][0]-ls[i-1][0], ls[i][1]-ls[i-1][1])
	}
	return &polyline{ls: ls, cum: cum}
}

// at returns the point at distance d along the line and the unit normal to its left.
func (l *polyline) at(d float64) (orb.Point, orb.Point) {
	i := 1
	for i < len(l.cum)-1 && l.cum[i] < d {
		i++
	}
	a, b := l.ls[i-1], l.ls[i]
	seg := l.cum[i] - l.cum[i-1]
	t := (d - l.cum[i-1]) / seg
	dx, dy := (b[0]-a[0])/seg, (b[1]-a[1])/seg
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, orb.Point{-dy, dx}
}

// length is the line's length in metres.
func (l *polyline) length() float64 { return l.cum[len(l.cum)-1] }

// pointIn samples a point uniformly inside ring.
func pointIn(r *rand.Rand, ring orb.Ring, b orb.Bound) orb.Point {
	for {
		p := orb.Point{
			b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
		}
		if inRing(ring, p) {
			return p
		}
	}
}

// within samples a point inside the place: inside its area, or in a street's corridor.
func (p *placeSpec) within(r *rand.Rand) orb.Point {
	if p.line == nil {
		return pointIn(r, p.shape.(orb.Ring), p.bound)
	}
	q, n := p.line.at(r.Float64() * p.line.length())
	off := (2*r.Float64() - 1) * p.buffer * 0.8
	return orb.Point{q[0] + off*n[0], q[1] + off*n[1]}
}

// near samples an incident clustered on the place: mostly within tens of metres, a
// few a couple of hundred metres away.
func (p *placeSpec) near(r *rand.Rand) orb.Point {
	wide := r.Float64() < 0.15
	if p.line == nil {
		q := pointIn(r, p.shape.(orb.Ring), p.bound)
		sigma := p.sigma
		if wide {
			sigma = 200
		}
		return orb.Point{q[0] + r.NormFloat64()*sigma, q[1] + r.NormFloat64()*sigma}
	}
	q, n := p.line.at(r.Float64() * p.line.length())
	off := r.NormFloat64() * p.buffer * 0.5
	if wide {
		off = r.NormFloat64() * 150
	}
	along := r.NormFloat64() * p.sigma
	return orb.Point{q[0] + off*n[0] - along*n[1], q[1] + off*n[1] + along*n[0]}
}

// displacedPoint samples where an incident the dispersal order moves out of p lands:
// in the ring round p, and at least displacedClearance metres nearer p's outline than
// any other area's, so that the displacement stays out of the surroundings (an
// evaluation's buffer) of the places next door.
func (w *world) displacedPoint(r *rand.Rand, p *placeSpec) orb.Point {
	for {
		q, d := p.around(r, displacedInner, displacedOuter)
		if !w.nearerOtherArea(p, q, d+displacedClearance) {
			return q
		}
	}
}

// nearerOtherArea reports whether an area place other than p has its outline within d
// metres of q (streets do not count: displaced incidents belong on them).
func (w *world) nearerOtherArea(p *placeSpec, q orb.Point, d float64) bool {
	for _, o := range w.places {
		if o == p || o.line != nil || !o.bound.Pad(d).Contains(q) {
			continue
		}
		if ringDist(o.shape.(orb.Ring), q) < d {
			return true
		}
	}
	return false
}

// around samples a point between inner and outer metres from the outline of the place
// (an area) and returns it with that distance: uniform in angle round the place's
// centre, thinning with distance, as displaced offending mostly moves a short way.
func (p *placeSpec) around(r *rand.Rand, inner, outer float64) (orb.Point, float64) {
	ring := p.shape.(orb.Ring)
	c := p.bound.Center()
	for {
		th := 2 * math.Pi * r.Float64()
		u := orb.Point{math.Cos(th), math.Sin(th)}
		// A triangular density, highest at inner and falling to zero at outer.
		d := inner + (outer-inner)*(1-math.Sqrt(1-r.Float64()))
		t := rayExit(ring, c, u) + d
		q := orb.Point{c[0] + t*u[0], c[1] + t*u[1]}
		// Along a ray the outline is at least d away, nearer where the ray meets it
		// slantwise: keep only points whose true distance is in range.
		if dist := ringDist(ring, q); dist >= inner && dist <= outer && !inRing(ring, q) {
			return q, dist
		}
	}
}

// rayExit is the distance from c along the unit vector u to the ring's farthest crossing.
func rayExit(ring orb.Ring, c, u orb.Point) float64 {
	far := 0.0
	for i := 1; i < len(ring); i++ {
		a, b := ring[i-1], ring[i]
		ex, ey := b[0]-a[0], b[1]-a[1]
		den := u[0]*ey - u[1]*ex
		if den == 0 {
			continue // parallel
		}
		wx, wy := a[0]-c[0], a[1]-c[1]
		t := (wx*ey - wy*ex) / den
		s := (wx*u[1] - wy*u[0]) / den
		if s >= 0 && s <= 1 && t > far {
			far = t
		}
	}
	return far
}

// ringDist is the distance in metres from p to the nearest edge of ring.
func ringDist(ring orb.Ring, p orb.Point) float64 {
	d2 := math.Inf(1)
	for i := 1; i < len(ring); i++ {
		d2 = min(d2, segDist2(ring[i-1], ring[i], p))
	}
	return math.Sqrt(d2)
}

// settingAt names the setting of the first place containing q, if any.
func (w *world) settingAt(q orb.Point) (string, bool) {
	for _, p := range w.places {
		if !p.bound.Contains(q) {
			continue
		}
		if p.line != nil {
			if nearLine(p.line.ls, q, p.buffer) {
				return p.setting(), true
			}
			continue
		}
		if inRing(p.shape.(orb.Ring), q) {
			return p.setting(), true
		}
	}
	return "", false
}

// density is the smooth relative density of background incidents: highest round the
// town centre, with two smaller estates, never zero.
func density(p orb.Point) float64 {
	bump := func(cx, cy, s float64) float64 {
		d2 := (p[0]-cx)*(p[0]-cx) + (p[1]-cy)*(p[1]-cy)
		return math.Exp(-d2 / (2 * s * s))
	}
	return 0.45 + bump(0, 0, 1500) + 0.5*bump(-1000, -800, 800) + 0.35*bump(1300, 900, 700)
}

// maxDensity bounds density from above.
const maxDensity = 2.3

// backgroundPoint samples a point inside the borough weighted by density.
func (w *world) backgroundPoint(r *rand.Rand) orb.Point {
	b := w.boundary.bound
	for {
		p := orb.Point{
			b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
		}
		if w.boundary.inside(p) && r.Float64()*maxDensity < density(p) {
			return p
		}
	}
}
