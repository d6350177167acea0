package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// brandenburgGate is the res-8 cell holding the Brandenburg Gate, whose boundary Snowflake
// publishes in its H3_CELL_TO_BOUNDARY documentation
// (https://docs.snowflake.com/sql-reference/functions/h3_cell_to_boundary).
const brandenburgGate = "881f1d4887fffff"

// brandenburgGateVertices are the vertices (lon, lat) Snowflake publishes for brandenburgGate.
var brandenburgGateVertices = []orb.Point{
	{13.37146281884266, 52.51934565725256},
	{13.36924966147084, 52.51510220405509},
	{13.37455447449988, 52.51214028989955},
	{13.38207263166664, 52.51342164903257},
	{13.38428664751681, 52.51766506194694},
	{13.37898164779325, 52.52062715603375},
}

func TestCellAt(t *testing.T) {
	tests := []struct {
		name     string
		lat, lng float64
		res      int
		want     string
	}{
		// H3 documentation and the h3-go README both index San Francisco to this cell.
		{"H3 docs San Francisco res 9", 37.7752702151959, -122.418307270836, 9, "8928308280fffff"},
		{"h3-go README San Francisco res 9", 37.775938728915946, -122.41795063018799, 9, "8928308280fffff"},
		// Snowflake H3_LATLNG_TO_CELL documentation: 613036919424548863 = 0x881f1d4887fffff.
		{"Snowflake docs Brandenburg Gate res 8", 52.516262, 13.377704, 8, brandenburgGate},
		// Databricks h3_pointash3string documentation: POINT(-122.4783 37.8199) at res 13.
		{"Databricks docs Golden Gate res 13", 37.8199, -122.4783, 13, "8d283087022a93f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := CellAt(tt.lat, tt.lng, tt.res)
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != tt.want {
				t.Errorf("CellAt(%v, %v, %d) = %s, want %s", tt.lat, tt.lng, tt.res, c, tt.want)
			}
			if c.Resolution() != tt.res {
				t.Errorf("resolution = %d, want %d", c.Resolution(), tt.res)
			}
		})
	}
}

func TestCellAtRefusesBadInput(t *testing.T) {
	tests := []struct {
		name     string
		lat, lng float64
		res      int
	}{
		{"resolution below 0", 51.5, -0.1, -1},
		{"resolution 16 (h3-go would return cell 0)", 51.5, -0.1, 16},
		{"latitude above 90", 90.5, -0.1, 9},
		{"latitude below -90", -91, -0.1, 9},
		{"longitude above 180", 51.5, 180.5, 9},
		{"longitude below -180", 51.5, -181, 9},
		{"British National Grid metres", 181000, 532000, 9},
		{"NaN latitude", math.NaN(), -0.1, 9},
		{"infinite longitude", 51.5, math.Inf(1), 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := CellAt(tt.lat, tt.lng, tt.res); err == nil {
				t.Errorf("CellAt(%v, %v, %d) = %s, want an error", tt.lat, tt.lng, tt.res, c)
			}
		})
	}
}

func TestCellAtEveryResolution(t *testing.T) {
	// St Paul's Cathedral; each storage cell's parent must be the cell indexed directly.
	stored, err := CellAt(51.5138, -0.0984, StorageRes)
	if err != nil {
		t.Fatal(err)
	}
	for res := 0; res <= MaxRes; res++ {
		c, err := CellAt(51.5138, -0.0984, res)
		if err != nil {
			t.Fatalf("res %d: %v", res, err)
		}
		if !c.IsValid() || c.Resolution() != res {
			t.Errorf("res %d: got %s at resolution %d", res, c, c.Resolution())
		}
		if p := stored.Parent(res); p != c {
			t.Errorf("res %d: parent of storage cell = %s, want %s", res, p, c)
		}
	}
}

func TestCellBoundaryMatchesSnowflake(t *testing.T) {
	c := mustParseCell(t, brandenburgGate)
	p := CellBoundary(c)
	if len(p) != 1 {
		t.Fatalf("got %d rings, want 1", len(p))
	}
	ring := p[0]
	if len(ring) != len(brandenburgGateVertices)+1 {
		t.Fatalf("got %d positions, want %d (6 vertices and the first repeated)", len(ring), len(brandenburgGateVertices)+1)
	}
	if !ring.Closed() {
		t.Error("ring is not closed")
	}
	if ring.Orientation() != orb.CCW {
		t.Error("ring is not counter-clockwise as RFC 7946 asks")
	}
	for i, want := range brandenburgGateVertices {
		if got := ring[i]; math.Abs(got[0]-want[0]) > 1e-12 || math.Abs(got[1]-want[1]) > 1e-12 {
			t.Errorf("vertex %d = %v, want %v", i, got, want)
		}
	}
}

func TestCellPoint(t *testing.T) {
	c := mustParseCell(t, brandenburgGate)
	got := CellPoint(c)
	// Hand-worked: the mean of Snowflake's six published vertices is 13.376768, 52.516384;
	// for a hexagon this small the mean and the H3 centre agree to well under 1e-5°.
	var mean orb.Point
	for _, v := range brandenburgGateVertices {
		mean[0] += v[0] / 6
		mean[1] += v[1] / 6
	}
	if math.Abs(got[0]-mean[0]) > 1e-5 || math.Abs(got[1]-mean[1]) > 1e-5 {
		t.Errorf("CellPoint = %v, want about %v (lon, lat)", got, mean)
	}
	if !planar.PolygonContains(CellBoundary(c), got) {
		t.Errorf("centre %v is outside the cell's boundary", got)
	}
	back, err := CellAt(got.Lat(), got.Lon(), c.Resolution())
	if err != nil || back != c {
		t.Errorf("CellAt(centre) = %s, %v; want %s", back, err, c)
	}
}

func TestInvalidCellGivesNoMadeUpGeometry(t *testing.T) {
	if p := CellPoint(h3.Cell(0)); !math.IsNaN(p[0]) || !math.IsNaN(p[1]) {
		t.Errorf("CellPoint(0) = %v, want NaN, NaN", p)
	}
	if b := CellBoundary(h3.Cell(0)); b != nil {
		t.Errorf("CellBoundary(0) = %v, want nil", b)
	}
}

func TestParseCell(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		valid bool
	}{
		{"lower-case hex", "8928308280fffff", "8928308280fffff", true},
		{"upper-case hex", "8928308280FFFFF", "8928308280fffff", true},
		{"0x prefix", "0x8928308280fffff", "8928308280fffff", true},
		{"empty", "", "", false},
		{"not hex (h3-go would give cell 0)", "zzz", "", false},
		{"zero", "0", "", false},
		{"trailing space", "8928308280fffff ", "", false},
		{"all bits set", "ffffffffffffffff", "", false},
		{"decimal form of a valid cell", "617700169958293503", "", false},
		{"cell with a changed mode bit", "9928308280fffff", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCell(tt.in)
			if !tt.valid {
				if err == nil {
					t.Errorf("ParseCell(%q) = %s, want an error", tt.in, c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != tt.want {
				t.Errorf("ParseCell(%q) = %s, want %s", tt.in, c, tt.want)
			}
		})
	}
}

func TestConvertersKeepOrder(t *testing.T) {
	p := orb.Point{-0.0984, 51.5138} // lon, lat
	ll := PointToLatLng(p)
	if ll.Lat != 51.5138 || ll.Lng != -0.0984 {
		t.Errorf("PointToLatLng(%v) = %+v", p, ll)
	}
	if back := LatLngToPoint(ll); back != p {
		t.Errorf("LatLngToPoint(%+v) = %v, want %v", ll, back, p)
	}
}
