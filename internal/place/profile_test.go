package place_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/record"
)

// profileFixture is the Cheapside town centre with incidents and activity around it, and what
// an independent count with orb says of them.
type profileFixture struct {
	e        *env
	id       int64
	monthly  map[string]int64 // incidents inside, by month
	category map[string]int64
	timed    int64 // inside, of exact or hour precision
	dated    int64 // inside, not of month precision
	sessions map[string]int64
	minutes  map[string]int64
	contacts map[string]int64
}

// insideByMonth is how many incidents fall inside Cheapside each month of 2024 (and activity
// sessions, below): some months below the suppression threshold of 5.
var insideByMonth = []int{12, 3, 0, 7, 1, 5}
var sessionsByMonth = []int{6, 2, 0, 0, 0, 0}

func newProfileFixture(t *testing.T) *profileFixture {
	e := newEnv(t)
	var got importAnswer
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places/import?kind=shopping_centre&name_property=sitename",
		mustRead(t, "city-of-london-town-centres.geojson"), &got)
	f := &profileFixture{e: e, monthly: map[string]int64{}, category: map[string]int64{},
		sessions: map[string]int64{}, minutes: map[string]int64{}, contacts: map[string]int64{}}

	// The polygon, read straight from the file with orb.
	b, _ := os.ReadFile("testdata/city-of-london-town-centres.geojson")
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var poly orb.Polygon
	for i, ft := range fc.Features {
		if ft.Properties["sitename"] == "Cheapside" {
			poly, f.id = ft.Geometry.(orb.Polygon), got.Places[i]
		}
	}
	bound := poly.Bound().Pad(0.0005) // about 50 m round it
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(wantInside bool) orb.Point {
		for {
			p := orb.Point{bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])}
			if planar.PolygonContains(poly, p) == wantInside {
				return p
			}
		}
	}
	london := record.London()
	categories := []string{"robbery", "violence_with_injury", "possession_of_weapons"}
	precisions := []string{"exact", "hour", "day", "month"}
	var inc, act strings.Builder
	inc.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
	act.WriteString("source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n")
	n := 0
	for m, k := range insideByMonth {
		month := time.Date(2024, time.Month(m+1), 1, 0, 0, 0, 0, london)
		key := month.Format("2006-01")
		for i := 0; i < k+8; i++ { // k inside, 8 outside but near
			n++
			inside := i < k
			p := random(inside)
			at := month.AddDate(0, 0, n%27).Add(time.Duration(n%24)*time.Hour + 17*time.Minute)
			prec, cat := precisions[n%4], categories[n%3]
			when := map[string]string{"exact": at.Format("2006-01-02 15:04"), "hour": at.Format("2006-01-02 15:00"),
				"day": at.Format("2006-01-02"), "month": at.Format("2006-01")}[prec]
			fmt.Fprintf(&inc, "P%d,%s,%s,%s,14-17,,%.7f,%.7f,shopping,\n", n, when, prec, cat, p.Lat(), p.Lon())
			if inside {
				f.monthly[key]++
				f.category[cat]++
				if prec == "exact" || prec == "hour" {
					f.timed++
				}
				if prec != "month" {
					f.dated++
				}
			}
		}
		for i := 0; i < sessionsByMonth[m]+3; i++ {
			n++
			inside := i < sessionsByMonth[m]
			p := random(inside)
			fmt.Fprintf(&act, "A%d,%s,30,detached_youth_work,youth_service,%.7f,%.7f,3\n", n, month.AddDate(0, 0, i).Add(18*time.Hour).Format("2006-01-02 15:04"), p.Lat(), p.Lon())
			if inside {
				f.sessions[key]++
				f.minutes[key] += 30
				f.contacts[key] += 3
			}
		}
	}
	e.importRecords(t, ingest.KindIncidents, inc.String())
	e.importRecords(t, ingest.KindActivity, act.String())
	return f
}

