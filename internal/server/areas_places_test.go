package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// twoAreaParks is West and East (see servertest's AddWestAndEast) with a park in each and
// Bridge Park astride their boundary at longitude −0.2, an intervention at each park, and
// incidents inside the parks only, so that every count below is worked by hand from the table
// in newTwoAreaParks.
type twoAreaParks struct {
	s                  *servertest.Server
	west, east         int64
	westPark, eastPark int64
	bridgePark         int64
	westIv, eastIv     int64
	bridgeIv           int64
	westAnalyst        string
	westPartner        string
}

// newTwoAreaParks builds the fixture. Incidents (all robberies of children aged 14 to 17):
//
//	                    March 2024   April 2024
//	West Park              7            3
//	East Park              4            2
//	Bridge Park, west      6            1
//	Bridge Park, east      2            3
//
// The last incident is on 28 April, in West Park.
func newTwoAreaParks(t *testing.T) *twoAreaParks {
	t.Helper()
	s := servertest.New(t)
	f := &twoAreaParks{s: s}
	f.west, f.east = s.AddWestAndEast(t)
	place := func(name string, x0, x1 float64) int64 {
		var p struct {
			ID int64 `json:"id"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places",
			`{"type":"Feature","properties":{"kind":"park","name":"`+name+`"},"geometry":`+servertest.Box(x0, 51.44, x1, 51.45)+`}`), &p)
		return p.ID
	}
	f.westPark, f.eastPark, f.bridgePark = place("West Park", -0.26, -0.25), place("East Park", -0.16, -0.15), place("Bridge Park", -0.205, -0.195)
	intervention := func(title string, park int64) int64 {
		var iv struct {
			ID int64 `json:"id"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/interventions",
			fmt.Sprintf(`{"title":%q,"aim":"fewer robberies in the park","methodology":"guardianship_safe_havens","lead_agency":"police","status":"active","start_date":"2024-04-01","places":[%d]}`, title, park)), &iv)
		return iv.ID
	}
	f.westIv, f.eastIv, f.bridgeIv = intervention("West patrols", f.westPark), intervention("East patrols", f.eastPark), intervention("Bridge patrols", f.bridgePark)

	var csv strings.Builder
	csv.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	n := 0
	add := func(lng float64, month, count int) {
		for i := range count {
			day := 5 + i
			if month == 4 && lng == -0.255 && i == count-1 {
				day = 28 // the last day of data
			}
			fmt.Fprintf(&csv, "R-%03d,2024-%02d-%02d,day,robbery,14-17,,51.445,%.3f,street,,\n", n, month, day, lng)
			n++
		}
	}
	add(-0.255, 3, 7)
	add(-0.255, 4, 3)
	add(-0.155, 3, 4)
	add(-0.155, 4, 2)
	add(-0.202, 3, 6)
	add(-0.202, 4, 1)
	add(-0.198, 3, 2)
	add(-0.198, 4, 3)
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
	// An LSOA each side of the boundary, for the search (the placesafe format carries none).
	if _, err := s.DB.Pool.Exec(context.Background(), `UPDATE incidents SET lsoa_code = CASE WHEN lng < -0.2 THEN 'E01000001' ELSE 'E01000002' END`); err != nil {
		t.Fatal(err)
	}
	f.westAnalyst = s.ScopedUser(t, "analyst", f.west)
	f.westPartner = s.ScopedUser(t, "partner", f.west)
	return f
}

type parkSummary struct {
	Areas []struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Incidents struct {
			N     *int64 `json:"count"`
			Label string `json:"count_label"`
		} `json:"incidents"`
	} `json:"areas"`
}

// labels returns each area's count label by name.
func (p parkSummary) labels() map[string]string {
	out := map[string]string{}
	for _, a := range p.Areas {
		out[a.Name] = a.Incidents.Label
	}
	return out
}

