package demo

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// prePost are the incidents inside a place's outline and in a ring round it, in the
// twelve months before a date and the twelve months from it.
type prePost struct {
	inBefore, inAfter, ringBefore, ringAfter float64
}

// countAround counts the incidents inside the named place (planar, the outline counting
// as inside) and between inner and outer metres outside its outline, a year either side
// of from.
func countAround(t *testing.T, b *Borough, name string, from time.Time, inner, outer float64) prePost {
	t.Helper()
	poly := placePolygon(t, b, name)
	metric := make(orb.Ring, len(poly[0]))
	for i, q := range poly[0] {
		metric[i] = fromLonLat(q)
	}
	lo, hi := from.AddDate(-1, 0, 0), from.AddDate(1, 0, 0)
	if lo.Before(b.Start) || hi.After(b.End) {
		t.Fatalf("a year either side of %v leaves [%v, %v)", from, b.Start, b.End)
	}
	var c prePost
	for _, inc := range b.Incidents {
		if inc.OccurredAt.Before(lo) || !inc.OccurredAt.Before(hi) {
			continue
		}
		before := inc.OccurredAt.Before(from)
		ll := orb.Point{inc.Lng, inc.Lat}
		var n *float64
		switch {
		case planar.PolygonContains(poly, ll):
			n = &c.inAfter
			if before {
				n = &c.inBefore
			}
		default:
			d := ringDist(metric, fromLonLat(ll))
			if d < inner || d > outer {
				continue
			}
			n = &c.ringAfter
			if before {
				n = &c.ringBefore
			}
		}
		*n++
	}
	return c
}

// fromLonLat inverts toLonLat, up to its rounding.
func fromLonLat(p orb.Point) orb.Point {
	return orb.Point{
		(p[0] - centreLon) * metresPerDegLat * math.Cos(centreLat*math.Pi/180),
		(p[1] - centreLat) * metresPerDegLat,
	}
}

func TestInterventionEffects(t *testing.T) {
	b := mustDefault(t)
	w := newWorld(b.Start, b.End)
	tests := []struct {
		name  string
		place string
		from  time.Time
		ok    func(c prePost) bool
	}{
		{"dispersal order displaces the centre's incidents into the ring round it", riverside, w.displacedFrom,
			func(c prePost) bool {
				fall := c.inBefore - c.inAfter
				return fall >= 0.4*c.inBefore && c.ringAfter-c.ringBefore >= 0.5*fall
			}},
		{"safe havens leave the interchange as it was", interchange, w.havensFrom,
			func(c prePost) bool { return math.Abs(c.inAfter-c.inBefore) < 0.15*c.inBefore }},
		{"detached youth work cools the park without displacement", ashdownPark, w.coolingFrom,
			func(c prePost) bool {
				return c.inAfter <= 0.6*c.inBefore && c.ringAfter <= 1.15*c.ringBefore
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := countAround(t, b, tt.place, tt.from, displacedInner, displacedOuter)
			msg := fmt.Sprintf("a year before and after: inside %.0f → %.0f, %.0f–%.0f m ring %.0f → %.0f",
				c.inBefore, c.inAfter, displacedInner, displacedOuter, c.ringBefore, c.ringAfter)
			if c.inBefore == 0 || c.ringBefore == 0 || !tt.ok(c) {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		})
	}
}
