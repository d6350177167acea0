package demo

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/geo"
)

// TestVRULocalAreasMakeTheBorough: the three local areas of the VRU demo cover the borough
// exactly, without overlapping; every incident lies in one of them; each boundary is one a
// deployment takes; the data are those of the single-area demo.
func TestVRULocalAreasMakeTheBorough(t *testing.T) {
	one := mustDefault(t)
	b := MustGenerate(t, Options{Seed: 42, End: testEnd(t), VRU: true})
	if len(one.LocalAreas) != 0 {
		t.Errorf("the single-area demo has %d local areas", len(one.LocalAreas))
	}
	if len(b.LocalAreas) != 3 {
		t.Fatalf("%d local areas, want 3", len(b.LocalAreas))
	}
	if len(b.Incidents) != len(one.Incidents) || b.Incidents[len(b.Incidents)-1] != one.Incidents[len(one.Incidents)-1] {
		t.Errorf("the VRU demo's incidents differ from the single area's")
	}
	borough := b.Boundary
	var sum float64
	for _, a := range b.LocalAreas {
		if r := a.Boundary[0]; !r.Closed() || r.Orientation() != orb.CCW {
			t.Errorf("%s: ring closed %v, orientation %v; want closed and counter-clockwise", a.Name, r.Closed(), r.Orientation())
		}
		raw, err := a.Feature().MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := geo.ParseBoundary(raw); err != nil {
			t.Errorf("%s: boundary refused: %v", a.Name, err)
		}
		sum += planar.Area(a.Boundary)
	}
	if whole := planar.Area(borough); math.Abs(sum-whole) > 1e-9*whole {
		t.Errorf("the local areas cover %g square degrees, the borough %g", sum, whole)
	}
	// Points scattered over the borough's box lie in the borough exactly when they lie in one
	// local area, and never in two.
	in := func(p orb.Point) int {
		n := 0
		for _, a := range b.LocalAreas {
			if planar.PolygonContains(a.Boundary, p) {
				n++
			}
		}
		return n
	}
	bound := borough.Bound()
	r := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		p := orb.Point{bound.Min[0] + r.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + r.Float64()*(bound.Max[1]-bound.Min[1])}
		want := 0
		if planar.PolygonContains(borough, p) {
			want = 1
		}
		if got := in(p); got != want {
			t.Fatalf("point %v lies in %d local areas, in the borough %v", p, got, want == 1)
		}
	}
	held := make([]int, len(b.LocalAreas))
	for _, inc := range b.Incidents {
		p := orb.Point{inc.Lng, inc.Lat}
		if in(p) == 0 {
			t.Fatalf("incident %s at %v lies in no local area", inc.SourceRef, p)
		}
		for i, a := range b.LocalAreas {
			if planar.PolygonContains(a.Boundary, p) {
				held[i]++
				break
			}
		}
	}
	for i, n := range held {
		if n < len(b.Incidents)/10 {
			t.Errorf("%s holds %d of %d incidents: too few for a demo", b.LocalAreas[i].Name, n, len(b.Incidents))
		}
	}
}

// TestVRUPopulationCSV: one line per local area and year of the data (May 2023 to April
// 2026: 2023 to 2026), growing 0.6% a year from the first year's figure.
func TestVRUPopulationCSV(t *testing.T) {
	b := MustGenerate(t, Options{Seed: 1, End: testEnd(t), VRU: true})
	var buf bytes.Buffer
	if err := b.WritePopulationCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1+3*4 || lines[0] != "ons_code,year,children" {
		t.Fatalf("%d lines, header %q; want 13 and ons_code,year,children", len(lines), lines[0])
	}
	// 14,200 × 1.006 = 14,285.2; × 1.006² = 14,370.9; × 1.006³ = 14,457.1.
	for i, want := range []string{"E06009901,2023,14200", "E06009901,2024,14285", "E06009901,2025,14371", "E06009901,2026,14457", "E06009902,2023,11300"} {
		if lines[1+i] != want {
			t.Errorf("line %d = %q, want %q", i+2, lines[1+i], want)
		}
	}
}
