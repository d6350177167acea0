package intervention_test

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/demo/seed"
)

// TestSeedDemo loads a small demo borough as `serve --demo` does and checks what the seed of
// interventions adds, and that seeding again adds nothing.
func TestSeedDemo(t *testing.T) {
	ts := newTestServer(t)
	ctx := t.Context()
	london := record.London()
	b := servertest.DemoBorough(t, demo.Options{Seed: 7, End: time.Date(2025, 6, 1, 0, 0, 0, 0, london), Years: 3, Incidents: 4000})
	if err := ts.LoadBorough(ctx, b, "analyst@example.org", "vrp_lead@example.org", slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("LoadBorough: %v", err)
	}
	if err := seed.Interventions(ctx, ts.DB.Pool, ts.Layers, b, "analyst@example.org", "vrp_lead@example.org"); err != nil {
		t.Fatalf("seed the interventions again: %v", err)
	}

	var page struct {
		Interventions []interventionJSON `json:"interventions"`
		Total         int                `json:"total"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, "/api/v1/interventions?sort=title", ""), &page)
	states := map[string]string{}
	for _, it := range page.Interventions {
		states[it.Title] = it.ReviewStatus
		if !it.Partnership {
			t.Errorf("%s is not a partnership", it.Title)
		}
	}
	want := map[string]string{
		"Detached youth work in Ashdown Park":          "approved",
		"Kestrel Fields patrol plan":                   "submitted",
		"Safe havens at Northbridge Interchange":       "returned",
		"Riverside Centre dispersal order":             "approved",
		"CCTV and lighting on Northbridge High Street": "draft",
	}
	if page.Total != len(want) {
		t.Errorf("%d interventions after seeding twice, want %d", page.Total, len(want))
	}
	for title, state := range want {
		if states[title] != state {
			t.Errorf("%s is %q, want %s", title, states[title], state)
		}
	}
	for _, it := range page.Interventions {
		if it.Title != "Detached youth work in Ashdown Park" {
			continue
		}
		var one interventionJSON
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "vrp_lead", http.MethodGet, loc(it.ID), ""), &one)
		if len(one.Analyses) != 1 || one.Dosage == nil || one.Dosage.Sessions.N == nil || *one.Dosage.Sessions.N < 50 {
			t.Errorf("Ashdown Park: analyses %v, dosage %+v; want the saved analysis and months of youth work", one.Analyses, one.Dosage)
		}
		var reviews struct {
			Reviews []struct {
				ByEmail string `json:"by_email"`
			} `json:"reviews"`
		}
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, loc(it.ID)+"/reviews", ""), &reviews)
		if len(reviews.Reviews) != 2 || reviews.Reviews[0].ByEmail != "analyst@example.org" || reviews.Reviews[1].ByEmail != "vrp_lead@example.org" {
			t.Errorf("Ashdown Park's reviews %+v, want submitted by the analyst and approved by the VRP lead", reviews.Reviews)
		}
	}
	var counts struct {
		Consultations, Analyses, Linked int
	}
	if err := ts.DB.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM consultations WHERE what_changed <> ''),
		(SELECT count(*) FROM saved_analyses), (SELECT count(*) FROM intervention_analyses)`).Scan(&counts.Consultations, &counts.Analyses, &counts.Linked); err != nil {
		t.Fatal(err)
	}
	if counts.Consultations != 4 || counts.Analyses != 1 || counts.Linked != 2 {
		t.Errorf("seeded %+v, want 4 consultations with what changed, 1 analysis linked to 2 interventions", counts)
	}
}
