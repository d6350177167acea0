package hotspot_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// demoEnd fixes the demo data set the tests read (the same seed as `serve --demo`).
var demoEnd = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

type demoEnv struct {
	srv     *server.Server
	borough *demo.Borough
	tokens  map[string]string
}

var (
	sharedOnce sync.Once
	shared     *demoEnv
	sharedErr  error
)

// demoServer is the service with the demo borough loaded, shared by the tests of this package
// (loading it takes about a second). The tests only read.
func demoServer(t *testing.T) *demoEnv {
	t.Helper()
	sharedOnce.Do(func() {
		shared, sharedErr = loadDemo(t)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	if shared == nil {
		t.Fatal("the demo borough could not be loaded")
	}
	return shared
}

func loadDemo(t *testing.T) (*demoEnv, error) {
	srv := servertest.New(&packageTB{TB: t})
	b, err := demo.Generate(demo.Options{Seed: 20241, End: demoEnd, Years: 3, Incidents: 20000})
	if err != nil {
		return nil, err
	}
	srv.SetBorough(t, b, ingest.KindIncidents, ingest.KindActivity)
	return &demoEnv{srv: srv.Server, borough: b, tokens: srv.Tokens}, nil
}

// packageTB keeps the shared database alive for the whole package: its cleanup never runs
// (the test binary's end closes the connections; the database is dropped by name below).
type packageTB struct{ testing.TB }

func (p *packageTB) Cleanup(f func()) { cleanups = append(cleanups, f) }

var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

func (e *demoEnv) get(t *testing.T, role, url string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	rec := httptest.NewRecorder()
	e.srv.Echo.ServeHTTP(rec, req)
	return rec
}

type featureCollection struct {
	Meta     map[string]any `json:"meta"`
	Features []struct {
		Properties struct {
			Cell       string   `json:"cell"`
			Count      *int64   `json:"count"`
			Value      *float64 `json:"value"`
			Suppressed bool     `json:"suppressed"`
			GiZ        float64  `json:"gi_z"`
			GiP        float64  `json:"gi_p"`
			GiBin      int      `json:"gi_bin"`
			Category   string   `json:"category"`
			Slices     int      `json:"slices"`
		} `json:"properties"`
	} `json:"features"`
}

func (e *demoEnv) layer(t *testing.T, role, url string) featureCollection {
	t.Helper()
	rec := e.get(t, role, url)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s as %s = %d %s", url, role, rec.Code, rec.Body)
	}
	var fc featureCollection
	if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
		t.Fatalf("GET %s: not GeoJSON: %v", url, err)
	}
	return fc
}