// TestPlaceSummaryAndProfileOfSomeLocalAreas: a West analyst's summary holds West's parks with
// West's incidents alone (Bridge Park: 6 + 1 of its 12), the whole deployment's analyst's is
// unchanged, and East Park's profile answers them 404.
func TestPlaceSummaryAndProfileOfSomeLocalAreas(t *testing.T) {
	f := newTwoAreaParks(t)
	s := f.s
	const summary = "/api/v1/places/summary?kind=park&from=2024-03-01&to=2024-04-30&scope=all&format=json"
	var whole, west parkSummary
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "analyst", http.MethodGet, summary, ""), &whole)
	servertest.Decode(t, s.MustSend(t, http.StatusOK, f.westAnalyst, http.MethodGet, summary, ""), &west)
	if got, want := whole.labels(), map[string]string{"West Park": "10", "East Park": "6", "Bridge Park": "12"}; !maps.Equal(got, want) {
		t.Errorf("the whole deployment's summary: %v; want %v", got, want)
	}
	if got, want := west.labels(), map[string]string{"West Park": "10", "Bridge Park": "7"}; !maps.Equal(got, want) {
		t.Errorf("a West analyst's summary: %v; want %v", got, want)
	}

	type profile struct {
		Incidents struct {
			Total struct {
				Label string `json:"count_label"`
			} `json:"total"`
			Monthly []struct {
				Key   string `json:"key"`
				Label string `json:"count_label"`
			} `json:"monthly"`
		} `json:"incidents"`
		Interventions []struct {
			ID int64 `json:"id"`
		} `json:"interventions"`
	}
	read := func(who string, park int64) profile {
		var p profile
		servertest.Decode(t, s.MustSend(t, http.StatusOK, who, http.MethodGet,
			fmt.Sprintf("/api/v1/places/%d/profile?from=2024-03-01&to=2024-04-30&scope=all", park), ""), &p)
		return p
	}
	monthly := func(p profile) string {
		var parts []string
		for _, m := range p.Incidents.Monthly {
			parts = append(parts, m.Key+"="+m.Label)
		}
		return p.Incidents.Total.Label + " " + strings.Join(parts, " ")
	}
	if got, want := monthly(read("analyst", f.bridgePark)), "12 2024-03=8 2024-04=4"; got != want {
		t.Errorf("Bridge Park's profile for the whole deployment: %s; want %s", got, want)
	}
	bridge := read(f.westAnalyst, f.bridgePark)
	if got, want := monthly(bridge), "7 2024-03=6 2024-04=1"; got != want {
		t.Errorf("Bridge Park's profile for a West analyst: %s; want %s", got, want)
	}
	if len(bridge.Interventions) != 1 || bridge.Interventions[0].ID != f.bridgeIv {
		t.Errorf("Bridge Park's interventions for a West analyst: %+v; want Bridge patrols (%d)", bridge.Interventions, f.bridgeIv)
	}
	if got, want := monthly(read(f.westAnalyst, f.westPark)), "10 2024-03=7 2024-04=3"; got != want {
		t.Errorf("West Park's profile for a West analyst: %s; want %s", got, want)
	}
	for _, path := range []string{"/api/v1/places/%d/profile", "/api/v1/places/%d/surveys"} {
		rec := s.MustSend(t, http.StatusNotFound, f.westAnalyst, http.MethodGet, fmt.Sprintf(path, f.eastPark), "")
		if !strings.Contains(rec.Body.String(), fmt.Sprintf("no place %d", f.eastPark)) {
			t.Errorf("%s of East Park for a West analyst: %s", path, rec.Body)
		}
	}
	survey := `{"measure":"feel safe here","period":"before","surveyed_on":"2024-03-10","respondents":20,"positive":12}`
	s.MustSend(t, http.StatusCreated, f.westAnalyst, http.MethodPost, fmt.Sprintf("/api/v1/places/%d/surveys", f.westPark), survey)
	s.MustSend(t, http.StatusNotFound, f.westAnalyst, http.MethodPost, fmt.Sprintf("/api/v1/places/%d/surveys", f.eastPark), survey)
	if rec := s.MustSend(t, http.StatusOK, f.westAnalyst, http.MethodGet, fmt.Sprintf("/api/v1/places/%d/surveys", f.westPark), ""); !strings.Contains(rec.Body.String(), "feel safe here") {
		t.Errorf("West Park's surveys for a West analyst: %s", rec.Body)
	}
}

