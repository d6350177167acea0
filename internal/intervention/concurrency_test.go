package intervention_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// snapshot is everything stored about an intervention, as text: the row, its links, its
// review history and its audit entries.
func (ts *testServer) snapshot(t *testing.T, id int64) string {
	t.Helper()
	var s string
	err := ts.DB.Pool.QueryRow(t.Context(), `SELECT concat_ws(' | ',
			(SELECT row_to_json(i)::text FROM interventions i WHERE id = $1),
			(SELECT array_agg(place_id ORDER BY place_id)::text FROM intervention_places WHERE intervention_id = $1),
			(SELECT count(*)::text FROM intervention_reviews WHERE intervention_id = $1),
			(SELECT count(*)::text FROM audit_log WHERE resource = $2))`, id, fmt.Sprintf("interventions/%d", id)).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStaleIfMatchChangesNothing(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	other := ts.addPlace(t, "park", "Kestrel Fields", square(-0.20, 51.50, 0.01), 0)
	rec := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions", body([]int64{park}))
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	// Someone else saves version 2 first.
	ts.MustSend(t, http.StatusOK, "partner", http.MethodPatch, loc(it.ID), `{"status":"active"}`, "If-Match", `"1"`)
	before := ts.snapshot(t, it.ID)
	tests := []struct{ role, method, path, body string }{
		{"analyst", http.MethodPatch, loc(it.ID), fmt.Sprintf(`{"title":"Mine","places":[%d]}`, other)},
		{"analyst", http.MethodPost, loc(it.ID) + "/submit", ""},
	}
	for _, tt := range tests {
		for _, stale := range []string{`"1"`, `"3"`, `W/"2"`, `"two"`} {
			t.Run(tt.method+" "+tt.path+" If-Match "+stale, func(t *testing.T) {
				rec := ts.Send(t, tt.role, tt.method, tt.path, tt.body, "If-Match", stale)
				if rec.Code != http.StatusPreconditionFailed {
					t.Fatalf("status %d, want 412: %s", rec.Code, rec.Body)
				}
				if after := ts.snapshot(t, it.ID); after != before {
					t.Errorf("a refused change changed the intervention:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
	// A reviewer's stale approve is refused the same way.
	rec = ts.MustSend(t, http.StatusOK, "analyst", http.MethodPost, loc(it.ID)+"/submit", "", "If-Match", `"2"`)
	before = ts.snapshot(t, it.ID)
	if rec := ts.Send(t, "vrp_lead", http.MethodPost, loc(it.ID)+"/approve", "", "If-Match", `"2"`); rec.Code != http.StatusPreconditionFailed {
		t.Errorf("stale approve = %d, want 412", rec.Code)
	}
	if after := ts.snapshot(t, it.ID); after != before {
		t.Errorf("a stale approve changed the intervention:\nbefore %s\nafter  %s", before, after)
	}
	ts.MustSend(t, http.StatusOK, "vrp_lead", http.MethodPost, loc(it.ID)+"/approve", "", "If-Match", etag(rec))
}

func TestMissingIfMatchIsPreconditionRequired(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	id, _ := ts.createIn(t, park, "submitted")
	before := ts.snapshot(t, id)
	for _, tt := range []struct{ role, method, path, ifMatch string }{
		{"analyst", http.MethodPatch, loc(id), ""},
		{"analyst", http.MethodPatch, loc(id), "*"},
		{"analyst", http.MethodPost, loc(id) + "/submit", ""},
		{"vrp_lead", http.MethodPost, loc(id) + "/return", ""},
		{"vrp_lead", http.MethodPost, loc(id) + "/approve", ""},
	} {
		t.Run(tt.method+" "+tt.path+" If-Match "+tt.ifMatch, func(t *testing.T) {
			var rec = ts.Send(t, tt.role, tt.method, tt.path, `{"comment":"x"}`)
			if tt.ifMatch != "" {
				rec = ts.Send(t, tt.role, tt.method, tt.path, `{"comment":"x"}`, "If-Match", tt.ifMatch)
			}
			var e servertest.ErrorBody
			servertest.Decode(t, rec, &e)
			if rec.Code != http.StatusPreconditionRequired || e.Error.Code != "precondition_required" {
				t.Errorf("status %d code %q, want 428 precondition_required", rec.Code, e.Error.Code)
			}
		})
	}
	if after := ts.snapshot(t, id); after != before {
		t.Errorf("requests without If-Match changed the intervention")
	}
}
