package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record"
)

// entry is one file of a test archive.
type entry struct {
	name string
	data []byte
}

// buildZip returns a ZIP archive of the entries, deflated, in the order given.
func buildZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// monthEntry is a real City of London Police month in the police.uk layout:
// 2024-MM/2024-MM-city-of-london-street.csv.
func monthEntry(t testing.TB, path string) entry {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(path)
	return entry{name: base[:7] + "/" + base, data: b}
}

const outcomesCSV = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n" +
	"e7b720d0e1302d2d06db7b28b29132eb194864d44d79218a566f03d9e3c790f6,2024-01,City of London Police,City of London Police,-0.106220,51.518275,On or near B500,E01000916,Camden 027B,Investigation complete; no suspect identified\n"

const stopSearchCSV = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing\n" +
	"Person search,2024-02-01T10:00:00+00:00,,,51.5138,-0.0984,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False\n"

// importArchive imports b as a police.uk file of every category, with archives spooled in dir.
func (e *env) importArchive(t *testing.T, b []byte, dir string) (*ingest.Report, error) {
	t.Helper()
	e.svc.TempDir = dir
	ctx := context.Background()
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: "download.zip"}
	id, err := e.svc.Create(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	return e.svc.Run(ctx, id, o, bytes.NewReader(b))
}

// TestPoliceUKArchiveImportsEveryStreetFileAsOne imports three real months in the police.uk
// download layout, beside an outcomes file, a stop and search file and a note: the street
// files land as one import, each accounted for, and the others are listed as ignored.
func TestPoliceUKArchiveImportsEveryStreetFileAsOne(t *testing.T) {
	e := newEnv(t)
	paths := policeUKFiles(t)[:3]
	archive := buildZip(t, monthEntry(t, paths[2]), monthEntry(t, paths[0]), monthEntry(t, paths[1]),
		entry{"2024-01/2024-01-city-of-london-outcomes.csv", []byte(outcomesCSV)},
		entry{"2024-02/2024-02-city-of-london-stop-and-search.csv", []byte(stopSearchCSV)},
		entry{"README.txt", []byte("police.uk custom download\n")})
	dir := t.TempDir()
	rep, err := e.importArchive(t, archive, dir)
	if err != nil {
		t.Fatalf("archive refused: %v %v", err, details(err))
	}
	type row struct{ name, status string }
	want := []row{
		{"2024-01/2024-01-city-of-london-outcomes.csv", ingest.FileIgnored},
		{"2024-01/2024-01-city-of-london-street.csv", ingest.FileImported},
		{"2024-02/2024-02-city-of-london-stop-and-search.csv", ingest.FileIgnored},
		{"2024-02/2024-02-city-of-london-street.csv", ingest.FileImported},
		{"2024-03/2024-03-city-of-london-street.csv", ingest.FileImported},
		{"README.txt", ingest.FileIgnored},
	}
	if len(rep.Files) != len(want) {
		t.Fatalf("files %+v, want %d", rep.Files, len(want))
	}
	var read, imported, skipped, dup int64
	for i, f := range rep.Files {
		if f.Name != want[i].name || f.Status != want[i].status {
			t.Errorf("file %d: %s %s, want %s %s", i, f.Name, f.Status, want[i].name, want[i].status)
		}
		if f.Status == ingest.FileIgnored {
			if f.Reason == "" || f.RowsRead != 0 {
				t.Errorf("%s ignored with reason %q and %d rows read", f.Name, f.Reason, f.RowsRead)
			}
			continue
		}
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(paths[0]), filepath.Base(f.Name)))
		if n := countDataLines(b); f.RowsRead != n || f.RowsImported == 0 || f.RowsDuplicate != 0 ||
			f.RowsRead != f.RowsImported+f.RowsSkipped {
			t.Errorf("%s: read %d imported %d skipped %d duplicate %d; want all %d rows imported or skipped",
				f.Name, f.RowsRead, f.RowsImported, f.RowsSkipped, f.RowsDuplicate, n)
		}
		read, imported, skipped, dup = read+f.RowsRead, imported+f.RowsImported, skipped+f.RowsSkipped, dup+f.RowsDuplicate
	}
	if rep.RowsRead != read || rep.RowsImported != imported || rep.RowsSkipped != skipped || rep.RowsDuplicate != dup {
		t.Errorf("totals read %d imported %d skipped %d duplicate %d, want the sums %d %d %d %d",
			rep.RowsRead, rep.RowsImported, rep.RowsSkipped, rep.RowsDuplicate, read, imported, skipped, dup)
	}
	if n := int64(e.count(t, "incidents")); n != imported {
		t.Errorf("incidents table holds %d, the report says %d", n, imported)
	}
	for _, s := range rep.Skipped {
		if !strings.HasSuffix(s.File, "-street.csv") || s.Line < 2 {
			t.Errorf("skipped row %+v does not name its file and line", s)
			break
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the spool directory holds %d files after the import, want none", len(left))
	}

	// The same months again, as an archive or as single files, add nothing.
	again, err := e.importArchive(t, archive, dir)
	if err != nil || again.RowsImported != 0 || again.RowsDuplicate != imported {
		t.Errorf("archive again: imported %d duplicate %d (%v), want 0 and %d", again.RowsImported, again.RowsDuplicate, err, imported)
	}
	b, _ := os.ReadFile(paths[1])
	if single := e.land(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all"}, string(b)); single.RowsImported != 0 {
		t.Errorf("February alone after the archive imported %d, want 0", single.RowsImported)
	}
}

