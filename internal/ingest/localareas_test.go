package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/ingest"
)

// cityThirds are three local areas side by side across the City of London, west to east,
// leaving its eastern end outside all three. Their edges have seven decimals, so that no
// police.uk point (six decimals) lies on one.
var cityThirds = []struct {
	name, code string
	poly       orb.Polygon
}{
	{"West", "E09000901", orb.Polygon{{{-0.1150005, 51.5050005}, {-0.1000005, 51.5050005}, {-0.1000005, 51.5230005}, {-0.1150005, 51.5230005}, {-0.1150005, 51.5050005}}}},
	{"Middle", "E09000902", orb.Polygon{{{-0.1000005, 51.5050005}, {-0.0880005, 51.5050005}, {-0.0880005, 51.5230005}, {-0.1000005, 51.5230005}, {-0.1000005, 51.5050005}}}},
	{"East", "E09000903", orb.Polygon{{{-0.0880005, 51.5050005}, {-0.0800005, 51.5050005}, {-0.0800005, 51.5230005}, {-0.0880005, 51.5230005}, {-0.0880005, 51.5050005}}}},
}

// TestForceWideFilePlacesEachRowInItsLocalArea imports the City of London Police files into a
// deployment of three local areas: each row lands once, in the area a point-in-polygon test
// (orb's planar, independent of the importer) puts it in, and rows outside all three are
// skipped and counted.
func TestForceWideFilePlacesEachRowInItsLocalArea(t *testing.T) {
	e, _, ids := newCityThirdsEnv(t)
	db, ctx := e.db, context.Background()

	want := map[int64]int64{}
	var outside int64
	for _, p := range e.landCityFiles(t) {
		found := false
		for i, a := range cityThirds {
			if planar.PolygonContains(a.poly, p) {
				want[ids[i]]++
				found = true
			}
		}
		if !found {
			outside++
		}
	}
	for i, id := range ids {
		if want[id] == 0 {
			t.Fatalf("no row lies in %s: the test areas are wrong", cityThirds[i].name)
		}
	}
	if outside == 0 {
		t.Fatal("no row lies outside the three areas: the test cannot show that such rows are skipped")
	}
	got := countByArea(t, e, "incidents")
	for i, id := range ids {
		if got[id] != want[id] {
			t.Errorf("%s holds %d incidents; %d of the file's points lie in it", cityThirds[i].name, got[id], want[id])
		}
	}
	if got[0] != 0 {
		t.Errorf("%d incidents belong to no local area", got[0])
	}
	var skipped int64
	if err := db.Pool.QueryRow(ctx, `SELECT sum((skipped_by_reason->>$1)::bigint) FROM imports`, ingest.ReasonOutsideArea).Scan(&skipped); err != nil {
		t.Fatal(err)
	}
	if skipped != outside {
		t.Errorf("%d rows skipped as outside; %d points lie outside the three areas", skipped, outside)
	}
	// The summed cells agree with the records, area by area.
	var sums int64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT local_area_id, sum(n) FROM incident_cells GROUP BY 1
		EXCEPT SELECT local_area_id, count(*) FROM incidents GROUP BY 1) d`).Scan(&sums); err != nil || sums != 0 {
		t.Errorf("%d local areas whose summed cells differ from their records (%v)", sums, err)
	}
}

// newCityThirdsEnv is an import service whose local areas are cityThirds; it returns them as
// their store and ids.
func newCityThirdsEnv(t *testing.T) (*env, *area.Store, []int64) {
	t.Helper()
	var areas *area.Store
	ids := make([]int64, len(cityThirds))
	e := newEnvWithAreas(t, func(ctx context.Context, s *area.Store) error {
		areas = s
		for i, a := range cityThirds {
			l, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: a.name, ONSCode: &a.code, Boundary: []byte(polygonJSON(a.poly))})
			if err != nil {
				return fmt.Errorf("add local area %s: %w", a.name, err)
			}
			ids[i] = l.ID
		}
		return nil
	})
	return e, areas, ids
}

// landCityFiles lands the first two City of London Police files and returns their points.
func (e *env) landCityFiles(t *testing.T) []orb.Point {
	t.Helper()
	var all []orb.Point
	for _, path := range policeUKFiles(t)[:2] {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, points := policeUKPoints(t, path)
		all = append(all, points...)
		e.land(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: filepath.Base(path)}, string(b))
	}
	return all
}
