package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/placesafe/placesafe/internal/disclosure/disclosuretest"
	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// MustServer returns the service on a fresh database, with the demo borough when withDemo,
// and a serious youth violence inspection of it.
func MustServer(t *testing.T, withDemo bool) (*server.Server, int64) {
	t.Helper()
	var srv *servertest.Server
	if withDemo {
		srv = servertest.NewDemo(t, servertest.DemoOptions)
	} else {
		srv = servertest.New(t)
	}
	in, err := srv.Inspections.Create(context.Background(), inspection.NewInspection{Framework: "serious_youth_violence",
		LocalArea: "Northbridge", NotifiedOn: "2026-11-02"})
	if err != nil {
		t.Fatalf("create inspection: %v", err)
	}
	return srv.Server, in.ID
}

// MustBuild builds inspection id's pack for role, generated at the time given.
func MustBuild(t *testing.T, srv *server.Server, id int64, role string, at time.Time) *export.Pack {
	t.Helper()
	b := srv.PackBuilder()
	b.Now = func() time.Time { return at }
	p, err := b.Build(context.Background(), id, role, nil)
	if err != nil {
		t.Fatalf("build %s pack: %v", role, err)
	}
	return p
}

// opened is a pack read back: every file's bytes, its manifest, and what the ZIP said of its
// entries.
type opened struct {
	files    map[string][]byte
	names    []string // in archive order
	manifest struct {
		GeneratedAt string `json:"generated_at"`
		Role        string `json:"role"`
		Suppression struct {
			Threshold int    `json:"threshold"`
			Applied   bool   `json:"applied"`
			Mark      string `json:"mark"`
		} `json:"suppression"`
		Parameters map[string]any `json:"parameters"`
		Periods    struct {
			Hotspots export.Period `json:"hotspots"`
		} `json:"periods"`
		DataSources []export.DataSource `json:"data_sources"`
		DataAsOf    time.Time           `json:"data_as_of"`
		Tables      []export.TableInfo  `json:"tables"`
		Files       []export.FileInfo   `json:"files"`
	}
	times []time.Time
}

// csv parses the pack's CSV file name whole, header row first.
func (o *opened) csv(t *testing.T, name string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(o.files[name])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// open reads a pack's ZIP, computing each entry's SHA-256 as it reads it.
func open(t *testing.T, zipped []byte) *opened {
	t.Helper()
	o := &opened{files: map[string][]byte{}}
	for _, f := range servertest.ReadZip(t, zipped) {
		if _, dup := o.files[f.Name]; dup {
			t.Errorf("%s is in the ZIP twice", f.Name)
		}
		o.files[f.Name] = f.Data
		o.names = append(o.names, f.Name)
		o.times = append(o.times, f.Modified)
	}
	raw, ok := o.files[export.FileManifest]
	if !ok {
		t.Fatalf("no manifest.json in the pack (files %v)", o.names)
	}
	if err := json.Unmarshal(raw, &o.manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return o
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// withPrefix lists the pack's files under a folder, sorted.
func (o *opened) withPrefix(prefix string) []string {
	var out []string
	for name := range o.files {
		if strings.HasPrefix(name, prefix) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// scanner finds counts between 1 and the threshold less one in every file of a pack, with the
// count fields and words of disclosuretest (written independently of export.IsCountColumn).
type scanner struct {
	disclosuretest.Scanner
}

// scan looks at every count of every file: CSV and XLSX count columns, GeoJSON count
// properties, report.html's elements of class "count", and the sentences of every file.
func (s *scanner) scan(t *testing.T, o *opened) {
	t.Helper()
	for _, name := range o.withPrefix("csv/") {
		s.Table(name, o.csv(t, name))
	}
	x, err := excelize.OpenReader(bytes.NewReader(o.files[export.FileWorkbook]))
	if err != nil {
		t.Fatalf("workbook.xlsx: %v", err)
	}
	defer x.Close()
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatalf("workbook sheet %s: %v", sheet, err)
		}
		s.Table("workbook.xlsx "+sheet, rows)
	}
	for _, name := range append(o.withPrefix("layers/"), export.FileManifest) {
		if err := s.JSON(name, o.files[name]); err != nil {
			t.Fatal(err)
		}
	}
	html := string(o.files[export.FileReport])
	matches := countElement.FindAllStringSubmatch(html, -1)
	if n := strings.Count(html, `class="count"`); n != len(matches) {
		t.Errorf("report.html has %d elements of class count but %d of them are <span class=\"count\">N</span>", n, len(matches))
	}
	for _, m := range matches {
		s.Value("report.html", unescape(m[1]))
	}
	// Sentences are read with table cells kept apart and inline elements joined.
	text := cells.ReplaceAllString(html, " | ")
	s.Text("report.html", unescape(tags.ReplaceAllString(text, "")))
}

var (
	cells = regexp.MustCompile(`</?(td|th|tr|li|p|h[1-6]|div|table|caption)\b[^>]*>`)
	tags  = regexp.MustCompile(`<[^>]*>`)
)

var countElement = regexp.MustCompile(`<span class="count">([^<]*)</span>`)

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(s)
}