// TestArchiveWithABadRowIsRefusedWhole checks that one bad row in one month refuses every month.
func TestArchiveWithABadRowIsRefusedWhole(t *testing.T) {
	e := newEnv(t)
	paths := policeUKFiles(t)[:2]
	bad := policeUKHeader + "\nx1,2024-13,City of London Police,City of London Police,-0.0984,51.5138,On or near X,E01000001,City of London 001A,Robbery,,\n"
	archive := buildZip(t, monthEntry(t, paths[0]), monthEntry(t, paths[1]), entry{"2024-03/2024-03-city-of-london-street.csv", []byte(bad)})
	_, err := e.importArchive(t, archive, t.TempDir())
	if apperr.Code(err) != apperr.Unprocessable {
		t.Fatalf("error %v, want unprocessable", err)
	}
	d := details(err)
	if len(d) != 1 {
		t.Fatalf("details %v, want the one bad row", d)
	}
	if re := d[0].(*record.RowError); re.File != "2024-03/2024-03-city-of-london-street.csv" || re.Line != 2 || re.Column != "Month" {
		t.Errorf("bad row %+v, want 2024-03's line 2, column Month", re)
	}
	if n := e.count(t, "incidents"); n != 0 {
		t.Errorf("incidents = %d after a refused archive, want 0", n)
	}
}

// rawEntry writes a stored entry whose directory sizes are given, not measured.
func rawEntry(t testing.TB, zw *zip.Writer, name string, data []byte, declared uint64) {
	t.Helper()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(len(data)), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
}

