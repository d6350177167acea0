package place_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/place"
)

// TestSmallPlacesHaveCellsAtEveryResolution: a 3 m square, a 20 m street with a 1 m buffer
// and a point with a 1 m buffer all have cells at resolutions 6 to 12, including the cell of
// every corner and end.
func TestSmallPlacesHaveCellsAtEveryResolution(t *testing.T) {
	e := newEnv(t)
	// 3 m ≈ 0.000027° of latitude and 0.000043° of longitude at 51.5°N.
	tiny := e.create(t, "other", "Bench", `{"type":"Polygon","coordinates":[[[-0.09500,51.51500],[-0.094957,51.51500],[-0.094957,51.515027],[-0.09500,51.515027],[-0.09500,51.51500]]]}`)
	alley := e.create(t, "street", "Alley", `{"type":"LineString","coordinates":[[-0.09300,51.51600],[-0.09300,51.51618]]}`, `"buffer_metres":1`)
	post := e.create(t, "other", "Bollard", `{"type":"Point","coordinates":[-0.09100,51.51700]}`, `"buffer_metres":1`)
	corners := map[int64][][2]float64{
		tiny.ID:  {{51.51500, -0.09500}, {51.515027, -0.094957}},
		alley.ID: {{51.51600, -0.09300}, {51.51618, -0.09300}},
		post.ID:  {{51.51700, -0.09100}},
	}
	for id, pts := range corners {
		for res := place.MinRes; res <= place.MaxRes; res++ {
			rows, err := e.srv.Places.Pool().Query(context.Background(), `SELECT h3_cell FROM place_cells WHERE place_id = $1 AND res = $2`, id, res)
			if err != nil {
				t.Fatal(err)
			}
			var cells []int64
			for rows.Next() {
				var c int64
				_ = rows.Scan(&c)
				cells = append(cells, c)
			}
			rows.Close()
			if len(cells) == 0 {
				t.Errorf("place %d has no cells at resolution %d", id, res)
			}
			for _, pt := range pts {
				c, _ := geo.CellAt(pt[0], pt[1], res)
				if !slices.Contains(cells, int64(c)) {
					t.Errorf("place %d at res %d: cells %v lack %s, the cell of %v", id, res, cells, c, pt)
				}
			}
		}
	}
}

// The places of the linkage tests, and the records around them. Distances are worked by hand
// in geo's local projection: 1° of latitude = 111,320 m; 1° of longitude = 111,320 ×
// cos(51.5150°) = 69,275.5 m at the street.
const (
	linkSquare = `{"type":"Polygon","coordinates":[[[-0.0990,51.5130],[-0.0980,51.5130],[-0.0980,51.5140],[-0.0990,51.5140],[-0.0990,51.5130]],` +
		`[[-0.0987,51.5133],[-0.0983,51.5133],[-0.0983,51.5137],[-0.0987,51.5137],[-0.0987,51.5133]]]}`
	linkStreet  = `{"type":"LineString","coordinates":[[-0.0960,51.5150],[-0.0940,51.5150]]}`
	linkStation = `{"type":"Point","coordinates":[-0.0823,51.5178]}`
)

// linkRecords are (source_ref, lat, lng, linked to which place).
var linkRecords = []struct {
	ref      string
	lat, lng float64
	place    string
}{
	{"square-inside", 51.5131, -0.0985, "square"},
	{"square-on-south-edge", 51.5130, -0.0985, "square"}, // boundary counts as inside
	{"square-on-corner", 51.5140, -0.0980, "square"},
	{"square-on-east-edge", 51.5135, -0.0980, "square"},
	{"square-1m-south", 51.5129910, -0.0985, ""},              // 0.0000090° × 111,320 = 1.00 m
	{"square-1m-east", 51.5135, -0.09798557, ""},              // 0.00001443° × 69,277.8 (at 51.5135°) = 1.00 m
	{"square-in-hole", 51.5135, -0.0985, ""},                  // a hole is outside the place
	{"square-on-hole-edge", 51.5133, -0.0985, ""},             // and so is its edge (orb's rule)
	{"street-14.9m-north", 51.51513385, -0.0950, "street"},    // 0.00013385° × 111,320 = 14.90 m
	{"street-15.1m-north", 51.51513564, -0.0950, ""},          // 0.00013564° × 111,320 = 15.10 m
	{"street-14.9m-past-end", 51.5150, -0.09378492, "street"}, // 0.00021508° × 69,275.5 = 14.90 m
	{"street-15.1m-past-end", 51.5150, -0.09378203, ""},       // 0.00021797° × 69,275.5 = 15.10 m
	{"street-on-line", 51.5150, -0.0950, "street"},
	{"station-99m-south", 51.51691067, -0.0823, "station"}, // 0.00088933° × 111,320 = 99.00 m
	{"station-101m-south", 51.51689270, -0.0823, ""},       // 0.00090730° × 111,320 = 101.00 m
}

