package server_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// mapRecord is one incident of a test's CSV.
type mapRecord struct {
	ref      string
	month    int // of 2024
	lat, lng float64
}

// csvOf writes records as a placesafe incidents file: robberies of children (the SYV scope).
func csvOf(records []mapRecord) string {
	var b strings.Builder
	b.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	for _, r := range records {
		fmt.Fprintf(&b, "%s,2024-%02d-15,day,robbery,14-17,,%.6f,%.6f,street,,\n", r.ref, r.month, r.lat, r.lng)
	}
	return b.String()
}

// inWest is a point-in-polygon test of West's box (lng −0.3..−0.2, lat 51.4..51.5).
func (r mapRecord) inWest() bool {
	return r.lng >= -0.3 && r.lng < -0.2 && r.lat >= 51.4 && r.lat <= 51.5
}

// cellOf is the cell at res of the record's stored point.
func (r mapRecord) cellOf(t *testing.T, res int) h3.Cell {
	t.Helper()
	c, err := geo.CellAt(r.lat, r.lng, geo.StorageRes)
	if err != nil {
		t.Fatal(err)
	}
	return c.Parent(res)
}

// spreadRecords are n incidents over West and East in the first half of 2024, none within
// about 100 metres of an edge of either area (where a cell's parent may fall beside the
// covering), so that each lies plainly in one area.
func spreadRecords(n int) []mapRecord {
	rng := rand.New(rand.NewPCG(21, 4))
	var out []mapRecord
	for i := 0; len(out) < n; i++ {
		lat, lng := 51.4+rng.Float64()*0.1, -0.3+rng.Float64()*0.2
		if i%2 == 0 { // a cluster astride the boundary
			lat, lng = 51.45+rng.NormFloat64()*0.004, -0.2+rng.NormFloat64()*0.006
		}
		lng = float64(int64(lng*1e6)) / 1e6
		lat = float64(int64(lat*1e6)) / 1e6
		if lat < 51.401 || lat > 51.499 || lng < -0.299 || lng > -0.101 || (lng > -0.201 && lng < -0.199) {
			continue
		}
		out = append(out, mapRecord{ref: fmt.Sprintf("M-%05d", i), month: 1 + i%6, lat: lat, lng: lng})
	}
	return out
}

type mapLayer struct {
	Features []struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func (l mapLayer) counts(t *testing.T) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, f := range l.Features {
		n, ok := f.Properties["count"].(float64)
		if !ok {
			t.Fatalf("cell %s has no exact count: %v", f.ID, f.Properties)
		}
		out[f.ID] = int64(n)
	}
	return out
}

func getLayer(t *testing.T, s *servertest.Server, user, path string, headers ...string) mapLayer {
	t.Helper()
	var l mapLayer
	servertest.Decode(t, s.MustSend(t, http.StatusOK, user, http.MethodGet, path, "", headers...), &l)
	return l
}

// covering is the cells at res of the box lng x0..x1, lat y0..y1.
func covering(t *testing.T, x0, y0, x1, y1 float64, res int) []string {
	t.Helper()
	a, err := geo.ParseBoundary([]byte(servertest.Box(x0, y0, x1, y1)))
	if err != nil {
		t.Fatal(err)
	}
	cells, err := geo.CoverMultiPolygon(a.MultiPolygon(), res, hotspot.MaxCells)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.String()
	}
	slices.Sort(out)
	return out
}

