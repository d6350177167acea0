package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/config"
)

const cityBoundary = "../ingest/testdata/city-of-london-boundary.geojson"
const march = "../../../shared/data/policeuk-city-of-london-2024/2024-03-city-of-london-street.csv"

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("response is not the JSON expected: %v\n%s", err, body)
	}
}

type importReport struct {
	ImportID      int64  `json:"import_id"`
	Status        string `json:"status"`
	RowsRead      int64  `json:"rows_read"`
	RowsImported  int64  `json:"rows_imported"`
	RowsDuplicate int64  `json:"rows_duplicate"`
	RowsSkipped   int64  `json:"rows_skipped"`
	Skipped       []struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"skipped"`
}

func (ts *testServer) setCity(t *testing.T) {
	t.Helper()
	rec := ts.do(t, "admin", http.MethodPut, "/api/v1/study-area?name=City", "application/geo+json", readFile(t, cityBoundary))
	if rec.Code != http.StatusOK {
		t.Fatalf("PUT study-area = %d %s", rec.Code, rec.Body)
	}
}

// cityWithMarch is a test server whose study area is the City, with the March police.uk file
// imported by the analyst, every record in scope; it returns the import's report too.
func cityWithMarch(t *testing.T) (*testServer, importReport) {
	t.Helper()
	ts := newTestServer(t)
	ts.setCity(t)
	_, rep := ts.postImport(t, "analyst", "kind=incidents&format=policeuk&scope=all&filename=march.csv", "text/csv", readFile(t, march), http.StatusCreated)
	return ts, rep
}

// postImport posts body as an import with the query as role, fails the test unless the
// status is want, and returns the answer and the import's report it holds.
func (ts *testServer) postImport(t *testing.T, role, query, contentType, body string, want int) (*httptest.ResponseRecorder, importReport) {
	t.Helper()
	rec := ts.do(t, role, http.MethodPost, "/api/v1/imports?"+query, contentType, body)
	if rec.Code != want {
		t.Fatalf("POST imports?%s = %d %s, want %d", query, rec.Code, rec.Body, want)
	}
	var rep importReport
	decode(t, rec.Body.Bytes(), &rep)
	return rec, rep
}

// awaitImport polls import id as role until it is no longer running, failing the test (which
// names it what) unless it is done within timeout, and decodes the final answer into out.
func (ts *testServer) awaitImport(t *testing.T, what, role string, id int64, timeout time.Duration, out any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		body := ts.do(t, role, http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", id), "", "").Body.Bytes()
		var rep importReport
		decode(t, body, &rep)
		if rep.Status == "done" {
			decode(t, body, out)
			return
		}
		if rep.Status != "running" || time.Now().After(deadline) {
			t.Fatalf("%s is %q after polling: %s", what, rep.Status, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestImportOverHTTP(t *testing.T) {
	ts, rep := cityWithMarch(t)
	if rep.Status != "done" || rep.RowsRead != 757 || rep.RowsDuplicate != 0 ||
		rep.RowsRead != rep.RowsImported+rep.RowsSkipped+rep.RowsDuplicate || len(rep.Skipped) != int(rep.RowsSkipped) {
		t.Errorf("report %+v: want done, 757 read, none duplicate, all accounted for", rep)
	}

	get := ts.do(t, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", rep.ImportID), "", "")
	var again importReport
	decode(t, get.Body.Bytes(), &again)
	if again.RowsImported != rep.RowsImported {
		t.Errorf("GET import says %d imported, POST said %d", again.RowsImported, rep.RowsImported)
	}
	list := ts.do(t, "admin", http.MethodGet, "/api/v1/imports?kind=incidents&limit=10", "", "")
	var page struct {
		Imports []importReport `json:"imports"`
		Total   int            `json:"total"`
	}
	decode(t, list.Body.Bytes(), &page)
	if page.Total != 1 || len(page.Imports) != 1 {
		t.Errorf("list total %d with %d items, want 1", page.Total, len(page.Imports))
	}

	del := ts.do(t, "analyst", http.MethodDelete, fmt.Sprintf("/api/v1/imports/%d", rep.ImportID), "", "")
	if del.Code != http.StatusOK || !strings.Contains(del.Body.String(), `"status":"withdrawn"`) {
		t.Errorf("DELETE import = %d %s, want withdrawn", del.Code, del.Body)
	}
	audit := ts.do(t, "admin", http.MethodGet, "/api/v1/audit?action=import.&limit=5", "", "")
	var entries struct {
		Entries []struct {
			Action   string `json:"action"`
			RowCount *int64 `json:"row_count"`
		} `json:"entries"`
		Total int `json:"total"`
	}
	decode(t, audit.Body.Bytes(), &entries)
	if entries.Total != 2 || entries.Entries[0].Action != "import.withdraw" || entries.Entries[1].Action != "import.create" ||
		*entries.Entries[1].RowCount != rep.RowsImported {
		t.Errorf("audit entries %+v, want the withdrawal then the import of %d rows", entries, rep.RowsImported)
	}
}

func TestImportInTheBackground(t *testing.T) {
	cfg := config.Default()
	cfg.SpoolDir = t.TempDir()
	ts := newTestServerWith(t, cfg)
	ts.setCity(t)
	rec, started := ts.postImport(t, "admin", "kind=incidents&format=policeuk&wait=false", "text/csv", readFile(t, march), http.StatusAccepted)
	if loc := rec.Header().Get("Location"); loc != fmt.Sprintf("/api/v1/imports/%d", started.ImportID) {
		t.Errorf("Location %q", loc)
	}
	var rep importReport
	ts.awaitImport(t, "background import", "admin", started.ImportID, 30*time.Second, &rep)
	if rep.RowsRead != 757 {
		t.Errorf("background import read %d rows, want 757", rep.RowsRead)
	}
	assertSpoolEmpties(t, cfg.SpoolDir)
}

func TestRefusedImportListsBadRows(t *testing.T) {
	ts := newTestServer(t)
	ts.setCity(t)
	body := "source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n" +
		"A,2024-05-03 16:20,exact,robbery,14-17,,51.5138,-0.0984,street,\n" +
		"B,2024-05-03 16:20,exact,mugging,14-17,,51.5138,-0.0984,street,\n" +
		"C,2024-05-03 16:20,exact,robbery,teen,,51.5138,-0.0984,street,\n"
	rec := ts.do(t, "analyst", http.MethodPost, "/api/v1/imports?kind=incidents", "text/csv", body)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d %s, want 422", rec.Code, rec.Body)
	}
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Details []struct {
				Line   int    `json:"line"`
				Column string `json:"column"`
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	decode(t, rec.Body.Bytes(), &e)
	if len(e.Error.Details) != 2 || e.Error.Details[0].Line != 3 || e.Error.Details[0].Column != "category" ||
		e.Error.Details[1].Line != 4 || e.Error.Details[1].Column != "victim_age_band" {
		t.Errorf("details %+v, want line 3 category and line 4 victim_age_band", e.Error.Details)
	}
}

func TestOversizedUploadIsRefused(t *testing.T) {
	cfg := config.Default()
	cfg.MaxUploadBytes = 4096
	ts := newTestServerWith(t, cfg)
	rec := ts.do(t, "admin", http.MethodPost, "/api/v1/imports?kind=incidents&format=policeuk", "text/csv", readFile(t, march))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"code":"too_large"`) {
		t.Errorf("status %d %s, want 413 too_large", rec.Code, rec.Body)
	}
}