func (f *profileFixture) profile(t *testing.T, role, query string) (place.Profile, string) {
	t.Helper()
	var pr place.Profile
	rec := f.e.must(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?%s", f.id, query), "", &pr)
	return pr, rec.Body.String()
}

func sumCounts(cs []place.Count) (n int64) {
	for _, c := range cs {
		if c.N != nil {
			n += *c.N
		}
	}
	return n
}

// TestProfileAgreesWithAnIndependentCount: a record-level role's profile matches the counts
// orb makes of the imported records, month by month and in every breakdown, and the view is
// audit-logged with the number of records.
func TestProfileAgreesWithAnIndependentCount(t *testing.T) {
	f := newProfileFixture(t)
	pr, _ := f.profile(t, "analyst", "from=2024-01-01&to=2024-06-30")
	var total int64
	for i, c := range pr.Incidents.Monthly {
		key := fmt.Sprintf("2024-%02d", i+1)
		if c.Key != key || c.N == nil || *c.N != f.monthly[key] {
			t.Errorf("month %d: %+v, want %s with %d", i, c, key, f.monthly[key])
		}
		total += f.monthly[key]
	}
	if len(pr.Incidents.Monthly) != 6 || *pr.Incidents.Total.N != total || total != 28 {
		t.Fatalf("%d months, total %v; want 6 months and %d (28)", len(pr.Incidents.Monthly), *pr.Incidents.Total.N, total)
	}
	for _, c := range pr.Incidents.Category {
		if *c.N != f.category[c.Key] {
			t.Errorf("category %s: %d, want %d", c.Key, *c.N, f.category[c.Key])
		}
	}
	if sumCounts(pr.Incidents.AgeBand) != total || len(pr.Incidents.Hour) != 24 || len(pr.Incidents.Weekday) != 7 ||
		sumCounts(pr.Incidents.Hour) != f.timed || *pr.Incidents.TimedRecords != f.timed ||
		sumCounts(pr.Incidents.Weekday) != f.dated || *pr.Incidents.DatedRecords != f.dated {
		t.Errorf("age bands %d, hours %d (%d timed, want %d), weekdays %d (%d dated, want %d)", sumCounts(pr.Incidents.AgeBand),
			sumCounts(pr.Incidents.Hour), *pr.Incidents.TimedRecords, f.timed, sumCounts(pr.Incidents.Weekday), *pr.Incidents.DatedRecords, f.dated)
	}
	if *pr.Activity.Sessions.N != 8 || *pr.Activity.Minutes != 240 || *pr.Activity.ChildContacts != 24 ||
		*pr.Activity.Monthly[1].Sessions.N != 2 || *pr.Activity.Monthly[1].Minutes != 60 {
		t.Errorf("activity %+v, want 8 sessions, 240 minutes, 24 contacts, February 2 sessions of 60 minutes", pr.Activity)
	}
	if len(pr.Cells) == 0 {
		t.Errorf("no Gi* cells: %s", pr.CellsNote)
	}
	for _, c := range pr.Cells {
		if c.Res != 9 || c.GiBin < -3 || c.GiBin > 3 {
			t.Errorf("cell %+v", c)
		}
	}
	if n := f.e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'place.profile.view' AND row_count = 36`); n != 1 {
		t.Errorf("%d audit lines for the view with 28 incidents and 8 sessions, want 1", n)
	}

	// A shorter period, and a finer resolution.
	pr, _ = f.profile(t, "analyst", "from=2024-04-01&to=2024-05-31&res=11")
	if *pr.Incidents.Total.N != 8 || len(pr.Incidents.Monthly) != 2 || pr.From != "2024-04-01" {
		t.Errorf("April-May: total %d over %d months from %s, want 8 over 2 from 2024-04-01", *pr.Incidents.Total.N, len(pr.Incidents.Monthly), pr.From)
	}
	if len(pr.Cells) == 0 || pr.Cells[0].Res != 11 {
		t.Errorf("cells at res 11: %+v", pr.Cells)
	}
	ctx := context.Background()
	var cells9 int
	_ = f.e.srv.Places.Pool().QueryRow(ctx, `SELECT count(*) FROM place_cells WHERE place_id = $1 AND res = 9`, f.id).Scan(&cells9)
	if cells9 == 0 {
		t.Error("no res-9 cells stored")
	}
}

// TestPartnerSeesSuppressedCounts: each (place, month) is an atom of the disclosure rule:
// 1 to 4 records read "<5", never a number or zero; 5 or more are rounded to the nearest 5;
// totals are the sums of the months shown, a range where they include small months, so
// differencing nested periods reveals no small month; breakdowns, minutes and child contacts
// are withheld.
func TestPartnerSeesSuppressedCounts(t *testing.T) {
	f := newProfileFixture(t)
	pr, body := f.profile(t, "partner", "from=2024-01-15&to=2024-06-10")
	if pr.From != "2024-01-01" || pr.To != "2024-06-30" || !pr.SuppressedCounts || pr.Note == "" {
		t.Errorf("period %s..%s, suppressed %v, note %q; want whole months and a note", pr.From, pr.To, pr.SuppressedCounts, pr.Note)
	}
	// True months: 12, 3, 0, 7, 1, 5.
	want := []string{"≈10", "<5", "0", "≈5", "<5", "≈5"}
	for i, c := range pr.Incidents.Monthly {
		if c.Label != want[i] || (want[i] == "<5") != (c.N == nil) {
			t.Errorf("month %s: %+v, want %s", c.Key, c, want[i])
		}
	}
	// 10 + 5 + 5 rounded (true 8–12, 5–7, 5–7) and two months of 1 to 4: 20 to 34 (the truth is 28).
	if tot := pr.Incidents.Total; tot.N != nil || tot.Low != 20 || tot.High != 34 || tot.Label != "20–34" {
		t.Errorf("total %+v, want the range 20–34", tot)
	}
	if pr.Incidents.Category != nil || pr.Incidents.Hour != nil || pr.Activity.ChildContacts != nil || pr.Activity.Minutes != nil {
		t.Errorf("breakdowns, minutes or contacts shown to a partner: %s", body)
	}
	if !strings.Contains(body, `{"key":"2024-02","count":null,"count_low":1,"count_high":4,"count_label":"\u003c5","protection":"small"`) {
		t.Errorf("small month not in the documented shape: %s", body)
	}
	if pr.Activity.Monthly[1].Minutes != nil || pr.Activity.Monthly[1].Sessions.Label != "<5" {
		t.Errorf("activity %s, want February's sessions <5 and no minutes", mustJSON(pr.Activity))
	}
	// February alone has 3 records: "<5". January and February together read 9–16 (January's
	// ≈10, true 8–12, plus one small month): the difference from January alone is a range, not 3.
	feb, _ := f.profile(t, "partner", "from=2024-02-01&to=2024-02-29")
	janFeb, _ := f.profile(t, "partner", "from=2024-01-01&to=2024-02-29")
	if feb.Incidents.Total.Label != "<5" || janFeb.Incidents.Total.N != nil || janFeb.Incidents.Total.Label != "9–16" {
		t.Errorf("February %+v, January-February %+v; want <5 and 9–16", feb.Incidents.Total, janFeb.Incidents.Total)
	}
	// May alone: 1 record.
	may, _ := f.profile(t, "vrp_lead", "from=2024-05-01&to=2024-05-31")
	if !may.Incidents.Total.Suppressed || may.Incidents.Total.N != nil || may.Incidents.Total.Label != "<5" {
		t.Errorf("May for a VRP lead: %+v, want <5", may.Incidents.Total)
	}
	if n := f.e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'place.profile.view' AND row_count = 0`); n != 4 {
		t.Errorf("%d audit lines for the four partner and VRP lead views (logged without a record count), want 4", n)
	}
	for _, q := range []string{"res=10", "res=13", "from=2024-13-01", "from=2024-06-01&to=2024-01-01", "k=9"} {
		rec := f.e.do(t, "partner", http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?%s", f.id, q), "")
		want := http.StatusBadRequest
		if q == "res=10" {
			want = http.StatusForbidden
		}
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", q, rec.Code, want)
		}
	}
	if rec := f.e.do(t, "inspector", http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile", f.id), ""); rec.Code != http.StatusForbidden {
		t.Errorf("inspector profile: %d, want 403", rec.Code)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
