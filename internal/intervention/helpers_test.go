package intervention_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role.
type testServer struct{ *servertest.Server }

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	s := servertest.New(t)
	return &testServer{Server: s}
}

// addPlace registers a place directly in the table the places register keeps.
func (ts *testServer) addPlace(t *testing.T, kind, name, geometry string, buffer float64) int64 {
	t.Helper()
	return ts.InsertID(t, `INSERT INTO places (kind, name, geojson, buffer_metres)
		VALUES ($1, $2, $3, $4) RETURNING id`, kind, name, geometry, buffer)
}

// importActivity lands an activity CSV (the placesafe format) and returns the import's id.
func (ts *testServer) importActivity(t *testing.T, csv string) int64 {
	t.Helper()
	return ts.Import(t, ingest.KindActivity, ingest.FormatPlacesafe, strings.NewReader(csv)).ImportID
}

// interventionJSON is the part of an intervention's JSON the tests read.
type interventionJSON struct {
	ID            int64    `json:"id"`
	Title         string   `json:"title"`
	Status        string   `json:"status"`
	ReviewStatus  string   `json:"review_status"`
	ReviewComment string   `json:"review_comment"`
	Version       int      `json:"version"`
	Partnership   bool     `json:"partnership"`
	AgencyCount   int      `json:"agency_count"`
	Agencies      []string `json:"agencies"`
	Places        []int64  `json:"places"`
	Analyses      []int64  `json:"analyses"`
	Cost          *float64 `json:"cost"`
	EndDate       *string  `json:"end_date"`
	Dosage        *struct {
		From             string   `json:"from"`
		To               *string  `json:"to"`
		ActivityPartners []string `json:"activity_partners"`
		Sessions         struct {
			N          *int64 `json:"count"`
			Label      string `json:"count_label"`
			Suppressed bool   `json:"suppressed"`
		} `json:"sessions"`
		Minutes       *int64 `json:"minutes"`
		ChildContacts *int64 `json:"child_contacts"`
	} `json:"dosage"`
}

// square is a GeoJSON Polygon of the square with south-west corner lng, lat and side d degrees.
func square(lng, lat, d float64) string {
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]g,%[2]g],[%[3]g,%[2]g],[%[3]g,%[4]g],[%[1]g,%[4]g],[%[1]g,%[2]g]]]}`,
		lng, lat, lng+d, lat+d)
}

// body returns a POST body for an intervention in places, with fields overridden by extra
// (JSON members, e.g. `"status":"active"`).
func body(places []int64, extra ...string) string {
	ids, _ := json.Marshal(places)
	m := map[string]json.RawMessage{
		"title":             json.RawMessage(`"Detached youth work in the park"`),
		"aim":               json.RawMessage(`"Fewer young people hurt in the park after school"`),
		"methodology":       json.RawMessage(`"detached_outreach_youth_work"`),
		"mechanism":         json.RawMessage(`"Trusted adults present when and where young people gather"`),
		"lead_agency":       json.RawMessage(`"youth_justice"`),
		"partners":          json.RawMessage(`["police","voluntary_sector"]`),
		"places":            ids,
		"start_date":        json.RawMessage(`"2024-03-01"`),
		"intended_outcomes": json.RawMessage(`"Fewer violent incidents in the park between 15:00 and 20:00"`),
	}
	for _, e := range extra {
		var one map[string]json.RawMessage
		if err := json.Unmarshal([]byte("{"+e+"}"), &one); err != nil {
			panic(err)
		}
		for k, v := range one {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func etag(rec *httptest.ResponseRecorder) string { return rec.Header().Get("ETag") }
