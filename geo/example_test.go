package geo_test

import (
	"errors"
	"fmt"

	"github.com/placesafe/placesafe/geo"
)

func ExampleCellAt() {
	// The H3 documentation's San Francisco example.
	c, err := geo.CellAt(37.7752702151959, -122.418307270836, 9)
	if err != nil {
		panic(err)
	}
	fmt.Println(c)

	_, err = geo.CellAt(37.7752702151959, -122.418307270836, 16)
	fmt.Println(err)
	// Output:
	// 8928308280fffff
	// h3 resolution 16 is outside 0..15
}

func ExampleCellAt_storage() {
	// Records are stored at StorageRes; analysis reads a coarser parent.
	stored, _ := geo.CellAt(51.5138, -0.0984, geo.StorageRes)
	fmt.Println(stored.Resolution(), stored.Parent(9).Resolution())
	// Output: 15 9
}

func ExampleParseCell() {
	c, err := geo.ParseCell("881f1d4887fffff")
	fmt.Println(c, err)
	fmt.Printf("%.6f\n", geo.CellPoint(c)) // lon, lat: orb order

	_, err = geo.ParseCell("zzz")
	fmt.Println(err)
	// Output:
	// 881f1d4887fffff <nil>
	// [13.376768 52.516384]
	// "zzz" is not a valid h3 cell index
}

func ExampleCellBoundary() {
	c, _ := geo.ParseCell("881f1d4887fffff")
	ring := geo.CellBoundary(c)[0]
	fmt.Println(len(ring), ring[0] == ring[len(ring)-1])
	// Output: 7 true
}

func ExampleParseBoundary() {
	area, err := geo.ParseBoundary([]byte(`{"type":"Polygon","coordinates":[
		[[-0.1,51.5],[-0.09,51.5],[-0.09,51.51],[-0.1,51.51],[-0.1,51.5]]]}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(area.Contains(51.505, -0.095), area.Contains(51.52, -0.095))
	// Output: true false
}

func ExampleParseBoundary_refused() {
	_, err := geo.ParseBoundary([]byte(`{"type":"Polygon","coordinates":[
		[[532000,181000],[533000,181000],[533000,182000],[532000,181000]]]}`))
	var ge *geo.GeometryError
	if errors.As(err, &ge) {
		fmt.Println(ge.Path)
		fmt.Println(ge.Reason)
	}
	// Output:
	// coordinates[0][0]
	// 532000, 181000 is not longitude/latitude: it looks like projected coordinates such as British National Grid; convert the boundary to WGS84 (EPSG:4326)
}

func ExampleCoordinateCheck() {
	check := geo.NewCoordinateCheck(geo.UKArea())
	// A file whose latitude and longitude columns were mapped the wrong way round.
	for _, p := range [][2]float64{{-0.0984, 51.5138}, {-2.2426, 53.4808}, {-5.9301, 54.5973}} {
		check.Add(p[0], p[1])
	}
	d, counts := check.Verdict()
	fmt.Println(d)
	fmt.Printf("%+v\n", counts)
	// Output:
	// latitude and longitude look swapped
	// {Total:3 Inside:0 Swapped:3 BNG:0 Elsewhere:0 Invalid:0}
}
