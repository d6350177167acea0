package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Streets in the City of London, traced roughly: Cheapside (about 360 m, three bends) and a
// short street running north (about 120 m).
var (
	cheapside   = orb.LineString{{-0.0967, 51.5141}, {-0.0946, 51.5140}, {-0.0925, 51.5138}, {-0.0915, 51.5137}}
	shortStreet = orb.LineString{{-0.0938, 51.5152}, {-0.0940, 51.5163}}
)

// eastWest51 is a line along latitude 51.5°N from longitude −0.1 to −0.09 (about 690 m).
var eastWest51 = orb.LineString{{-0.1, 51.5}, {-0.09, 51.5}}

// north and east convert metres to degrees at 51.5°N in the local projection.
func north(m float64) float64 { return m / metresPerDegree }
func east(m float64) float64  { return m / (metresPerDegree * math.Cos(51.5*math.Pi/180)) }

func TestDistanceToLineMetres(t *testing.T) {
	lShape := orb.LineString{{-0.1, 51.5}, {-0.09, 51.5}, {-0.09, 51.51}}
	tests := []struct {
		name     string
		ls       orb.LineString
		lat, lng float64
		want     float64
	}{
		{"50 m north of the middle", eastWest51, 51.5 + north(50), -0.095, 50},
		{"50 m south of the middle", eastWest51, 51.5 - north(50), -0.095, 50},
		{"on the line", eastWest51, 51.5, -0.0937, 0},
		{"at a vertex", eastWest51, 51.5, -0.09, 0},
		{"30 m east and 40 m north of the east end", eastWest51, 51.5 + north(40), -0.09 + east(30), 50},
		{"100 m west of the west end", eastWest51, 51.5, -0.1 - east(100), 100},
		{"inside the bend, 20 m from one leg and 35 m from the other", lShape, 51.5 + north(20), -0.09 - east(35), 20},
		{"one-point line: 3 m east and 4 m north", orb.LineString{{-0.1, 51.5}}, 51.5 + north(4), -0.1 + east(3), 5},
		{"across the antimeridian", orb.LineString{{179.9995, 0}, {-179.9995, 0}}, 0.0001, 180, 0.0001 * metresPerDegree},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DistanceToLineMetres(tt.ls, tt.lat, tt.lng); math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("got %.9f m, want %v m", got, tt.want)
			}
		})
	}
}

func TestDistanceToLineMetresNaN(t *testing.T) {
	tests := []struct {
		name     string
		ls       orb.LineString
		lat, lng float64
	}{
		{"empty line", nil, 51.5, -0.1},
		{"latitude 91", eastWest51, 91, -0.1},
		{"NaN longitude", eastWest51, 51.5, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DistanceToLineMetres(tt.ls, tt.lat, tt.lng); !math.IsNaN(got) {
				t.Errorf("got %v, want NaN", got)
			}
			if WithinBuffer(tt.ls, 1e9, tt.lat, tt.lng) {
				t.Error("WithinBuffer holds for bad input")
			}
		})
	}
}

func TestDistanceAgreesWithGreatCircle(t *testing.T) {
	// Against h3's spherical great-circle distance the projection is off by about 0.11%
	// (111,320 m against 111,195 m a degree) up to 1 km away.
	rng := rand.New(rand.NewPCG(4, 5))
	from := h3.LatLng{Lat: 51.5, Lng: -0.1}
	for range 1000 {
		to := h3.LatLng{Lat: 51.5 + north(rng.Float64()*2000-1000), Lng: -0.1 + east(rng.Float64()*2000-1000)}
		got := DistanceToLineMetres(orb.LineString{LatLngToPoint(from)}, to.Lat, to.Lng)
		gc := h3.GreatCircleDistanceM(from, to)
		if math.Abs(got-gc) > 0.003*gc {
			t.Fatalf("to %v: projection %.3f m, great circle %.3f m", to, got, gc)
		}
	}
}

