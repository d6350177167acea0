package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

// westernCity is a study area smaller than the force: the western part of the City of London,
// as a rectangle whose edges lie on no published police.uk point.
var westernCity = orb.Polygon{{{-0.11512, 51.50713}, {-0.09317, 51.50713}, {-0.09317, 51.52291}, {-0.11512, 51.52291}, {-0.11512, 51.50713}}}

// newEnvWithArea is an import service on a fresh database whose study area is poly.
func newEnvWithArea(t testing.TB, poly orb.Polygon) *env {
	t.Helper()
	return newEnvWithAreas(t, func(ctx context.Context, areas *area.Store) error {
		_, _, err := areas.Set(ctx, "test area", []byte(polygonJSON(poly)))
		return err
	})
}

func polygonJSON(poly orb.Polygon) string {
	s := `{"type":"Polygon","coordinates":[[`
	for i, p := range poly[0] {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("[%v,%v]", p[0], p[1])
	}
	return s + "]]}"
}

// policeUKCounts counts, independently of the importer, the data rows of a police.uk file,
// those without a location and those inside poly.
func policeUKCounts(t testing.TB, path string, poly orb.Polygon) (rows, noLocation, inside int64) {
	t.Helper()
	rows, points := policeUKPoints(t, path)
	for _, p := range points {
		if planar.PolygonContains(poly, p) {
			inside++
		}
	}
	return rows, rows - int64(len(points)), inside
}

// policeUKPoints reads, independently of the importer, the data rows of a police.uk file and
// the points of those it locates (Longitude and Latitude are columns 4 and 5; police.uk leaves
// both empty for a crime it could not place).
func policeUKPoints(t testing.TB, path string) (rows int64, points []orb.Point) {
	t.Helper()
	all := recordtest.ReadCSVFile(t, path)
	for _, r := range all[1:] {
		rows++
		if r[4] == "" || r[5] == "" {
			continue
		}
		lng, err1 := strconv.ParseFloat(r[4], 64)
		lat, err2 := strconv.ParseFloat(r[5], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: row %v", path, r)
		}
		points = append(points, orb.Point{lng, lat})
	}
	return rows, points
}

// TestForceFileForASmallerAreaSkipsTheRowsOutside imports the City of London Police files
// into a study area that is part of the force's area, as a borough analyst importing a
// force-wide download does: the rows outside are skipped and counted, not a reason to refuse.
func TestForceFileForASmallerAreaSkipsTheRowsOutside(t *testing.T) {
	e := newEnvWithArea(t, westernCity)
	var imported int64
	for _, path := range policeUKFiles(t)[:3] {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, noLocation, inside := policeUKCounts(t, path, westernCity)
		o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: filepath.Base(path)}
		rep := e.land(t, o, string(b))
		outside := rows - noLocation - inside
		if inside == 0 || outside <= inside {
			t.Fatalf("%s: %d inside and %d outside: the test area should hold a minority of the rows", o.Filename, inside, outside)
		}
		if rep.RowsRead != rows || rep.RowsImported != inside || rep.SkippedByReason[ingest.ReasonOutsideArea] != outside ||
			rep.SkippedByReason[ingest.ReasonNoLocation] != noLocation {
			t.Errorf("%s: read %d imported %d skipped %v; want read %d, imported %d, %d outside and %d without location",
				o.Filename, rep.RowsRead, rep.RowsImported, rep.SkippedByReason, rows, inside, outside, noLocation)
		}
		imported += rep.RowsImported
	}
	if n := int64(e.count(t, "incidents")); n != imported {
		t.Errorf("incidents table holds %d, reports say %d", n, imported)
	}
}
