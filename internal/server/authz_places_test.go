package server_test

// wantAccessPlaces is the expected access of the places register's routes: every signed-in
// role reads the register, admins and analysts change it, and a place's profile (incident
// counts) goes to the map's readers.
var wantAccessPlaces = map[string]string{
	"GET /api/v1/places":             signedIn,
	"POST /api/v1/places":            recordLevel,
	"POST /api/v1/places/import":     recordLevel,
	"GET /api/v1/places/:id":         signedIn,
	"PATCH /api/v1/places/:id":       recordLevel,
	"DELETE /api/v1/places/:id":      recordLevel,
	"GET /api/v1/places/:id/profile": mapReaders,
	"GET /api/v1/places/summary":     mapReaders,
}