// TestAPlaceAstrideTwoLocalAreasPublishesOneAtomPerArea: to a protected viewer of the whole
// deployment, Bridge Park's March (6 records in West, 2 in East) is the sum of its two local
// areas' atoms, ≈5 and <5, so 6–11, and not ≈10, in its summary, its profile and an
// evaluation: narrowing to West (≈5) or East (<5) with the area switcher then takes away a
// published atom and leaves nothing to difference.
func TestAPlaceAstrideTwoLocalAreasPublishesOneAtomPerArea(t *testing.T) {
	f := newTwoAreaParks(t)
	s := f.s
	const summary = "/api/v1/places/summary?kind=park&from=2024-03-01&to=2024-03-31&format=json"
	profile := fmt.Sprintf("/api/v1/places/%d/profile?from=2024-03-01&to=2024-03-31", f.bridgePark)
	for _, c := range []struct {
		name   string
		header []string
		want   string
	}{
		{"the whole deployment", nil, "6–11"},
		{"narrowed to West", []string{"X-Local-Area", fmt.Sprint(f.west)}, "≈5"},
		{"narrowed to East", []string{"X-Local-Area", fmt.Sprint(f.east)}, "<5"},
	} {
		var sm parkSummary
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, summary, "", c.header...), &sm)
		if got := sm.labels()["Bridge Park"]; got != c.want {
			t.Errorf("%s: Bridge Park's March in the summary is %q; want %q", c.name, got, c.want)
		}
		var pr struct {
			Incidents struct {
				Total struct {
					Label string `json:"count_label"`
				} `json:"total"`
			} `json:"incidents"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, profile, "", c.header...), &pr)
		if pr.Incidents.Total.Label != c.want {
			t.Errorf("%s: Bridge Park's March in its profile is %q; want %q", c.name, pr.Incidents.Total.Label, c.want)
		}
	}
	// An evaluation of Bridge Park publishes its months the same way (against a park of the
	// area the request sees).
	for _, c := range []struct {
		name    string
		header  []string
		control int64
		want    string
	}{
		{"the whole deployment", nil, f.westPark, "6–11"},
		{"narrowed to West", []string{"X-Local-Area", fmt.Sprint(f.west)}, f.westPark, "≈5"},
		{"narrowed to East", []string{"X-Local-Area", fmt.Sprint(f.east)}, f.eastPark, "<5"},
	} {
		evaluation := fmt.Sprintf(`{"target":{"places":[%d]},"buffer":{"rings":1},"control":{"places":[%d]},"pre":{"from":"2024-03-01","to":"2024-03-31"},"post":{"from":"2024-04-01","to":"2024-04-30"}}`,
			f.bridgePark, c.control)
		var ev struct {
			Counts map[string]struct {
				PreLabel string `json:"pre_label"`
			} `json:"counts"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodPost, "/api/v1/evaluations", evaluation, c.header...), &ev)
		if got := ev.Counts["target"].PreLabel; got != c.want {
			t.Errorf("%s: Bridge Park's March in an evaluation is %q; want %q", c.name, got, c.want)
		}
	}
	// West Park lies in West alone: its atoms are those of one area, as before (7 → ≈5).
	var sm parkSummary
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "partner", http.MethodGet, summary, ""), &sm)
	if got := sm.labels()["West Park"]; got != "≈5" {
		t.Errorf("West Park's March for a partner: %q; want ≈5", got)
	}
	// A West partner sees West's atom only.
	servertest.Decode(t, s.MustSend(t, http.StatusOK, f.westPartner, http.MethodGet, summary, ""), &sm)
	if got := sm.labels(); !maps.Equal(got, map[string]string{"West Park": "≈5", "Bridge Park": "≈5"}) {
		t.Errorf("a West partner's March: %v", got)
	}
}

