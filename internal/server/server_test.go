package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// testServer is the whole HTTP service on a fresh database, with one user and API token per role.
type testServer struct {
	*server.Server
	tokens map[string]string // role → bearer token
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, config.Default())
}

func newTestServerWith(t *testing.T, cfg config.Config) *testServer {
	t.Helper()
	s := servertest.NewWith(t, cfg)
	return &testServer{Server: s.Server, tokens: s.Tokens}
}

// do sends a request as role ("" for no credentials) and returns the recorded response.
func (ts *testServer) do(t *testing.T, role, method, path, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	}
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

// getWithToken sends a GET with token as the bearer token, one that belongs to no role.
func (ts *testServer) getWithToken(path, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if rec := ts.do(t, "", http.MethodGet, path, "", ""); rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, rec.Code, rec.Body)
		}
	}
}

func TestErrorsHaveOneShape(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, role, method, path string
		wantStatus               int
		wantCode                 string
	}{
		{"unknown route", "admin", http.MethodGet, "/api/v1/nothing-here", 404, "not_found"},
		{"no credentials", "", http.MethodGet, "/api/v1/imports", 401, "unauthorized"},
		{"wrong role", "partner", http.MethodGet, "/api/v1/imports", 403, "forbidden"},
		{"bad id", "admin", http.MethodGet, "/api/v1/imports/abc", 400, "invalid"},
		{"missing import", "admin", http.MethodGet, "/api/v1/imports/424242", 404, "not_found"},
		{"bad kind", "admin", http.MethodPost, "/api/v1/imports?kind=people", 400, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, tt.role, tt.method, tt.path, "", "")
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			body := rec.Body.String()
			want := `{"error":{"code":"` + tt.wantCode + `","message":`
			if !strings.HasPrefix(body, want) || !strings.Contains(body, `"details":[`) {
				t.Errorf("body %s does not have the error shape starting %s with details", body, want)
			}
		})
	}
}

func TestBadBearerTokenIsUnauthorized(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.getWithToken("/api/v1/auth/me", "pst_not-a-real-token")
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", rec.Code)
	}
}

func TestSessionCookieNeedsCSRFTokenOnUnsafeMethods(t *testing.T) {
	ts := newTestServer(t)
	login := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json",
		`{"email":"analyst@example.org","password":"correct horse battery"}`)
	if login.Code != http.StatusOK {
		t.Fatalf("login: %d %s", login.Code, login.Body)
	}
	var session, csrf *http.Cookie
	for _, c := range login.Result().Cookies() {
		switch c.Name {
		case auth.SessionCookie:
			session = c
		case auth.CSRFCookie:
			csrf = c
		}
	}
	if session == nil || csrf == nil {
		t.Fatalf("login set cookies %v, want session and csrf", login.Result().Cookies())
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie HttpOnly=%v SameSite=%v, want HttpOnly and Lax", session.HttpOnly, session.SameSite)
	}
	send := func(method, path, csrfHeader string) int {
		req := httptest.NewRequest(method, path, nil)
		req.AddCookie(session)
		if csrfHeader != "" {
			req.Header.Set(auth.CSRFHeader, csrfHeader)
		}
		rec := httptest.NewRecorder()
		ts.Echo.ServeHTTP(rec, req)
		return rec.Code
	}
	if got := send(http.MethodGet, "/api/v1/auth/me", ""); got != http.StatusOK {
		t.Errorf("GET me with cookie = %d, want 200", got)
	}
	if got := send(http.MethodPost, "/api/v1/tokens", ""); got != http.StatusForbidden {
		t.Errorf("POST without CSRF header = %d, want 403", got)
	}
	if got := send(http.MethodPost, "/api/v1/tokens", "wrong"); got != http.StatusForbidden {
		t.Errorf("POST with wrong CSRF header = %d, want 403", got)
	}
	if got := send(http.MethodPost, "/api/v1/tokens", csrf.Value); got != http.StatusCreated {
		t.Errorf("POST with CSRF header = %d, want 201", got)
	}
	if got := send(http.MethodPost, "/api/v1/auth/logout", csrf.Value); got != http.StatusNoContent {
		t.Errorf("logout = %d, want 204", got)
	}
	if got := send(http.MethodGet, "/api/v1/auth/me", ""); got != http.StatusUnauthorized {
		t.Errorf("GET me after logout = %d, want 401", got)
	}
}

func TestWrongPasswordIsRefused(t *testing.T) {
	ts := newTestServer(t)
	for _, body := range []string{
		`{"email":"analyst@example.org","password":"wrong password"}`,
		`{"email":"nobody@example.org","password":"correct horse battery"}`,
	} {
		rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", body)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "email or password is wrong") {
			t.Errorf("login %s = %d %s, want 401 without saying which was wrong", body, rec.Code, rec.Body)
		}
	}
}

func TestRevokedTokenStopsWorking(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	u, err := ts.Auth.UserByEmail(ctx, "partner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	tok, secret, err := ts.Auth.CreateToken(ctx, u.ID, "to revoke")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Auth.RevokeToken(ctx, tok.ID, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Auth.UserByToken(ctx, secret); err == nil {
		t.Error("a revoked token still authenticates")
	}
}
