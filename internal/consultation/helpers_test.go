package consultation_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/auth/authtest"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/server"
)

// testServer is the whole HTTP service on a fresh database, with one API token per role.
type testServer struct {
	*server.Server
	db     *postgres.DB
	tokens map[string]string // role → bearer token
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	srv := server.New(config.Default(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	ts := &testServer{Server: srv, db: db, tokens: map[string]string{}}
	ts.tokens = authtest.RoleTokens(t, srv.Auth)
	return ts
}

// send makes a request as role with a JSON body ("" for none) and headers as name, value pairs.
func (ts *testServer) send(t *testing.T, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

func (ts *testServer) mustSend(t *testing.T, want int, role, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	rec := ts.send(t, role, method, path, body, headers...)
	if rec.Code != want {
		t.Fatalf("%s %s as %s = %d, want %d: %s", method, path, role, rec.Code, want, rec.Body)
	}
	return rec
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
