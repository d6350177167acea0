package analysis_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
)

// layer is the part of a map layer the tests compare.
type layer struct {
	Meta     map[string]any `json:"meta"`
	Features []struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func (l layer) total() float64 {
	var n float64
	for _, f := range l.Features {
		if c, ok := f.Properties["count"].(float64); ok {
			n += c
		}
	}
	return n
}

type saved struct {
	ID          int64           `json:"id"`
	Audience    string          `json:"audience"`
	Params      map[string]any  `json:"params"`
	Result      json.RawMessage `json:"result"`
	DataVersion struct {
		RecordKind string  `json:"record_kind"`
		Imports    []int64 `json:"imports"`
		AreaAt     *string `json:"study_area_updated_at"`
	} `json:"data_version"`
}

// More robberies in the City in March 2024, imported after the analysis was saved.
const laterIncidents = `source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight
LATE-1,2024-03-03 16:20,exact,robbery,14-17,18-24,51.513800,-0.098400,street,
LATE-2,2024-03-04 16:20,exact,robbery,14-17,18-24,51.513800,-0.098400,street,
LATE-3,2024-03-05 16:20,exact,robbery,14-17,18-24,51.513800,-0.098400,street,
LATE-4,2024-03-06 16:20,exact,robbery,14-17,18-24,51.513800,-0.098400,street,
LATE-5,2024-03-07 16:20,exact,robbery,14-17,18-24,51.513800,-0.098400,street,
`

func TestSavedAnalysisIsUnchangedByLaterImports(t *testing.T) {
	ts := newTestServer(t)
	f, err := os.Open(march)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := ts.importIncidents(t, ingest.FormatPoliceUK, f)

	const query = "res=9&k=1&from=2024-03-01&to=2024-03-31"
	rec := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/analyses",
		`{"kind":"hotspots","title":"Robbery hot spots, March 2024","audience":"record_level",
		  "params":{"res":9,"k":"1","from":"2024-03-01","to":"2024-03-31"}}`)
	var a saved
	decode(t, rec.Body.Bytes(), &a)
	if !slices.Equal(a.DataVersion.Imports, []int64{first}) || a.DataVersion.RecordKind != "incidents" || a.DataVersion.AreaAt == nil {
		t.Errorf("data version %+v, want the first import and the study area", a.DataVersion)
	}
	if a.Params["res"] != "9" || a.Params["k"] != "1" {
		t.Errorf("params %v, want them kept as the query gives them", a.Params)
	}
	// What was saved is what the map showed.
	var savedLayer, mapLayer layer
	decode(t, a.Result, &savedLayer)
	decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/hotspots?"+query, "").Body.Bytes(), &mapLayer)
	if !reflect.DeepEqual(savedLayer, mapLayer) || len(savedLayer.Features) == 0 {
		t.Fatalf("the saved result (%d features, %v records) is not what GET /api/v1/hotspots showed (%d, %v)",
			len(savedLayer.Features), savedLayer.total(), len(mapLayer.Features), mapLayer.total())
	}

	path := fmt.Sprintf("/api/v1/analyses/%d", a.ID)
	before := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path, "").Body.Bytes()
	beforeResult := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path+"/result", "").Body.Bytes()
	if !bytes.Equal(beforeResult, a.Result) || !bytes.Equal(rec.Body.Bytes(), before) {
		t.Errorf("GET answers other bytes than POST saved")
	}

	ts.importIncidents(t, ingest.FormatPlacesafe, strings.NewReader(laterIncidents))

	after := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path, "").Body.Bytes()
	afterResult := ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path+"/result", "")
	if !bytes.Equal(before, after) || !bytes.Equal(beforeResult, afterResult.Body.Bytes()) {
		t.Errorf("the saved analysis changed after an import")
	}
	if ct := afterResult.Header().Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("result Content-Type %q", ct)
	}
	var views struct {
		Total int `json:"total"`
	}
	decode(t, ts.MustSend(t, http.StatusOK, "admin", http.MethodGet, "/api/v1/audit?action=analysis.view", "").Body.Bytes(), &views)
	if views.Total != 4 {
		t.Errorf("%d views of the record-level analysis audit-logged, want 4", views.Total)
	}
	var fresh layer
	decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/hotspots?"+query, "").Body.Bytes(), &fresh)
	if fresh.total() != savedLayer.total()+5 || reflect.DeepEqual(fresh, savedLayer) {
		t.Errorf("a fresh run counts %v records, the saved one %v: want 5 more, since five robberies were imported", fresh.total(), savedLayer.total())
	}
}