// TestHostileArchivesAreRefusedWithNothingWritten covers archives built to harm the service.
func TestHostileArchivesAreRefusedWithNothingWritten(t *testing.T) {
	e := newEnv(t)
	month := monthEntry(t, policeUKFiles(t)[0])
	row := "x1,2024-01,City of London Police,City of London Police,-0.0984,51.5138,On or near X,E01000001,City of London 001A,Robbery,,\n"
	bomb := []byte(policeUKHeader + "\n" + strings.Repeat(row, 200_000)) // about 25 MB that deflates to a few tens of kB
	nested := buildZip(t, month)
	var lying bytes.Buffer
	zw := zip.NewWriter(&lying)
	rawEntry(t, zw, month.name, month.data, 1000) // says 1000 bytes, holds 175,593
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		archive []byte
		code    string
		want    string
	}{
		{"a zip bomb by compression ratio", buildZip(t, month, entry{"2024-02/2024-02-city-of-london-street.csv", bomb}),
			apperr.Unprocessable, "a ratio over the limit of 100 to 1"},
		{"a name climbing out with ../", buildZip(t, month, entry{"../2024-02-city-of-london-street.csv", month.data}),
			apperr.Unprocessable, `".." element`},
		{"a name deep in ../", buildZip(t, entry{"2024-01/../../etc/2024-01-city-of-london-street.csv", month.data}),
			apperr.Unprocessable, `".." element`},
		{"an absolute name", buildZip(t, entry{"/tmp/2024-01-city-of-london-street.csv", month.data}),
			apperr.Unprocessable, "absolute"},
		{"a nested zip", buildZip(t, month, entry{"2024-02/inner.zip", nested}), apperr.Unprocessable, "nested archives"},
		{"a zip named as a street file", buildZip(t, entry{"2024-02/2024-02-city-of-london-street.csv", nested}),
			apperr.Unprocessable, "nested archives"},
		{"a file larger than its directory says", lying.Bytes(), apperr.Unprocessable, "archive refused"},
		{"no street file", buildZip(t, entry{"2024-01/2024-01-city-of-london-outcomes.csv", []byte(outcomesCSV)}),
			apperr.Unprocessable, "no police.uk street-level crime file"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.importArchive(t, tt.archive, dir)
			if apperr.Code(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %s mentioning %q", err, tt.code, tt.want)
			}
			if !strings.Contains(err.Error(), "nothing was imported") && !strings.Contains(err.Error(), "not imported") {
				t.Errorf("error %q does not say that nothing was imported", err)
			}
		})
	}
	t.Run("more than the total size limit", func(t *testing.T) {
		e.svc.SetArchiveLimits(ingest.ArchiveLimits{MaxTotalBytes: 300_000, MaxRatio: 100, MaxEntries: 100})
		defer e.svc.SetArchiveLimits(ingest.DefaultArchiveLimits)
		paths := policeUKFiles(t)
		_, err := e.importArchive(t, buildZip(t, monthEntry(t, paths[0]), monthEntry(t, paths[1])), dir)
		if apperr.Code(err) != apperr.TooLarge || !strings.Contains(err.Error(), "more than 300000 bytes uncompressed") {
			t.Fatalf("error %v, want too large", err)
		}
	})
	if n := e.count(t, "incidents"); n != 0 {
		t.Errorf("incidents = %d after hostile archives, want 0", n)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the spool directory holds %d files, want none: nothing from an archive is written", len(left))
	}
	list, _, _ := e.svc.List(context.Background(), ingest.Filter{})
	for _, r := range list {
		if r.Status != ingest.StatusRejected {
			t.Errorf("import %d is %s, want rejected", r.ImportID, r.Status)
		}
	}
}

// TestZipArchiveOfAnotherFormatIsRefused checks that only police.uk files come as archives.
func TestZipArchiveOfAnotherFormatIsRefused(t *testing.T) {
	e := newEnv(t)
	_, err := e.importFile(t, ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe},
		string(buildZip(t, entry{"incidents.csv", []byte(goodPlacesafe())})))
	if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), "archives are read for format policeuk only") {
		t.Errorf("error %v, want a refusal naming the format", err)
	}
}

// TestArchiveProgressListsTheFilesRead follows an import of the twelve months while it runs:
// the report shows the rows read so far and the street files reached.
func TestArchiveProgressListsTheFilesRead(t *testing.T) {
	e := newEnv(t)
	var entries []entry
	for _, p := range policeUKFiles(t) {
		entries = append(entries, monthEntry(t, p))
	}
	archive := buildZip(t, entries...)
	ctx := context.Background()
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all"}
	id, err := e.svc.Create(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.Run(ctx, id, o, bytes.NewReader(archive))
		done <- err
	}()
	seen := 0
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d reports while running showed the files read so far", seen)
			if seen == 0 {
				t.Error("no report while the import ran showed the files read so far")
			}
			rep, _ := e.svc.Get(ctx, id)
			if rep.Status != ingest.StatusDone || len(rep.Files) != 12 || rep.RowsRead != 9992 {
				t.Errorf("final report: %s, %d files, %d rows read; want done, 12 and 9992", rep.Status, len(rep.Files), rep.RowsRead)
			}
			return
		default:
		}
		rep, err := e.svc.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status == ingest.StatusRunning && len(rep.Files) > 0 {
			last := rep.Files[len(rep.Files)-1]
			if last.Status != ingest.StatusRunning || !strings.HasSuffix(last.Name, "-street.csv") || rep.RowsRead < last.RowsRead {
				t.Fatalf("progress %+v, want the street files reached, running", rep.Files)
			}
			seen++
		}
		time.Sleep(time.Millisecond)
	}
}
