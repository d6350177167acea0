package server_test

import (
	"net/http"
	"testing"
)

// The dashboard's exports are audit-logged before the file is made; a bad event is refused
// naming its field and logs nothing.
func TestMapExportsAreAuditLogged(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, body string
		want       int
	}{
		{"a PNG of the map", `{"kind":"map_png","layer":"/api/v1/hotspots?res=9","rows":120}`, http.StatusNoContent},
		{"an unknown kind", `{"kind":"map_gif","layer":"/api/v1/hotspots?res=9","rows":1}`, http.StatusUnprocessableEntity},
		{"no layer", `{"kind":"table_csv","rows":1}`, http.StatusUnprocessableEntity},
		{"negative rows", `{"kind":"table_csv","layer":"/api/v1/cells","rows":-1}`, http.StatusUnprocessableEntity},
		{"an unknown member", `{"kind":"table_csv","layer":"/api/v1/cells","rows":1,"x":1}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rec := ts.do(t, "partner", http.MethodPost, "/api/v1/audit/exports", "application/json", tt.body); rec.Code != tt.want {
				t.Errorf("= %d %s, want %d", rec.Code, rec.Body, tt.want)
			}
		})
	}
	var page struct {
		Entries []struct {
			UserEmail string         `json:"user_email"`
			Resource  string         `json:"resource"`
			RowCount  *int64         `json:"row_count"`
			Params    map[string]any `json:"params"`
		} `json:"entries"`
	}
	decode(t, ts.do(t, "admin", http.MethodGet, "/api/v1/audit?action=map.export", "", "").Body.Bytes(), &page)
	if len(page.Entries) != 1 || page.Entries[0].Resource != "/api/v1/hotspots?res=9" || page.Entries[0].RowCount == nil ||
		*page.Entries[0].RowCount != 120 || page.Entries[0].Params["kind"] != "map_png" {
		t.Errorf("audit entries %+v, want the one PNG export of 120 cells", page.Entries)
	}
}
