package server_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// The expected access of every route, written out independently of routes.go: a route added
// there without a line here fails TestEveryRouteForEveryRole.
const (
	public      = "public"
	signedIn    = "signed-in"
	adminOnly   = "admin"
	recordLevel = "admin,analyst"
	mapReaders  = "admin,analyst,vrp_lead,partner"
)

var wantAccess = map[string]string{
	"HEAD /*":                            public,
	"GET /*":                             public, // the dashboard's files
	"GET /api/v1/ui-config":              public,
	"GET /api/v1/labels":                 public,
	"GET /healthz":                       public,
	"GET /readyz":                        public,
	"GET /metrics":                       adminOnly, // or the metrics token (metrics_test.go)
	"GET /api/v1/openapi.json":           public,
	"POST /api/v1/auth/login":            public,
	"GET /api/v1/auth/oidc/login":        public,
	"GET /api/v1/auth/oidc/callback":     public,
	"POST /api/v1/auth/logout":           signedIn,
	"GET /api/v1/auth/me":                signedIn,
	"POST /api/v1/auth/password":         signedIn,
	"GET /api/v1/tokens":                 signedIn,
	"POST /api/v1/tokens":                signedIn,
	"DELETE /api/v1/tokens/:id":          signedIn,
	"GET /api/v1/users":                  adminOnly,
	"POST /api/v1/users":                 adminOnly,
	"POST /api/v1/users/:id/disable":     adminOnly,
	"POST /api/v1/users/:id/enable":      adminOnly,
	"GET /api/v1/audit":                  adminOnly,
	"POST /api/v1/audit/exports":         mapReaders,
	"POST /api/v1/workbooks/table":       mapReaders,
	"GET /api/v1/study-area":             signedIn,
	"PUT /api/v1/study-area":             adminOnly,
	"GET /api/v1/local-areas":            signedIn,
	"GET /api/v1/local-areas/:id":        signedIn,
	"POST /api/v1/local-areas":           adminOnly,
	"PUT /api/v1/local-areas/:id":        adminOnly,
	"DELETE /api/v1/local-areas/:id":     adminOnly,
	"PUT /api/v1/users/:id/areas":        adminOnly,
	"PUT /api/v1/local-areas/population": adminOnly,
	"GET /api/v1/local-areas/comparison": mapReaders,
	"POST /api/v1/imports":               recordLevel,
	"GET /api/v1/imports":                recordLevel,
	"GET /api/v1/imports/:id":            recordLevel,
	"DELETE /api/v1/imports/:id":         recordLevel,
	"GET /api/v1/cells":                  mapReaders,
	"GET /api/v1/cells/:cell":            mapReaders,
	"GET /api/v1/hotspots":               mapReaders,
	"GET /api/v1/hotspots/emerging":      mapReaders,
	"GET /api/v1/search":                 mapReaders, // streets and LSOAs of the records only for record-level roles
	"GET /api/v1/data-version":           mapReaders,
}

// expectedAccess is wantAccess with the expectations of the other route groups (each in a
// file of its own beside this one).
func expectedAccess() map[string]string {
	all := map[string]string{}
	for _, m := range []map[string]string{wantAccess, wantAccessPlaces, wantAccessInterventions, wantAccessEvaluations, wantAccessInspections, wantAccessPreparation, wantAccessExports, wantAccessOGC, wantAccessTiles} {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

func allowed(access, role string) bool {
	switch access {
	case public, signedIn:
		return true
	}
	for _, r := range strings.Split(access, ",") {
		if r == role {
			return true
		}
	}
	return false
}

func TestEveryRouteForEveryRole(t *testing.T) {
	ts := newTestServer(t)
	seen := map[string]bool{}
	want := expectedAccess()
	routes := ts.Echo.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	for _, r := range routes {
		key := r.Method + " " + r.Path
		seen[key] = true
		access, ok := want[key]
		if !ok {
			t.Errorf("route %s has no expected access in this test", key)
			continue
		}
		path := strings.ReplaceAll(strings.ReplaceAll(r.Path, ":id", "987654"), ":cell", "8928308280fffff")
		for _, role := range []string{"", "admin", "analyst", "vrp_lead", "partner", "inspector"} {
			name := role
			if name == "" {
				name = "no credentials"
			}
			t.Run(key+" as "+name, func(t *testing.T) {
				rec := ts.do(t, role, r.Method, path, "", "")
				got := rec.Code
				switch {
				case role == "" && access != public:
					if got != http.StatusUnauthorized {
						t.Errorf("status %d, want 401", got)
					}
				case role == "" || allowed(access, role):
					if got == http.StatusUnauthorized || got == http.StatusForbidden {
						t.Errorf("status %d, want the route to let %s in: %s", got, name, rec.Body)
					}
				default:
					if got != http.StatusForbidden {
						t.Errorf("status %d, want 403", got)
					}
				}
			})
		}
	}
	for key := range want {
		if !seen[key] {
			t.Errorf("expected route %s is not registered", key)
		}
	}
}

// TestMeListsTheRoutesEachRoleMayCall: the routes /auth/me gives the dashboard for a role are
// exactly those this test's table allows the role, among the routes the service grants by role.
func TestMeListsTheRoutesEachRoleMayCall(t *testing.T) {
	ts := newTestServer(t)
	want := expectedAccess()
	may := map[string]map[string]bool{}
	granted := map[string]bool{}
	roles := []string{"admin", "analyst", "vrp_lead", "partner", "inspector"}
	for _, role := range roles {
		var me struct {
			May []string `json:"may"`
		}
		rec := ts.do(t, role, http.MethodGet, "/api/v1/auth/me", "", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("me as %s: %d %s", role, rec.Code, rec.Body)
		}
		servertest.Decode(t, rec, &me)
		may[role] = map[string]bool{}
		for _, k := range me.May {
			may[role][k], granted[k] = true, true
		}
	}
	for _, k := range []string{"GET /api/v1/hotspots", "POST /api/v1/interventions/:id/approve", "POST /api/v1/inspections"} {
		if !granted[k] {
			t.Errorf("%s is in no role's list", k)
		}
	}
	for _, role := range roles {
		for k := range granted {
			access, ok := want[k]
			if !ok {
				t.Errorf("%s is listed but has no expected access in this test", k)
				continue
			}
			if may[role][k] != allowed(access, role) {
				t.Errorf("%s: listed for %s is %v, the table says %v", k, role, may[role][k], allowed(access, role))
			}
		}
	}
}
