package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/auth"
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
	runners := only(auth.RoleAdmin, auth.RoleAnalyst)
	contributors := only(auth.RoleAdmin, auth.RoleAnalyst, auth.RoleVRPLead, auth.RolePartner)
	readers := only(auth.RoleAdmin, auth.RoleAnalyst, auth.RoleVRPLead, auth.RolePartner, auth.RoleInspector)

	// Frameworks (versioned data an admin updates), their lines of enquiry and Annex A templates.
	add(http.MethodGet, "/api/v1/frameworks", h.Frameworks, signedIn, body)
	add(http.MethodGet, "/api/v1/frameworks/:key", h.Framework, signedIn, body)
	add(http.MethodPut, "/api/v1/frameworks/:key", h.SetFramework, only(auth.RoleAdmin), body)
	add(http.MethodGet, "/api/v1/frameworks/:key/lines", h.Lines, signedIn, body)
	add(http.MethodGet, "/api/v1/annex-a-templates/:framework", h.Template, runners, body)
	add(http.MethodPut, "/api/v1/annex-a-templates/:framework", h.SetTemplate, only(auth.RoleAdmin), body)

	// Inspections and their timetable.
	add(http.MethodPost, "/api/v1/inspections", h.Create, runners, body)
	add(http.MethodGet, "/api/v1/inspections", h.List, readers, body)
	add(http.MethodGet, "/api/v1/inspections/:id", h.Get, readers, body)
	add(http.MethodPatch, "/api/v1/inspections/:id", h.Update, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/milestones/:key", h.SetMilestone, runners, body)

	// Preparation before notification (routes_preparation.go).
	s.preparationRoutes(h, runners, contributors, readers)

	// Evidence library, gap analysis and self-assessment.
	add(http.MethodGet, "/api/v1/inspections/:id/evidence", h.ListEvidence, readers, body)
	add(http.MethodPost, "/api/v1/inspections/:id/evidence", h.AddEvidence, contributors, upload)
	add(http.MethodGet, "/api/v1/inspections/:id/evidence/:eid", h.GetEvidence, readers, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/evidence/:eid", h.UpdateEvidence, contributors, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/evidence/:eid", h.DeleteEvidence, runners, body)
	s.addDownload("/api/v1/inspections/:id/evidence/:eid/content", h.Content, readers)
	add(http.MethodGet, "/api/v1/inspections/:id/gaps", h.Gaps, contributors, body)
	add(http.MethodGet, "/api/v1/inspections/:id/self-assessment", h.Assessments, contributors, body)
	add(http.MethodGet, "/api/v1/inspections/:id/self-assessment/:line", h.Assessment, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/self-assessment/:line", h.AddAssessment, contributors, body)

	// Annex A checklist.
	add(http.MethodGet, "/api/v1/inspections/:id/annex-a", h.AnnexA, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/annex-a", h.AddExceptional, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/annex-a/:item", h.UpdateAnnexAItem, contributors, body)
	add(http.MethodGet, "/api/v1/inspections/:id/annex-a/dry-runs", h.DryRuns, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/annex-a/dry-runs", h.RunDryRun, contributors, body)

	// Case sample and audits.
	add(http.MethodGet, "/api/v1/inspections/:id/case-sample", h.CaseSample, runners, body)
	add(http.MethodPost, "/api/v1/inspections/:id/case-sample", h.AddChild, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/case-sample/:child", h.UpdateChild, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/case-sample/:child", h.DeleteChild, runners, body)
	add(http.MethodPut, "/api/v1/inspections/:id/case-sample/:child/audits/:agency", h.SetAudit, runners, body)

	// After the letter: findings and the action plan.
	add(http.MethodGet, "/api/v1/inspections/:id/findings", h.Findings, readers, body)
	add(http.MethodPost, "/api/v1/inspections/:id/findings", h.AddFinding, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/findings/:finding", h.UpdateFinding, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/findings/:finding", h.DeleteFinding, runners, body)
	add(http.MethodGet, "/api/v1/inspections/:id/action-plan", h.ActionPlan, readers, body)
	add(http.MethodPost, "/api/v1/inspections/:id/action-plan", h.AddAction, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/action-plan/:action", h.UpdateAction, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/action-plan/:action", h.DeleteAction, runners, body)
}

// evidenceLimit is the evidence library's document limit: inspection.MaxEvidenceBytes, or
// the upload limit when that is smaller.
func (s *Server) evidenceLimit() int64 {
	return min(int64(inspection.MaxEvidenceBytes), s.cfg.MaxUploadBytes)
}
