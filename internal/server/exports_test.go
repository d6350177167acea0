package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

type exportJob struct {
	ExportID     int64  `json:"export_id"`
	InspectionID int64  `json:"inspection_id"`
	Role         string `json:"role"`
	Status       string `json:"status"`
	Progress     struct {
		Done  int    `json:"done"`
		Total int    `json:"total"`
		Step  string `json:"step"`
	} `json:"progress"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	Filename string `json:"filename"`
	Error    string `json:"error"`
}

// TestEvidencePackOverHTTP builds a pack of the demo borough as the inspector: 202 with a
// Location, polled until done, downloaded as a ZIP whose checksum the job gives, read only by
// its requester (and admins), and every step audit-logged.
func TestEvidencePackOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	servertest.LoadDemo(t, ts.Server, servertest.DemoOptions)
	rec := ts.do(t, "analyst", http.MethodPost, "/api/v1/inspections", "application/json",
		`{"framework":"serious_youth_violence","local_area":"Northbridge","notified_on":"2026-11-02"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create inspection: %d %s", rec.Code, rec.Body)
	}
	var in struct{ ID int64 }
	decode(t, rec.Body.Bytes(), &in)

	rec = ts.do(t, "inspector", http.MethodPost, fmt.Sprintf("/api/v1/inspections/%d/evidence-pack", in.ID), "", "")
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST evidence-pack = %d %s, want 202", rec.Code, rec.Body)
	}
	var job exportJob
	decode(t, rec.Body.Bytes(), &job)
	loc := rec.Header().Get("Location")
	if job.Status != "running" || job.ExportID == 0 || loc != fmt.Sprintf("/api/v1/exports/%d", job.ExportID) || job.Role != "inspector" {
		t.Fatalf("202 body %s with Location %q: want a running export for the inspector and its location", rec.Body, loc)
	}

	deadline := time.Now().Add(15 * time.Second)
	for job.Status == "running" {
		if time.Now().After(deadline) {
			t.Fatalf("export still running after 15 s: %+v", job)
		}
		time.Sleep(50 * time.Millisecond)
		rec = ts.do(t, "inspector", http.MethodGet, loc, "", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d %s", loc, rec.Code, rec.Body)
		}
		job = exportJob{}
		decode(t, rec.Body.Bytes(), &job)
		if job.Progress.Total == 0 || job.Progress.Done > job.Progress.Total {
			t.Fatalf("progress %+v is not steps done of a total", job.Progress)
		}
	}
	if job.Status != "done" || job.Progress.Done != job.Progress.Total || job.Size == 0 {
		t.Fatalf("export ended %+v, want done with every step and a size", job)
	}

	rec = ts.do(t, "inspector", http.MethodGet, loc+"/download", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("download = %d %s", rec.Code, rec.Body)
	}
	wantName := fmt.Sprintf("placesafe-evidence-pack-%d-", in.ID)
	if ct, cd := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"); ct != "application/zip" ||
		!strings.HasPrefix(cd, `attachment; filename="`+wantName) || !strings.HasSuffix(cd, `.zip"`) || !strings.Contains(cd, job.Filename) {
		t.Errorf("download Content-Type %q, Content-Disposition %q; want application/zip, attachment %s<date>.zip", ct, cd, wantName)
	}
	body := rec.Body.Bytes()
	if s := sha256.Sum256(body); hex.EncodeToString(s[:]) != job.SHA256 || int64(len(body)) != job.Size {
		t.Errorf("downloaded %d bytes that do not match the job's size %d and sha256 %s", len(body), job.Size, job.SHA256)
	}
	var manifest packManifest
	if raw, ok := servertest.ZipFiles(t, body)["manifest.json"]; ok {
		if err := json.Unmarshal(raw, &manifest); err != nil {
			t.Fatal(err)
		}
	}
	if manifest.Role != "inspector" || !manifest.Suppression.Applied {
		t.Errorf("manifest says role %q, suppression applied %v; want inspector, true", manifest.Role, manifest.Suppression.Applied)
	}

	for role, want := range map[string]int{"admin": 200, "analyst": 404, "partner": 404, "vrp_lead": 404} {
		if got := ts.do(t, role, http.MethodGet, loc+"/download", "", "").Code; got != want {
			t.Errorf("download as %s = %d, want %d", role, got, want)
		}
	}

	rec = ts.do(t, "admin", http.MethodGet, "/api/v1/audit?action=export.&limit=50", "", "")
	var log struct {
		Entries []struct {
			UserEmail string         `json:"user_email"`
			Action    string         `json:"action"`
			Resource  string         `json:"resource"`
			Params    map[string]any `json:"params"`
			RowCount  *int64         `json:"row_count"`
		} `json:"entries"`
	}
	decode(t, rec.Body.Bytes(), &log)
	seen := map[string]int{}
	for _, e := range log.Entries {
		if e.Resource != loc {
			continue
		}
		seen[e.Action+" by "+e.UserEmail]++
		if e.Params["inspection_id"] != float64(in.ID) || e.Params["role"] != "inspector" || e.Params["res"] != 9.0 {
			t.Errorf("audit %s params %v, want the inspection, role and parameters", e.Action, e.Params)
		}
		if e.Action != "export.evidence_pack.start" && (e.RowCount == nil || *e.RowCount == 0 || e.Params["row_counts"] == nil) {
			t.Errorf("audit %s has no row counts: %v %v", e.Action, e.RowCount, e.Params)
		}
	}
	for _, want := range []string{"export.evidence_pack.start by inspector@example.org", "export.evidence_pack.build by inspector@example.org",
		"export.evidence_pack.download by inspector@example.org", "export.evidence_pack.download by admin@example.org"} {
		if seen[want] != 1 {
			t.Errorf("audit log has %d entries %q, want 1 (seen %v)", seen[want], want, seen)
		}
	}
}