// TestLinkageAtTheEdges: records on a polygon's edge are linked and those 1 m outside are
// not; records just inside a street's or a station's buffer are linked, just outside not.
func TestLinkageAtTheEdges(t *testing.T) {
	e := newEnv(t)
	ids := map[string]int64{
		"square":  e.create(t, "park", "Square", linkSquare).ID,
		"street":  e.create(t, "street", "Street", linkStreet).ID,
		"station": e.create(t, "transport_hub", "Station", linkStation).ID,
	}
	var inc, act strings.Builder
	inc.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
	act.WriteString("source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n")
	for _, r := range linkRecords {
		fmt.Fprintf(&inc, "%s,2024-05-03 16:20,exact,robbery,14-17,,%.8f,%.8f,street,\n", r.ref, r.lat, r.lng)
		fmt.Fprintf(&act, "%s,2024-05-03 16:00,60,patrol,police,%.8f,%.8f,2\n", r.ref, r.lat, r.lng)
	}
	e.importRecords(t, ingest.KindIncidents, inc.String())
	e.importRecords(t, ingest.KindActivity, act.String())

	// The hand-worked distances agree with geo's measure.
	street := []float64{-0.0960, 51.5150, -0.0940, 51.5150}
	for _, r := range linkRecords {
		if !strings.HasPrefix(r.ref, "street-1") {
			continue
		}
		d := distanceToStreet(street, r.lat, r.lng)
		want := 14.9
		if strings.Contains(r.ref, "15.1") {
			want = 15.1
		}
		if math.Abs(d-want) > 0.002 {
			t.Errorf("%s lies %.3f m from the street, want %.1f", r.ref, d, want)
		}
	}

	for _, table := range []string{place.RecordIncidents, place.RecordActivity} {
		src := "incidents"
		if table == place.RecordActivity {
			src = "activities"
		}
		for name, id := range ids {
			t.Run(table+" "+name, func(t *testing.T) {
				linked, err := e.srv.Places.Linked(context.Background(), id, table, time.Time{}, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, rid := range linked {
					var ref string
					if err := e.srv.Places.Pool().QueryRow(context.Background(), `SELECT source_ref FROM `+src+` WHERE id = $1`, rid).Scan(&ref); err != nil {
						t.Fatal(err)
					}
					got = append(got, ref)
				}
				var want []string
				for _, r := range linkRecords {
					if r.place == name {
						want = append(want, r.ref)
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("linked %v, want %v", got, want)
				}
			})
		}
	}

	// The profile counts the same records.
	var pr place.Profile
	e.must(t, http.StatusOK, "analyst", http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile", ids["square"]), "", &pr)
	if pr.Incidents.Total.N == nil || *pr.Incidents.Total.N != 4 || *pr.Activity.Sessions.N != 4 || *pr.Activity.Minutes != 240 || *pr.Activity.ChildContacts != 8 {
		t.Errorf("square profile: incidents %v, sessions %v, minutes %v, contacts %v; want 4, 4, 240, 8",
			pr.Incidents.Total.N, pr.Activity.Sessions.N, pr.Activity.Minutes, pr.Activity.ChildContacts)
	}
}

// distanceToStreet measures as geo.DistanceToLineMetres does, for the test's own check.
func distanceToStreet(line []float64, lat, lng float64) float64 {
	return geo.DistanceToLineMetres(orb.LineString{{line[0], line[1]}, {line[2], line[3]}}, lat, lng)
}
