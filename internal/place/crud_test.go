package place_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// TestEditNeedsTheCurrentVersion: PATCH and DELETE need If-Match; a stale one answers 412 and
// changes nothing (fields, version, cells); the current one changes the place, bumps its
// version and recomputes its cells when the geometry changes. Every change is audit-logged.
func TestEditNeedsTheCurrentVersion(t *testing.T) {
	e := newEnv(t)
	rec := e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places",
		placeBody("street", "Cheapside", linkStreet, `"owner":"City of London Corporation"`), nil)
	if got := rec.Header().Get("ETag"); got != `"1"` {
		t.Fatalf("ETag on create %q, want \"1\"", got)
	}
	var f feature
	rec = e.must(t, http.StatusOK, "inspector", http.MethodGet, "/api/v1/places/1", "", &f)
	if rec.Header().Get("ETag") != `"1"` || f.Properties.Owner != "City of London Corporation" || f.Properties.BufferMetres != 15 {
		t.Fatalf("GET: ETag %q, %+v", rec.Header().Get("ETag"), f.Properties)
	}
	cells := func() int { return e.count(t, `SELECT count(*) FROM place_cells WHERE place_id = 1 AND res = 12`) }
	before := cells()

	patch := `{"name":"Cheapside (east)","buffer_metres":40}`
	var failed apiError
	e.must(t, http.StatusPreconditionRequired, "analyst", http.MethodPatch, "/api/v1/places/1", patch, &failed)
	for _, stale := range []string{`"2"`, `"0"`, `W/"7"`, `abc`} {
		e.must(t, http.StatusPreconditionFailed, "analyst", http.MethodPatch, "/api/v1/places/1", patch, &failed, "If-Match", stale)
	}
	e.must(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/places/1", "", &f)
	if f.Properties.Name != "Cheapside" || f.Properties.Version != 1 || f.Properties.BufferMetres != 15 || cells() != before {
		t.Fatalf("after refused patches: %+v, %d cells (had %d); want nothing changed", f.Properties, cells(), before)
	}

	rec = e.must(t, http.StatusOK, "analyst", http.MethodPatch, "/api/v1/places/1", patch, &f, "If-Match", `"1"`)
	if rec.Header().Get("ETag") != `"2"` || f.Properties.Name != "Cheapside (east)" || f.Properties.BufferMetres != 40 || f.Properties.Owner != "City of London Corporation" {
		t.Errorf("patched: ETag %q, %+v", rec.Header().Get("ETag"), f.Properties)
	}
	if cells() <= before {
		t.Errorf("a wider buffer gave %d cells at res 12, not more than %d", cells(), before)
	}
	// A Feature may carry a new geometry; a line that becomes a polygon loses its buffer.
	e.must(t, http.StatusOK, "admin", http.MethodPatch, "/api/v1/places/1",
		`{"type":"Feature","geometry":`+square+`,"properties":{"kind":"park"}}`, &f, "If-Match", `"2"`)
	if f.Properties.Kind != "park" || f.Properties.BufferMetres != 0 || f.Properties.Version != 3 {
		t.Errorf("after a new geometry: %+v, want a park with no buffer at version 3", f.Properties)
	}
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPatch, "/api/v1/places/1", `{"geometry":{"type":"Point","coordinates":[0,95]}}`, &failed, "If-Match", `"3"`)
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPatch, "/api/v1/places/1", `{"colour":"red"}`, &failed, "If-Match", `"3"`)
	e.must(t, http.StatusForbidden, "partner", http.MethodPatch, "/api/v1/places/1", `{"name":"x"}`, &failed, "If-Match", `"3"`)

	// Deleting needs the current version, and is refused while an intervention is linked.
	e.must(t, http.StatusPreconditionRequired, "analyst", http.MethodDelete, "/api/v1/places/1", "", &failed)
	e.must(t, http.StatusPreconditionFailed, "analyst", http.MethodDelete, "/api/v1/places/1", "", &failed, "If-Match", `"2"`)
	ctx := context.Background()
	if _, err := e.srv.Places.Pool().Exec(ctx, `INSERT INTO interventions (id, title, methodology, lead_agency, status)
		VALUES (7, 'Detached youth work', 'detached_outreach', 'youth_service', 'active');
		INSERT INTO intervention_places VALUES (7, 1)`); err != nil {
		t.Fatal(err)
	}
	e.must(t, http.StatusConflict, "analyst", http.MethodDelete, "/api/v1/places/1", "", &failed, "If-Match", `"3"`)
	var pr struct {
		Interventions []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"interventions"`
	}
	e.must(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/places/1/profile", "", &pr)
	if len(pr.Interventions) != 1 || pr.Interventions[0].Title != "Detached youth work" {
		t.Errorf("profile interventions %+v, want the linked one", pr.Interventions)
	}
	if _, err := e.srv.Places.Pool().Exec(ctx, `DELETE FROM intervention_places`); err != nil {
		t.Fatal(err)
	}
	e.must(t, http.StatusNoContent, "analyst", http.MethodDelete, "/api/v1/places/1", "", nil, "If-Match", `"3"`)
	e.must(t, http.StatusNotFound, "analyst", http.MethodGet, "/api/v1/places/1", "", &failed)
	if n := e.count(t, `SELECT count(*) FROM place_cells`); n != 0 {
		t.Errorf("%d cells left of a deleted place", n)
	}
	for action, want := range map[string]int{"place.create": 1, "place.update": 2, "place.delete": 1} {
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND user_email <> ''`, action); n != want {
			t.Errorf("%d %s audit lines, want %d", n, action, want)
		}
	}
}

