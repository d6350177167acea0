package server_test

// wantAccessEvaluations is the expected access of the evaluation and survey routes.
var wantAccessEvaluations = map[string]string{
	"POST /api/v1/evaluations":                     "admin,analyst,vrp_lead,partner",
	"GET /api/v1/interventions/:id/evaluation":     "admin,analyst,vrp_lead,partner,inspector",
	"GET /api/v1/interventions/:id/evaluation.svg": "admin,analyst,vrp_lead,partner,inspector",
	"GET /api/v1/places/:id/surveys":               "admin,analyst,vrp_lead,partner,inspector",
	"POST /api/v1/places/:id/surveys":              "admin,analyst",
}
