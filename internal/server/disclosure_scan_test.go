package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/placesafe/placesafe/internal/disclosure/disclosuretest"
	"github.com/placesafe/placesafe/internal/server/servertest"
	"github.com/placesafe/placesafe/internal/tiles"
)

// demoIDs are the ids that fill a route's path parameters on the demo borough.
type demoIDs map[string]string

func lookUpDemoIDs(t *testing.T, ts *servertest.Server) demoIDs {
	t.Helper()
	first := func(path, list string, optional ...bool) string {
		var body map[string]json.RawMessage
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path, ""), &body)
		var items []struct {
			ID       int64 `json:"id"`
			ImportID int64 `json:"import_id"` // imports are listed by import_id
		}
		if err := json.Unmarshal(body[list], &items); err == nil && len(items) == 0 && len(optional) > 0 {
			return "0"
		} else if err != nil || len(items) == 0 {
			t.Fatalf("%s: no %s in the demo (%v)", path, list, err)
		}
		if items[0].ID == 0 && items[0].ImportID != 0 {
			return fmt.Sprint(items[0].ImportID)
		}
		if items[0].ID == 0 {
			t.Fatalf("%s: the first of %s has no id", path, list)
		}
		return fmt.Sprint(items[0].ID)
	}
	ids := demoIDs{"framework": "serious_youth_violence", "key": "serious_youth_violence", "line": "syv-1"}
	ids["places"] = fmt.Sprint(demoPlaces(t, ts)[0])
	ids["interventions"] = fmt.Sprint(ashdown(t, ts).ID)
	ids["consultations"] = first("/api/v1/consultations", "consultations")
	ids["analyses"] = first("/api/v1/analyses", "analyses")
	ids["inspections"] = first("/api/v1/inspections", "inspections")
	ids["imports"] = first("/api/v1/imports", "imports")
	ids["eid"] = first("/api/v1/inspections/"+ids["inspections"]+"/evidence", "evidence", true)
	hot := layer(t, ts, "analyst", "/api/v1/hotspots?res=9")
	best := 0
	for i := range hot.z {
		if hot.z[i] > hot.z[best] {
			best = i
		}
	}
	ids["cell"] = hot.cells[best].String()
	// The OGC API: a saved analysis as a collection; a feature id that is a cell of the layers.
	ids["collectionId"] = "analysis-" + ids["analyses"]
	ids["featureId"] = ids["cell"]
	// Vector tiles: the tile round the hottest cell.
	tile := tileOf(t, ids["cell"], 13)
	ids["z"], ids["x"], ids["y"] = fmt.Sprint(tile.Z), fmt.Sprint(tile.X), fmt.Sprint(tile.Y)+".mvt"
	return ids
}

// fill puts the demo's ids into a route's path: ":id" takes the id of the resource it follows.
func (ids demoIDs) fill(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		name := p[1:]
		if name == "id" && i > 0 {
			name = parts[i-1]
		}
		if v, ok := ids[name]; ok {
			parts[i] = v
		} else {
			parts[i] = "0"
		}
	}
	return strings.Join(parts, "/")
}

var svgText = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

