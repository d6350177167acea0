package intervention_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

func TestCreateAnswersTheDraftWithAnETag(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	rec := ts.MustSend(t, http.StatusCreated, "partner", http.MethodPost, "/api/v1/interventions",
		body([]int64{park}, `"cost":12500.5`, `"end_date":"2024-12-31"`))
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	if etag(rec) != `"1"` || it.Version != 1 || it.ReviewStatus != "draft" || it.Status != "planned" {
		t.Errorf("ETag %s, version %d, review %s, status %s: want \"1\", 1, draft, planned", etag(rec), it.Version, it.ReviewStatus, it.Status)
	}
	if !it.Partnership || it.AgencyCount != 3 || !slices.Equal(it.Agencies, []string{"youth_justice", "police", "voluntary_sector"}) {
		t.Errorf("partnership %v with %d agencies %v, want a partnership of the lead and two partners", it.Partnership, it.AgencyCount, it.Agencies)
	}
	if !strings.Contains(rec.Body.String(), `"cost":12500.50`) {
		t.Errorf("cost is not shown as pounds with pence: %s", rec.Body)
	}
	var pence int64
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT cost_pence FROM interventions WHERE id = $1`, it.ID).Scan(&pence); err != nil || pence != 1250050 {
		t.Errorf("stored cost %d pence (%v), want 1250050", pence, err)
	}
	if loc := rec.Header().Get("Location"); loc != fmt.Sprintf("/api/v1/interventions/%d", it.ID) {
		t.Errorf("Location %q", loc)
	}
	get := ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, loc(it.ID), "")
	if etag(get) != `"1"` {
		t.Errorf("GET ETag %s, want \"1\"", etag(get))
	}

	alone := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions",
		body([]int64{park}, `"lead_agency":"police"`, `"partners":[]`, `"methodology":"hotspot_patrols"`))
	servertest.Decode(t, alone, &it)
	if it.Partnership || it.AgencyCount != 1 {
		t.Errorf("one agency alone: partnership %v, count %d; want false, 1", it.Partnership, it.AgencyCount)
	}
}

func loc(id int64) string { return fmt.Sprintf("/api/v1/interventions/%d", id) }

func TestCreateRefusesBadFieldsNamingThem(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	tests := []struct {
		name, body, field string
		status            int
	}{
		{"unknown methodology", body([]int64{park}, `"methodology":"vibes"`), "methodology", 422},
		{"unknown agency", body([]int64{park}, `"partners":["police","wizards"]`), "partners", 422},
		{"lead agency among partners", body([]int64{park}, `"partners":["youth_justice"]`), "partners", 422},
		{"end before start", body([]int64{park}, `"end_date":"2024-02-01"`), "end_date", 422},
		{"place that does not exist", body([]int64{park, 424242}), "places", 422},
		{"analysis that does not exist", body([]int64{park}, `"analyses":[99]`), "analyses", 422},
		{"no places", body(nil), "places", 422},
		{"unknown status", body([]int64{park}, `"status":"paused"`), "status", 422},
		{"negative cost", body([]int64{park}, `"cost":-5`), "cost", 422},
		{"cost in fractions of a penny", body([]int64{park}, `"cost":1.005`), "cost", 422},
		{"control character in the title (refused before the domain checks)", body([]int64{park}, `"title":"Park\u0007"`), "title", 400},
		{"line break in the title", body([]int64{park}, `"title":"Park\nfield"`), "title", 422},
		{"aim too long", body([]int64{park}, `"aim":"`+strings.Repeat("a", 4001)+`"`), "aim", 422},
		{"places given as text", body([]int64{park}, `"places":"one"`), "places", 422},
		{"misspelt field", body([]int64{park}, `"titel":"x"`), "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.Send(t, "analyst", http.MethodPost, "/api/v1/interventions", tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.field == "" {
				return
			}
			var e servertest.ErrorBody
			servertest.Decode(t, rec, &e)
			if len(e.Error.Details) == 0 || e.Error.Details[0].Field != tt.field || !strings.Contains(e.Error.Message, tt.field) {
				t.Errorf("error %+v, want it to name %s", e.Error, tt.field)
			}
		})
	}
	var n int
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM interventions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d interventions stored after refusals (%v), want 0", n, err)
	}
}

func TestListFiltersSortsAndPages(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	street := ts.addPlace(t, "street", "High Street", `{"type":"LineString","coordinates":[[-0.12,51.51],[-0.11,51.51]]}`, 20)
	for _, b := range []string{
		body([]int64{park}, `"title":"Bravo park patrols"`, `"methodology":"hotspot_patrols"`, `"lead_agency":"police"`, `"partners":[]`, `"start_date":"2024-02-01"`, `"status":"active"`),
		body([]int64{street}, `"title":"Alpha street lighting"`, `"methodology":"cctv_lighting"`, `"lead_agency":"community_safety"`, `"partners":["business_landowner"]`, `"start_date":"2024-05-01"`),
		body([]int64{park, street}, `"title":"Charlie 100% youth work"`, `"start_date":"2024-03-01"`, `"status":"active"`),
	} {
		ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions", b)
	}
	titles := func(query string) []string {
		t.Helper()
		var page struct {
			Interventions []interventionJSON `json:"interventions"`
			Total         int                `json:"total"`
		}
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, "/api/v1/interventions?"+query, ""), &page)
		out := []string{}
		for _, it := range page.Interventions {
			out = append(out, strings.Fields(it.Title)[0])
		}
		return append(out, fmt.Sprint(page.Total))
	}
	tests := []struct {
		query string
		want  []string // first words of the titles, then the total
	}{
		{"sort=title", []string{"Alpha", "Bravo", "Charlie", "3"}},
		{"sort=-title", []string{"Charlie", "Bravo", "Alpha", "3"}},
		{"sort=start_date", []string{"Bravo", "Charlie", "Alpha", "3"}},
		{"sort=-start_date", []string{"Alpha", "Charlie", "Bravo", "3"}},
		{"sort=updated_at", []string{"Bravo", "Alpha", "Charlie", "3"}},
		{"", []string{"Charlie", "Alpha", "Bravo", "3"}},
		{"status=active&sort=title", []string{"Bravo", "Charlie", "2"}},
		{"methodology=cctv_lighting", []string{"Alpha", "1"}},
		{fmt.Sprintf("place=%d&sort=title", park), []string{"Bravo", "Charlie", "2"}},
		{fmt.Sprintf("place=%d&sort=title", street), []string{"Alpha", "Charlie", "2"}},
		{"agency=police&sort=title", []string{"Bravo", "Charlie", "2"}},
		{"agency=business_landowner", []string{"Alpha", "1"}},
		{"q=STREET", []string{"Alpha", "1"}},
		{"q=100%25", []string{"Charlie", "1"}},
		{"q=_", []string{"0"}},
		{"review_status=draft&sort=title&limit=1&offset=1", []string{"Bravo", "3"}},
		{"review_status=approved", []string{"0"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := titles(tt.query); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"sort=cost", "status=paused", "place=abc", "limit=500", "format=xml"} {
		if rec := ts.Send(t, "partner", http.MethodGet, "/api/v1/interventions?"+bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("?%s = %d, want 400", bad, rec.Code)
		}
	}
}

func TestGeoJSONHasThePlacesGeometry(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	street := ts.addPlace(t, "street", "High Street", `{"type":"LineString","coordinates":[[-0.12,51.51],[-0.11,51.51]]}`, 20)
	ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions", body([]int64{park, street}, `"cost":100`))
	for _, path := range []string{"/api/v1/interventions?format=geojson", "/api/v1/interventions.geojson"} {
		rec := ts.MustSend(t, http.StatusOK, "vrp_lead", http.MethodGet, path, "")
		if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
			t.Errorf("%s Content-Type %q", path, ct)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Geometry struct {
					Type       string `json:"type"`
					Geometries []struct {
						Type string `json:"type"`
					} `json:"geometries"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		servertest.Decode(t, rec, &fc)
		if fc.Type != "FeatureCollection" || len(fc.Features) != 1 {
			t.Fatalf("%s: %s with %d features, want a FeatureCollection of 1", path, fc.Type, len(fc.Features))
		}
		f := fc.Features[0]
		if f.Geometry.Type != "GeometryCollection" || len(f.Geometry.Geometries) != 2 ||
			f.Geometry.Geometries[0].Type != "Polygon" || f.Geometry.Geometries[1].Type != "LineString" {
			t.Errorf("%s geometry %+v, want a GeometryCollection of the park's Polygon and the street's LineString", path, f.Geometry)
		}
		if f.Properties["partnership"] != true || f.Properties["title"] == nil || rec.Header().Get("X-Total-Count") != "1" {
			t.Errorf("%s properties %v", path, f.Properties)
		}
		if !strings.Contains(rec.Body.String(), `"cost":100.00`) {
			t.Errorf("%s: cost not in pounds and pence", path)
		}
	}
}