func TestWithinBuffer(t *testing.T) {
	tests := []struct {
		name     string
		metres   float64
		northOff float64
		want     bool
	}{
		{"49.9 m from a 50 m buffer", 50, 49.9, true},
		{"50.1 m from a 50 m buffer", 50, 50.1, false},
		{"on the line, zero buffer", 0, 0, true},
		{"negative buffer", -1, 0, false},
		{"NaN buffer", math.NaN(), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WithinBuffer(eastWest51, tt.metres, 51.5+north(tt.northOff), -0.095); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// hexagonDistanceFromAbove bounds from above the distance from ls to the hexagon of c: zero
// if a vertex of ls lies in c, else the least distance from ls to points spaced a fiftieth of
// an edge along the hexagon's boundary. It exceeds the true distance by at most that spacing,
// and only when the distance is attained on an edge.
func hexagonDistanceFromAbove(ls orb.LineString, c h3.Cell) (d, step float64) {
	for _, p := range ls {
		if cc, _ := CellAt(p.Lat(), p.Lon(), c.Resolution()); cc == c {
			return 0, 0
		}
	}
	hex := CellBoundary(c)[0]
	d = math.Inf(1)
	const n = 50
	for i := 0; i+1 < len(hex); i++ {
		step = math.Max(step, segmentMetres(hex[i], hex[i+1])/n)
		for k := range n {
			t := float64(k) / n
			p := orb.Point{hex[i][0] + t*(hex[i+1][0]-hex[i][0]), hex[i][1] + t*(hex[i+1][1]-hex[i][1])}
			d = math.Min(d, DistanceToLineMetres(ls, p.Lat(), p.Lon()))
		}
	}
	return d, step
}

func TestCoverLineBuffer(t *testing.T) {
	tests := []struct {
		name   string
		ls     orb.LineString
		metres float64
		res    int
	}{
		{"short street, 5 m, res 12", shortStreet, 5, 12},
		{"short street, 5 m, res 9", shortStreet, 5, 9},
		{"short street, no buffer, res 13", shortStreet, 0, 13},
		{"Cheapside, 50 m, res 11", cheapside, 50, 11},
		{"Cheapside, 5 m, res 12", cheapside, 5, 12},
		{"one point, 20 m, res 12", orb.LineString{{-0.0984, 51.5138}}, 20, 12},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CoverLineBuffer(tt.ls, tt.metres, tt.res, 100000)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatal("no cells")
			}
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatal("covering is not sorted and unique")
			}
			in := make(map[h3.Cell]bool, len(got))
			for _, c := range got {
				in[c] = true
			}

			// Compare with every cell near the line.
			centre := tt.ls.Bound().Center()
			origin, _ := CellAt(centre.Lat(), centre.Lon(), tt.res)
			reach := segmentMetres(tt.ls.Bound().Min, tt.ls.Bound().Max)/2 + tt.metres
			k := int(reach/(h3.HexagonEdgeLengthAvgM(tt.res)*1.2)) + 3
			for _, c := range h3.GridDisk(origin, k) {
				d, step := hexagonDistanceFromAbove(tt.ls, c)
				switch {
				case in[c] && d > tt.metres+step+1e-9:
					t.Errorf("returned cell %v is %.3f m from the line, beyond %v m", c, d, tt.metres)
				case !in[c] && d <= tt.metres:
					t.Errorf("cell %v, %.3f m from the line, is missing", c, d)
				}
				delete(in, c)
			}
			if len(in) > 0 {
				t.Errorf("%d returned cells lie beyond the %d-ring searched", len(in), k)
			}

			// Every point within the buffer lies in a returned cell.
			in = make(map[h3.Cell]bool, len(got))
			for _, c := range got {
				in[c] = true
			}
			rng := rand.New(rand.NewPCG(6, uint64(i)))
			b := tt.ls.Bound()
			pad := tt.metres + 1
			checked := 0
			for range 20000 {
				lat := b.Min.Lat() - north(pad) + rng.Float64()*(b.Max.Lat()-b.Min.Lat()+2*north(pad))
				lng := b.Min.Lon() - east(pad) + rng.Float64()*(b.Max.Lon()-b.Min.Lon()+2*east(pad))
				if !WithinBuffer(tt.ls, tt.metres, lat, lng) {
					continue
				}
				checked++
				if c, _ := CellAt(lat, lng, tt.res); !in[c] {
					t.Fatalf("point %v, %v within the buffer lies in cell %v, not in the covering", lat, lng, c)
				}
			}
			if tt.metres > 0 && checked < 1000 {
				t.Errorf("only %d random points fell in the buffer", checked)
			}
		})
	}
}

