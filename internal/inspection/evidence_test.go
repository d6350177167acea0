package inspection_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/config"
)

type evidenceBody struct {
	ID          int64    `json:"id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Filename    string   `json:"filename"`
	ContentType string   `json:"content_type"`
	SizeBytes   int64    `json:"size_bytes"`
	SHA256      string   `json:"sha256"`
	QAStatus    string   `json:"qa_status"`
	Lines       []string `json:"lines"`
	Version     int      `json:"version"`
}

// A minimal PDF: http.DetectContentType needs only the "%PDF-" signature.
const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func docx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (e *env) upload(t *testing.T, role string, inspection int64, query, content string) *evidenceBody {
	t.Helper()
	var ev evidenceBody
	e.must(t, http.StatusCreated, req{role: role, method: http.MethodPost,
		path: "/api/v1/inspections/" + itoa(inspection) + "/evidence?" + query, body: content, contentType: "application/octet-stream"}, &ev)
	return &ev
}

func TestEvidenceDocuments(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID) + "/evidence"

	// A raw upload: type sniffed from the bytes, SHA-256 stored, a draft.
	ev := e.upload(t, "partner", in.ID, "title=Problem+profile&filename=profile.pdf&owner_agency=vrp_vru&lines=pas_q1,syv_intelligence", pdf)
	sum := sha256.Sum256([]byte(pdf))
	if ev.Kind != "document" || ev.ContentType != "application/pdf" || ev.SHA256 != hex.EncodeToString(sum[:]) ||
		ev.SizeBytes != int64(len(pdf)) || ev.QAStatus != "draft" || strings.Join(ev.Lines, ",") != "pas_q1,syv_intelligence" {
		t.Errorf("uploaded %+v", ev)
	}
	// The same bytes again are the same document.
	e.refused(t, 409, req{role: "analyst", method: http.MethodPost, path: base + "?title=Again&owner_agency=police", body: pdf,
		contentType: "application/pdf"}, "already evidence")

	// Download: the same bytes, as an attachment, audit-logged.
	rec := e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: base + "/" + itoa(ev.ID) + "/content"}, nil)
	if rec.Body.String() != pdf || rec.Header().Get("Content-Type") != "application/pdf" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), `attachment; filename=profile.pdf`) {
		t.Errorf("download %q %v", rec.Body.String()[:8], rec.Header())
	}
	var log struct {
		Entries []struct {
			UserEmail string         `json:"user_email"`
			Resource  string         `json:"resource"`
			Params    map[string]any `json:"params"`
		} `json:"entries"`
	}
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodGet, path: "/api/v1/audit?action=evidence.download"}, &log)
	if len(log.Entries) != 1 || log.Entries[0].UserEmail != "inspector@example.org" || log.Entries[0].Params["sha256"] != ev.SHA256 {
		t.Errorf("download audit log %+v, want one line for the inspector's download", log.Entries)
	}

	// Multipart: a Word document recognised from its parts, whatever its name says.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("title", "Serious violence strategy")
	_ = mw.WriteField("owner_agency", "community_safety")
	_ = mw.WriteField("lines", "syv_prevention")
	_ = mw.WriteField("lines", "pas_q2")
	fw, _ := mw.CreateFormFile("file", "strategy.bin")
	_, _ = fw.Write(docx(t))
	_ = mw.Close()
	var word evidenceBody
	e.must(t, http.StatusCreated, req{role: "vrp_lead", method: http.MethodPost, path: base, body: body.String(), contentType: mw.FormDataContentType()}, &word)
	if word.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || word.Filename != "strategy.bin" || len(word.Lines) != 2 {
		t.Errorf("multipart upload %+v", word)
	}

	// CSV is text; its name says which kind.
	csv := e.upload(t, "analyst", in.ID, "title=Weapons+sweeps&filename=sweeps.csv&owner_agency=police", "date,place,found\n2024-01-05,Town park,2\n")
	if csv.ContentType != "text/csv; charset=utf-8" {
		t.Errorf("csv content type %q", csv.ContentType)
	}

	// Refused: HTML (it would run in a browser), old binary Office files, a plain ZIP, empty,
	// a line of another framework, an unknown agency, a personal-data field in a link.
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Page&owner_agency=police", body: "<!DOCTYPE html><html><script>alert(1)</script></html>", contentType: "text/html"}, "text/html")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Old&owner_agency=police", body: "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 600), contentType: "application/msword"}, "accepted: PDF")
	var plain bytes.Buffer
	zw := zip.NewWriter(&plain)
	w, _ := zw.Create("notes.txt")
	_, _ = w.Write([]byte("x"))
	_ = zw.Close()
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Zip&owner_agency=police", body: plain.String(), contentType: "application/zip"}, "not a Word, Excel or PowerPoint")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Empty&owner_agency=police", contentType: "application/pdf"}, "empty")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Mash&owner_agency=police&lines=fd_mash", body: pdf + " ", contentType: "application/pdf"}, `"fd_mash"`)
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "?title=Mash&owner_agency=the_council", body: pdf + " ", contentType: "application/pdf"}, "owner_agency")
	e.refused(t, 404, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/424242/evidence?title=X&owner_agency=police", body: pdf + " ", contentType: "application/pdf"}, "no inspection")
}

func TestEvidenceSizeLimit(t *testing.T) {
	cfg := config.Default()
	cfg.MaxUploadBytes = 1024 // smaller than the library's own limit, so it applies
	e := newEnvWith(t, cfg)
	in := e.create(t, "serious_youth_violence", "2024-03-18")
	big := pdf + strings.Repeat("x", 1100)
	e.refused(t, 413, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(in.ID) + "/evidence?title=Big&owner_agency=police",
		body: big, contentType: "application/pdf"}, "1024-byte limit")
	e.upload(t, "analyst", in.ID, "title=Small&owner_agency=police", pdf)
}

func TestEvidenceLinksQualityAssuranceAndGaps(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID) + "/evidence"

	var link evidenceBody
	e.must(t, http.StatusCreated, req{role: "partner", method: http.MethodPost, path: base,
		body: `{"title":"Park safety walk","url":"https://example.org/walk","owner_agency":"voluntary_sector","lines":["pas_q3"]}`}, &link)
	if link.Kind != "link" || link.URL != "https://example.org/walk" || link.Version != 1 {
		t.Errorf("link %+v", link)
	}
	e.refused(t, 422, req{role: "partner", method: http.MethodPost, path: base, body: `{"title":"FTP","url":"ftp://example.org/x","owner_agency":"police"}`}, "http or https")
	e.refused(t, 422, req{role: "partner", method: http.MethodPost, path: base, body: `{"title":"Creds","url":"https://me:pw@example.org/","owner_agency":"police"}`}, "password")
	e.refused(t, 404, req{role: "partner", method: http.MethodGet, path: base + "/" + itoa(link.ID) + "/content"}, "is a link")

	item := base + "/" + itoa(link.ID)
	patch := func(role, etag, body string) req {
		return req{role: role, method: http.MethodPatch, path: item, body: body, ifMatch: etag}
	}
	e.refused(t, 428, patch("analyst", "", `{"qa_status":"quality_assured"}`), "If-Match")
	e.refused(t, 412, patch("analyst", `"7"`, `{"qa_status":"quality_assured"}`), "version 1")
	e.refused(t, 422, patch("analyst", `"1"`, `{"qa_status":"approved"}`), "through quality_assured")
	e.refused(t, 403, patch("partner", `"1"`, `{"qa_status":"quality_assured"}`), "vrp_lead")
	// A partner edits drafts' details; the VRP lead quality-assures; only admin or analyst approve.
	e.must(t, http.StatusOK, patch("partner", `"1"`, `{"lines":["pas_q3","syv_engagement"]}`), &link)
	e.must(t, http.StatusOK, patch("vrp_lead", `"2"`, `{"qa_status":"quality_assured"}`), &link)
	e.refused(t, 403, patch("partner", `"3"`, `{"title":"Renamed"}`), "quality_assured")
	e.refused(t, 403, patch("vrp_lead", `"3"`, `{"qa_status":"approved"}`), "admin, analyst")

	var gaps struct {
		Lines   int `json:"lines"`
		Covered int `json:"covered"`
		Gaps    []struct {
			Line     struct{ Key string } `json:"line"`
			Evidence map[string]int       `json:"evidence"`
		} `json:"gaps"`
	}
	gapsPath := "/api/v1/inspections/" + itoa(in.ID) + "/gaps"
	e.must(t, http.StatusOK, req{role: "vrp_lead", method: http.MethodGet, path: gapsPath}, &gaps)
	if gaps.Lines != 14 || gaps.Covered != 0 || len(gaps.Gaps) != 14 {
		t.Errorf("before approval: %d lines, %d covered, %d gaps; want 14, 0, 14", gaps.Lines, gaps.Covered, len(gaps.Gaps))
	}
	for _, g := range gaps.Gaps {
		if g.Line.Key == "pas_q3" && g.Evidence["quality_assured"] != 1 {
			t.Errorf("pas_q3 evidence %v, want one quality-assured", g.Evidence)
		}
	}
	var rec = e.must(t, http.StatusOK, patch("analyst", `"3"`, `{"qa_status":"approved"}`), &link)
	if link.QAStatus != "approved" || rec.Header().Get("ETag") != `"4"` {
		t.Errorf("approved: %+v ETag %s", link, rec.Header().Get("ETag"))
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: gapsPath}, &gaps)
	if gaps.Covered != 2 || len(gaps.Gaps) != 12 {
		t.Errorf("after approval: %d covered, %d gaps; want 2 and 12", gaps.Covered, len(gaps.Gaps))
	}
	for _, g := range gaps.Gaps {
		if g.Line.Key == "pas_q3" || g.Line.Key == "syv_engagement" {
			t.Errorf("%s is still a gap", g.Line.Key)
		}
	}

	var list struct {
		Evidence []evidenceBody `json:"evidence"`
		Total    int            `json:"total"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: base + "?line=pas_q3&qa_status=approved"}, &list)
	if list.Total != 1 || list.Evidence[0].ID != link.ID {
		t.Errorf("filtered list %+v", list)
	}
	e.must(t, http.StatusNoContent, req{role: "admin", method: http.MethodDelete, path: item}, nil)
	e.refused(t, 404, req{role: "inspector", method: http.MethodGet, path: item}, "no evidence")
}

