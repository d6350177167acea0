package place_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// env is the whole service on a fresh database whose study area is the City of London, with
// one user and API token per role.
type env struct {
	ts     *servertest.Server
	srv    *server.Server
	tokens map[string]string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := servertest.New(t)
	s.SetArea(t, "City of London", "testdata/city-of-london-boundary.geojson")
	return &env{ts: s, srv: s.Server, tokens: s.Tokens}
}

// do sends a request as role, always marked as JSON, with the body and headers given as
// name, value pairs.
func (e *env) do(t *testing.T, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	return e.ts.Send(t, role, method, path, body, append([]string{"Content-Type", "application/json"}, headers...)...)
}

// must sends a request and fails unless it answers want; it decodes the answer into out.
func (e *env) must(t *testing.T, want int, role, method, path, body string, out any, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	rec := e.do(t, role, method, path, body, headers...)
	if rec.Code != want {
		t.Fatalf("%s %s as %s = %d, want %d: %s", method, path, role, rec.Code, want, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec
}

// importRecords imports a placesafe CSV of kind (ingest.KindIncidents or KindActivity).
func (e *env) importRecords(t *testing.T, kind, csv string) {
	t.Helper()
	if rep := e.ts.Import(t, kind, ingest.FormatPlacesafe, strings.NewReader(csv)); rep.RowsSkipped > 0 {
		t.Fatalf("import %s skipped %d rows: %v", kind, rep.RowsSkipped, rep.Skipped)
	}
}

// count runs a count query.
func (e *env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.srv.Places.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// apiError is the error shape of the API.
type apiError = servertest.ErrorBody

// feature is a place as the API answers it.
type feature struct {
	Type       string          `json:"type"`
	ID         int64           `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties struct {
		Kind         string  `json:"kind"`
		Name         string  `json:"name"`
		Owner        string  `json:"owner"`
		Notes        string  `json:"notes"`
		BufferMetres float64 `json:"buffer_metres"`
		Source       string  `json:"source"`
		OSMID        string  `json:"osm_id"`
		Version      int     `json:"version"`
	} `json:"properties"`
}

// placeBody is a Feature for POST /api/v1/places.
func placeBody(kind, name, geometry string, extra ...string) string {
	props := `"kind":"` + kind + `","name":"` + name + `"`
	for _, x := range extra {
		props += "," + x
	}
	return `{"type":"Feature","geometry":` + geometry + `,"properties":{` + props + `}}`
}

// create registers a place through the API as an analyst and returns it.
func (e *env) create(t *testing.T, kind, name, geometry string, extra ...string) feature {
	t.Helper()
	var f feature
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places", placeBody(kind, name, geometry, extra...), &f)
	return f
}
