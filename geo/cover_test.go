package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// squareRing returns a closed square ring of side metres (in the local projection) centred on
// lat, lng.
func squareRing(lat, lng, metres float64) orb.Ring {
	dlat := metres / 2 / metresPerDegree
	dlng := metres / 2 / (metresPerDegree * math.Cos(lat*math.Pi/180))
	return orb.Ring{
		{lng - dlng, lat - dlat}, {lng + dlng, lat - dlat}, {lng + dlng, lat + dlat},
		{lng - dlng, lat + dlat}, {lng - dlng, lat - dlat},
	}
}

// bruteSegmentsIntersect solves for the crossing of ab and cd as a linear system, treating
// parallel segments by projecting onto their common line.
func bruteSegmentsIntersect(a, b, c, d orb.Point) bool {
	r := orb.Point{b[0] - a[0], b[1] - a[1]}
	s := orb.Point{d[0] - c[0], d[1] - c[1]}
	den := r[0]*s[1] - r[1]*s[0]
	qp := orb.Point{c[0] - a[0], c[1] - a[1]}
	if den == 0 {
		if qp[0]*r[1]-qp[1]*r[0] != 0 {
			return false // parallel, not on one line
		}
		rr := r[0]*r[0] + r[1]*r[1]
		t0 := (qp[0]*r[0] + qp[1]*r[1]) / rr
		t1 := t0 + (s[0]*r[0]+s[1]*r[1])/rr
		return math.Max(t0, t1) >= 0 && math.Min(t0, t1) <= 1
	}
	t := (qp[0]*s[1] - qp[1]*s[0]) / den
	u := (qp[0]*r[1] - qp[1]*r[0]) / den
	return t >= 0 && t <= 1 && u >= 0 && u <= 1
}

