package consultation_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role.
type testServer struct {
	*servertest.Server
	db *postgres.DB
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	s := servertest.New(t)
	return &testServer{Server: s, db: s.DB}
}

// send makes a request as role with a JSON body ("" for none) and headers as name, value pairs.
func (ts *testServer) send(t *testing.T, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	return ts.Send(t, role, method, path, body, headers...)
}

// mustSend is send that fails the test unless the status is want.
func (ts *testServer) mustSend(t *testing.T, want int, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	return ts.MustSend(t, want, role, method, path, body, headers...)
}

// exec runs SQL on the test database and returns the id it answers.
func (ts *testServer) insertID(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := ts.db.Pool.QueryRow(t.Context(), sql, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func decode(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("response is not the JSON expected: %v\n%s", err, rec.Body)
	}
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
