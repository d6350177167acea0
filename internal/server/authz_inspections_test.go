package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// Who runs, contributes to and reads a JTAI in placesafe (see routes_inspections.go).
const (
	inspectionRunners      = "admin,analyst"
	inspectionContributors = "admin,analyst,vrp_lead,partner"
	inspectionReaders      = "admin,analyst,vrp_lead,partner,inspector"
)

// wantAccessInspections is the expected access of the inspection workflow's routes.
var wantAccessInspections = map[string]string{
	"GET /api/v1/frameworks":                        signedIn,
	"GET /api/v1/frameworks/:key/lines":             signedIn,
	"GET /api/v1/frameworks/:key":                   signedIn,
	"PUT /api/v1/frameworks/:key":                   adminOnly,
	"GET /api/v1/annex-a-templates/:framework":      inspectionRunners,
	"PUT /api/v1/annex-a-templates/:framework":      adminOnly,
	"POST /api/v1/inspections":                      inspectionRunners,
	"GET /api/v1/inspections":                       inspectionReaders,
	"GET /api/v1/inspections/:id":                   inspectionReaders,
	"PATCH /api/v1/inspections/:id":                 inspectionRunners,
	"PATCH /api/v1/inspections/:id/milestones/:key": inspectionRunners,

	"GET /api/v1/inspections/:id/evidence":                          inspectionReaders,
	"POST /api/v1/inspections/:id/evidence":                         inspectionContributors,
	"GET /api/v1/inspections/:id/evidence/:eid":                     inspectionReaders,
	"PATCH /api/v1/inspections/:id/evidence/:eid":                   inspectionContributors,
	"DELETE /api/v1/inspections/:id/evidence/:eid":                  inspectionRunners,
	"GET /api/v1/inspections/:id/evidence/:eid/content":             inspectionReaders,
	"GET /api/v1/inspections/:id/gaps":                              inspectionContributors,
	"GET /api/v1/inspections/:id/self-assessment":                   inspectionContributors,
	"GET /api/v1/inspections/:id/self-assessment/:line":             inspectionContributors,
	"POST /api/v1/inspections/:id/self-assessment/:line":            inspectionContributors,
	"GET /api/v1/inspections/:id/annex-a":                           inspectionContributors,
	"PATCH /api/v1/inspections/:id/annex-a/:item":                   inspectionContributors,
	"POST /api/v1/inspections/:id/annex-a":                          inspectionRunners,
	"GET /api/v1/inspections/:id/annex-a/dry-runs":                  inspectionContributors,
	"POST /api/v1/inspections/:id/annex-a/dry-runs":                 inspectionContributors,
	"GET /api/v1/inspections/:id/case-sample":                       inspectionRunners,
	"POST /api/v1/inspections/:id/case-sample":                      inspectionRunners,
	"PATCH /api/v1/inspections/:id/case-sample/:child":              inspectionRunners,
	"DELETE /api/v1/inspections/:id/case-sample/:child":             inspectionRunners,
	"PUT /api/v1/inspections/:id/case-sample/:child/audits/:agency": inspectionRunners,
	"GET /api/v1/inspections/:id/findings":                          inspectionReaders,
	"POST /api/v1/inspections/:id/findings":                         inspectionRunners,
	"PATCH /api/v1/inspections/:id/findings/:finding":               inspectionRunners,
	"DELETE /api/v1/inspections/:id/findings/:finding":              inspectionRunners,
	"GET /api/v1/inspections/:id/action-plan":                       inspectionReaders,
	"POST /api/v1/inspections/:id/action-plan":                      inspectionRunners,
	"PATCH /api/v1/inspections/:id/action-plan/:action":             inspectionRunners,
	"DELETE /api/v1/inspections/:id/action-plan/:action":            inspectionRunners,
}

// TestInspectionRoutesAnswerAllowedRoles sends every inspection route, with no body and ids
// that do not exist, as each role allowed to use it: the answer must be the route's own
// refusal of the request (400, 404, 412, 422 or 428), or 200 for a list, never 401, 403 or 500.
func TestInspectionRoutesAnswerAllowedRoles(t *testing.T) {
	ts := newTestServer(t)
	ok := map[int]bool{400: true, 404: true, 412: true, 422: true, 428: true}
	routes := map[string]string{}
	for _, m := range []map[string]string{wantAccessInspections, wantAccessPreparation} {
		for k, v := range m {
			routes[k] = v
		}
	}
	for key, access := range routes {
		method, path, _ := strings.Cut(key, " ")
		path = strings.ReplaceAll(path, ":id", "987654")
		for _, role := range []string{"admin", "analyst", "vrp_lead", "partner", "inspector"} {
			if !allowed(access, role) {
				continue
			}
			rec := ts.do(t, role, method, path, "", "")
			list := method == http.MethodGet && !strings.Contains(path, ":") && !strings.Contains(path, "987654")
			if !ok[rec.Code] && !(list && rec.Code == http.StatusOK) {
				t.Errorf("%s as %s: status %d: %s", key, role, rec.Code, rec.Body)
			}
		}
	}
}