// bruteIntersects is the textbook test of a cell against a multipolygon: a hexagon vertex
// inside it, one of its vertices inside the hexagon, or two edges crossing.
func bruteIntersects(c h3.Cell, mp orb.MultiPolygon) bool {
	hex := CellBoundary(c)[0]
	for _, v := range hex {
		if planar.MultiPolygonContains(mp, v) {
			return true
		}
	}
	for _, p := range mp {
		for _, r := range p {
			for i := range r {
				if planar.RingContains(hex, r[i]) {
					return true
				}
				if i+1 == len(r) {
					continue
				}
				for j := 0; j+1 < len(hex); j++ {
					if bruteSegmentsIntersect(r[i], r[i+1], hex[j], hex[j+1]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// cellsNear returns every cell at res whose centre lies within the bound of mp widened by
// three average edge lengths: a superset of the cells that can meet mp.
func cellsNear(tb testing.TB, mp orb.MultiPolygon, res int) []h3.Cell {
	tb.Helper()
	b := mp.Bound()
	pad := 3 * h3.HexagonEdgeLengthAvgM(res) / metresPerDegree
	padLng := pad / math.Cos(b.Center().Lat()*math.Pi/180)
	loop := h3.GeoLoop{
		{Lat: b.Min.Lat() - pad, Lng: b.Min.Lon() - padLng}, {Lat: b.Min.Lat() - pad, Lng: b.Max.Lon() + padLng},
		{Lat: b.Max.Lat() + pad, Lng: b.Max.Lon() + padLng}, {Lat: b.Max.Lat() + pad, Lng: b.Min.Lon() - padLng},
	}
	cells := h3.PolygonToCells(h3.GeoPolygon{GeoLoop: loop}, res)
	if len(cells) == 0 {
		tb.Fatal("no cells near the polygon")
	}
	return cells
}

// checkCovering compares a covering with the brute-force set of intersecting cells and checks
// that it is sorted and unique.
func checkCovering(t *testing.T, mp orb.MultiPolygon, res int, got []h3.Cell) {
	t.Helper()
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Fatal("covering is not sorted and unique")
	}
	in := make(map[h3.Cell]bool, len(got))
	for _, c := range got {
		if !c.IsValid() || c.Resolution() != res {
			t.Fatalf("cell %v is invalid or not at resolution %d", c, res)
		}
		in[c] = true
		if !bruteIntersects(c, mp) {
			t.Errorf("returned cell %v does not intersect the polygon", c)
		}
	}
	for _, c := range cellsNear(t, mp, res) {
		centreInside := planar.MultiPolygonContains(mp, CellPoint(c))
		switch {
		case centreInside && !in[c]:
			t.Errorf("cell %v has its centre inside but is missing", c)
		case !in[c] && bruteIntersects(c, mp):
			t.Errorf("cell %v intersects the polygon along its edge but is missing", c)
		}
	}
}

// checkPointsCounted draws random points of mp, and points within a metre of its edges, and
// checks that the cell of each lies in the covering: every record inside is counted.
func checkPointsCounted(t *testing.T, mp orb.MultiPolygon, res int, got []h3.Cell, rng *rand.Rand) int {
	t.Helper()
	in := make(map[h3.Cell]bool, len(got))
	for _, c := range got {
		in[c] = true
	}
	checked := 0
	check := func(p orb.Point) {
		if !planar.MultiPolygonContains(mp, p) {
			return
		}
		checked++
		c, err := CellAt(p.Lat(), p.Lon(), res)
		if err != nil {
			t.Fatal(err)
		}
		if !in[c] {
			t.Errorf("point %v inside the polygon lies in cell %v, which is not in the covering", p, c)
		}
	}
	b := mp.Bound()
	for range 20000 {
		check(orb.Point{b.Min.Lon() + rng.Float64()*(b.Max.Lon()-b.Min.Lon()),
			b.Min.Lat() + rng.Float64()*(b.Max.Lat()-b.Min.Lat())})
	}
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				for range 500 {
					t := rng.Float64()
					off := (rng.Float64()*2 - 1) / metresPerDegree // up to a metre either side
					check(orb.Point{r[i][0] + t*(r[i+1][0]-r[i][0]) + off, r[i][1] + t*(r[i+1][1]-r[i][1]) + off})
				}
			}
		}
	}
	return checked
}

func TestCoverCityOfLondon(t *testing.T) {
	city := mustCityOfLondon(t)
	mp := city.MultiPolygon()
	records := policeUKPoints(t)
	for res := 8; res <= 11; res++ {
		t.Run(fmt.Sprintf("res=%d", res), func(t *testing.T) {
			got, err := CoverMultiPolygon(mp, res, 100000)
			if err != nil {
				t.Fatal(err)
			}
			centres := h3.PolygonToCells(h3.GeoPolygon{GeoLoop: geoLoop(mp[0][0])}, res)
			if len(got) <= len(centres) {
				t.Errorf("covering has %d cells, no more than the %d with centres inside", len(got), len(centres))
			}
			checkCovering(t, mp, res, got)
			n := checkPointsCounted(t, mp, res, got, rand.New(rand.NewPCG(1, uint64(res))))
			if n < 10000 {
				t.Errorf("only %d random points fell inside", n)
			}

			// Every police.uk record inside the boundary is counted in exactly one cell.
			in := make(map[h3.Cell]bool, len(got))
			for _, c := range got {
				in[c] = true
			}
			for _, r := range records {
				if !city.Contains(r[0], r[1]) {
					continue
				}
				c, err := CellAt(r[0], r[1], res)
				if err != nil || !in[c] {
					t.Errorf("record at %v, %v (cell %v, err %v) is not counted", r[0], r[1], c, err)
				}
			}
		})
	}
}

func TestCoverTinyPolygon(t *testing.T) {
	// A 10 m square near St Paul's is far smaller than a cell at resolution 9 (about 0.1 km²):
	// h3.PolygonToCells finds no centre inside it, the covering finds the cell(s) it lies in.
	ring := squareRing(51.5138, -0.0984, 10)
	mp := orb.MultiPolygon{{ring}}
	for _, res := range []int{9, 12, 15} {
		t.Run(fmt.Sprintf("res=%d", res), func(t *testing.T) {
			got, err := CoverMultiPolygon(mp, res, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatal("no cells for a 10 m square")
			}
			if res == 9 {
				if n := len(h3.PolygonToCells(h3.GeoPolygon{GeoLoop: geoLoop(ring)}, res)); n != 0 {
					t.Logf("h3.PolygonToCells found %d cells (expected none; test no longer shows the gap)", n)
				}
			}
			c, _ := CellAt(51.5138, -0.0984, res)
			if !slices.Contains(got, c) {
				t.Errorf("cell %v of the centre is missing from %v", c, got)
			}
			checkCovering(t, mp, res, got)
		})
	}
}

func TestCoverPolygonWithHoleAndParts(t *testing.T) {
	// A 2 km square with a 1 km hole, and a separate 300 m square to the east: at res 10
	// (edge about 76 m) the hole holds many whole cells, which must not be returned.
	outer := squareRing(51.5, -0.1, 2000)
	hole := squareRing(51.5, -0.1, 1000)
	slices.Reverse(hole)
	mp := orb.MultiPolygon{{outer, hole}, {squareRing(51.5, -0.07, 300)}}
	got, err := CoverMultiPolygon(mp, 10, 100000)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := CellAt(51.5, -0.1, 10)
	if slices.Contains(got, c) {
		t.Errorf("cell %v in the middle of the hole is in the covering", c)
	}
	checkCovering(t, mp, 10, got)
	checkPointsCounted(t, mp, 10, got, rand.New(rand.NewPCG(2, 3)))
}

func TestCoverOpenRingLikeClosed(t *testing.T) {
	closed := squareRing(51.51, -0.09, 700)
	open := closed[:len(closed)-1]
	a, err := CoverMultiPolygon(orb.MultiPolygon{{closed}}, 11, 10000)
	if err != nil {
		t.Fatal(err)
	}
	b, err := CoverMultiPolygon(orb.MultiPolygon{{open}}, 11, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Errorf("open ring gives %d cells, closed ring %d", len(b), len(a))
	}
}

func TestCoverRefusesBadInput(t *testing.T) {
	good := orb.MultiPolygon{{squareRing(51.5, -0.1, 100)}}
	tests := []struct {
		name     string
		mp       orb.MultiPolygon
		res, max int
		want     string
	}{
		{"negative resolution", good, -1, 10, "outside 0..15"},
		{"resolution 16", good, 16, 10, "outside 0..15"},
		{"no cells allowed", good, 9, 0, "at least 1"},
		{"empty", nil, 9, 10, "empty multipolygon"},
		{"polygon without rings", orb.MultiPolygon{{}}, 9, 10, "no rings"},
		{"two-corner ring", orb.MultiPolygon{{{{0, 0}, {1, 1}, {0, 0}}}}, 9, 10, "at least 3"},
		{"latitude out of range", orb.MultiPolygon{{{{0, 0}, {1, 91}, {1, 0}, {0, 0}}}}, 9, 10, "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CoverMultiPolygon(tt.mp, tt.res, tt.max)
			CheckErrorMentions(t, err, tt.want)
		})
	}
}

func TestCoverRefusesTooManyCells(t *testing.T) {
	mp := mustCityOfLondon(t).MultiPolygon()
	const limit = 2000
	tooMany, cells := checkSuggestedResolution(t, limit, func(res, limit int) ([]h3.Cell, error) { return CoverMultiPolygon(mp, res, limit) })
	if finest := FinestResolutionWithin(mp, limit); tooMany.Finest != finest {
		t.Errorf("error names resolution %d, FinestResolutionWithin says %d", tooMany.Finest, finest)
	}
	if want := fmt.Sprintf("resolution %d is the finest that fits", tooMany.Finest); !strings.Contains(tooMany.Error(), want) {
		t.Errorf("message %q does not say %q", tooMany, want)
	}
	t.Logf("limit %d: finest resolution %d gives %d cells", limit, tooMany.Finest, len(cells))
}

func TestFinestResolutionWithin(t *testing.T) {
	city := mustCityOfLondon(t).MultiPolygon()
	tests := []struct {
		name     string
		mp       orb.MultiPolygon
		maxCells int
		want     int
	}{
		{"empty", nil, 100, -1},
		{"no cells allowed", city, 0, -1},
		{"one cell for the UK", UKArea().MultiPolygon(), 1, -1},
		{"a billion cells for a 10 m square", orb.MultiPolygon{{squareRing(51.5, -0.1, 10)}}, 1e9, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FinestResolutionWithin(tt.mp, tt.maxCells); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
	t.Run("grows with the limit", func(t *testing.T) {
		last := -1
		for limit := 1; limit <= 1e8; limit *= 10 {
			got := FinestResolutionWithin(city, limit)
			if got < last {
				t.Errorf("limit %d gives %d, finer limits gave %d", limit, got, last)
			}
			last = got
		}
	})
	t.Run("estimate is not below the count", func(t *testing.T) {
		shapes := map[string]orb.MultiPolygon{
			"city":      city,
			"generated": generatedPolygon(51.5, -0.1, 6000, 5000),
			"10 m":      {{squareRing(51.5138, -0.0984, 10)}},
			"100 m":     {{squareRing(51.5138, -0.0984, 100)}},
		}
		for name, mp := range shapes {
			area, perimeter := polygonMeasures(mp)
			for res := 5; res <= 13; res++ {
				est := estimatePolygonCells(area, perimeter, mp.Bound().Center(), res)
				if est > 2e5 {
					continue
				}
				cells, err := CoverMultiPolygon(mp, res, 1e6)
				if err != nil {
					t.Fatal(err)
				}
				if n := float64(len(cells)); est < n || est > 1.5*n+3 {
					t.Errorf("%s at res %d: estimate %.0f, count %.0f", name, res, est, n)
				}
			}
		}
	})
}

func TestTooManyCellsErrorWithoutFit(t *testing.T) {
	err := &TooManyCellsError{Res: 9, Cells: 50, MaxCells: 0, Finest: -1}
	if got := err.Error(); !strings.HasSuffix(got, "no resolution fits") {
		t.Errorf("got %q", got)
	}
}

func ExampleCoverMultiPolygon() {
	// A 10 m square near St Paul's Cathedral: no cell centre at resolution 9 lies inside it.
	lat, lng, half := 51.5138, -0.0984, 5.0
	dlat, dlng := half/111320, half/(111320*math.Cos(lat*math.Pi/180))
	sq := orb.Ring{{lng - dlng, lat - dlat}, {lng + dlng, lat - dlat}, {lng + dlng, lat + dlat},
		{lng - dlng, lat + dlat}, {lng - dlng, lat - dlat}}
	mp := orb.MultiPolygon{{sq}}

	centres := h3.PolygonToCells(h3.GeoPolygon{GeoLoop: h3.GeoLoop{
		PointToLatLng(sq[0]), PointToLatLng(sq[1]), PointToLatLng(sq[2]), PointToLatLng(sq[3])}}, 9)
	cells, err := CoverMultiPolygon(mp, 9, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("centres inside:", len(centres))
	fmt.Println("cells meeting it:", cells)

	_, err = CoverMultiPolygon(mp, 15, 10)
	fmt.Println(err)
	// Output:
	// centres inside: 0
	// cells meeting it: [89194ad3287ffff]
	// covering at h3 resolution 15 needs about 171 cells, more than the limit of 10; resolution 13 is the finest that fits
}