func TestStudyAreaRefusesBadGeometry(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct{ name, body, want string }{
		{"self-intersecting ring", `{"type":"Polygon","coordinates":[[[0,51],[1,52],[1,51],[0,52],[0,51]]]}`, "crosses itself"},
		{"unclosed ring", `{"type":"Polygon","coordinates":[[[0,51],[1,51],[1,52],[0,52]]]}`, "closed"},
		{"British National Grid crs", `{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"coordinates":[[[530000,180000],[531000,180000],[531000,181000],[530000,180000]]]}`, "EPSG:27700"},
		{"not JSON", `Polygon((0 51, 1 51))`, "JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, "admin", http.MethodPut, "/api/v1/study-area", "application/geo+json", tt.body)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("status %d %s, want 422 mentioning %q", rec.Code, rec.Body, tt.want)
			}
		})
	}
	if rec := ts.do(t, "partner", http.MethodGet, "/api/v1/study-area", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET study-area with none set = %d, want 404", rec.Code)
	}
}

// assertSpoolEmpties waits briefly for the background import to remove its spooled upload.
func assertSpoolEmpties(t *testing.T, dir string) {
	t.Helper()
	for range 100 {
		left, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("the spooled upload is still in %s after the import", dir)
}

func TestHeaderOnlyFileIsRefusedAsEmpty(t *testing.T) {
	ts := newTestServer(t)
	ts.setCity(t)
	tests := []struct{ name, query, contentType, body string }{
		{"placesafe CSV header", "kind=incidents&format=placesafe", "text/csv",
			"source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n"},
		{"police.uk CSV header", "kind=incidents&format=policeuk", "text/csv",
			"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\r\n"},
		{"empty FeatureCollection", "kind=incidents&format=geojson", "application/geo+json", `{"type":"FeatureCollection","features":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, "admin", http.MethodPost, "/api/v1/imports?"+tt.query, tt.contentType, tt.body)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "no rows") {
				t.Errorf("POST = %d %s, want 422 saying the file has no rows", rec.Code, rec.Body)
			}
		})
	}
	// Nothing landed, so the data version (read from the landed imports) is unchanged.
	var list struct {
		Total int `json:"total"`
	}
	decode(t, ts.do(t, "admin", http.MethodGet, "/api/v1/imports?status=done", "", "").Body.Bytes(), &list)
	if list.Total != 0 {
		t.Errorf("%d imports done after refusing empty files, want 0", list.Total)
	}
}
