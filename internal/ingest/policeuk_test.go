package ingest_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
)

// countDataLines counts the non-empty lines after the header: every one is a row to account for.
func countDataLines(b []byte) int64 {
	n := int64(bytes.Count(b, []byte("\n")))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n - 1
}

// TestAllTwelvePoliceUKMonthsAreAccountedFor imports the City of London Police files of 2024 as
// published: every row is imported or skipped with a reason, none is a duplicate on a first
// import (identical rows are separate incidents), and a second import adds nothing.
func TestAllTwelvePoliceUKMonthsAreAccountedFor(t *testing.T) {
	e := newEnv(t)
	var total, imported, noLocation, outside int64
	for _, path := range policeUKFiles(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: filepath.Base(path)}
		rep := e.land(t, o, string(b))
		if want := countDataLines(b); rep.RowsRead != want {
			t.Errorf("%s: rows_read %d, want %d data lines", o.Filename, rep.RowsRead, want)
		}
		if rep.RowsDuplicate != 0 {
			t.Errorf("%s: %d duplicates on a first import, want 0", o.Filename, rep.RowsDuplicate)
		}
		total += rep.RowsRead
		imported += rep.RowsImported
		noLocation += rep.SkippedByReason[ingest.ReasonNoLocation]
		outside += rep.SkippedByReason[ingest.ReasonOutsideArea]
	}
	if total != 9992 {
		t.Errorf("rows read over the year %d, want 9992 (10,004 lines less 12 headers)", total)
	}
	if noLocation == 0 || outside == 0 {
		t.Errorf("no-location %d and outside-area %d skips: the published files carry both", noLocation, outside)
	}
	if imported+noLocation+outside != total {
		t.Errorf("imported %d + no location %d + outside %d != read %d", imported, noLocation, outside, total)
	}
	if n := int64(e.count(t, "incidents")); n != imported {
		t.Errorf("incidents table holds %d, reports say %d", n, imported)
	}

	// Re-importing a month adds nothing.
	path := policeUKFiles(t)[0]
	b, _ := os.ReadFile(path)
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all"}
	rep := e.land(t, o, string(b))
	if rep.RowsImported != 0 {
		t.Errorf("re-import of %s imported %d, want 0", filepath.Base(path), rep.RowsImported)
	}
}

func TestPoliceUKDefaultScopeImportsSeriousViolenceOnly(t *testing.T) {
	e := newEnv(t)
	b, err := os.ReadFile(policeUKFiles(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	rep := e.land(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK}, string(b))
	var outOfScope int64
	for reason, n := range rep.SkippedByReason {
		if len(reason) > 22 && reason[:22] == "category out of scope " {
			outOfScope += n
		}
	}
	if outOfScope == 0 || rep.RowsImported == 0 {
		t.Errorf("imported %d, out of scope %d: want both above zero (%v)", rep.RowsImported, outOfScope, rep.SkippedByReason)
	}
	var wrong int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM incidents
		WHERE category NOT IN ('violence_and_sexual', 'robbery', 'possession_of_weapons')`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d incidents outside the serious-youth-violence scope were imported", wrong)
	}
}
