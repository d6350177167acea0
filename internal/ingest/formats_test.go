package ingest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/ingest"
)

// Each format builds a file from located rows; a row is {lat, lng, category-or-crime-type}.
type formatCase struct {
	format string
	build  func(rows [][3]string, extraColumn string) string
	good   string // a category the format accepts
	bad    string // one it refuses
}

const policeUKHeader = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"

// csvFile builds a CSV file from the header and a line a row; an extra column is appended to
// the header and given the value x on every line.
func csvFile(header string, line func(i int, r [3]string) string) func([][3]string, string) string {
	return func(rows [][3]string, extra string) string {
		var b strings.Builder
		b.WriteString(header)
		if extra != "" {
			b.WriteString("," + extra)
		}
		b.WriteString("\n")
		for i, r := range rows {
			b.WriteString(line(i, r))
			if extra != "" {
				b.WriteString(",x")
			}
			b.WriteString("\n")
		}
		return b.String()
	}
}

var formatCases = []formatCase{
	{ingest.FormatPlacesafe, csvFile(strings.TrimSuffix(placesafeHeader, "\n"), func(i int, r [3]string) string {
		return fmt.Sprintf("R%d,2024-05-03 16:20,exact,%s,14-17,,%s,%s,street,", i, r[2], r[0], r[1])
	}), "robbery", "mugging"},
	{ingest.FormatPoliceUK, csvFile(policeUKHeader, func(i int, r [3]string) string {
		return fmt.Sprintf("id%d,2024-05,City of London Police,City of London Police,%s,%s,On or near X,E01000001,City of London 001A,%s,,", i, r[1], r[0], r[2])
	}), "Robbery", "Mugging"},
	{ingest.FormatGeoJSON, func(rows [][3]string, extra string) string {
		var fs []string
		for i, r := range rows {
			props := fmt.Sprintf(`"source_ref":"R%d","occurred_at":"2024-05-03 16:20","time_precision":"exact","category":%q,"victim_age_band":"14-17","suspect_age_band":"","setting":"street","harm_weight":""`, i, r[2])
			if extra != "" {
				props += fmt.Sprintf(",%q:\"x\"", extra)
			}
			fs = append(fs, fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},"properties":{%s}}`, r[1], r[0], props))
		}
		return `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`
	}, "robbery", "mugging"},
}

var (
	inCity  = [][2]string{{"51.513800", "-0.098400"}, {"51.513300", "-0.088900"}, {"51.520200", "-0.094300"}}
	swapped = [][2]string{{"-0.098400", "51.513800"}, {"-0.088900", "51.513300"}, {"-0.094300", "51.520200"}}
	bng     = [][2]string{{"181000", "532000"}, {"181200", "532500"}, {"181500", "532200"}}
)

func located(points [][2]string, category string) [][3]string {
	var rows [][3]string
	for _, p := range points {
		rows = append(rows, [3]string{p[0], p[1], category})
	}
	return rows
}

// TestEveryFormatKeepsTheImportGuarantees runs the acceptance checks on each of the three formats.
func TestEveryFormatKeepsTheImportGuarantees(t *testing.T) {
	for _, fc := range formatCases {
		t.Run(fc.format, func(t *testing.T) {
			e := newEnv(t)
			o := ingest.Options{Kind: ingest.KindIncidents, Format: fc.format, Scope: "all"}
			good := fc.build(append(located(inCity, fc.good), [3]string{"51.539000", "-0.142600", fc.good}), "")

			rep := e.land(t, o, good)
			if rep.RowsImported != 3 || rep.SkippedByReason[ingest.ReasonOutsideArea] != 1 {
				t.Errorf("good file: imported %d, skipped %v; want 3 imported and 1 outside the area", rep.RowsImported, rep.SkippedByReason)
			}
			if again := e.land(t, o, good); again.RowsImported != 0 || again.RowsDuplicate != 3 {
				t.Errorf("re-import: imported %d duplicate %d, want 0 and 3", again.RowsImported, again.RowsDuplicate)
			}

			bad := fc.build(append(located(inCity, fc.good), [3]string{"51.513800", "-0.098400", fc.bad}, [3]string{"51.513800", "-0.098400", fc.bad}), "")
			_, err := e.importFile(t, o, bad)
			if got := badLines(t, err); len(got) != 2 {
				t.Errorf("bad rows reported %v (%v), want both", got, err)
			}

			_, err = e.importFile(t, o, fc.build(located(inCity, fc.good), "victim_name"))
			if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), "personal data") {
				t.Errorf("personal-data column: %v, want refused", err)
			}
			for name, pts := range map[string][][2]string{"swapped": swapped, "British National Grid": bng} {
				_, err = e.importFile(t, o, fc.build(located(pts, fc.good), ""))
				if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), name) {
					t.Errorf("%s coordinates: %v, want refused naming it", name, err)
				}
			}
			if n := e.count(t, "incidents"); n != 3 {
				t.Errorf("incidents = %d after refused files, want the 3 of the good file", n)
			}
		})
	}
}
