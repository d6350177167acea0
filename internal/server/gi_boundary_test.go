package server_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestHotSpotsAcrossABoundaryEqualHotSpotsOfTheUnion: a hot spot on the boundary of two local
// areas is not cut in two. The deployment's Gi* over West and East is the Gi* of one local area
// drawn as their union, cell for cell, with the same records.
func TestHotSpotsAcrossABoundaryEqualHotSpotsOfTheUnion(t *testing.T) {
	// Background incidents over both areas, and a cluster astride the boundary at lng −0.2.
	rng := rand.New(rand.NewPCG(19, 2026))
	var csv strings.Builder
	csv.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	for i := range 600 {
		lat, lng := 51.40+rng.Float64()*0.1, -0.3+rng.Float64()*0.2
		if i%3 == 0 {
			lat, lng = 51.45+rng.NormFloat64()*0.003, -0.2+rng.NormFloat64()*0.004
		}
		fmt.Fprintf(&csv, "B-%04d,2024-%02d-%02d,day,robbery,14-17,,%.6f,%.6f,street,,\n", i, 1+i%6, 1+i%28, lat, lng)
	}
	layer := func(s *servertest.Server) []any {
		t.Helper()
		s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
		var fc struct {
			Features []any `json:"features"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/hotspots?res=9&from=2024-01-01&to=2024-06-30", ""), &fc)
		return fc.Features
	}
	two := servertest.New(t)
	two.AddWestAndEast(t)
	one := servertest.New(t)
	one.AddLocalArea(t, "West and East", "E09000903", servertest.Box(-0.3, 51.4, -0.1, 51.5))
	across, union := layer(two), layer(one)

	if len(across) == 0 || len(across) != len(union) {
		t.Fatalf("%d cells across the boundary, %d in the union", len(across), len(union))
	}
	hot := 0
	for i := range across {
		if !reflect.DeepEqual(across[i], union[i]) {
			t.Fatalf("cell %d differs:\nacross the boundary %v\nthe union          %v", i, across[i], union[i])
		}
		props := across[i].(map[string]any)["properties"].(map[string]any)
		centre := h3.Cell(h3.IndexFromString(props["cell"].(string))).LatLng()
		if z, ok := props["gi_z"].(float64); ok && z > 3 && math.Abs(centre.Lng+0.2) < 0.005 {
			hot++
		}
	}
	if hot == 0 {
		t.Error("no hot cell on the boundary: the cluster astride it should make some")
	}
}
