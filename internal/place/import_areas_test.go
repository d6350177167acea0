package place_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

// TestImportReadsTheLocalAreasOnce: a file of 13 places reads the local areas once, and each
// place still lands in the local area it lies in.
func TestImportReadsTheLocalAreasOnce(t *testing.T) {
	e := newEnv(t)
	reads := 0
	areas := e.srv.Places.Areas
	e.srv.Places.Areas = func(ctx context.Context) (geo.Regions, error) {
		reads++
		return areas(ctx)
	}
	var got importAnswer
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places/import?kind=park", mustRead(t, "city-of-london-greenspace-osm.geojson"), &got)
	if got.Created != 13 {
		t.Fatalf("created %d places, want 13", got.Created)
	}
	if reads != 1 {
		t.Errorf("the import read the local areas %d times, want once", reads)
	}
	// The City is the one local area: 5 of the parks touch it, as when the areas were read
	// for each place; the 8 beyond it (Lincoln's Inn Fields among them) belong to none.
	if n := e.count(t, `SELECT count(DISTINCT place_id) FROM place_local_areas`); n != 5 {
		t.Errorf("%d imported places belong to the City, want 5", n)
	}
}