// scanRoutes walks every GET route (and an evaluation run) as role and scans what it answers.
func scanRoutes(t *testing.T, ts *servertest.Server, ids demoIDs, role string) (*disclosuretest.Scanner, int) {
	t.Helper()
	s := &disclosuretest.Scanner{Threshold: 5}
	answered := 0
	for _, r := range ts.Echo.Routes() {
		if r.Method != http.MethodGet || r.Path == "/*" || strings.HasSuffix(r.Path, "/download") || strings.HasSuffix(r.Path, "/content") ||
			r.Path == "/api/v1/openapi.json" {
			continue // the dashboard's files, the API's description, evidence files as uploaded; packs are scanned in export
		}
		path := ids.fill(r.Path)
		rec := ts.Send(t, role, http.MethodGet, path, "")
		if rec.Code != http.StatusOK {
			continue
		}
		answered++
		switch ct := rec.Header().Get("Content-Type"); {
		case strings.Contains(ct, "json"):
			if err := s.JSON(role+" "+path, rec.Body.Bytes()); err != nil {
				t.Error(err)
			}
		case ct == tiles.ContentType:
			layers, err := mvt.Unmarshal(rec.Body.Bytes())
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for name, fc := range layers.ToFeatureCollections() {
				b, _ := json.Marshal(fc)
				if err := s.JSON(role+" "+path+" layer "+name, b); err != nil {
					t.Error(err)
				}
			}
		case strings.Contains(ct, "svg"):
			for _, m := range svgText.FindAllStringSubmatch(rec.Body.String(), -1) {
				s.Value(role+" "+path+" label", strings.TrimSpace(m[1]))
			}
		}
	}
	for _, extra := range []string{"/api/v1/places/summary?kind=park&format=json", "/api/v1/places/summary?kind=shopping_centre"} {
		if rec := ts.Send(t, role, http.MethodGet, extra, ""); rec.Code == http.StatusOK {
			answered++
			if err := s.JSON(role+" "+extra, rec.Body.Bytes()); err != nil {
				t.Error(err)
			}
		}
	}
	body, _ := json.Marshal(map[string]any{"target": map[string]any{"places": []string{ids["places"]}}, "control": map[string]any{"suggest": true},
		"buffer": map[string]any{"rings": 1}, "pre": map[string]string{"from": "2025-05-01", "to": "2025-10-31"},
		"post": map[string]string{"from": "2025-11-01", "to": "2026-04-30"}})
	if rec := ts.Send(t, role, http.MethodPost, "/api/v1/evaluations", strings.Replace(string(body), `"`+ids["places"]+`"`, ids["places"], 1)); rec.Code == http.StatusOK {
		answered++
		if err := s.JSON(role+" POST /api/v1/evaluations", rec.Body.Bytes()); err != nil {
			t.Error(err)
		}
	}
	return s, answered
}

// TestNoRouteShowsARestrictedRoleASmallCount walks every route as each role without
// record-level access, on the demo borough, and fails on any count of 1 to 4 in a count field,
// a label or a sentence. The same walk as an analyst must find such counts, or it proves nothing.
func TestNoRouteShowsARestrictedRoleASmallCount(t *testing.T) {
	ts := demoServer(t)
	ids := lookUpDemoIDs(t, ts)
	for _, role := range []string{"vrp_lead", "partner", "inspector"} {
		s, answered := scanRoutes(t, ts, ids, role)
		t.Logf("%s: %d routes answered, %d counts and sentences scanned", role, answered, s.Scanned)
		for _, f := range s.Found {
			t.Errorf("%s: %s shows %q", role, f.Where, f.Value)
		}
		if answered < 20 || s.Scanned < 1000 { // the inspector reads no maps, so fewer routes than the others
			t.Errorf("%s: only %d routes answered and %d counts scanned: the walk is not reaching the outputs", role, answered, s.Scanned)
		}
	}
	s, _ := scanRoutes(t, ts, ids, "analyst")
	if len(s.Found) == 0 {
		t.Error("an analyst's walk found no count of 1 to 4: the scan proves nothing")
	}
}

// TestAnalysesSavedUnderAnEarlierRuleAreWithheld: a saved analysis protected by an earlier
// disclosure rule (Gi* on unprotected counts) is not shown to roles below record-level access.
func TestAnalysesSavedUnderAnEarlierRuleAreWithheld(t *testing.T) {
	ts := demoServer(t)
	ids := lookUpDemoIDs(t, ts)
	path := "/api/v1/analyses/" + ids["analyses"] + "/result"
	ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, path, "")
	if _, err := ts.DB.Pool.Exec(context.Background(), `UPDATE saved_analyses SET disclosure_rule = 1`); err != nil {
		t.Fatal(err)
	}
	if rec := ts.Send(t, "partner", http.MethodGet, path, ""); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "earlier disclosure rule") {
		t.Errorf("a partner reading an analysis saved under the earlier rule: %d %s", rec.Code, rec.Body)
	}
	ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, path, "")
}
