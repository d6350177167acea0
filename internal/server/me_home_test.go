package server_test

import (
	"net/http"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestMeNamesEachRolesHomeScreen: /auth/me tells the dashboard the screen a role starts at,
// so that the dashboard keeps no rule of its own about it.
func TestMeNamesEachRolesHomeScreen(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		role, home string
	}{
		{role: "admin", home: "map"},
		{role: "analyst", home: "map"},
		{role: "vrp_lead", home: "review"},
		{role: "partner", home: "map"},
		{role: "inspector", home: "interventions"},
	}
	for _, tt := range tests {
		t.Run(tt.role+" starts at "+tt.home, func(t *testing.T) {
			rec := ts.do(t, tt.role, http.MethodGet, "/api/v1/auth/me", "", "")
			if rec.Code != http.StatusOK {
				t.Fatalf("me as %s: %d %s", tt.role, rec.Code, rec.Body)
			}
			var me struct {
				Home string   `json:"home"`
				May  []string `json:"may"`
			}
			servertest.Decode(t, rec, &me)
			if me.Home != tt.home {
				t.Errorf("home %q, want %q", me.Home, tt.home)
			}
		})
	}
}
