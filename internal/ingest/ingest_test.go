package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/record"
)

// env is an import service on a fresh database whose study area is the City of London.
type env struct {
	db  *postgres.DB
	svc *ingest.Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	boundary, err := os.ReadFile("testdata/city-of-london-boundary.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return newEnvWithAreas(t, func(ctx context.Context, areas *area.Store) error {
		_, _, err := areas.Set(ctx, "City of London", boundary)
		return err
	})
}

// newEnvWithAreas is an import service on a fresh database whose areas set draws.
func newEnvWithAreas(t testing.TB, set func(context.Context, *area.Store) error) *env {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	areas := area.NewStore(db.Pool)
	if err := set(context.Background(), areas); err != nil {
		t.Fatalf("set areas: %v", err)
	}
	svc := ingest.NewService(db.Pool, areas.ImportRegions, testLogger())
	t.Cleanup(svc.Close)
	return &env{db: db, svc: svc}
}

func (e *env) importFile(t *testing.T, o ingest.Options, body string) (*ingest.Report, error) {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.Create(ctx, &o)
	if err != nil {
		t.Fatalf("create import: %v", err)
	}
	return e.svc.Run(ctx, id, o, strings.NewReader(body))
}

func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// land imports a file that must land, and checks that every row is accounted for.
func (e *env) land(t *testing.T, o ingest.Options, body string) *ingest.Report {
	t.Helper()
	rep, err := e.importFile(t, o, body)
	if err != nil {
		t.Fatalf("import refused: %v %v", err, details(err))
	}
	if rep.Status != ingest.StatusDone {
		t.Fatalf("status %q, want done", rep.Status)
	}
	if rep.RowsRead != rep.RowsImported+rep.RowsSkipped+rep.RowsDuplicate {
		t.Errorf("rows_read %d != imported %d + skipped %d + duplicate %d",
			rep.RowsRead, rep.RowsImported, rep.RowsSkipped, rep.RowsDuplicate)
	}
	return rep
}

func details(err error) []any {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Details
	}
	return nil
}

// badLines returns the lines named by a refusal's details.
func badLines(t *testing.T, err error) []int {
	t.Helper()
	var lines []int
	for _, d := range details(err) {
		re, ok := d.(*record.RowError)
		if !ok {
			t.Fatalf("detail %#v is not a row error", d)
		}
		lines = append(lines, re.Line)
	}
	return lines
}

// checkRefusal checks that err refused a file naming exactly the bad lines want (written as
// "[2 4]"), and that table still holds rows records: a refused file adds none.
func (e *env) checkRefusal(t *testing.T, err error, want, table string, rows int) {
	t.Helper()
	if got := badLines(t, err); fmt.Sprint(got) != want {
		t.Errorf("bad lines %v (%v), want %s", got, err, want)
	}
	if n := e.count(t, table); n != rows {
		t.Errorf("%s = %d after a refused file, want %d", table, n, rows)
	}
}

// Points inside the City of London, and one in Camden (outside).
const (
	stPauls  = "51.513800,-0.098400"
	bank     = "51.513300,-0.088900"
	barbican = "51.520200,-0.094300"
	camden   = "51.539000,-0.142600"
)

const placesafeHeader = "source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n"

func placesafeRow(ref, when, precision, category, latlng string) string {
	return fmt.Sprintf("%s,%s,%s,%s,14-17,18-24,%s,street,\n", ref, when, precision, category, latlng)
}

func goodPlacesafe() string {
	return placesafeHeader +
		placesafeRow("A1", "2024-05-03 16:20", "exact", "robbery", stPauls) +
		placesafeRow("A2", "2024-05-04", "day", "violence_with_injury", bank) +
		placesafeRow("A3", "2024-06", "month", "possession_of_weapons", barbican)
}