func TestAudienceDecidesWhoReads(t *testing.T) {
	ts := newTestServer(t)
	for _, month := range []string{"01", "02", "03"} {
		f, err := os.Open(strings.Replace(march, "2024-03", "2024-"+month, 1))
		if err != nil {
			t.Fatal(err)
		}
		ts.importIncidents(t, ingest.FormatPoliceUK, f)
		f.Close()
	}

	var shared, private saved
	decode(t, ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/analyses",
		`{"kind":"emerging","title":"Emerging hot spots, first quarter","params":{"bin":"month","to":"2024-03-31"}}`).Body.Bytes(), &shared)
	decode(t, ts.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/analyses",
		`{"kind":"hotspots","title":"Robbery at resolution 10","audience":"record_level","params":{"res":"10","category":["robbery"]}}`).Body.Bytes(), &private)
	var sharedLayer layer
	decode(t, shared.Result, &sharedLayer)
	if shared.Audience != "all" || sharedLayer.Meta["suppressed_counts"] != true {
		t.Errorf("audience %q, meta %v: want a result with suppressed counts for every role", shared.Audience, sharedLayer.Meta)
	}
	for _, role := range []string{"inspector", "partner", "vrp_lead"} {
		ts.MustSend(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/analyses/%d/result", shared.ID), "")
		ts.MustSend(t, http.StatusForbidden, role, http.MethodGet, fmt.Sprintf("/api/v1/analyses/%d", private.ID), "")
		var page struct {
			Analyses []saved `json:"analyses"`
			Total    int     `json:"total"`
		}
		decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/analyses", "").Body.Bytes(), &page)
		if page.Total != 1 || page.Analyses[0].ID != shared.ID || page.Analyses[0].Result != nil {
			t.Errorf("%s lists %+v, want only the shared analysis, without its result", role, page)
		}
	}
	var page struct {
		Total int `json:"total"`
	}
	decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/analyses?kind=hotspots", "").Body.Bytes(), &page)
	if page.Total != 1 {
		t.Errorf("analyst lists %d hotspot analyses, want 1", page.Total)
	}
}

func TestSaveRefusesBadRequests(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, body, field string
		status            int
	}{
		{"unknown kind", `{"kind":"cells","title":"x"}`, "kind", 422},
		{"no title", `{"kind":"hotspots","title":" "}`, "title", 422},
		{"unknown parameter", `{"kind":"hotspots","title":"x","params":{"bin":"week"}}`, "params.bin", 422},
		{"parameter of the wrong type", `{"kind":"hotspots","title":"x","params":{"res":{"a":1}}}`, "params.res", 422},
		{"finer than every role may see", `{"kind":"hotspots","title":"x","params":{"res":"11"}}`, "params", 422},
		{"unknown audience", `{"kind":"hotspots","title":"x","audience":"public"}`, "audience", 422},
		{"bad resolution", `{"kind":"hotspots","title":"x","audience":"record_level","params":{"res":"99"}}`, "", 400},
		{"misspelt member", `{"kind":"hotspots","titel":"x"}`, "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.Send(t, "analyst", http.MethodPost, "/api/v1/analyses", tt.body)
			if rec.Code != tt.status || tt.field != "" && !strings.Contains(rec.Body.String(), `"field":"`+tt.field+`"`) {
				t.Errorf("status %d %s, want %d naming %q", rec.Code, rec.Body, tt.status, tt.field)
			}
		})
	}
}
