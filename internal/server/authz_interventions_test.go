package server_test

// Who writes interventions, reviews them, records consultations and saves analyses; every
// signed-in role reads all of it, since these are the facts inspectors ask about.
const (
	interventionAuthors   = "admin,analyst,partner"
	interventionReviewers = "admin,vrp_lead"
	consultationRecorders = "admin,analyst,vrp_lead,partner"
)

// wantAccessInterventions is the expected access of the routes of interventions,
// consultations, saved analyses and the VRP review.
var wantAccessInterventions = map[string]string{
	"GET /api/v1/interventions":              signedIn,
	"GET /api/v1/interventions.geojson":      signedIn,
	"POST /api/v1/interventions":             interventionAuthors,
	"GET /api/v1/interventions/:id":          signedIn,
	"PATCH /api/v1/interventions/:id":        interventionAuthors,
	"POST /api/v1/interventions/:id/submit":  interventionAuthors,
	"POST /api/v1/interventions/:id/return":  interventionReviewers,
	"POST /api/v1/interventions/:id/approve": interventionReviewers,
	"GET /api/v1/interventions/:id/reviews":  signedIn,

	"GET /api/v1/consultations":        signedIn,
	"POST /api/v1/consultations":       consultationRecorders,
	"GET /api/v1/consultations/:id":    signedIn,
	"PATCH /api/v1/consultations/:id":  consultationRecorders,
	"DELETE /api/v1/consultations/:id": consultationRecorders,

	"GET /api/v1/analyses":            signedIn,
	"POST /api/v1/analyses":           recordLevel,
	"GET /api/v1/analyses/:id":        signedIn,
	"GET /api/v1/analyses/:id/result": signedIn,
}