func TestPlacesafeCSVLandsAndReimportAddsNothing(t *testing.T) {
	e := newEnv(t)
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe, Filename: "good.csv"}
	rep := e.land(t, o, goodPlacesafe())
	if rep.RowsRead != 3 || rep.RowsImported != 3 || rep.RowsDuplicate != 0 {
		t.Errorf("first import read %d imported %d duplicate %d, want 3 3 0", rep.RowsRead, rep.RowsImported, rep.RowsDuplicate)
	}
	if n := e.count(t, "incidents"); n != 3 {
		t.Errorf("incidents = %d, want 3", n)
	}
	// Each record is in its H3 cell at the storage resolution, and a Europe/London wall time
	// without an offset is stored as the right instant (BST: 16:20 London = 15:20 UTC).
	var cell int64
	var lat, lng, harm float64
	var utc string
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT h3_cell, lat, lng, harm_weight,
		to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM incidents WHERE source_ref = 'A1'`).
		Scan(&cell, &lat, &lng, &harm, &utc); err != nil {
		t.Fatal(err)
	}
	want, _ := geo.CellAt(lat, lng, geo.StorageRes)
	if cell != int64(want) {
		t.Errorf("h3_cell %x, want %x", cell, int64(want))
	}
	if utc != "2024-05-03 15:20" {
		t.Errorf("occurred_at in UTC %s, want 2024-05-03 15:20", utc)
	}
	if harm != 365 { // CCHI robbery default, see incident/harm.go
		t.Errorf("default harm weight of robbery %v, want 365", harm)
	}

	again := e.land(t, o, goodPlacesafe())
	if again.RowsImported != 0 || again.RowsDuplicate != 3 {
		t.Errorf("re-import imported %d duplicate %d, want 0 and 3", again.RowsImported, again.RowsDuplicate)
	}
	if n := e.count(t, "incidents"); n != 3 {
		t.Errorf("incidents after re-import = %d, want 3", n)
	}
}

func TestFileWithBadRowsIsRefusedWholeListingEveryBadRow(t *testing.T) {
	e := newEnv(t)
	body := placesafeHeader +
		placesafeRow("B1", "2024-05-03 16:20", "exact", "robbery", stPauls) +
		placesafeRow("B2", "2024-05-03 16:20", "exact", "shouting", bank) + // line 3: unknown category
		placesafeRow("B3", "2024-05-03 16:20", "exact", "robbery", barbican) +
		placesafeRow("B4", "not-a-date", "exact", "robbery", stPauls) + // line 5
		"B5,2024-05-03 16:20,exact,robbery,14-17,,abc,-0.09,street,\n" + // line 6: lat not a number
		"B6,2024-05-03 16:20,exact,robbery,14-17,,95.5,-0.09,street,\n" // line 7: no such latitude
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
	_, err := e.importFile(t, o, body)
	if apperr.Code(err) != apperr.Unprocessable {
		t.Fatalf("error %v, want unprocessable", err)
	}
	e.checkRefusal(t, err, "[3 5 6 7]", "incidents", 0)
	list, _, err := e.svc.List(context.Background(), ingest.Filter{})
	if err != nil || len(list) != 1 || list[0].Status != ingest.StatusRejected {
		t.Errorf("imports %v %v, want one rejected", list, err)
	}
}

func TestPersonalDataColumnRefusesTheFile(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ name, format, body string }{
		{"placesafe with a date of birth", ingest.FormatPlacesafe,
			strings.TrimSuffix(placesafeHeader, "\n") + ",date_of_birth\n" +
				strings.TrimSuffix(placesafeRow("P1", "2024-05-03 16:20", "exact", "robbery", stPauls), "\n") + ",2009-01-01\n"},
		{"geojson with a name", ingest.FormatGeoJSON, `{"type":"FeatureCollection","features":[{"type":"Feature",
			"geometry":{"type":"Point","coordinates":[-0.0984,51.5138]},"properties":{"source_ref":"G1","occurred_at":"2024-05-03 16:20",
			"time_precision":"exact","category":"robbery","victim_age_band":"14-17","suspect_age_band":"","setting":"street","harm_weight":"","full_name":"Jo Bloggs"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.importFile(t, ingest.Options{Kind: ingest.KindIncidents, Format: tt.format}, tt.body)
			if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), "personal data") {
				t.Fatalf("error %v, want a personal-data refusal", err)
			}
		})
	}
	if n := e.count(t, "incidents"); n != 0 {
		t.Errorf("incidents = %d, want 0", n)
	}
}