// TestListPagesSortsAndFilters checks paging, the sorts and the kind and name filters.
func TestListPagesSortsAndFilters(t *testing.T) {
	e := newEnv(t)
	for _, p := range []struct{ kind, name string }{
		{"park", "Finsbury Circus"}, {"street", "Cheapside"}, {"park", "Postman's Park"},
		{"shopping_centre", "One New Change"}, {"park", "Bunhill Fields"},
	} {
		geom := square
		if p.kind == "street" {
			geom = linkStreet
		}
		e.create(t, p.kind, p.name, geom)
	}
	type page struct {
		Features []feature `json:"features"`
		Meta     struct{ Total, Limit, Offset int }
	}
	names := func(query string) ([]string, page) {
		var pg page
		e.must(t, http.StatusOK, "vrp_lead", http.MethodGet, "/api/v1/places?"+query, "", &pg)
		var out []string
		for _, f := range pg.Features {
			out = append(out, f.Properties.Name)
		}
		return out, pg
	}
	tests := []struct {
		query string
		want  []string
		total int
	}{
		{"", []string{"Bunhill Fields", "Cheapside", "Finsbury Circus", "One New Change", "Postman's Park"}, 5},
		{"sort=-name&limit=2", []string{"Postman's Park", "One New Change"}, 5},
		{"sort=-name&limit=2&offset=2", []string{"Finsbury Circus", "Cheapside"}, 5},
		{"sort=created_at", []string{"Finsbury Circus", "Cheapside", "Postman's Park", "One New Change", "Bunhill Fields"}, 5},
		{"sort=-created_at&limit=1", []string{"Bunhill Fields"}, 5},
		{"sort=kind", []string{"Bunhill Fields", "Finsbury Circus", "Postman's Park", "One New Change", "Cheapside"}, 5},
		{"kind=park&sort=name", []string{"Bunhill Fields", "Finsbury Circus", "Postman's Park"}, 3},
		{"q=PARK", []string{"Postman's Park"}, 1},
		{"q=i&kind=park", []string{"Bunhill Fields", "Finsbury Circus"}, 2},
		{"offset=10", nil, 5},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, pg := names(tt.query)
			if !slices.Equal(got, tt.want) || pg.Meta.Total != tt.total {
				t.Errorf("names %v total %d, want %v total %d", got, pg.Meta.Total, tt.want, tt.total)
			}
		})
	}
	for _, bad := range []string{"sort=size", "kind=forest", "limit=0", "limit=201", "offset=-1"} {
		if rec := e.do(t, "partner", http.MethodGet, "/api/v1/places?"+bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, rec.Code)
		}
	}
	if rec := e.do(t, "partner", http.MethodGet, fmt.Sprintf("/api/v1/places/%d", 99), ""); rec.Code != http.StatusNotFound {
		t.Errorf("missing place: %d, want 404", rec.Code)
	}
}
