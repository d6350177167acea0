package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/inspection"
)

// inspectionRoutes registers the JTAI workflow's routes. Admins and analysts run an
// inspection: they create it, record its milestones, keep the case sample (children's case
// references are record-level data) and record the letter's findings and the action plan.
// The VRP lead and partners contribute: they add evidence, write the self-assessment, see the
// gaps and work through the Annex A checklist. Inspectors read the inspection, its evidence
// (downloads are audit-logged), the findings and the action plan, and nothing else.
func (s *Server) inspectionRoutes() {
	h := &inspection.Handler{Store: s.Inspections, MaxEvidenceBytes: s.evidenceLimit()}
	add := s.add
	body := s.cfg.MaxBodyBytes
	// A multipart upload carries its form fields and boundaries beside the document.
	upload := h.MaxEvidenceBytes + 1<<20

	// Frameworks (versioned data an admin updates), their lines of enquiry and Annex A templates.
	add(http.MethodGet, "/api/v1/frameworks", h.Frameworks, signedIn, body)
	add(http.MethodGet, "/api/v1/frameworks/:key", h.Framework, signedIn, body)
	add(http.MethodPut, "/api/v1/frameworks/:key", h.SetFramework, admin, body)
	add(http.MethodGet, "/api/v1/frameworks/:key/lines", h.Lines, signedIn, body)
	add(http.MethodGet, "/api/v1/annex-a-templates/:framework", h.Template, recordLevel, body)
	add(http.MethodPut, "/api/v1/annex-a-templates/:framework", h.SetTemplate, admin, body)

	// Inspections and their timetable.
	add(http.MethodPost, "/api/v1/inspections", h.Create, recordLevel, body)
	add(http.MethodGet, "/api/v1/inspections", h.List, everyRole, body)
	add(http.MethodGet, "/api/v1/inspections/:id", h.Get, everyRole, body)
	add(http.MethodPatch, "/api/v1/inspections/:id", h.Update, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/milestones/:key", h.SetMilestone, recordLevel, body)

	// Preparation before notification (routes_preparation.go).
	s.preparationRoutes(h)

	// Evidence library, gap analysis and self-assessment.
	add(http.MethodGet, "/api/v1/inspections/:id/evidence", h.ListEvidence, everyRole, body)
	add(http.MethodPost, "/api/v1/inspections/:id/evidence", h.AddEvidence, partnership, upload)
	add(http.MethodGet, "/api/v1/inspections/:id/evidence/:eid", h.GetEvidence, everyRole, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/evidence/:eid", h.UpdateEvidence, partnership, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/evidence/:eid", h.DeleteEvidence, recordLevel, body)
	s.addDownload("/api/v1/inspections/:id/evidence/:eid/content", h.Content, everyRole)
	add(http.MethodGet, "/api/v1/inspections/:id/gaps", h.Gaps, partnership, body)
	add(http.MethodGet, "/api/v1/inspections/:id/self-assessment", h.Assessments, partnership, body)
	add(http.MethodGet, "/api/v1/inspections/:id/self-assessment/:line", h.Assessment, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/self-assessment/:line", h.AddAssessment, partnership, body)

	// Annex A checklist.
	add(http.MethodGet, "/api/v1/inspections/:id/annex-a", h.AnnexA, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/annex-a", h.AddExceptional, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/annex-a/:item", h.UpdateAnnexAItem, partnership, body)
	add(http.MethodGet, "/api/v1/inspections/:id/annex-a/dry-runs", h.DryRuns, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/annex-a/dry-runs", h.RunDryRun, partnership, body)

	// Case sample and audits.
	add(http.MethodGet, "/api/v1/inspections/:id/case-sample", h.CaseSample, recordLevel, body)
	add(http.MethodPost, "/api/v1/inspections/:id/case-sample", h.AddChild, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/case-sample/:child", h.UpdateChild, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/case-sample/:child", h.DeleteChild, recordLevel, body)
	add(http.MethodPut, "/api/v1/inspections/:id/case-sample/:child/audits/:agency", h.SetAudit, recordLevel, body)

	// After the letter: findings and the action plan.
	add(http.MethodGet, "/api/v1/inspections/:id/findings", h.Findings, everyRole, body)
	add(http.MethodPost, "/api/v1/inspections/:id/findings", h.AddFinding, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/findings/:finding", h.UpdateFinding, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/findings/:finding", h.DeleteFinding, recordLevel, body)
	add(http.MethodGet, "/api/v1/inspections/:id/action-plan", h.ActionPlan, everyRole, body)
	add(http.MethodPost, "/api/v1/inspections/:id/action-plan", h.AddAction, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/action-plan/:action", h.UpdateAction, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/action-plan/:action", h.DeleteAction, recordLevel, body)
}

// evidenceLimit is the evidence library's document limit: inspection.MaxEvidenceBytes, or
// the upload limit when that is smaller.
func (s *Server) evidenceLimit() int64 {
	return min(int64(inspection.MaxEvidenceBytes), s.cfg.MaxUploadBytes)
}
