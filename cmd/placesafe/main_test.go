package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/server"
)

// testConfig is the default configuration on a fresh database (dropped when t ends), listening
// on a free port of the loopback address and spooling into a temporary folder.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DatabaseURL, cfg.Addr, cfg.SpoolDir = pgtest.DatabaseURL(t), "127.0.0.1:0", t.TempDir()
	return cfg
}

// start runs m, with a deadline for its start-up unless timeout is 0, failing the test when it
// does not start; m is closed when the test ends, and a failure to close fails the test. It
// returns the context m runs in.
func start(t *testing.T, m *Main, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), timeout)
	}
	t.Cleanup(cancel)
	if err := m.Run(ctx); err != nil {
		t.Fatalf("run: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return ctx
}

// signInDemo signs in through c to the service at base as the demo account email, with the
// demo password, and returns the status of the answer; c's cookie jar, if any, keeps the session.
func signInDemo(t *testing.T, c *http.Client, base, email string) int {
	t.Helper()
	resp, err := c.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"`+email+`","password":"`+server.DemoPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeDemoOnFreshDatabase runs the service as `serve --demo` does, on a database that does
// not exist yet, and checks it answers ready with the demo borough loaded.
func TestServeDemoOnFreshDatabase(t *testing.T) {
	var out strings.Builder
	m := &Main{Config: testConfig(t), Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Out: &out}
	ctx := start(t, m, 2*time.Minute)
	if want := "placesafe is ready: open http://" + m.Addr() + "/\n"; !strings.HasPrefix(out.String(), want) || !strings.Contains(out.String(), server.DemoPassword) {
		t.Errorf("start-up said %q, want a line %q and the demo accounts", out.String(), want)
	}
	base := "http://" + m.Addr()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d, want 200", resp.StatusCode)
	}
	var incidents, activities int
	if err := m.DB.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM activities)`).
		Scan(&incidents, &activities); err != nil {
		t.Fatal(err)
	}
	if incidents != 20000 || activities < 1000 {
		t.Errorf("demo loaded %d incidents and %d activity records, want 20000 and over 1000", incidents, activities)
	}
	// The demo admin can sign in and read the study area.
	if code := signInDemo(t, http.DefaultClient, base, "admin@northbridge.example"); code != http.StatusOK {
		t.Errorf("demo admin sign-in = %d, want 200", code)
	}
}

// TestUserAddAndTokenCreateOnFreshDatabase runs the two account commands as an operator would.
func TestUserAddAndTokenCreateOnFreshDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.DatabaseURL(t))
	ctx := context.Background()

	var out, errOut bytes.Buffer
	err := run(ctx, []string{"user", "add", "--email", "lead@example.org", "--role", "analyst"},
		strings.NewReader("a long enough password\n"), &out, &errOut)
	if err != nil {
		t.Fatalf("user add: %v (%s)", err, errOut.String())
	}
	out.Reset()
	if err := run(ctx, []string{"token", "create", "--email", "lead@example.org"}, nil, &out, &errOut); err != nil {
		t.Fatalf("token create: %v", err)
	}
	token := strings.TrimSpace(out.String())
	if !strings.HasPrefix(token, "pst_") || strings.Contains(token, " ") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("token create printed %q, want only the token", out.String())
	}

	err = run(ctx, []string{"user", "add", "--email", "x@example.org", "--role", "wizard"}, strings.NewReader("a long enough password\n"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "role") {
		t.Errorf("user add with a bad role: %v, want an error about the role", err)
	}
	if err := run(ctx, []string{"frobnicate"}, nil, &out, &errOut); err == nil {
		t.Error("an unknown command succeeded")
	}
}

// TestImportCommandPrintsSummaryAndFailsOnRejection checks the CLI import's output and exit.
func TestImportCommandPrintsSummaryAndFailsOnRejection(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.DatabaseURL(t))
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"area", "set", "--name", "City of London", "../../internal/ingest/testdata/city-of-london-boundary.geojson"}, nil, &out, &errOut); err != nil {
		t.Fatalf("area set: %v", err)
	}
	out.Reset()
	file := "../../../shared/data/policeuk-city-of-london-2024/2024-03-city-of-london-street.csv"
	if err := run(ctx, []string{"import", "incidents", "--format", "policeuk", "--scope", "all", file}, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v", err)
	}
	var rep struct {
		Status                                             string
		RowsRead, RowsImported, RowsSkipped, RowsDuplicate int64
	}
	if err := json.Unmarshal(out.Bytes(), &struct {
		Status        *string `json:"status"`
		RowsRead      *int64  `json:"rows_read"`
		RowsImported  *int64  `json:"rows_imported"`
		RowsSkipped   *int64  `json:"rows_skipped"`
		RowsDuplicate *int64  `json:"rows_duplicate"`
	}{&rep.Status, &rep.RowsRead, &rep.RowsImported, &rep.RowsSkipped, &rep.RowsDuplicate}); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out.String())
	}
	if rep.Status != "done" || rep.RowsRead != 757 || rep.RowsRead != rep.RowsImported+rep.RowsSkipped+rep.RowsDuplicate {
		t.Errorf("summary %+v, want done with 757 rows read and all accounted for", rep)
	}
	err := run(ctx, []string{"import", "incidents", "--format", "placesafe", file}, nil, &out, &errOut)
	if err == nil {
		t.Error("importing a police.uk file as placesafe format succeeded; want a refusal")
	}

	// The same month in a police.uk archive, whatever the file is called: nothing new, and the
	// file listed.
	archive := filepath.Join(t.TempDir(), "download.bin")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("2024-03/2024-03-city-of-london-street.csv")
	month, _ := os.ReadFile(file)
	w.Write(month)
	zw.Close()
	if err := os.WriteFile(archive, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "incidents", "--format", "policeuk", "--scope", "all", archive}, nil, &out, &errOut); err != nil {
		t.Fatalf("import archive: %v", err)
	}
	var arc struct {
		RowsRead      int64 `json:"rows_read"`
		RowsDuplicate int64 `json:"rows_duplicate"`
		Files         []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out.Bytes(), &arc); err != nil {
		t.Fatalf("archive summary is not JSON: %v\n%s", err, out.String())
	}
	if arc.RowsRead != 757 || arc.RowsDuplicate != rep.RowsImported || len(arc.Files) != 1 || arc.Files[0].Status != "imported" {
		t.Errorf("archive summary %+v, want 757 rows read, the %d imported before as duplicates, one file imported", arc, rep.RowsImported)
	}

	// Redrawn to the City west of lng −0.09, the study area loses the records east of it: the
	// command says how many moved, all of them now outside.
	west := filepath.Join(t.TempDir(), "west.geojson")
	if err := os.WriteFile(west, []byte(`{"type":"Polygon","coordinates":[[[-0.12,51.5],[-0.09,51.5],[-0.09,51.53],[-0.12,51.53],[-0.12,51.5]]]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"area", "set", west}, nil, &out, &errOut); err != nil {
		t.Fatalf("area set west: %v", err)
	}
	var moved, outside int64
	_, said, _ := strings.Cut(out.String(), "moved in or out:")
	if _, err := fmt.Sscanf(said, " %d incidents, 0 activity records, 0 places; now outside it: %d, 0, 0", &moved, &outside); err != nil || moved == 0 || moved != outside || moved >= rep.RowsImported {
		t.Errorf("area set west printed %q (%v); want some but not all of the %d incidents moved, all of them now outside", out.String(), err, rep.RowsImported)
	}
}
