package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestExportEvidencePackCommand builds the demo borough's pack from the command line as the
// demo partner: the ZIP is written where asked, built for the partner's role, and the summary
// says so.
func TestExportEvidencePackCommand(t *testing.T) {
	srv := servertest.NewDemo(t, servertest.DemoOptions)
	t.Setenv("DATABASE_URL", srv.DB.Pool.Config().ConnString()) // the command opens the same database
	ctx := context.Background()
	in, err := srv.Inspections.Create(ctx, inspection.NewInspection{Framework: "serious_youth_violence", LocalArea: "Northbridge", NotifiedOn: "2026-11-02"})
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "pack.zip")
	var stdout, stderr bytes.Buffer
	args := []string{"export", "evidence-pack", "--inspection", strconv.FormatInt(in.ID, 10), "--email", "partner@northbridge.example", "--out", out}
	if err := run(ctx, args, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export evidence-pack: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"written to " + out, "built for role partner", "suppression applied", "sha256", "demo-incidents.csv", "interventions 5"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("summary does not say %q:\n%s", want, stdout.String())
		}
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the command did not write the pack: %v", err)
	}
	files := servertest.ZipFiles(t, written)
	var manifest struct {
		Role  string `json:"role"`
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if raw, ok := files["manifest.json"]; ok {
		if err := json.Unmarshal(raw, &manifest); err != nil {
			t.Fatal(err)
		}
	}
	if manifest.Role != "partner" || len(manifest.Files) != len(files)-1 {
		t.Errorf("manifest role %q listing %d files of %d in the ZIP; want partner and every other file", manifest.Role, len(manifest.Files), len(files))
	}

	// The write is audit-logged as an export through the API is: with the local area
	// inspected, the file and the rows that left the service.
	var params map[string]any
	var rows int64
	if err := srv.DB.Pool.QueryRow(ctx, `SELECT params, row_count FROM audit_log WHERE action = 'export.evidence_pack.write'
		AND user_email = 'partner@northbridge.example'`).Scan(&params, &rows); err != nil {
		t.Fatalf("the write's audit entry: %v", err)
	}
	if got, want := fmt.Sprint(params["local_areas"]), fmt.Sprintf("[%d]", *in.LocalAreaID); got != want || params["file"] != out || rows <= 0 {
		t.Errorf("audit entry: local_areas %s, file %v, %d rows; want %s, %s and the pack's rows", got, params["file"], rows, want, out)
	}

	var ue *usageError
	if err := run(ctx, []string{"export", "evidence-pack", "--inspection", "1"}, nil, &stdout, &stderr); !errors.As(err, &ue) {
		t.Errorf("export without --email: %v, want a usage error", err)
	}
	if err := run(ctx, []string{"export", "evidence-pack", "--inspection", "9999", "--email", "partner@northbridge.example"}, nil, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "no inspection 9999") {
		t.Errorf("export of a missing inspection: %v, want it named", err)
	}
}
