package analysis_test

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

const (
	cityBoundary = "../ingest/testdata/city-of-london-boundary.geojson"
	march        = "../../../shared/data/policeuk-city-of-london-2024/2024-03-city-of-london-street.csv"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role and
// the City of London as its study area.
type testServer struct {
	*servertest.Server
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	s := servertest.New(t)
	s.SetArea(t, "City of London", cityBoundary)
	return &testServer{s}
}

// importIncidents lands a file of incidents in format and returns the import's id.
func (ts *testServer) importIncidents(t *testing.T, format string, r io.Reader) int64 {
	t.Helper()
	return ts.Import(t, ingest.KindIncidents, format, r).ImportID
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("not the JSON expected: %v\n%s", err, b)
	}
}
