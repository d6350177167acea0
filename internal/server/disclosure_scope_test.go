package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// TestEveryOutputHoldsRestrictedRolesToTheSYVScope asks each output of incidents for all ages
// as a partner: two scopes of the same atoms would differ by the records of the other ages, so
// every one refuses, and the same requests in the default scope answer.
func TestEveryOutputHoldsRestrictedRolesToTheSYVScope(t *testing.T) {
	ts := demoServer(t)
	places := demoPlaces(t, ts)
	evaluation := func(scope string) string {
		b, _ := json.Marshal(map[string]any{"target": map[string]any{"places": []int64{places[0]}},
			"control": map[string]any{"places": []int64{places[len(places)-1]}}, "buffer": map[string]any{"rings": 1},
			"pre": map[string]string{"from": "2025-05-01", "to": "2025-10-31"}, "post": map[string]string{"from": "2025-11-01", "to": "2026-04-30"},
			"scope": scope})
		return string(b)
	}
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodGet, "/api/v1/cells?scope=%s", ""},
		{http.MethodGet, "/api/v1/hotspots?scope=%s", ""},
		{http.MethodGet, "/api/v1/hotspots/emerging?scope=%s", ""},
		{http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?scope=%%s", places[0]), ""},
		{http.MethodGet, "/api/v1/places/summary?kind=ward&scope=%s", ""},
		{http.MethodPost, "/api/v1/evaluations", "evaluation"},
	} {
		path := func(scope string) string {
			if tc.body != "" {
				return tc.path
			}
			return fmt.Sprintf(tc.path, scope)
		}
		body := func(scope string) string {
			if tc.body == "" {
				return ""
			}
			return evaluation(scope)
		}
		if rec := ts.Send(t, "partner", tc.method, path("all"), body("all")); rec.Code != http.StatusForbidden {
			t.Errorf("%s %s for all ages as a partner = %d, want 403", tc.method, path("all"), rec.Code)
		}
		if rec := ts.Send(t, "analyst", tc.method, path("all"), body("all")); rec.Code != http.StatusOK {
			t.Errorf("%s %s for all ages as an analyst = %d %s, want 200", tc.method, path("all"), rec.Code, rec.Body)
		}
		if rec := ts.Send(t, "partner", tc.method, path("syv"), body("syv")); rec.Code != http.StatusOK {
			t.Errorf("%s %s in the SYV scope as a partner = %d %s, want 200", tc.method, path("syv"), rec.Code, rec.Body)
		}
	}
}
