package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/ogc"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

type ogcPage struct {
	NumberMatched  int `json:"numberMatched"`
	NumberReturned int `json:"numberReturned"`
	Links          []struct {
		Href, Rel string
	} `json:"links"`
	Features []struct {
		ID         any            `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func (p ogcPage) link(rel string) string {
	for _, l := range p.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// TestOGCProtocol checks what GDAL's reading does not: the conformance declared, paging by
// next links, bbox, datetime, one feature, HTML, refusals and the audit record.
func TestOGCProtocol(t *testing.T) {
	ts := demoServer(t)
	get := func(role, path string) ogcPage {
		t.Helper()
		var p ogcPage
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, path, ""), &p)
		return p
	}

	t.Run("conformance declares the classes exercised", func(t *testing.T) {
		var c struct{ ConformsTo []string }
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/conformance", ""), &c)
		if !slices.Equal(c.ConformsTo, ogc.Conformance) || len(c.ConformsTo) != 4 {
			t.Errorf("conformsTo = %v", c.ConformsTo)
		}
		rec := ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/api", "")
		if !strings.Contains(rec.Header().Get("Content-Type"), "openapi") || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("/ogc/api: %s", rec.Header().Get("Content-Type"))
		}
	})

	t.Run("next links page through every feature once", func(t *testing.T) {
		all := get("analyst", "/api/v1/hotspots")
		seen := map[string]bool{}
		path := "/ogc/collections/hotspots/items?limit=50"
		pages := 0
		for path != "" {
			p := get("analyst", path)
			pages++
			if p.NumberMatched != len(all.Features) || p.NumberReturned != len(p.Features) {
				t.Fatalf("page %d: numberMatched %d numberReturned %d, want %d and %d", pages, p.NumberMatched, p.NumberReturned, len(all.Features), len(p.Features))
			}
			for _, f := range p.Features {
				id := f.ID.(string)
				if seen[id] {
					t.Errorf("feature %s on two pages", id)
				}
				seen[id] = true
			}
			path = ""
			if next := p.link("next"); next != "" {
				u, _ := url.Parse(next)
				path = u.RequestURI()
			}
		}
		if len(seen) != len(all.Features) || pages < 2 {
			t.Errorf("%d pages held %d features, want %d", pages, len(seen), len(all.Features))
		}
	})

	t.Run("bbox keeps the cells that meet it", func(t *testing.T) {
		all := get("partner", "/ogc/collections/cells/items?limit=10000")
		c, _ := geo.ParseCell(all.Features[0].ID.(string))
		b := geo.CellBoundary(c).Bound()
		q := fmt.Sprintf("%.7f,%.7f,%.7f,%.7f", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
		some := get("partner", "/ogc/collections/cells/items?limit=10000&bbox="+q)
		if some.NumberMatched < 1 || some.NumberMatched > 7 { // a hexagon's box meets itself and at most its six neighbours
			t.Errorf("bbox of one cell matched %d cells", some.NumberMatched)
		}
		found := false
		for _, f := range some.Features {
			found = found || f.ID == all.Features[0].ID
		}
		if !found {
			t.Error("the cell whose box was asked is not in the answer")
		}
	})

	t.Run("datetime sets the period of the hot spots as from and to do", func(t *testing.T) {
		viaOGC := get("partner", "/ogc/collections/hotspots/items?limit=10000&datetime=2025-11-01/2026-10-31")
		viaAPI := propertiesByCell(t, ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/hotspots?from=2025-11-01&to=2026-10-31", "").Body.Bytes())
		if len(viaOGC.Features) != len(viaAPI) {
			t.Fatalf("%d features, API %d", len(viaOGC.Features), len(viaAPI))
		}
		for _, f := range viaOGC.Features {
			want := viaAPI[f.Properties["cell"].(string)]
			for _, k := range []string{"count_label", "gi_z"} {
				if !sameValue(f.Properties[k], want[k]) {
					t.Errorf("cell %s %s: OGC %v, API %v", f.Properties["cell"], k, f.Properties[k], want[k])
				}
			}
		}
	})

	t.Run("datetime keeps the interventions running in the interval", func(t *testing.T) {
		all := get("partner", "/ogc/collections/interventions/items")
		none := get("partner", "/ogc/collections/interventions/items?datetime=1990-01-01/1990-12-31")
		if all.NumberMatched == 0 || none.NumberMatched != 0 {
			t.Errorf("all %d, in 1990 %d", all.NumberMatched, none.NumberMatched)
		}
	})

	t.Run("one feature by id, and HTML", func(t *testing.T) {
		all := get("partner", "/ogc/collections/places/items")
		id := jsonString(all.Features[0].ID)
		rec := ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/collections/places/items/"+strings.Trim(id, `"`), "")
		if !strings.Contains(rec.Body.String(), `"links"`) {
			t.Errorf("a feature without links: %.200s", rec.Body)
		}
		ts.MustSend(t, http.StatusNotFound, "partner", http.MethodGet, "/ogc/collections/places/items/999999", "")
		html := ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/collections/hotspots/items?f=html&limit=5", "")
		if !strings.Contains(html.Header().Get("Content-Type"), "text/html") || !strings.Contains(html.Body.String(), "count_label") {
			t.Errorf("HTML items: %s %.300s", html.Header().Get("Content-Type"), html.Body)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		for _, path := range []string{"/ogc/collections/hotspots/items?bbox=1,2,3", "/ogc/collections/hotspots/items?limit=0",
			"/ogc/collections/places/items?datetime=2025-01-01", "/ogc/collections/places/items?colour=red",
			"/ogc/collections/hotspots/items?res=10"} { // finer than a partner may see
			if rec := ts.Send(t, "partner", http.MethodGet, path, ""); rec.Code != http.StatusBadRequest && rec.Code != http.StatusForbidden {
				t.Errorf("%s = %d, want a refusal", path, rec.Code)
			}
		}
		ts.MustSend(t, http.StatusForbidden, "inspector", http.MethodGet, "/ogc/collections/hotspots/items", "")
		ts.MustSend(t, http.StatusNotFound, "partner", http.MethodGet, "/ogc/collections/analysis-999999/items", "")
		ts.MustSend(t, http.StatusNotFound, "partner", http.MethodGet, "/ogc/collections/nothing", "")
		ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/", "") // as GIS clients often write it
		ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/collections/places/items/", "")
	})

	t.Run("an analysis kept for record-level roles is neither listed nor read for a partner", func(t *testing.T) {
		var a struct{ ID int64 }
		servertest.Decode(t, ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/analyses",
			`{"kind":"hotspots","title":"Fine cells","params":{"res":"10"},"audience":"record_level"}`), &a)
		id := fmt.Sprintf("analysis-%d", a.ID)
		ts.MustSend(t, http.StatusForbidden, "partner", http.MethodGet, "/ogc/collections/"+id+"/items", "")
		ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/ogc/collections/"+id+"/items", "")
		var list struct{ Collections []struct{ ID string } }
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/ogc/collections", ""), &list)
		for _, c := range list.Collections {
			if c.ID == id {
				t.Errorf("the partner's collections list %s", id)
			}
		}
	})

	t.Run("every saved analysis a reader may read is a collection, past one page of the list", func(t *testing.T) {
		var a struct{ ID int64 }
		servertest.Decode(t, ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/analyses",
			`{"kind":"hotspots","title":"Copied","params":{"res":"8"}}`), &a)
		if _, err := ts.DB.Pool.Exec(t.Context(), `INSERT INTO saved_analyses
			(kind, title, audience, params, result, data_version, created_by, disclosure_rule, local_areas)
			SELECT kind, title || ' ' || i, audience, params, result, data_version, created_by, disclosure_rule, local_areas
			FROM saved_analyses, generate_series(1, $2::int) i WHERE id = $1`, a.ID, api.MaxLimit); err != nil {
			t.Fatal(err)
		}
		// One saved under an earlier disclosure rule: listed to a partner, but its items are
		// refused them, so it is not their collection.
		if _, err := ts.DB.Pool.Exec(t.Context(), `UPDATE saved_analyses SET disclosure_rule = $2 WHERE id = $1`,
			a.ID, disclosure.RuleVersion-1); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			role     string
			withheld int
		}{{"analyst", 0}, {"partner", 1}} {
			role := tc.role
			var readable int
			servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/api/v1/analyses?limit=1", ""), &struct {
				Total *int `json:"total"`
			}{&readable})
			var list struct{ Collections []struct{ ID string } }
			servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, "/ogc/collections", ""), &list)
			n := 0
			for _, c := range list.Collections {
				if strings.HasPrefix(c.ID, "analysis-") {
					n++
				}
			}
			if readable <= api.MaxLimit || n != readable-tc.withheld {
				t.Errorf("%s: %d saved analyses are collections, want every one of the %d it may list (more than %d) less %d withheld",
					role, n, readable, api.MaxLimit, tc.withheld)
			}
			items := http.StatusOK
			if tc.withheld > 0 {
				items = http.StatusForbidden
			}
			ts.MustSend(t, items, role, http.MethodGet, fmt.Sprintf("/ogc/collections/analysis-%d/items", a.ID), "")
		}
	})

	t.Run("a read of record-level cells is audit-logged as on the API", func(t *testing.T) {
		var before, after int
		count := `SELECT count(*) FROM audit_log WHERE action = 'cells.view'`
		if err := ts.DB.Pool.QueryRow(t.Context(), count).Scan(&before); err != nil {
			t.Fatal(err)
		}
		get("analyst", "/ogc/collections/cells/items?limit=10")
		if err := ts.DB.Pool.QueryRow(t.Context(), count).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != before+1 {
			t.Errorf("cells.view records: %d before, %d after", before, after)
		}
	})
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }
