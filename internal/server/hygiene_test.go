package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestEveryRouteRefusesControlCharactersAndInvalidUTF8 sends every registered route NUL bytes,
// bidi overrides and invalid UTF-8 in its query parameters and JSON body, as an admin (who
// may use every route): each must answer 400 naming the field, never 500.
func TestEveryRouteRefusesControlCharactersAndInvalidUTF8(t *testing.T) {
	ts := newTestServer(t)
	param := regexp.MustCompile(`:\w+`)
	queries := []struct{ name, query, field string }{
		{"NUL in kind", "kind=%00", "kind"},
		{"overlong slash in name", "name=%C0%AF", "name"},
		{"NUL after text in q", "q=park%00", "q"},
		{"right-to-left override in filename", "filename=a%E2%80%AEfdp.exe", "filename"},
		{"C1 control in status", "status=%C2%85", "status"},
		{"NUL in a parameter name", "x%00y=1", "x"},
	}
	bodies := []struct{ name, body, field string }{
		{"escaped NUL in a string", `{"title":"a\u0000b"}`, "title"},
		{"invalid UTF-8 in a string", "{\"title\":\"\xc0\xaf\"}", "body"},
		{"NUL in a nested string", `{"places":[{"name":"x\u0000"}]}`, "places[0].name"},
		{"bidi isolate in a member name", `{"a\u2066":"b"}`, "a"},
		{"NUL in the login e-mail", `{"email":"\u0000","password":"x"}`, "email"},
	}
	for _, r := range ts.Echo.Routes() {
		path := strings.ReplaceAll(r.Path, ":cell", "8928308280fffff")
		path = param.ReplaceAllString(path, "987654")
		if path == "/*" {
			path = "/"
		}
		key := r.Method + " " + r.Path
		for _, q := range queries {
			t.Run(key+" with "+q.name, func(t *testing.T) {
				rec := ts.do(t, "admin", r.Method, path+"?"+q.query, "", "")
				if r.Method == http.MethodHead { // no body to name the field in
					if rec.Code != http.StatusBadRequest {
						t.Errorf("status %d, want 400", rec.Code)
					}
					return
				}
				assertRefused(t, rec.Code, rec.Body.Bytes(), q.field)
			})
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			continue
		}
		for _, b := range bodies {
			t.Run(key+" with "+b.name, func(t *testing.T) {
				rec := ts.do(t, "admin", r.Method, path, "application/json", b.body)
				assertRefused(t, rec.Code, rec.Body.Bytes(), b.field)
			})
		}
	}
}

func assertRefused(t *testing.T, status int, body []byte, field string) {
	t.Helper()
	if status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", status, body)
	}
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %s", body)
	}
	if e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, field) {
		t.Errorf("error %s %q, want invalid naming %q", e.Error.Code, e.Error.Message, field)
	}
}