// TestEvaluationsOfSomeLocalAreas: an evaluation counts the viewer's local areas' records alone,
// refuses a place or cells of another area as it does a missing place, and an East
// intervention's evaluation answers a West user 404.
func TestEvaluationsOfSomeLocalAreas(t *testing.T) {
	f := newTwoAreaParks(t)
	s := f.s
	type result struct {
		Counts map[string]struct {
			Pre  *float64 `json:"pre"`
			Post *float64 `json:"post"`
		} `json:"counts"`
	}
	request := func(target, control string) string {
		return `{"target":` + target + `,"buffer":{"rings":1},"control":` + control + `,"pre":{"from":"2024-03-01","to":"2024-03-31"},"post":{"from":"2024-04-01","to":"2024-04-30"},"scope":"all"}`
	}
	bridgeOnWest := request(fmt.Sprintf(`{"places":[%d]}`, f.bridgePark), fmt.Sprintf(`{"places":[%d]}`, f.westPark))
	counts := func(who string) string {
		var r result
		servertest.Decode(t, s.MustSend(t, http.StatusOK, who, http.MethodPost, "/api/v1/evaluations", bridgeOnWest), &r)
		var parts []string
		for _, a := range []string{"target", "buffer", "control"} {
			c := r.Counts[a]
			parts = append(parts, fmt.Sprintf("%s %v/%v", a, deref(c.Pre), deref(c.Post)))
		}
		return strings.Join(parts, ", ")
	}
	if got, want := counts("analyst"), "target 8/4, buffer 0/0, control 7/3"; got != want {
		t.Errorf("Bridge Park against West Park for the whole deployment: %s; want %s", got, want)
	}
	if got, want := counts(f.westAnalyst), "target 6/1, buffer 0/0, control 7/3"; got != want {
		t.Errorf("Bridge Park against West Park for a West analyst: %s; want %s", got, want)
	}

	eastControl := request(fmt.Sprintf(`{"places":[%d]}`, f.westPark), fmt.Sprintf(`{"places":[%d]}`, f.eastPark))
	s.MustSend(t, http.StatusOK, "analyst", http.MethodPost, "/api/v1/evaluations", eastControl)
	if rec := s.MustSend(t, http.StatusUnprocessableEntity, f.westAnalyst, http.MethodPost, "/api/v1/evaluations", eastControl); !strings.Contains(rec.Body.String(), fmt.Sprintf("control.places: no place %d", f.eastPark)) {
		t.Errorf("East Park as a West analyst's control: %s", rec.Body)
	}
	eastCell, err := geo.CellAt(51.445, -0.155, 10)
	if err != nil {
		t.Fatal(err)
	}
	westCell, err := geo.CellAt(51.445, -0.255, 10)
	if err != nil {
		t.Fatal(err)
	}
	eastCells := request(fmt.Sprintf(`{"cells":[%q]}`, eastCell), fmt.Sprintf(`{"cells":[%q]}`, westCell))
	s.MustSend(t, http.StatusOK, "analyst", http.MethodPost, "/api/v1/evaluations", eastCells)
	if rec := s.MustSend(t, http.StatusUnprocessableEntity, f.westAnalyst, http.MethodPost, "/api/v1/evaluations", eastCells); !strings.Contains(rec.Body.String(), "target.cells lie wholly outside your local areas") {
		t.Errorf("East cells as a West analyst's target: %s", rec.Body)
	}

	var iv struct {
		Evaluation result `json:"evaluation"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, f.westAnalyst, http.MethodGet, fmt.Sprintf("/api/v1/interventions/%d/evaluation?scope=all", f.bridgeIv), ""), &iv)
	if c := iv.Evaluation.Counts["target"]; deref(c.Pre) != 6 || deref(c.Post) != 1 {
		t.Errorf("Bridge patrols for a West analyst: target %v/%v; want 6/1 (4 March to 28 April)", deref(c.Pre), deref(c.Post))
	}
	s.MustSend(t, http.StatusOK, f.westAnalyst, http.MethodGet, fmt.Sprintf("/api/v1/interventions/%d/evaluation", f.westIv), "")
	for _, path := range []string{"/api/v1/interventions/%d/evaluation", "/api/v1/interventions/%d/evaluation.svg"} {
		s.MustSend(t, http.StatusNotFound, f.westPartner, http.MethodGet, fmt.Sprintf(path, f.eastIv), "")
	}
}

// TestSearchAndTheInterventionsMapOfSomeLocalAreas: a West user finds West's parks and LSOAs
// and maps West's interventions; the whole deployment's user finds and maps all three.
func TestSearchAndTheInterventionsMapOfSomeLocalAreas(t *testing.T) {
	f := newTwoAreaParks(t)
	s := f.s
	search := func(who, q string) []string {
		var r struct {
			Results []struct {
				Kind  string `json:"kind"`
				Label string `json:"label"`
			} `json:"results"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, who, http.MethodGet, "/api/v1/search?q="+q, ""), &r)
		var out []string
		for _, x := range r.Results {
			out = append(out, x.Kind+":"+x.Label)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		who, q string
		want   []string
	}{
		{"analyst", "park", []string{"place:Bridge Park", "place:East Park", "place:West Park"}},
		{f.westAnalyst, "park", []string{"place:Bridge Park", "place:West Park"}},
		{f.westPartner, "park", []string{"place:Bridge Park", "place:West Park"}},
		{"analyst", "E0100000", []string{"lsoa:E01000001", "lsoa:E01000002"}},
		{f.westAnalyst, "E0100000", []string{"lsoa:E01000001"}},
	} {
		if got := search(c.who, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s searching %q: %v; want %v", c.who, c.q, got, c.want)
		}
	}

	mapped := func(who string) []int64 { return listedIDs(t, s, who, "/api/v1/interventions.geojson", "features") }
	if got, want := mapped("partner"), []int64{f.westIv, f.eastIv, f.bridgeIv}; !slices.Equal(got, want) {
		t.Errorf("the whole deployment's interventions map: %v; want %v", got, want)
	}
	if got, want := mapped(f.westPartner), []int64{f.westIv, f.bridgeIv}; !slices.Equal(got, want) {
		t.Errorf("a West partner's interventions map: %v; want %v", got, want)
	}

	// An intervention at a park of each area is drawn to a West partner at West Park alone.
	var both struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/interventions",
		fmt.Sprintf(`{"title":"Both parks","aim":"fewer robberies in parks","methodology":"guardianship_safe_havens","lead_agency":"police","status":"active","start_date":"2024-04-01","places":[%d,%d]}`,
			f.westPark, f.eastPark)), &both)
	var fc struct {
		Features []struct {
			ID         int64 `json:"id"`
			Properties struct {
				Places []struct {
					ID int64 `json:"id"`
				} `json:"place_details"`
			} `json:"properties"`
		} `json:"features"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, f.westPartner, http.MethodGet, "/api/v1/interventions.geojson", ""), &fc)
	drawn := false
	for _, ft := range fc.Features {
		if ft.ID != both.ID {
			continue
		}
		drawn = true
		if len(ft.Properties.Places) != 1 || ft.Properties.Places[0].ID != f.westPark {
			t.Errorf("Both parks is drawn to a West partner at places %+v; want West Park (%d) alone", ft.Properties.Places, f.westPark)
		}
	}
	if !drawn {
		t.Errorf("Both parks, at a West park, is not on a West partner's map")
	}
}

// listedIDs returns, in order, the ids of the items under key of what who is answered at path.
func listedIDs(t *testing.T, s *servertest.Server, who, path, key string) []int64 {
	t.Helper()
	var body map[string]json.RawMessage
	servertest.Decode(t, s.MustSend(t, http.StatusOK, who, http.MethodGet, path, ""), &body)
	var items []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body[key], &items); err != nil {
		t.Fatalf("%s as %s: %v", path, who, err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestDosageOfAnInterventionAstrideABoundary: the activity dosage of Bridge patrols (at Bridge
// Park, astride the boundary) counts, for a West analyst, the sessions on West's side alone:
// 3 of its 5 (4 April 2024 onwards; police patrols at -0.202 are West's, at -0.198 East's).
func TestDosageOfAnInterventionAstrideABoundary(t *testing.T) {
	f := newTwoAreaParks(t)
	var csv strings.Builder
	csv.WriteString("source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n")
	for i, lng := range []float64{-0.202, -0.202, -0.202, -0.198, -0.198} {
		fmt.Fprintf(&csv, "P-%d,2024-04-%02d 19:00,60,patrol,police,51.445,%.3f,2\n", i, 4+i, lng)
	}
	f.s.Import(t, ingest.KindActivity, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
	sessions := func(who string) int64 {
		t.Helper()
		var iv struct {
			Dosage struct {
				Sessions struct {
					N *int64 `json:"count"`
				} `json:"sessions"`
			} `json:"dosage"`
		}
		servertest.Decode(t, f.s.MustSend(t, http.StatusOK, who, http.MethodGet, fmt.Sprintf("/api/v1/interventions/%d", f.bridgeIv), ""), &iv)
		if iv.Dosage.Sessions.N == nil {
			t.Fatalf("%s is shown no session count", who)
		}
		return *iv.Dosage.Sessions.N
	}
	if got := sessions("analyst"); got != 5 {
		t.Errorf("the whole deployment's analyst counts %d sessions of Bridge patrols; want 5", got)
	}
	if got := sessions(f.westAnalyst); got != 3 {
		t.Errorf("a West analyst counts %d sessions of Bridge patrols; want West's 3", got)
	}
}

// TestNarrowingDosageToOneAreaDoesNotDifferenceAnother: Bridge patrols hold 5 sessions on West's
// side in April 2024 and 2 or 3 on East's. A partner of the whole deployment reads the dosage,
// and again narrowed to West. Split by local area, the whole reads "6–11" either way (West's 5
// rounded to ≈5, range 5–7, plus East's small atom, 1–4) and West "≈5": nothing tells 2 from 3.
// One atom per month would read ≈5 (7) against ≈10 (8), and with West's ≈5 give East away.
func TestNarrowingDosageToOneAreaDoesNotDifferenceAnother(t *testing.T) {
	for _, east := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d sessions in East", east), func(t *testing.T) {
			f := newTwoAreaParks(t)
			var csv strings.Builder
			csv.WriteString("source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n")
			for i := range 5 + east {
				lng := -0.202
				if i >= 5 {
					lng = -0.198
				}
				fmt.Fprintf(&csv, "P-%d,2024-04-%02d 19:00,60,patrol,police,51.445,%.3f,2\n", i, 4+i, lng)
			}
			f.s.Import(t, ingest.KindActivity, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
			label := func(headers ...string) string {
				t.Helper()
				var iv struct {
					Dosage struct {
						Sessions struct {
							Label string `json:"count_label"`
						} `json:"sessions"`
					} `json:"dosage"`
				}
				servertest.Decode(t, f.s.MustSend(t, http.StatusOK, "partner", http.MethodGet, fmt.Sprintf("/api/v1/interventions/%d", f.bridgeIv), "", headers...), &iv)
				return iv.Dosage.Sessions.Label
			}
			if whole, west := label(), label("X-Local-Area", fmt.Sprint(f.west)); whole != "6–11" || west != "≈5" {
				t.Errorf("the whole deployment's partner reads %q sessions, and %q narrowed to West; want 6–11 and ≈5", whole, west)
			}
		})
	}
}
