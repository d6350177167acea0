package consultation_test

import (
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role.
type testServer struct{ *servertest.Server }

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	s := servertest.New(t)
	return &testServer{Server: s}
}