// TestExportCutOffByRestartFails marks a build left running by a stopped process failed, and
// its download is refused with the reason.
func TestExportCutOffByRestartFails(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	in, err := ts.Inspections.Create(ctx, inspectionInput())
	if err != nil {
		t.Fatal(err)
	}
	u, err := ts.Auth.UserByEmail(ctx, "partner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := ts.Exports.Builder.Pool.QueryRow(ctx, `INSERT INTO exports (inspection_id, requested_by, role, status)
		VALUES ($1, $2, 'partner', 'running') RETURNING id`, in.ID, u.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if n, err := ts.Exports.FailInterrupted(ctx); err != nil || n != 1 {
		t.Fatalf("FailInterrupted = %d, %v; want 1", n, err)
	}
	var job exportJob
	rec := ts.do(t, "partner", http.MethodGet, fmt.Sprintf("/api/v1/exports/%d", id), "", "")
	decode(t, rec.Body.Bytes(), &job)
	if job.Status != "failed" || !strings.Contains(job.Error, "restart") {
		t.Errorf("export after restart %+v, want failed saying why", job)
	}
	rec = ts.do(t, "partner", http.MethodGet, fmt.Sprintf("/api/v1/exports/%d/download", id), "", "")
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "restart") {
		t.Errorf("download of a failed export = %d %s, want 409 saying why", rec.Code, rec.Body)
	}
}

func inspectionInput() inspection.NewInspection {
	return inspection.NewInspection{Framework: "serious_youth_violence", LocalArea: "Northbridge", NotifiedOn: "2026-11-02"}
}

// TestInspectorsCopyIsBuiltAndRecorded: the JTAI lead (an analyst) builds the copy of the pack
// that may go to the inspectors, protected as for the inspector role, and the record says with
// whom it was shared.
func TestInspectorsCopyIsBuiltAndRecorded(t *testing.T) {
	ts := demoServer(t)
	var in struct {
		Inspections []struct{ ID int64 } `json:"inspections"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/inspections", ""), &in)
	start := fmt.Sprintf("/api/v1/inspections/%d/evidence-pack", in.Inspections[0].ID)
	for _, tt := range []struct {
		role, body string
		want       int
	}{
		{"partner", `{"copy_for":"inspector","shared_with":"HMI lead"}`, http.StatusForbidden},
		{"analyst", `{"copy_for":"analyst","shared_with":"HMI lead"}`, http.StatusBadRequest},
		{"analyst", `{"copy_for":"inspector"}`, http.StatusBadRequest},
	} {
		if rec := ts.Send(t, tt.role, http.MethodPost, start, tt.body); rec.Code != tt.want {
			t.Errorf("%s %s: %d %s, want %d", tt.role, tt.body, rec.Code, rec.Body, tt.want)
		}
	}
	var job exportJob
	servertest.Decode(t, ts.MustSend(t, http.StatusAccepted, "analyst", http.MethodPost, start, `{"copy_for":"inspector","shared_with":"Ofsted lead inspector"}`), &job)
	if job.Role != "inspector" {
		t.Errorf("the copy is built for %q, want inspector", job.Role)
	}
	deadline := time.Now().Add(60 * time.Second)
	for job.Status == "running" && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/exports/%d", job.ExportID), ""), &job)
	}
	if job.Status != "done" {
		t.Fatalf("the copy ended %q: %s", job.Status, job.Error)
	}
	zip := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/exports/%d/download", job.ExportID), "").Body.Bytes()
	files := servertest.ZipFiles(t, zip)
	var m packManifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil || m.Role != "inspector" || !m.Suppression.Applied {
		t.Errorf("manifest of the copy: role %q, protection applied %v (%v)", m.Role, m.Suppression.Applied, err)
	}
	var n int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log
		WHERE action = 'export.evidence_pack.share' AND params->>'shared_with' = 'Ofsted lead inspector' AND params->>'copy_for' = 'inspector'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d audit lines recording the share (%v), want 1", n, err)
	}
}

// packManifest is what the tests read of an evidence pack's manifest.json.
type packManifest struct {
	Role        string `json:"role"`
	Suppression struct {
		Applied bool `json:"applied"`
	} `json:"suppression"`
}
