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
}
