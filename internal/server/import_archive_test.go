package server_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// policeUKArchive zips real City of London months in the police.uk download layout, with an
// outcomes file beside them.
func policeUKArchive(t *testing.T, months ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range months {
		path := fmt.Sprintf("../../../shared/data/policeuk-city-of-london-2024/2024-%s-city-of-london-street.csv", m)
		w, err := zw.Create("2024-" + m + "/" + filepath.Base(path))
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(readFile(t, path)))
	}
	w, _ := zw.Create("2024-01/2024-01-city-of-london-outcomes.csv")
	w.Write([]byte("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPoliceUKArchiveOverHTTP uploads an archive in the background and follows its progress.
func TestPoliceUKArchiveOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	ts.setCity(t)
	_, started := ts.postImport(t, "analyst", "kind=incidents&format=policeuk&scope=all&wait=false&filename=download.zip",
		"application/zip", string(policeUKArchive(t, "01", "02", "03")), http.StatusAccepted)
	type fileReport struct {
		Name         string `json:"name"`
		RowsRead     int64  `json:"rows_read"`
		RowsImported int64  `json:"rows_imported"`
		Status       string `json:"status"`
		Reason       string `json:"reason"`
	}
	var rep struct {
		importReport
		Files []fileReport `json:"files"`
	}
	ts.awaitImport(t, "archive import", "analyst", started.ImportID, 60*time.Second, &rep)
	if len(rep.Files) != 4 || rep.Files[0].Status != "ignored" || rep.Files[0].Reason == "" {
		t.Fatalf("files %+v, want the outcomes file ignored and three street files", rep.Files)
	}
	var sum int64
	for _, f := range rep.Files[1:] {
		if f.Status != "imported" || f.RowsImported == 0 {
			t.Errorf("file %+v, want imported", f)
		}
		sum += f.RowsImported
	}
	if rep.RowsImported != sum || rep.RowsRead == 0 {
		t.Errorf("rows imported %d, want the sum over the files %d", rep.RowsImported, sum)
	}
}

// TestHostileArchiveOverHTTPIs422 sends an archive with a "../" name.
func TestHostileArchiveOverHTTPIs422(t *testing.T) {
	ts := newTestServer(t)
	ts.setCity(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("../2024-01-city-of-london-street.csv")
	w.Write([]byte(readFile(t, march)))
	zw.Close()
	rec := ts.do(t, "analyst", http.MethodPost, "/api/v1/imports?kind=incidents&format=policeuk", "application/zip", buf.String())
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d %s, want 422", rec.Code, rec.Body)
	}
	var list struct {
		Imports []importReport `json:"imports"`
	}
	decode(t, ts.do(t, "analyst", http.MethodGet, "/api/v1/imports", "", "").Body.Bytes(), &list)
	if len(list.Imports) != 1 || list.Imports[0].Status != "rejected" || list.Imports[0].RowsImported != 0 {
		t.Errorf("imports %+v, want one rejected with nothing imported", list.Imports)
	}
}
