package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestAreasSummaryCountsEachWardExactly registers four wards splitting the demo borough and
// checks the summary against a point-in-polygon count made here from the records; a partner's
// summary holds the same truths within its published ranges and takes no category filter.
func TestAreasSummaryCountsEachWardExactly(t *testing.T) {
	ts := demoServer(t)
	ctx := context.Background()
	var minLat, maxLat, minLng, maxLng float64
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT min(lat), max(lat), min(lng), max(lng) FROM incidents`).Scan(&minLat, &maxLat, &minLng, &maxLng); err != nil {
		t.Fatal(err)
	}
	midLat, midLng := (minLat+maxLat)/2, (minLng+maxLng)/2
	wards := map[string]orb.Polygon{}
	for i, q := range [][4]float64{{minLng, minLat, midLng, midLat}, {midLng, minLat, maxLng, midLat}, {minLng, midLat, midLng, maxLat}, {midLng, midLat, maxLng, maxLat}} {
		name := fmt.Sprintf("Ward %d", i+1)
		wards[name] = orb.Polygon{{{q[0], q[1]}, {q[2], q[1]}, {q[2], q[3]}, {q[0], q[3]}, {q[0], q[1]}}}
		geom, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": wards[name]})
		ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places",
			fmt.Sprintf(`{"type":"Feature","geometry":%s,"properties":{"kind":"ward","name":%q}}`, geom, name))
	}
	// The truth: every incident of the year in the default age scope (a child of 10–17 as victim
	// or suspect, or no age at all), tested against each ward by orb's planar test.
	rows, err := ts.DB.Pool.Query(ctx, `SELECT lat, lng, victim_age_band, coalesce(suspect_age_band, '') FROM incidents
		WHERE occurred_at >= $1::date AND occurred_at < $2::date + 1`, demoYear.from, demoYear.to)
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]float64{}
	for rows.Next() {
		var lat, lng float64
		var victim, suspect string
		if err := rows.Scan(&lat, &lng, &victim, &suspect); err != nil {
			t.Fatal(err)
		}
		child := func(b string) bool { return b == "10-13" || b == "14-17" }
		if !child(victim) && !child(suspect) && !(victim == "unknown" && (suspect == "" || suspect == "unknown")) {
			continue
		}
		for name, w := range wards {
			if planar.PolygonContains(w, orb.Point{lng, lat}) {
				truth[name]++
			}
		}
	}
	rows.Close()
	type area struct {
		Name      string `json:"name"`
		Incidents struct {
			Count *float64 `json:"count"`
			Low   float64  `json:"count_low"`
			High  float64  `json:"count_high"`
			Label string   `json:"count_label"`
		} `json:"incidents"`
		PerKm2 *float64 `json:"incidents_per_km2"`
	}
	summary := func(role string) []area {
		var s struct{ Areas []area }
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet,
			fmt.Sprintf("/api/v1/places/summary?kind=ward&from=%s&to=%s&format=json", demoYear.from, demoYear.to), ""), &s)
		if len(s.Areas) != 4 {
			t.Fatalf("%s: %d wards in the summary, want 4", role, len(s.Areas))
		}
		return s.Areas
	}
	// Each ward is a quarter of the records' bounding box: its area worked here on a sphere of
	// radius 6,371 km (a band of latitude times its share of longitude).
	quarterKm2 := func(w orb.Polygon) float64 {
		b := w.Bound()
		rad := math.Pi / 180
		return 6371 * 6371 * (b.Max.Lon() - b.Min.Lon()) * rad * math.Abs(math.Sin(b.Max.Lat()*rad)-math.Sin(b.Min.Lat()*rad))
	}
	for _, a := range summary("analyst") {
		if a.Incidents.Count == nil || *a.Incidents.Count != truth[a.Name] || a.PerKm2 == nil {
			t.Errorf("analyst: %s has %v incidents, the point-in-polygon count is %v", a.Name, a.Incidents.Count, truth[a.Name])
			continue
		}
		if want := truth[a.Name] / quarterKm2(wards[a.Name]); math.Abs(*a.PerKm2-want) > 0.01*want+0.1 {
			t.Errorf("analyst: %s has %.1f incidents per km², want %.1f (%v over %.3f km²)", a.Name, *a.PerKm2, want, truth[a.Name], quarterKm2(wards[a.Name]))
		}
	}
	for _, a := range summary("partner") {
		if n := truth[a.Name]; n < a.Incidents.Low || n > a.Incidents.High {
			t.Errorf("partner: %s reads %s (%v–%v), which does not hold %v", a.Name, a.Incidents.Label, a.Incidents.Low, a.Incidents.High, n)
		}
	}
	if rec := ts.Send(t, "partner", http.MethodGet, "/api/v1/places/summary?kind=ward&category=robbery", ""); rec.Code != http.StatusForbidden {
		t.Errorf("a partner's summary by category: %d, want 403", rec.Code)
	}
	rec := ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/places/summary?kind=ward&from=2026-01-15&to=2026-02-10", "")
	var fc struct {
		Features []struct {
			Geometry   json.RawMessage `json:"geometry"`
			Properties map[string]any  `json:"properties"`
		} `json:"features"`
		Meta struct{ From, To string } `json:"meta"`
	}
	servertest.Decode(t, rec, &fc)
	if len(fc.Features) != 4 || fc.Meta.From != "2026-01-01" || fc.Meta.To != "2026-02-28" || fc.Features[0].Properties["count_label"] == nil {
		t.Errorf("partner's choropleth: %d features, period %s to %s (want whole months), first %v", len(fc.Features), fc.Meta.From, fc.Meta.To, fc.Features[0].Properties)
	}
}
