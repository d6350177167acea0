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

// insertID runs SQL on the test database and returns the id it answers.
func (ts *testServer) insertID(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := ts.DB.Pool.QueryRow(t.Context(), sql, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

// errorBody is the API's error shape.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Field  string `json:"field"`
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}
