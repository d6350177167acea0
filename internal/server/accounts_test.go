package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/auth/authtest"
)

// browser is a signed-in browser session: its cookie and CSRF token.
type browser struct{ session, csrf string }

func signIn(t *testing.T, ts *testServer, email, password string) browser {
	t.Helper()
	rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody(email, password))
	if rec.Code != http.StatusOK {
		t.Fatalf("sign in as %s = %d %s", email, rec.Code, rec.Body)
	}
	return sessionOf(rec)
}

// sessionOf returns the browser that a successful sign-in or OpenID Connect callback signed
// in, from the cookies it set.
func sessionOf(rec *httptest.ResponseRecorder) browser {
	var b browser
	for _, ck := range rec.Result().Cookies() {
		switch ck.Name {
		case auth.SessionCookie:
			b.session = ck.Value
		case auth.CSRFCookie:
			b.csrf = ck.Value
		}
	}
	return b
}

// send makes a request with the browser's cookies.
func (b browser) send(ts *testServer, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.session})
	req.Header.Set(auth.CSRFHeader, b.csrf)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

func TestWeakPasswordsAreRefused(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, password string
		want           int
	}{
		{"ten spaces", "          ", http.StatusBadRequest},
		{"one letter ten times", "aaaaaaaaaa", http.StatusBadRequest},
		{"a common password", "password123", http.StatusBadRequest},
		{"the e-mail itself", "weak.user@example.org", http.StatusBadRequest},
		{"too short", "Xk4!pq", http.StatusBadRequest},
		{"a phrase of unrelated words", "quiet violet kettle 42", http.StatusCreated},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := fmt.Sprintf("weak.user%d@example.org", i)
			if tt.name == "the e-mail itself" {
				tt.password = email
			}
			body, _ := json.Marshal(map[string]string{"email": email, "role": "partner", "password": tt.password})
			if rec := ts.do(t, "admin", http.MethodPost, "/api/v1/users", "application/json", string(body)); rec.Code != tt.want {
				t.Errorf("create user with %q = %d %s, want %d", tt.password, rec.Code, rec.Body, tt.want)
			}
		})
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	ts := newTestServer(t)
	const email, next = "analyst@example.org", "amber lantern orchard 77"
	here := signIn(t, ts, email, authtest.Password)
	elsewhere := signIn(t, ts, email, authtest.Password)

	change := func(current, newPassword string) int {
		b, _ := json.Marshal(map[string]string{"current_password": current, "new_password": newPassword})
		return here.send(ts, http.MethodPost, "/api/v1/auth/password", string(b)).Code
	}
	if got := change("not the password", next); got != http.StatusUnauthorized {
		t.Errorf("change with a wrong current password = %d, want 401", got)
	}
	if got := change(authtest.Password, "aaaaaaaaaa"); got != http.StatusBadRequest {
		t.Errorf("change to a weak password = %d, want 400", got)
	}
	if got := change(authtest.Password, next); got != http.StatusNoContent {
		t.Fatalf("change = %d, want 204", got)
	}
	if got := here.send(ts, http.MethodGet, "/api/v1/auth/me", "").Code; got != http.StatusOK {
		t.Errorf("the session the change was made from = %d, want 200", got)
	}
	if got := elsewhere.send(ts, http.MethodGet, "/api/v1/auth/me", "").Code; got != http.StatusUnauthorized {
		t.Errorf("another session after the change = %d, want 401", got)
	}
	if rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody(email, authtest.Password)); rec.Code != http.StatusUnauthorized {
		t.Errorf("sign-in with the old password = %d, want 401", rec.Code)
	}
	signIn(t, ts, email, next)
}

func TestDisabledUserIsLockedOutEverywhere(t *testing.T) {
	ts := newTestServer(t)
	session := signIn(t, ts, "partner@example.org", authtest.Password)
	var users struct {
		Users []auth.User `json:"users"`
	}
	decode(t, ts.do(t, "admin", http.MethodGet, "/api/v1/users", "", "").Body.Bytes(), &users)
	ids := map[string]int64{}
	for _, u := range users.Users {
		ids[u.Email] = u.ID
	}
	partner := fmt.Sprintf("/api/v1/users/%d", ids["partner@example.org"])

	if rec := ts.do(t, "admin", http.MethodPost, partner+"/disable", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("disable = %d %s", rec.Code, rec.Body)
	}
	if got := ts.do(t, "partner", http.MethodGet, "/api/v1/auth/me", "", "").Code; got != http.StatusUnauthorized {
		t.Errorf("disabled user's API token = %d, want 401", got)
	}
	if got := session.send(ts, http.MethodGet, "/api/v1/auth/me", "").Code; got != http.StatusUnauthorized {
		t.Errorf("disabled user's session = %d, want 401", got)
	}
	if rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody("partner@example.org", authtest.Password)); rec.Code != http.StatusUnauthorized {
		t.Errorf("disabled user's sign-in = %d, want 401", rec.Code)
	}
	if rec := ts.do(t, "admin", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/disable", ids["admin@example.org"]), "", ""); rec.Code != http.StatusConflict {
		t.Errorf("an admin disabling their own account = %d, want 409", rec.Code)
	}

	if rec := ts.do(t, "admin", http.MethodPost, partner+"/enable", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("enable = %d %s", rec.Code, rec.Body)
	}
	if got := ts.do(t, "partner", http.MethodGet, "/api/v1/auth/me", "", "").Code; got != http.StatusOK {
		t.Errorf("re-enabled user's API token = %d, want 200", got)
	}
	for action, want := range map[string]int{"user.disable": 1, "user.enable": 1} {
		if got := auditCount(t, ts, action); got != want {
			t.Errorf("audit entries %s = %d, want %d", action, got, want)
		}
	}
}

func TestTokensExpire(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, "analyst", http.MethodPost, "/api/v1/tokens", "application/json", `{"name":"script"}`)
	var created struct {
		Token  auth.Token `json:"token"`
		Secret string     `json:"secret"`
	}
	decode(t, rec.Body.Bytes(), &created)
	if d := time.Until(created.Token.ExpiresAt); d < 89*24*time.Hour || d > 91*24*time.Hour {
		t.Errorf("new token expires in %v, want 90 days (shown on creation)", d)
	}

	u, err := ts.Auth.UserByEmail(context.Background(), "analyst@example.org")
	if err != nil {
		t.Fatal(err)
	}
	ts.Auth.TokenTTL = -time.Minute // a token that expired a minute ago
	_, expired, err := ts.Auth.CreateToken(context.Background(), u.ID, "old")
	if err != nil {
		t.Fatal(err)
	}
	out := ts.getWithToken("/api/v1/auth/me", expired)
	if out.Code != http.StatusUnauthorized {
		t.Errorf("expired token = %d, want 401", out.Code)
	}
}