// TestAnAnalystOfWestMapsWestAlone: an analyst of West is answered with the cells covering
// West, each counting West's records in it, and Gi* equal to that of a deployment holding West
// alone; the whole deployment's analyst still gets both areas.
func TestAnAnalystOfWestMapsWestAlone(t *testing.T) {
	records := spreadRecords(800)
	var west []mapRecord
	for _, r := range records {
		if r.inWest() {
			west = append(west, r)
		}
	}
	if len(west) < 200 || len(records)-len(west) < 200 {
		t.Fatalf("%d of %d records in West: the test needs many on both sides", len(west), len(records))
	}
	s := servertest.New(t)
	westID, _ := s.AddWestAndEast(t)
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csvOf(records)))
	westAnalyst := s.ScopedUser(t, "analyst", westID)
	const period = "from=2024-01-01&to=2024-06-30"

	cells := getLayer(t, s, westAnalyst, "/api/v1/cells?res=8&"+period)
	var got []string
	for _, f := range cells.Features {
		got = append(got, f.ID)
	}
	slices.Sort(got)
	if want := covering(t, -0.3, 51.4, -0.2, 51.5, 8); !slices.Equal(got, want) {
		t.Fatalf("a West analyst's cells: %d, want West's covering of %d", len(got), len(want))
	}
	want := map[string]int64{}
	for _, r := range west {
		want[r.cellOf(t, 8).String()]++
	}
	for id, n := range cells.counts(t) {
		if n != want[id] {
			t.Errorf("cell %s counts %d, West's records in it are %d", id, n, want[id])
		}
	}

	// Emerging hot spots are analysed over West's covering too.
	emerging := getLayer(t, s, westAnalyst, "/api/v1/hotspots/emerging?res=8&bin=month&"+period)
	var emerged []string
	for _, f := range emerging.Features {
		emerged = append(emerged, f.ID)
	}
	slices.Sort(emerged)
	if !slices.Equal(emerged, got) {
		t.Errorf("a West analyst's emerging hot spots cover %d cells, want West's %d", len(emerged), len(got))
	}

	// One cell astride the boundary: its detail counts West's records alone.
	straddling := mapRecord{lat: 51.45, lng: -0.2}.cellOf(t, 8)
	var inCell int64
	for _, r := range west {
		if r.cellOf(t, 8) == straddling {
			inCell++
		}
	}
	var detail struct {
		Total struct {
			Count *int64 `json:"count"`
		} `json:"total"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, westAnalyst, http.MethodGet, "/api/v1/cells/"+straddling.String()+"?"+period, ""), &detail)
	if inCell == 0 || detail.Total.Count == nil || *detail.Total.Count != inCell {
		t.Errorf("the straddling cell's detail for West: %v, want West's %d records", detail.Total.Count, inCell)
	}

	// Gi* over West alone is that of a deployment holding West alone.
	alone := servertest.New(t)
	alone.AddLocalArea(t, "West", "E09000901", servertest.Box(-0.3, 51.4, -0.2, 51.5))
	alone.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csvOf(west)))
	for _, path := range []string{"/api/v1/hotspots?res=9&" + period, "/api/v1/hotspots?res=8&k=2&" + period} {
		scoped, only := getLayer(t, s, westAnalyst, path), getLayer(t, alone, "analyst", path)
		if len(scoped.Features) == 0 || !reflect.DeepEqual(scoped.Features, only.Features) {
			t.Errorf("%s: a West analyst's %d cells differ from West alone's %d", path, len(scoped.Features), len(only.Features))
		}
	}

	// The whole deployment's analyst counts every record over both areas' covering.
	whole := getLayer(t, s, "analyst", "/api/v1/cells?res=8&"+period)
	var total int64
	for _, n := range whole.counts(t) {
		total += n
	}
	if total != int64(len(records)) || len(whole.Features) != len(covering(t, -0.3, 51.4, -0.1, 51.5, 8)) {
		t.Errorf("the whole deployment: %d records in %d cells, want %d records over both areas", total, len(whole.Features), len(records))
	}
}

// straddlingPoints are a point of West and one of East in the same resolution-9 cell.
func straddlingPoints(t *testing.T) (west, east mapRecord, cell h3.Cell) {
	t.Helper()
	for lat := 51.449; lat < 51.451; lat += 0.00005 {
		w, e := mapRecord{lat: lat, lng: -0.2003}, mapRecord{lat: lat, lng: -0.1997}
		if w.cellOf(t, 9) == e.cellOf(t, 9) {
			return w, e, w.cellOf(t, 9)
		}
	}
	t.Fatal("no resolution-9 cell astride lng −0.2 near lat 51.45")
	return
}

// published is a count as a protected viewer is shown it.
type published struct {
	Count *int64 `json:"count"`
	Low   int64  `json:"count_low"`
	High  int64  `json:"count_high"`
}

func (p published) String() string {
	if p.Count == nil {
		return "none"
	}
	return fmt.Sprint(*p.Count)
}

// TestNarrowingToOneAreaDoesNotDifferenceAnotherAreasSmallCount: a partner of the whole
// deployment cannot learn East's 2 records in a cell astride the boundary by taking the
// difference of the whole deployment's count (West's 5 and East's 2) and West's alone: the
// whole answer is a range, East's atom being small on its own.
//
// The same holds in a deployment of West alone, redrawn so that the two eastern records lie in
// no local area: narrowing to West, the one area there is, must not difference them either.
func TestNarrowingToOneAreaDoesNotDifferenceAnotherAreasSmallCount(t *testing.T) {
	w, e, cell := straddlingPoints(t)
	var records []mapRecord
	for i := range 5 {
		records = append(records, mapRecord{ref: fmt.Sprintf("W-%d", i), month: 3, lat: w.lat, lng: w.lng})
	}
	for i := range 2 {
		records = append(records, mapRecord{ref: fmt.Sprintf("E-%d", i), month: 3, lat: e.lat, lng: e.lng})
	}
	csv := csvOf(records)
	t.Run("West and East", func(t *testing.T) {
		s := servertest.New(t)
		westID, _ := s.AddWestAndEast(t)
		s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv))
		checkNarrowingToWest(t, s, westID, cell)
	})
	t.Run("West alone, the rest outside", func(t *testing.T) {
		s := servertest.New(t)
		westID := s.AddLocalArea(t, "West", "E09000901", servertest.Box(-0.3, 51.4, -0.1, 51.5))
		s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv))
		s.MustSend(t, http.StatusOK, "admin", http.MethodPut, fmt.Sprintf("/api/v1/local-areas/%d", westID),
			`{"boundary":`+servertest.Box(-0.3, 51.4, -0.2, 51.5)+`}`, "If-Match", `"1"`)
		checkNarrowingToWest(t, s, westID, cell)
	})
}

// checkNarrowingToWest checks that a partner of the whole deployment reads West's 5 records in
// cell exactly when narrowed to West, and the whole cell (with 2 records of no area or of
// East) as the range 6–9.
func checkNarrowingToWest(t *testing.T, s *servertest.Server, westID int64, cell h3.Cell) {
	fromLayer := func(l mapLayer) published {
		for _, f := range l.Features {
			if f.ID == cell.String() {
				var p published
				if n, ok := f.Properties["count"].(float64); ok {
					p.Count = new(int64)
					*p.Count = int64(n)
				}
				p.Low, p.High = int64(f.Properties["count_low"].(float64)), int64(f.Properties["count_high"].(float64))
				return p
			}
		}
		t.Fatalf("no cell %s in the layer", cell)
		return published{}
	}
	const period = "res=9&from=2024-03-01&to=2024-03-31"
	narrowed := []string{"X-Local-Area", fmt.Sprint(westID)}
	for _, c := range []struct {
		name        string
		whole, west func() published
	}{
		{"cells (the cell index)", func() published { return fromLayer(getLayer(t, s, "partner", "/api/v1/cells?"+period)) },
			func() published { return fromLayer(getLayer(t, s, "partner", "/api/v1/cells?"+period, narrowed...)) }},
		{"the cell's detail (the records)", func() published {
			var d struct{ Total published }
			servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/cells/"+cell.String()+"?"+period, ""), &d)
			return d.Total
		}, func() published {
			var d struct{ Total published }
			servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/cells/"+cell.String()+"?"+period, "", narrowed...), &d)
			return d.Total
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			whole, west := c.whole(), c.west()
			// West's 5 are exact and the other atom lies in 1..4: the whole is 6 to 9.
			if west.Count == nil || *west.Count != 5 {
				t.Fatalf("West alone: %s (%d–%d), want exactly 5", west, west.Low, west.High)
			}
			if whole.Count != nil || whole.Low != 6 || whole.High != 9 {
				t.Errorf("the whole deployment: count %s, range %d–%d; want no count and 6–9, which less West's 5 leaves the rest at 1 to 4",
					whole, whole.Low, whole.High)
			}
		})
	}
}

// TestAWestUsersTilesAndOGCHoldNoEastRecord: the vector tiles and OGC features a user of West
// reads hold West's records alone, even after a user of the whole deployment has read the same
// tile.
func TestAWestUsersTilesAndOGCHoldNoEastRecord(t *testing.T) {
	records := spreadRecords(400)
	var west int64
	westCells := map[string]bool{}
	for _, r := range records {
		if r.inWest() {
			west++
		}
	}
	for _, c := range covering(t, -0.3, 51.4, -0.2, 51.5, 8) {
		westCells[c] = true
	}
	s := servertest.New(t)
	westID, _ := s.AddWestAndEast(t)
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csvOf(records)))
	westAnalyst := s.ScopedUser(t, "analyst", westID)

	tile := maptile.At(orb.Point{-0.2, 51.45}, 9)
	sumTile := func(user string) (n int64, outside int) {
		for _, f := range decodeTile(t, s, user, "cells", tile, "?res=8").Features {
			if c, ok := f.Properties["count"].(float64); ok {
				n += int64(c)
			}
			if !westCells[f.Properties["cell"].(string)] {
				outside++
			}
		}
		return n, outside
	}
	if n, _ := sumTile("analyst"); n != int64(len(records)) {
		t.Fatalf("the whole deployment's tile holds %d records, want %d", n, len(records))
	}
	if n, outside := sumTile(westAnalyst); n != west || outside > 0 {
		t.Errorf("a West analyst's tile holds %d records and %d cells outside West; want West's %d and none", n, outside, west)
	}

	var items mapLayer
	q := url.Values{"res": {"8"}, "limit": {"10000"}}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, westAnalyst, http.MethodGet, "/ogc/collections/cells/items?"+q.Encode(), ""), &items)
	var n int64
	for _, f := range items.Features {
		if !westCells[f.ID] {
			t.Fatalf("OGC cell %s of a West analyst is not West's", f.ID)
		}
		n += int64(f.Properties["count"].(float64))
	}
	if n != west {
		t.Errorf("a West analyst's OGC cells hold %d records, want West's %d", n, west)
	}
	// A saved analysis of the whole deployment is not a West user's: for them it does not exist.
	var saved struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/analyses",
		`{"kind":"hotspots","title":"Both areas","params":{"res":8}}`), &saved)
	collection := fmt.Sprintf("/ogc/collections/analysis-%d", saved.ID)
	s.MustSend(t, http.StatusOK, "analyst", http.MethodGet, collection, "")
	if rec := s.MustSend(t, http.StatusNotFound, westAnalyst, http.MethodGet, collection, ""); !strings.Contains(rec.Body.String(), fmt.Sprintf("no saved analysis %d", saved.ID)) {
		t.Errorf("a West analyst reading the whole deployment's analysis: %s", rec.Body)
	}
}

// TestAUserOfEveryLocalAreaMapsNoRecordOutsideThem: a deployment of one local area, West, is
// redrawn so that of two records in one cell astride lng −0.2 the eastern one lies in no area.
// An analyst of West sees every local area there is, yet not the whole deployment: the cell
// counts West's record alone for them, and both for an analyst of the whole deployment.
func TestAUserOfEveryLocalAreaMapsNoRecordOutsideThem(t *testing.T) {
	w, e, cell := straddlingPoints(t)
	s := servertest.New(t)
	westID := s.AddLocalArea(t, "West", "E09000901", servertest.Box(-0.3, 51.4, -0.1, 51.5))
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csvOf([]mapRecord{
		{ref: "W", month: 3, lat: w.lat, lng: w.lng}, {ref: "E", month: 3, lat: e.lat, lng: e.lng}})))
	s.MustSend(t, http.StatusOK, "admin", http.MethodPut, fmt.Sprintf("/api/v1/local-areas/%d", westID),
		`{"boundary":`+servertest.Box(-0.3, 51.4, -0.2, 51.5)+`}`, "If-Match", `"1"`)
	westAnalyst := s.ScopedUser(t, "analyst", westID)

	for _, tc := range []struct {
		user string
		want int64
	}{{westAnalyst, 1}, {"analyst", 2}} {
		var detail struct {
			Total struct {
				Count *int64 `json:"count"`
			} `json:"total"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, tc.user, http.MethodGet,
			"/api/v1/cells/"+cell.String()+"?from=2024-01-01&to=2024-06-30", ""), &detail)
		if got := detail.Total.Count; got == nil || *got != tc.want {
			t.Errorf("%s: the cell astride West's edge counts %s, want %d", tc.user, published{Count: got}, tc.want)
		}
	}
}
