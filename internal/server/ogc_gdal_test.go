package server_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// These tests read the running service with GDAL's OGC API Features driver (Debian's gdal-bin,
// installed by scripts/ensure-gdal.sh), the driver QGIS uses, sending the API token as QGIS
// and ArcGIS Pro do: an Authorization header.

// gdal runs a GDAL program as role and returns its standard output.
func gdal(t *testing.T, ts *servertest.Server, role, program string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		t.Fatalf("%s is not installed: run scripts/ensure-gdal.sh (Debian's gdal-bin)", program)
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_HEADERS=Authorization: Bearer "+ts.Tokens[role], "CPL_VSIL_CURL_CACHE_SIZE=0",
		"GDAL_HTTP_TIMEOUT=120", "OGR_GEOJSON_MAX_OBJ_SIZE=0")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s\n%s", program, strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}

var (
	ogrLayer = regexp.MustCompile(`(?m)^Layer name: (\S+)`)
	ogrCount = regexp.MustCompile(`(?m)^Feature Count: (\d+)`)
)

// ogrCounts lists each layer's feature count as ogrinfo reports it.
func ogrCounts(t *testing.T, out string) map[string]int {
	t.Helper()
	names, counts := ogrLayer.FindAllStringSubmatch(out, -1), ogrCount.FindAllStringSubmatch(out, -1)
	if len(names) != len(counts) {
		t.Fatalf("ogrinfo named %d layers and counted %d:\n%s", len(names), len(counts), out)
	}
	m := map[string]int{}
	for i := range names {
		n, _ := strconv.Atoi(counts[i][1])
		m[names[i][1]] = n
	}
	return m
}

// apiFeatureCount counts the features an /api/v1 GeoJSON route answers role.
func apiFeatureCount(t *testing.T, ts *servertest.Server, role, path string) int {
	t.Helper()
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, path, ""), &fc)
	return len(fc.Features)
}

// TestGDAL reads the demo borough with GDAL's driver: every collection's count, then the hot
// spots copied feature by feature (one demo load for both: it is the slow part).
func TestGDAL(t *testing.T) {
	ts := demoServer(t)
	srv := httptest.NewServer(ts.Echo)
	defer srv.Close()
	t.Run("reads every collection", func(t *testing.T) { gdalReadsEveryCollection(t, ts, srv.URL) })
	t.Run("copies the hot spots as the API shows them", func(t *testing.T) { gdalCopiesHotSpots(t, ts, srv.URL) })
}

// gdalReadsEveryCollection compares the feature count GDAL reads in every collection with the
// API's, for an analyst, a partner and an inspector (who reads no maps).
func gdalReadsEveryCollection(t *testing.T, ts *servertest.Server, base string) {
	ids := lookUpDemoIDs(t, ts)
	for _, role := range []string{"analyst", "partner", "inspector"} {
		t.Run(role, func(t *testing.T) {
			got := ogrCounts(t, gdal(t, ts, role, "ogrinfo", "-ro", "-so", "-al", "-oo", "PAGE_SIZE=100", "OAPIF:"+base+"/ogc"))
			var places struct {
				Meta struct{ Total int } `json:"meta"`
			}
			servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/places?limit=1", ""), &places)
			iv := ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/interventions.geojson?limit=1", "")
			interventions, _ := strconv.Atoi(iv.Header().Get("X-Total-Count"))
			want := map[string]int{"places": places.Meta.Total, "interventions": interventions, "study-area": 1,
				"analysis-" + ids["analyses"]: apiFeatureCount(t, ts, role, "/api/v1/analyses/"+ids["analyses"]+"/result")}
			if role != "inspector" { // the inspector reads no maps
				want["hotspots"] = apiFeatureCount(t, ts, role, "/api/v1/hotspots")
				want["cells"] = apiFeatureCount(t, ts, role, "/api/v1/cells")
			}
			for name, n := range want {
				if got[name] != n {
					t.Errorf("GDAL counts %d features in %s, the API %d", got[name], name, n)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok && !strings.HasPrefix(name, "analysis-") {
					t.Errorf("GDAL sees a collection %s that %s should not", name, role)
				}
			}
		})
	}
}

// gdalCopiesHotSpots copies the hot spots collection to a GeoPackage as a partner (and an
// analyst) and compares every feature with GET /api/v1/hotspots as the same role.
func gdalCopiesHotSpots(t *testing.T, ts *servertest.Server, base string) {
	dir := t.TempDir()
	for _, role := range []string{"partner", "analyst"} {
		t.Run(role, func(t *testing.T) {
			gpkg := filepath.Join(dir, role+".gpkg")
			// Pages of 100 features: the copy follows the next links over several pages.
			gdal(t, ts, role, "ogr2ogr", "-f", "GPKG", "-oo", "PAGE_SIZE=100", gpkg, "OAPIF:"+base+"/ogc", "hotspots")
			back := gdal(t, ts, role, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", gpkg, "hotspots")
			copied := propertiesByCell(t, []byte(back))
			api := propertiesByCell(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/hotspots", "").Body.Bytes())
			if len(copied) != len(api) || len(api) <= 100 {
				t.Fatalf("the GeoPackage has %d hot spot features, the API %d", len(copied), len(api))
			}
			protected := 0
			for cell, want := range api {
				got, ok := copied[cell]
				if !ok {
					t.Errorf("cell %s is missing from the GeoPackage", cell)
					continue
				}
				for _, k := range []string{"count", "count_label", "count_low", "count_high", "protection", "gi_z", "gi_p", "gi_bin"} {
					if !sameValue(got[k], want[k]) {
						t.Errorf("cell %s %s: GeoPackage %v, API %v", cell, k, got[k], want[k])
					}
				}
				if want["protection"] != "exact" {
					protected++
				}
			}
			if role == "partner" && protected == 0 {
				t.Error("no partner's cell is protected: the comparison does not show disclosure protection through OGC")
			}
			if role == "analyst" && protected != 0 {
				t.Errorf("%d of the analyst's cells are protected", protected)
			}
		})
	}
}

// propertiesByCell reads a GeoJSON FeatureCollection's properties keyed by their cell.
func propertiesByCell(t *testing.T, body []byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, p := range featureProperties(t, body) {
		out[fmt.Sprint(p["cell"])] = p
	}
	return out
}

// sameValue compares two decoded JSON values, numbers to within the GeoJSON's 8 significant digits.
func sameValue(a, b any) bool {
	x, xok := a.(float64)
	y, yok := b.(float64)
	if xok && yok {
		return math.Abs(x-y) <= 1e-7*math.Max(1, math.Abs(y))
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}
