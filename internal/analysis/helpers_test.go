package analysis_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

const (
	cityBoundary = "../ingest/testdata/city-of-london-boundary.geojson"
	march        = "../../../shared/data/policeuk-city-of-london-2024/2024-03-city-of-london-street.csv"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role and
// the City of London as its study area.
type testServer struct {
	*server.Server
	ts     *servertest.Server
	tokens map[string]string // role → bearer token
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	s := servertest.New(t)
	s.SetArea(t, "City of London", cityBoundary)
	return &testServer{Server: s.Server, ts: s, tokens: s.Tokens}
}

// importIncidents lands a file of incidents in format and returns the import's id.
func (ts *testServer) importIncidents(t *testing.T, format string, r io.Reader) int64 {
	t.Helper()
	return ts.ts.Import(t, ingest.KindIncidents, format, r).ImportID
}

func (ts *testServer) send(t *testing.T, role, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

func (ts *testServer) mustSend(t *testing.T, want int, role, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := ts.send(t, role, method, path, body)
	if rec.Code != want {
		t.Fatalf("%s %s as %s = %d, want %d: %s", method, path, role, rec.Code, want, rec.Body)
	}
	return rec
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("not the JSON expected: %v\n%s", err, b)
	}
}
