package hotspot_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestCachedLayersFollowImports checks that a cached aggregate is not served once an import
// lands or is withdrawn.
func TestCachedLayersFollowImports(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	srv.SetArea(t, "City", "../ingest/testdata/city-of-london-boundary.geojson")
	total := func() int64 {
		hs, err := srv.Hotspot.Hotspots(ctx, hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9}, hotspot.GiOptions{K: 1, Kernel: "uniform"}, srv.Policy.Raw())
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, c := range hs.Count {
			n += c
		}
		return n
	}
	load := func(n int) int64 {
		var b strings.Builder
		b.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "X%d-%d,2024-05-03 16:20,exact,robbery,14-17,,51.5138,-0.0984,street,\n", n, i)
		}
		return srv.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(b.String())).ImportID
	}
	load(3)
	if got := total(); got != 3 {
		t.Fatalf("total %d, want 3", got)
	}
	second := load(4)
	if got := total(); got != 7 {
		t.Errorf("total after a second import %d, want 7 (a stale cache?)", got)
	}
	if _, err := srv.Imports.Withdraw(ctx, second); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 3 {
		t.Errorf("total after withdrawing it %d, want 3", got)
	}
}

// TestTooManyCellsSuggestsACoarserResolution: a study area that needs more cells than MaxCells
// at the asked resolution is refused, naming the finest resolution that fits.
func TestTooManyCellsSuggestsACoarserResolution(t *testing.T) {
	srv := servertest.New(t)
	ctx := context.Background()
	county := `{"type":"Polygon","coordinates":[[[-1.5,52.5],[-1.0,52.5],[-1.0,53.0],[-1.5,53.0],[-1.5,52.5]]]}`
	if _, _, err := srv.Area.Set(ctx, "a county", []byte(county)); err != nil {
		t.Fatal(err)
	}
	run := func(res int) error {
		_, err := srv.Hotspot.Hotspots(ctx, hotspot.Filter{Kind: hotspot.KindIncidents, Res: res}, hotspot.GiOptions{K: 1, Kernel: "uniform"}, srv.Policy.Raw())
		return err
	}
	err := run(12)
	m := regexp.MustCompile(`use resolution (\d+) or coarser`).FindStringSubmatch(fmt.Sprint(err))
	if m == nil {
		t.Fatalf("res 12 over ~1,900 km²: %v, want a refusal suggesting a resolution", err)
	}
	finest, _ := strconv.Atoi(m[1])
	if finest < 8 || finest > 11 {
		t.Errorf("suggested resolution %d; at ~1,900 km² and a %d-cell limit it should be 9 or 10", finest, hotspot.MaxCells)
	}
	if err := run(finest); err != nil {
		t.Errorf("res %d, the suggested one: %v", finest, err)
	}
	if err := run(finest + 1); err == nil {
		t.Errorf("res %d, finer than the suggested one, was accepted", finest+1)
	}
}
