// Package servertest gives tests the whole HTTP service on a fresh database with one user and
// API token per role, and a way to send it requests as a role.
package servertest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/auth/authtest"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/server"
)

// Server is the service under test.
type Server struct {
	*server.Server
	DB     *postgres.DB
	Tokens map[string]string // role → bearer token
}

// New starts the service on a fresh database with the default configuration.
func New(tb testing.TB) *Server {
	tb.Helper()
	return NewWith(tb, config.Default())
}

// NewWith starts the service on a fresh database with cfg.
func NewWith(tb testing.TB, cfg config.Config) *Server {
	tb.Helper()
	db := pgtest.MustOpenDB(tb)
	srv := server.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	tb.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return &Server{Server: srv, DB: db, Tokens: authtest.RoleTokens(tb, srv.Auth)}
}

// DemoOptions are the demo borough the tests of the service, its packs and its command build
// on: three years of data ending with October 2026.
var DemoOptions = demo.Options{Seed: 20241, End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Years: 3, Incidents: 20000}

// NewDemo starts the service on a fresh database holding the demo borough made with o, as
// `serve --demo` loads it: its accounts (one per role) sign in with server.DemoPassword, and
// there are no API tokens.
func NewDemo(tb testing.TB, o demo.Options) *Server {
	tb.Helper()
	db := pgtest.MustOpenDB(tb)
	srv := server.New(config.Default(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	tb.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	LoadDemo(tb, srv, o)
	return &Server{Server: srv, DB: db, Tokens: map[string]string{}}
}

// LoadDemo loads the demo borough made with o into srv, as `serve --demo` does, failing the
// test when it cannot.
func LoadDemo(tb testing.TB, srv *server.Server, o demo.Options) {
	tb.Helper()
	if err := srv.LoadDemo(context.Background(), o, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		tb.Fatalf("load the demo borough: %v", err)
	}
}

// Send makes a request as role with a JSON body ("" for none) and headers given as name,
// value pairs.
func (s *Server) Send(tb testing.TB, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+s.Tokens[role])
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.Echo.ServeHTTP(rec, req)
	return rec
}

// MustSend is Send that fails the test unless the status is want.
func (s *Server) MustSend(tb testing.TB, want int, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	rec := s.Send(tb, role, method, path, body, headers...)
	if rec.Code != want {
		tb.Fatalf("%s %s as %s = %d, want %d: %s", method, path, role, rec.Code, want, rec.Body)
	}
	return rec
}

// SetArea sets the study area to the GeoJSON boundary in file, named name.
func (s *Server) SetArea(tb testing.TB, name, file string) {
	tb.Helper()
	boundary, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := s.Area.Set(context.Background(), name, boundary); err != nil {
		tb.Fatalf("set the study area from %s: %v", file, err)
	}
}

// Import lands the records read from r, of kind (ingest.KindIncidents or KindActivity) in
// format, as one import, failing the test unless it is done.
func (s *Server) Import(tb testing.TB, kind, format string, r io.Reader) *ingest.Report {
	tb.Helper()
	ctx := context.Background()
	o := ingest.Options{Kind: kind, Format: format}
	id, err := s.Imports.Create(ctx, &o)
	if err != nil {
		tb.Fatalf("create %s import: %v", kind, err)
	}
	rep, err := s.Imports.Run(ctx, id, o, r)
	if err != nil || rep.Status != ingest.StatusDone {
		tb.Fatalf("import %s: %v %+v", kind, err, rep)
	}
	return rep
}

// SetBorough makes the demo borough b the study area and imports its records of the given
// kinds (ingest.KindIncidents, KindActivity), without places or interventions.
func (s *Server) SetBorough(tb testing.TB, b *demo.Borough, kinds ...string) {
	tb.Helper()
	var boundary bytes.Buffer
	if err := b.WriteBoundaryGeoJSON(&boundary); err != nil {
		tb.Fatal(err)
	}
	if _, _, err := s.Area.Set(context.Background(), b.Name, boundary.Bytes()); err != nil {
		tb.Fatalf("set the study area to %s: %v", b.Name, err)
	}
	for _, kind := range kinds {
		write := b.WriteIncidentsCSV
		if kind == ingest.KindActivity {
			write = b.WriteActivityCSV
		}
		var csv bytes.Buffer
		if err := write(&csv); err != nil {
			tb.Fatal(err)
		}
		s.Import(tb, kind, ingest.FormatPlacesafe, &csv)
	}
}

// DemoBorough generates the demo borough made with o, failing the test when it cannot.
func DemoBorough(tb testing.TB, o demo.Options) *demo.Borough {
	tb.Helper()
	b, err := demo.Generate(o)
	if err != nil {
		tb.Fatalf("generate the demo borough: %v", err)
	}
	return b
}

// SetDemoBorough generates the demo borough made with o and sets it as SetBorough does,
// importing its records of the given kinds.
func (s *Server) SetDemoBorough(tb testing.TB, o demo.Options, kinds ...string) *demo.Borough {
	tb.Helper()
	b := DemoBorough(tb, o)
	s.SetBorough(tb, b, kinds...)
	return b
}

// InsertID runs sql on the test database and returns the id it answers.
func (s *Server) InsertID(tb testing.TB, sql string, args ...any) int64 {
	tb.Helper()
	var id int64
	if err := s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return id
}

// ZipEntry is one file of a ZIP archive as read.
type ZipEntry struct {
	Name     string
	Modified time.Time
	Data     []byte
}

// ReadZip reads every file of the ZIP archive b, in the archive's order, failing the test when
// b is not a ZIP or a file does not read.
func ReadZip(tb testing.TB, b []byte) []ZipEntry {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatalf("not a ZIP archive: %v", err)
	}
	entries := make([]ZipEntry, len(zr.File))
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatalf("open %s in the ZIP: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("read %s in the ZIP: %v", f.Name, err)
		}
		entries[i] = ZipEntry{Name: f.Name, Modified: f.Modified, Data: data}
	}
	return entries
}

// ZipFiles reads every file of the ZIP archive b by name, failing the test as ReadZip does or
// when the archive names a file twice.
func ZipFiles(tb testing.TB, b []byte) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	for _, e := range ReadZip(tb, b) {
		if _, dup := files[e.Name]; dup {
			tb.Fatalf("%s is in the ZIP twice", e.Name)
		}
		files[e.Name] = e.Data
	}
	return files
}

// ErrorBody is the API's error shape, with the details of a refused body: the field, or the
// feature of a refused GeoJSON file, and the reason.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Field   string `json:"field"`
			Feature int    `json:"feature"`
			Reason  string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

// Decode reads the JSON answer in rec into v, failing the test when it does not read.
func Decode(tb testing.TB, rec *httptest.ResponseRecorder, v any) {
	tb.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		tb.Fatalf("response is not the JSON expected: %v\n%s", err, rec.Body)
	}
}
