package server_test

// wantAccessPreparation is the expected access of the routes of preparation, people and
// meetings (routes_preparation.go).
var wantAccessPreparation = map[string]string{
	"POST /api/v1/inspections/:id/notification": inspectionRunners,
	"GET /api/v1/inspections/:id/readiness":     inspectionContributors,

	"GET /api/v1/inspections/:id/audit-rounds":                                     inspectionRunners,
	"POST /api/v1/inspections/:id/audit-rounds":                                    inspectionRunners,
	"GET /api/v1/inspections/:id/audit-rounds/:round":                              inspectionRunners,
	"PATCH /api/v1/inspections/:id/audit-rounds/:round":                            inspectionRunners,
	"POST /api/v1/inspections/:id/audit-rounds/:round/cases":                       inspectionRunners,
	"PUT /api/v1/inspections/:id/audit-rounds/:round/cases/:case/gradings/:agency": inspectionRunners,

	"GET /api/v1/inspections/:id/people":               inspectionContributors,
	"POST /api/v1/inspections/:id/people":              inspectionRunners,
	"PATCH /api/v1/inspections/:id/people/:person":     inspectionRunners,
	"DELETE /api/v1/inspections/:id/people/:person":    inspectionRunners,
	"GET /api/v1/inspections/:id/meetings":             inspectionContributors,
	"POST /api/v1/inspections/:id/meetings":            inspectionRunners,
	"GET /api/v1/inspections/:id/meetings/:meeting":    inspectionContributors,
	"PATCH /api/v1/inspections/:id/meetings/:meeting":  inspectionRunners,
	"DELETE /api/v1/inspections/:id/meetings/:meeting": inspectionRunners,

	"GET /api/v1/inspections/:id/fieldwork":                    inspectionContributors,
	"POST /api/v1/inspections/:id/fieldwork/log":               inspectionRunners,
	"DELETE /api/v1/inspections/:id/fieldwork/log/:entry":      inspectionRunners,
	"GET /api/v1/inspections/:id/accuracy-comments":            inspectionContributors,
	"POST /api/v1/inspections/:id/accuracy-comments":           inspectionContributors,
	"PATCH /api/v1/inspections/:id/accuracy-comments/:comment": inspectionRunners,
}