func TestCoverLineBufferAcrossAntimeridian(t *testing.T) {
	across := orb.LineString{{179.999, 0.001}, {-179.999, 0.001}} // about 220 m
	here := orb.LineString{{-0.001, 0.001}, {0.001, 0.001}}
	a, err := CoverLineBuffer(across, 20, 11, 1000)
	if err != nil {
		t.Fatal(err)
	}
	b, err := CoverLineBuffer(here, 20, 11, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if d := len(a) - len(b); d < -3 || d > 3 {
		t.Errorf("%d cells across the antimeridian, %d for the same line at longitude 0", len(a), len(b))
	}
	for _, c := range a {
		if p := CellPoint(c); math.Abs(wrapDegrees(p.Lon()-180)) > 0.005 || math.Abs(p.Lat()) > 0.005 {
			t.Errorf("cell %v at %v is far from the line", c, p)
		}
	}
}

func TestCoverLineBufferRefusesBadInput(t *testing.T) {
	tests := []struct {
		name     string
		ls       orb.LineString
		metres   float64
		res, max int
		want     string
	}{
		{"negative resolution", shortStreet, 5, -1, 10, "outside 0..15"},
		{"resolution 16", shortStreet, 5, 16, 10, "outside 0..15"},
		{"no cells allowed", shortStreet, 5, 9, 0, "at least 1"},
		{"negative buffer", shortStreet, -5, 9, 10, "0 or more"},
		{"NaN buffer", shortStreet, math.NaN(), 9, 10, "0 or more"},
		{"infinite buffer", shortStreet, math.Inf(1), 9, 10, "finite"},
		{"empty line", nil, 5, 9, 10, "empty line"},
		{"latitude out of range", orb.LineString{{0, 0}, {0, 95}}, 5, 9, 10, "line position 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CoverLineBuffer(tt.ls, tt.metres, tt.res, tt.max)
			CheckErrorMentions(t, err, tt.want)
		})
	}
}

func TestCoverLineBufferRefusesTooManyCells(t *testing.T) {
	checkSuggestedResolution(t, 1000, func(res, limit int) ([]h3.Cell, error) { return CoverLineBuffer(cheapside, 500, res, limit) })
}

func ExampleDistanceToLineMetres() {
	// A street along latitude 51.5°N, and a point 50 m north of it.
	street := orb.LineString{{-0.1, 51.5}, {-0.09, 51.5}}
	lat, lng := 51.5+50.0/111320, -0.095
	fmt.Printf("%.1f m\n", DistanceToLineMetres(street, lat, lng))
	fmt.Println(WithinBuffer(street, 60, lat, lng), WithinBuffer(street, 40, lat, lng))
	// Output:
	// 50.0 m
	// true false
}

func ExampleCoverLineBuffer() {
	// A 5 m buffer around a short street meets cells at resolution 9 and at resolution 12.
	street := orb.LineString{{-0.0938, 51.5152}, {-0.0940, 51.5163}}
	for _, res := range []int{9, 12} {
		cells, err := CoverLineBuffer(street, 5, res, 1000)
		fmt.Println(res, len(cells), err)
	}
	// Output:
	// 9 2 <nil>
	// 12 17 <nil>
}
