package place_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/demo/seed"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/record"
)

// TestDemoPlacesAreRegisteredOnce: the demo borough's 12 places are registered once,
// with cells at every resolution, and the incidents the generator put in them are linked.
func TestDemoPlacesAreRegisteredOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	london := record.London()
	// The study area only: the incidents come after the places.
	b := e.ts.SetDemoBorough(t, demo.Options{Seed: 7, End: time.Date(2026, 11, 1, 0, 0, 0, 0, london), Years: 1, Incidents: 2000})
	var incidents bytes.Buffer
	ids, err := seed.Places(ctx, e.srv.Places, b.Places)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 12 || len(b.Places) != 12 {
		t.Fatalf("registered %d of %d demo places, want 12", len(ids), len(b.Places))
	}
	if again, err := seed.Places(ctx, e.srv.Places, b.Places); err != nil || len(again) != 0 {
		t.Errorf("a second call registered %v (%v), want nothing", again, err)
	}
	if n := e.count(t, `SELECT count(*) FROM (SELECT DISTINCT place_id, res FROM place_cells) x`); n != 12*7 {
		t.Errorf("%d (place, resolution) pairs with cells, want 12 × 7", n)
	}
	if err := b.WriteIncidentsCSV(&incidents); err != nil {
		t.Fatal(err)
	}
	e.importRecords(t, ingest.KindIncidents, incidents.String())

	// Count each place's incidents independently, with orb over the generated records.
	for i, d := range b.Places {
		p, err := e.srv.Places.Get(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != d.Name || p.Kind != string(d.Kind) || p.BufferMetres != d.BufferMetres {
			t.Errorf("place %d: %s %s %v, want %s %s %v", ids[i], p.Name, p.Kind, p.BufferMetres, d.Name, d.Kind, d.BufferMetres)
		}
		var want, wantSYV int64
		for _, inc := range b.Incidents {
			lat, lng := asWritten(inc.Lat), asWritten(inc.Lng)
			in := false
			switch g := d.Geometry.(type) {
			case orb.Polygon:
				in = planar.PolygonContains(g, orb.Point{lng, lat})
			case orb.LineString:
				in = geo.DistanceToLineMetres(g, lat, lng) <= d.BufferMetres
			}
			if in {
				want++
				// The SYV scope written out: a child of 10–17 as victim or suspect, or no age at all.
				child := []string{"10-13", "14-17"}
				if slices.Contains(child, inc.VictimAgeBand) || slices.Contains(child, inc.SuspectAgeBand) ||
					(inc.VictimAgeBand == "unknown" && (inc.SuspectAgeBand == "" || inc.SuspectAgeBand == "unknown")) {
					wantSYV++
				}
			}
		}
		var pr place.Profile
		e.must(t, http.StatusOK, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?scope=all", ids[i]), "", &pr)
		if *pr.Incidents.Total.N != want || want == 0 {
			t.Errorf("%s: profile total %d, orb counts %d (want some)", d.Name, *pr.Incidents.Total.N, want)
		}
		var syv place.Profile
		e.must(t, http.StatusOK, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile", ids[i]), "", &syv)
		if *syv.Incidents.Total.N != wantSYV || syv.Scope != "syv" || syv.ScopeStatement == "" {
			t.Errorf("%s: SYV profile total %d (scope %q), orb counts %d in scope", d.Name, *syv.Incidents.Total.N, syv.Scope, wantSYV)
		}
	}
}

// asWritten is a coordinate as the demo's CSV writes it (six decimals).
func asWritten(v float64) float64 {
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return x
}