func TestRowsOutsideTheAreaAreSkippedAndCounted(t *testing.T) {
	e := newEnv(t)
	body := goodPlacesafe() + placesafeRow("C1", "2024-05-03 16:20", "exact", "robbery", camden) +
		"C2,2024-05-03 16:20,exact,robbery,14-17,,,,street,\n"
	rep := e.land(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}, body)
	if rep.RowsImported != 3 || rep.RowsSkipped != 2 {
		t.Errorf("imported %d skipped %d, want 3 and 2", rep.RowsImported, rep.RowsSkipped)
	}
	if rep.SkippedByReason[ingest.ReasonOutsideArea] != 1 || rep.SkippedByReason[ingest.ReasonNoLocation] != 1 {
		t.Errorf("skipped by reason %v, want one outside and one without location", rep.SkippedByReason)
	}
	if len(rep.Skipped) != 2 || rep.Skipped[0].Line != 5 || rep.Skipped[1].Line != 6 {
		t.Errorf("skipped rows %v, want lines 5 and 6", rep.Skipped)
	}
}

func TestUnusableCoordinatesRefuseTheFileSayingWhatTheyLookLike(t *testing.T) {
	e := newEnv(t)
	rows := func(latlngs ...string) string {
		s := placesafeHeader
		for i, ll := range latlngs {
			s += placesafeRow(fmt.Sprintf("D%d", i), "2024-05-03 16:20", "exact", "robbery", ll)
		}
		return s
	}
	tests := []struct{ name, body, want string }{
		{"latitude and longitude swapped", rows("-0.098400,51.513800", "-0.088900,51.513300", "-0.094300,51.520200"), "swapped"},
		{"British National Grid", rows("181000,532000", "181200,532500", "181500,532200"), "British National Grid"},
		{"another area", rows("53.480000,-2.240000", "53.481000,-2.241000", "53.482000,-2.242000"), "only 0 of 3 located rows lie inside the study area"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.importFile(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}, tt.body)
			if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want a refusal mentioning %q", err, tt.want)
			}
		})
	}
	if n := e.count(t, "incidents"); n != 0 {
		t.Errorf("incidents = %d, want 0", n)
	}
}