func TestSelfAssessmentKeepsHistory(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/self-assessment"
	e.must(t, http.StatusCreated, req{role: "partner", method: http.MethodPost, path: path + "/pas_q5", body: `{"narrative":"No evaluation yet.","rag":"red"}`}, nil)
	var la struct {
		Current struct {
			Version int
			RAG     string
		} `json:"current"`
		Versions int `json:"versions"`
		History  []struct {
			Version   int
			Narrative string
		} `json:"history"`
	}
	e.must(t, http.StatusCreated, req{role: "vrp_lead", method: http.MethodPost, path: path + "/pas_q5", body: `{"narrative":"Before–after with a comparison area.","rag":"amber"}`}, &la)
	if la.Current.Version != 2 || la.Current.RAG != "amber" || la.Versions != 2 || len(la.History) != 2 || la.History[1].Narrative != "No evaluation yet." {
		t.Errorf("after two versions: %+v", la)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: path + "/pas_q5"}, &la)
	if la.Versions != 2 || len(la.History) != 2 {
		t.Errorf("GET one line %+v", la)
	}
	var all struct {
		Lines []struct {
			Line    struct{ Key string }  `json:"line"`
			Current *struct{ RAG string } `json:"current"`
		} `json:"lines"`
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: path}, &all)
	rated := 0
	for _, l := range all.Lines {
		if l.Current != nil {
			rated++
		}
	}
	if len(all.Lines) != 14 || rated != 1 {
		t.Errorf("%d lines, %d rated; want 14 and 1", len(all.Lines), rated)
	}
	e.refused(t, 422, req{role: "partner", method: http.MethodPost, path: path + "/pas_q5", body: `{"narrative":"x","rag":"blue"}`}, "red, amber or green")
	e.refused(t, 404, req{role: "partner", method: http.MethodPost, path: path + "/fd_mash", body: `{"narrative":"x","rag":"red"}`}, "fd_mash")
}