func (e *demoEnv) place(t *testing.T, name string) demo.Place {
	t.Helper()
	for _, p := range e.borough.Places {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("the demo borough has no place %q", name)
	return demo.Place{}
}

func cellOf(t *testing.T, p orb.Point, res int) string {
	t.Helper()
	c, err := geo.CellAt(p[1], p[0], res)
	if err != nil {
		t.Fatal(err)
	}
	return c.String()
}

func TestParentSQLMatchesH3(t *testing.T) {
	e := demoServer(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		lat, lng := 49.9+rng.Float64()*10, -8+rng.Float64()*9
		c15, _ := geo.CellAt(lat, lng, geo.StorageRes)
		for res := 6; res <= 12; res++ {
			var got int64
			if err := e.srv.Hotspot.ParentInSQL(context.Background(), int64(c15), res, &got); err != nil {
				t.Fatal(err)
			}
			if want := c15.Parent(res); h3.Cell(got) != want {
				t.Fatalf("parent of %s at res %d: SQL gives %x, h3 gives %s", c15, res, got, want)
			}
		}
	}
}

func TestCellsCoverTheStudyAreaAndCountEveryRecordOnce(t *testing.T) {
	e := demoServer(t)
	sa, err := e.srv.Area.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	if err := e.srv.Hotspot.CountAll(context.Background(), &total); err != nil {
		t.Fatal(err)
	}
	for _, res := range []int{7, 9, 11} {
		fc := e.layer(t, "analyst", "/api/v1/cells?scope=all&res="+itoa(res))
		covering, err := geo.CoverMultiPolygon(sa.Area.MultiPolygon(), res, 200000)
		if err != nil {
			t.Fatal(err)
		}
		in := map[string]bool{}
		for _, c := range covering {
			in[c.String()] = true
		}
		var sum int64
		zeros, outside := 0, 0
		for _, f := range fc.Features {
			sum += *f.Properties.Count
			if *f.Properties.Count == 0 {
				zeros++
			}
			if !in[f.Properties.Cell] {
				outside++
			}
		}
		if sum != total {
			t.Errorf("res %d: cells hold %d records, the database %d", res, sum, total)
		}
		if len(fc.Features) < len(covering) || outside > len(covering)/100+2 {
			t.Errorf("res %d: %d features for a covering of %d (%d not in it)", res, len(fc.Features), len(covering), outside)
		}
		if res >= 9 && zeros == 0 {
			t.Errorf("res %d: no zero cells in the result; the statistics need them", res)
		}
	}
}

// TestDemoHotspotsFindThePlantedClusters: at res 9, k 1 the
// places the generator made hot are bin 3, and cells far from every place (background rate
// only) are not hot.
func TestDemoHotspotsFindThePlantedClusters(t *testing.T) {
	e := demoServer(t)
	fc := e.layer(t, "analyst", "/api/v1/hotspots?res=9&k=1")
	bin := map[string]int{}
	for _, f := range fc.Features {
		bin[f.Properties.Cell] = f.Properties.GiBin
	}
	hot := []orb.Point{
		centroid(e.place(t, "Northbridge Interchange").Geometry),
		centroid(e.place(t, "Riverside Centre").Geometry),
		e.place(t, "Northbridge High Street").Geometry.(orb.LineString)[1],
	}
	for _, p := range hot {
		if b := bin[cellOf(t, p, 9)]; b != 3 {
			t.Errorf("planted cluster at %v is in bin %d, want 3", p, b)
		}
	}
	// Background: cells whose centre is at least 800 m from every place.
	background := 0
	for cell, b := range bin {
		c, _ := geo.ParseCell(cell)
		centre := geo.CellPoint(c)
		far := true
		for _, p := range e.borough.Places {
			if metres(centre, p.Geometry) < 800 {
				far = false
				break
			}
		}
		if !far {
			continue
		}
		background++
		if b > 0 {
			t.Errorf("background cell %s is in bin %d, want no hot spot", cell, b)
		}
	}
	t.Logf("%d background cells checked; %d cells in all", background, len(bin))
	if background < 10 {
		t.Errorf("only %d background cells to check; the test needs a background area", background)
	}
}

// metres is the distance from p to the nearest point of g (0 inside a polygon), in metres.
func metres(p orb.Point, g orb.Geometry) float64 {
	if poly, ok := g.(orb.Polygon); ok && planar.PolygonContains(poly, p) {
		return 0
	}
	var ls orb.LineString
	switch g := g.(type) {
	case orb.Polygon:
		ls = orb.LineString(g[0])
	case orb.LineString:
		ls = g
	}
	return geo.DistanceToLineMetres(ls, p[1], p[0])
}

func TestRestrictedRolesSeeSuppressedCounts(t *testing.T) {
	e := demoServer(t)
	fc := e.layer(t, "partner", "/api/v1/cells?res=9&from=2026-10-01&to=2026-10-31")
	suppressed := 0
	for _, f := range fc.Features {
		p := f.Properties
		if p.Suppressed {
			suppressed++
			if p.Count != nil {
				t.Errorf("suppressed cell %s shows a count %d", p.Cell, *p.Count)
			}
			continue
		}
		if *p.Count > 0 && *p.Count < 5 {
			t.Errorf("cell %s shows %d to a partner, below the threshold of 5", p.Cell, *p.Count)
		}
	}
	if suppressed == 0 {
		t.Error("no cell is suppressed for a partner over one month; the test data should have small counts")
	}
	for _, url := range []string{"/api/v1/cells?res=10", "/api/v1/cells?category=robbery", "/api/v1/hotspots?age_band=14-17"} {
		if rec := e.get(t, "vrp_lead", url); rec.Code != http.StatusForbidden {
			t.Errorf("GET %s as vrp_lead = %d, want 403", url, rec.Code)
		}
	}
}

func TestParametersAreValidated(t *testing.T) {
	e := demoServer(t)
	for _, url := range []string{
		"/api/v1/cells?res=13", "/api/v1/cells?res=5", "/api/v1/hotspots?k=6", "/api/v1/hotspots?kernel=box",
		"/api/v1/cells?from=2025-02-01&to=2025-01-01", "/api/v1/cells?category=shouting", "/api/v1/cells?from=yesterday",
		"/api/v1/hotspots/emerging?bin=fortnight", "/api/v1/hotspots/emerging?from=2026-09-01&to=2026-10-31",
		"/api/v1/cells/zzz", "/api/v1/cells/8328308ffffffff",
	} {
		if rec := e.get(t, "analyst", url); rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s = %d %s, want 400", url, rec.Code, rec.Body)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func centroid(g orb.Geometry) orb.Point {
	c, _ := planar.CentroidArea(g)
	return c
}
