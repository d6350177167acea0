package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// Who builds and downloads evidence packs: everyone who reads an inspection, each for their
// own role (see routes_exports.go).
const exportReaders = "admin,analyst,vrp_lead,partner,inspector"

// wantAccessExports is the expected access of the evidence pack routes.
var wantAccessExports = map[string]string{
	"POST /api/v1/inspections/:id/evidence-pack": exportReaders,
	"GET /api/v1/exports/:id":                    exportReaders,
	"GET /api/v1/exports/:id/download":           exportReaders,
}

// TestExportRoutesAnswerAllowedRoles sends every export route, for an inspection and an
// export that do not exist, as each role allowed to use it: the answer is 404, never 401,
// 403 or 500.
func TestExportRoutesAnswerAllowedRoles(t *testing.T) {
	ts := newTestServer(t)
	for key, access := range wantAccessExports {
		method, path, _ := strings.Cut(key, " ")
		path = strings.ReplaceAll(path, ":id", "987654")
		for _, role := range strings.Split(access, ",") {
			if rec := ts.do(t, role, method, path, "", ""); rec.Code != http.StatusNotFound {
				t.Errorf("%s as %s: status %d, want 404: %s", key, role, rec.Code, rec.Body)
			}
		}
	}
}