func TestUpdateChangesOnlyTheFieldsSent(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	rec := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions",
		body([]int64{park}, `"end_date":"2024-12-31"`, `"cost":500`))
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	rec = ts.MustSend(t, http.StatusOK, "partner", http.MethodPatch, loc(it.ID),
		`{"title":"Renamed","end_date":null,"partners":["police"]}`, "If-Match", etag(rec))
	var got interventionJSON
	servertest.Decode(t, rec, &got)
	if got.Title != "Renamed" || got.EndDate != nil || got.Cost == nil || *got.Cost != 500 || got.Version != 2 ||
		etag(rec) != `"2"` || !slices.Equal(got.Agencies, []string{"youth_justice", "police"}) {
		t.Errorf("after PATCH: %+v (ETag %s); want the title and partners changed, end date cleared, cost kept, version 2", got, etag(rec))
	}
	var entries int
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'intervention.update'
		AND resource = $1 AND params->'fields' ? 'title'`, fmt.Sprintf("interventions/%d", it.ID)).Scan(&entries); err != nil || entries != 1 {
		t.Errorf("%d audit entries for the update (%v), want 1 naming the fields", entries, err)
	}
	bad := ts.Send(t, "partner", http.MethodPatch, loc(it.ID), `{"review_status":"approved"}`, "If-Match", `"2"`)
	if bad.Code != http.StatusBadRequest {
		t.Errorf("PATCH review_status = %d, want 400 (not a field of the intervention)", bad.Code)
	}
}