func TestEveryImportIsAudited(t *testing.T) {
	e := newEnv(t)
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
	e.land(t, o, goodPlacesafe())
	_, _ = e.importFile(t, o, placesafeHeader+placesafeRow("E1", "x", "exact", "robbery", stPauls))
	rows, err := e.db.Pool.Query(context.Background(), `SELECT action, coalesce(row_count, -1) FROM audit_log WHERE action LIKE 'import.%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var a string
		var n int64
		_ = rows.Scan(&a, &n)
		got = append(got, fmt.Sprintf("%s:%d", a, n))
	}
	if fmt.Sprint(got) != "[import.create:3 import.rejected:0]" {
		t.Errorf("audit lines %v, want [import.create:3 import.rejected:0]", got)
	}
}

func TestWithdrawRemovesOneImportOnly(t *testing.T) {
	e := newEnv(t)
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
	first := e.land(t, o, goodPlacesafe())
	e.land(t, o, placesafeHeader+placesafeRow("F1", "2024-07-01 20:00", "exact", "robbery", bank))
	rep, err := e.svc.Withdraw(context.Background(), first.ImportID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != ingest.StatusWithdrawn {
		t.Errorf("status %q, want withdrawn", rep.Status)
	}
	if n := e.count(t, "incidents"); n != 1 {
		t.Errorf("incidents = %d after withdrawing 3 of 4, want 1", n)
	}
	if _, err := e.svc.Withdraw(context.Background(), first.ImportID); apperr.Code(err) != apperr.Conflict {
		t.Errorf("second withdrawal: %v, want conflict", err)
	}
	// A withdrawn file can be imported again.
	if again := e.land(t, o, goodPlacesafe()); again.RowsImported != 3 {
		t.Errorf("re-import after withdrawal imported %d, want 3", again.RowsImported)
	}
}

func TestGeoJSONLandsAndRefusesBadFeatures(t *testing.T) {
	e := newEnv(t)
	feature := func(ref, lng, lat, cat string) string {
		return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},"properties":{"source_ref":%q,
			"occurred_at":"2024-05-03 16:20","time_precision":"exact","category":%q,"victim_age_band":"14-17",
			"suspect_age_band":"","setting":"park","harm_weight":""}}`, lng, lat, ref, cat)
	}
	good := `{"type":"FeatureCollection","features":[` + feature("G1", "-0.0984", "51.5138", "robbery") + "," +
		feature("G2", "-0.0889", "51.5133", "violence_with_injury") + `]}`
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatGeoJSON}
	rep := e.land(t, o, good)
	if rep.RowsImported != 2 {
		t.Errorf("imported %d, want 2", rep.RowsImported)
	}
	if again := e.land(t, o, good); again.RowsImported != 0 || again.RowsDuplicate != 2 {
		t.Errorf("re-import imported %d duplicate %d, want 0 and 2", again.RowsImported, again.RowsDuplicate)
	}
	bad := `{"type":"FeatureCollection","features":[` + feature("G3", "-0.0984", "51.5138", "robbery") + "," +
		feature("G4", "-0.0984", "51.5138", "nonsense") + "," + feature("G5", "-0.0984", "51.5138", "robbery") + "," +
		feature("G6", "-0.0984", "51.5138", "") + `]}`
	_, err := e.importFile(t, o, bad)
	e.checkRefusal(t, err, "[2 4]", "incidents", 2)
}

func TestActivityImport(t *testing.T) {
	e := newEnv(t)
	header := "source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n"
	good := header + "S1,2024-05-03 16:00,120,detached_youth_work,youth_service," + stPauls + ",12\n" +
		"S2,2024-05-04 19:00,60,patrol,police," + bank + ",0\n"
	o := ingest.Options{Kind: ingest.KindActivity, Format: ingest.FormatPlacesafe}
	rep := e.land(t, o, good)
	if rep.RowsImported != 2 {
		t.Errorf("imported %d, want 2", rep.RowsImported)
	}
	if again := e.land(t, o, good); again.RowsDuplicate != 2 {
		t.Errorf("re-import duplicate %d, want 2", again.RowsDuplicate)
	}
	_, err := e.importFile(t, o, header+"S3,2024-05-03 16:00,0,juggling,police,"+stPauls+",-1\n")
	e.checkRefusal(t, err, "[2]", "activities", 2)
}

func TestInterruptedImportsEndFailed(t *testing.T) {
	e := newEnv(t)
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
	id, err := e.svc.Create(context.Background(), &o)
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.FailInterrupted(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("FailInterrupted = %d, %v; want 1", n, err)
	}
	rep, _ := e.svc.Get(context.Background(), id)
	if rep.Status != ingest.StatusFailed {
		t.Errorf("status %q, want failed", rep.Status)
	}
}

func policeUKFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../../../shared/data/policeuk-city-of-london-2024/*.csv")
	if err != nil || len(files) != 12 {
		t.Fatalf("want the 12 police.uk files of ../shared/data beside the repository, found %d (%v)", len(files), err)
	}
	return files
}

// testLogger discards logs unless PLACESAFE_TEST_LOG is set (e.g. to read a benchmark's phases).
func testLogger() *slog.Logger {
	if os.Getenv("PLACESAFE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
