package server_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestComparisonOfThreeLocalAreasFromOneForceFile: a force-wide police.uk file lands once in a
// deployment of three local areas; the comparison gives the whole deployment's analyst each
// area's records, exactly as many as a point-in-polygon count of the landed records puts in it,
// a West analyst West's alone, rates per 1,000 children from the population file, and a partner
// only protected counts.
func TestComparisonOfThreeLocalAreasFromOneForceFile(t *testing.T) {
	s := servertest.New(t)
	thirds := []struct {
		name, code     string
		x0, x1         float64
		children       int64
		id, pipRecords int64
	}{
		{name: "West", code: "E09000901", x0: -0.1150005, x1: -0.1000005, children: 1234},
		{name: "Middle", code: "E09000902", x0: -0.1000005, x1: -0.0880005, children: 2345},
		{name: "East", code: "E09000903", x0: -0.0880005, x1: -0.0800005},
	}
	const y0, y1 = 51.5050005, 51.5230005
	for i := range thirds {
		thirds[i].id = s.AddLocalArea(t, thirds[i].name, thirds[i].code, servertest.Box(thirds[i].x0, y0, thirds[i].x1, y1))
	}
	ctx := context.Background()
	for _, m := range []string{"03", "04"} {
		path := fmt.Sprintf("../../../shared/data/policeuk-city-of-london-2024/2024-%s-city-of-london-street.csv", m)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: filepath.Base(path)}
		id, err := s.Imports.Create(ctx, &o)
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := s.Imports.Run(ctx, id, o, f); err != nil || rep.Status != ingest.StatusDone {
			t.Fatalf("import %s: %v %+v", path, err, rep)
		}
		f.Close()
	}
	// Point in polygon over the landed records, by orb's planar test of the same boxes.
	rows, err := s.DB.Pool.Query(ctx, `SELECT lng, lat FROM incidents WHERE occurred_at >= '2024-03-01' AND occurred_at < '2024-05-01'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p orb.Point
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			t.Fatal(err)
		}
		for i, a := range thirds {
			if planar.PolygonContains(orb.Polygon{{{a.x0, y0}, {a.x1, y0}, {a.x1, y1}, {a.x0, y1}, {a.x0, y0}}}, p) {
				thirds[i].pipRecords++
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	s.MustSend(t, http.StatusOK, "admin", http.MethodPut, "/api/v1/local-areas/population",
		fmt.Sprintf("ons_code,year,children\n%s,2023,1000\n%s,2024,%d\n%s,2024,%d\n", thirds[0].code, thirds[0].code, thirds[0].children, thirds[1].code, thirds[1].children),
		"Content-Type", "text/csv")

	type comparison struct {
		Areas []struct {
			ID        int64 `json:"id"`
			Incidents struct {
				N      *int64 `json:"count"`
				Status string `json:"protection"`
			} `json:"incidents"`
			Children        *int64   `json:"children"`
			PopulationYear  *int     `json:"population_year"`
			Per1000Children *float64 `json:"per_1000_children"`
		} `json:"areas"`
	}
	period := "/api/v1/local-areas/comparison?from=2024-03-01&to=2024-04-30"
	var vru comparison
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "analyst", http.MethodGet, period+"&scope=all", ""), &vru)
	got := map[int64]int{}
	for i, a := range vru.Areas {
		got[a.ID] = i
	}
	for _, want := range thirds {
		i, ok := got[want.id]
		if !ok {
			t.Fatalf("%s is missing from the comparison", want.name)
		}
		a := vru.Areas[i]
		if want.pipRecords == 0 {
			t.Fatalf("no record lies in %s: the test areas are wrong", want.name)
		}
		if a.Incidents.N == nil || *a.Incidents.N != want.pipRecords || a.Incidents.Status != "exact" {
			t.Errorf("%s: %v incidents (%s); %d of the landed records lie in it", want.name, a.Incidents.N, a.Incidents.Status, want.pipRecords)
		}
		switch {
		case want.children == 0 && (a.Children != nil || a.Per1000Children != nil):
			t.Errorf("%s has no population figures but shows children %v, rate %v", want.name, a.Children, a.Per1000Children)
		case want.children != 0:
			rate := math.Round(float64(want.pipRecords)/float64(want.children)*1000*100) / 100
			if a.Children == nil || *a.Children != want.children || a.PopulationYear == nil || *a.PopulationYear != 2024 ||
				a.Per1000Children == nil || *a.Per1000Children != rate {
				t.Errorf("%s: children %v of %v, rate %v; want %d of 2024, rate %v", want.name, a.Children, a.PopulationYear, a.Per1000Children, want.children, rate)
			}
		}
	}

	westAnalyst := s.ScopedUser(t, "analyst", thirds[0].id)
	var west comparison
	servertest.Decode(t, s.MustSend(t, http.StatusOK, westAnalyst, http.MethodGet, period+"&scope=all", ""), &west)
	if len(west.Areas) != 1 || west.Areas[0].ID != thirds[0].id || *west.Areas[0].Incidents.N != thirds[0].pipRecords {
		t.Errorf("a West analyst's comparison: %+v; want West alone with %d incidents", west.Areas, thirds[0].pipRecords)
	}

	s.MustSend(t, http.StatusForbidden, "partner", http.MethodGet, period+"&scope=all", "")
	var partner comparison
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, period, ""), &partner)
	for _, a := range partner.Areas {
		if a.Incidents.Status == "exact" && a.Incidents.N != nil && *a.Incidents.N%5 != 0 {
			t.Errorf("a partner is shown local area %d's count %d exactly", a.ID, *a.Incidents.N)
		}
	}

	// A bad population file is refused whole, naming the line.
	rec := s.MustSend(t, http.StatusUnprocessableEntity, "admin", http.MethodPut, "/api/v1/local-areas/population",
		"ons_code,year,children\nE09000901,2025,10\nE0900,2025,x\n", "Content-Type", "text/csv")
	if !strings.Contains(rec.Body.String(), "line 3") {
		t.Errorf("refusal does not name line 3: %s", rec.Body)
	}
}
