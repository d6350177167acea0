package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestOpenAPIListsEveryRoute keeps the OpenAPI document true: every registered route is in it
// with its method, and it lists nothing that is not registered.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, "", http.MethodGet, "/api/v1/openapi.json", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET openapi.json = %d", rec.Code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	param := regexp.MustCompile(`:(\w+)`)
	registered := map[string]bool{}
	for _, r := range ts.Echo.Routes() {
		if r.Path == "/*" { // the dashboard's files, not the API
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		key := strings.ToLower(r.Method) + " " + path
		registered[key] = true
		if _, ok := doc.Paths[path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not in openapi.json", r.Method, path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !registered[method+" "+path] {
				t.Errorf("openapi.json lists %s %s, which is not a route", method, path)
			}
		}
	}
}
