package server_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// areaOwned are the path prefixes of records that belong to local areas, as this test expects
// them; written from the product's rules (an inspection belongs to the local area inspected),
// not read from the routes.
var areaOwned = []struct{ prefix, noun string }{
	{"/api/v1/inspections/:id", "inspection"},
	{"/api/v1/places/:id", "place"},
	{"/api/v1/interventions/:id", "intervention"},
	{"/api/v1/consultations/:id", "consultation"},
}

// pathParam is a path parameter of a route.
var pathParam = regexp.MustCompile(`:[a-z_]+`)

// TestEveryRouteOfAnotherAreasRecordAnswers404: for every route under a record that belongs to
// a local area, a user of another local area, of a role the route admits, gets 404 whatever the
// method, as for a record that does not exist; and the record's own area's user reads it.
func TestEveryRouteOfAnotherAreasRecordAnswers404(t *testing.T) {
	s := servertest.New(t)
	west, east := s.AddWestAndEast(t)
	var created struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/inspections",
		fmt.Sprintf(`{"framework":"criminal_exploitation","local_area":"East","local_area_id":%d,"notified_on":"2025-01-06"}`, east)), &created)
	records := map[string]int64{"inspection": created.ID}
	var park struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places",
		`{"type":"Feature","properties":{"kind":"park","name":"East Park"},"geometry":`+servertest.Box(-0.16, 51.44, -0.15, 51.45)+`}`), &park)
	records["place"] = park.ID
	var patrols struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/interventions",
		fmt.Sprintf(`{"title":"Park patrols","aim":"fewer robberies in the park","methodology":"guardianship_safe_havens","lead_agency":"police","status":"active","start_date":"2024-01-01","places":[%d]}`, park.ID)), &patrols)
	records["intervention"] = patrols.ID
	var walkabout struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/consultations",
		fmt.Sprintf(`{"held_on":"2024-02-10","method":"walkabout","children_count":14,"age_min":12,"age_max":17,"adults_count":4,"run_by":"East Youth Service",
			"what_was_said":"The path is dark after 4pm.","what_changed":"Lighting was added.","interventions":[%d]}`, patrols.ID)), &walkabout)
	records["consultation"] = walkabout.ID

	want := expectedAccess()
	users := map[int64]map[string]string{west: {}, east: {}}
	for _, role := range []string{"analyst", "vrp_lead", "partner", "inspector"} {
		users[west][role] = s.ScopedUser(t, role, west)
		users[east][role] = s.ScopedUser(t, role, east)
	}
	routes := s.Echo.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	checked := 0
	for _, r := range routes {
		i := slices.IndexFunc(areaOwned, func(o struct{ prefix, noun string }) bool {
			return r.Path == o.prefix || strings.HasPrefix(r.Path, o.prefix+"/")
		})
		if i < 0 || readsWholeDeployment.MatchString(r.Path) {
			continue // the whole deployment's routes refuse them all (see below)
		}
		o := areaOwned[i]
		key := r.Method + " " + r.Path
		role := ""
		for _, candidate := range []string{"partner", "inspector", "vrp_lead", "analyst"} {
			if allowed(want[key], candidate) {
				role = candidate
				break
			}
		}
		if role == "" {
			continue // admins only: an admin sees the whole deployment
		}
		path := strings.Replace(r.Path, ":id", fmt.Sprint(records[o.noun]), 1)
		path = pathParam.ReplaceAllString(path, "1")
		checked++
		t.Run(key, func(t *testing.T) {
			outside := s.Send(t, users[west][role], r.Method, path, "{}", "If-Match", `"1"`)
			if wantBody := fmt.Sprintf("no %s %d", o.noun, records[o.noun]); outside.Code != http.StatusNotFound || !strings.Contains(outside.Body.String(), wantBody) {
				t.Errorf("as a %s of West: %d %s; want 404 saying %q", role, outside.Code, outside.Body, wantBody)
			}
			if r.Method != http.MethodGet {
				return // a change by the record's own area would change what the next routes read
			}
			inside := s.Send(t, users[east][role], r.Method, path, "", "If-Match", `"1"`)
			if strings.Contains(inside.Body.String(), fmt.Sprintf("no %s %d", o.noun, records[o.noun])) {
				t.Errorf("as a %s of East, the record's own area: %d %s", role, inside.Code, inside.Body)
			}
		})
	}
	if checked < 40 {
		t.Errorf("only %d routes checked: the inspection routes are more than that", checked)
	}
	// The intervention serves East through its park, and the consultation through the
	// intervention: East's users list them, West's do not.
	for _, list := range []string{"/api/v1/interventions", "/api/v1/consultations"} {
		for user, want := range map[string]int{users[east]["partner"]: 1, users[west]["partner"]: 0, "admin": 1} {
			var page struct {
				Total int `json:"total"`
			}
			servertest.Decode(t, s.MustSend(t, http.StatusOK, user, http.MethodGet, list, ""), &page)
			if page.Total != want {
				t.Errorf("%s: %s lists %d, want %d", list, user, page.Total, want)
			}
		}
	}
}

// TestInspectionsBelongToOneLocalArea: an inspection is recorded for a local area its user
// sees, lists show each area's users their own, and the whole deployment's users all.
func TestInspectionsBelongToOneLocalArea(t *testing.T) {
	s := servertest.New(t)
	west, east := s.AddWestAndEast(t)
	westLead, eastLead, vru := s.ScopedUser(t, "analyst", west), s.ScopedUser(t, "analyst", east), s.ScopedUser(t, "analyst")
	create := func(user, body string, status int) int64 {
		t.Helper()
		var in struct {
			ID          int64  `json:"id"`
			LocalAreaID *int64 `json:"local_area_id"`
		}
		rec := s.MustSend(t, status, user, http.MethodPost, "/api/v1/inspections", body)
		if status == http.StatusCreated {
			servertest.Decode(t, rec, &in)
		}
		return in.ID
	}
	// A user of one area records inspections of it without naming it, and of no other.
	w := create(westLead, `{"framework":"criminal_exploitation","local_area":"West","notified_on":"2025-01-06"}`, http.StatusCreated)
	create(westLead, fmt.Sprintf(`{"framework":"criminal_exploitation","local_area":"East","local_area_id":%d,"notified_on":"2025-01-06"}`, east), http.StatusUnprocessableEntity)
	// A user of the whole deployment must name the area.
	create(vru, `{"framework":"criminal_exploitation","local_area":"East","notified_on":"2025-01-06"}`, http.StatusUnprocessableEntity)
	e := create(vru, fmt.Sprintf(`{"framework":"criminal_exploitation","local_area":"East","local_area_id":%d,"notified_on":"2025-01-13"}`, east), http.StatusCreated)

	for _, c := range []struct {
		user string
		want []int64
	}{{westLead, []int64{w}}, {eastLead, []int64{e}}, {vru, []int64{e, w}}, {"admin", []int64{e, w}}} {
		var list struct {
			Inspections []struct {
				ID          int64 `json:"id"`
				LocalAreaID int64 `json:"local_area_id"`
			} `json:"inspections"`
			Total int `json:"total"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, c.user, http.MethodGet, "/api/v1/inspections", ""), &list)
		var got []int64
		for _, in := range list.Inspections {
			got = append(got, in.ID)
		}
		if !slices.Equal(got, c.want) || list.Total != len(c.want) {
			t.Errorf("%s lists inspections %v (total %d), want %v", c.user, got, list.Total, c.want)
		}
	}
	s.MustSend(t, http.StatusOK, eastLead, http.MethodGet, fmt.Sprintf("/api/v1/inspections/%d", e), "")
	s.MustSend(t, http.StatusNotFound, westLead, http.MethodGet, fmt.Sprintf("/api/v1/inspections/%d", e), "")
}

// TestPlacesBelongToTheLocalAreasTheyLieIn: a place belongs to each local area holding part of
// it (a park across the boundary to both), lists show each area's users their own, and a user
// of one area cannot register a place in another.
func TestPlacesBelongToTheLocalAreasTheyLieIn(t *testing.T) {
	s := servertest.New(t)
	west, east := s.AddWestAndEast(t)
	westUser, eastUser := s.ScopedUser(t, "analyst", west), s.ScopedUser(t, "analyst", east)
	add := func(user, name string, x0, x1 float64, status int) int64 {
		t.Helper()
		var f struct {
			ID         int64 `json:"id"`
			Properties struct {
				LocalAreas []int64 `json:"local_areas"`
			} `json:"properties"`
		}
		rec := s.MustSend(t, status, user, http.MethodPost, "/api/v1/places",
			fmt.Sprintf(`{"type":"Feature","properties":{"kind":"park","name":%q},"geometry":%s}`, name, servertest.Box(x0, 51.44, x1, 51.45)))
		if status == http.StatusCreated {
			servertest.Decode(t, rec, &f)
		}
		return f.ID
	}
	w := add(westUser, "West Park", -0.26, -0.25, http.StatusCreated)
	both := add(eastUser, "Boundary Common", -0.21, -0.19, http.StatusCreated)
	e := add("admin", "East Park", -0.16, -0.15, http.StatusCreated)
	add(westUser, "Not Ours", -0.16, -0.15, http.StatusUnprocessableEntity)
	for _, c := range []struct {
		user string
		want []int64
	}{{westUser, []int64{w, both}}, {eastUser, []int64{both, e}}, {"admin", []int64{w, both, e}}} {
		var list struct {
			Features []struct {
				ID int64 `json:"id"`
			} `json:"features"`
		}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, c.user, http.MethodGet, "/api/v1/places?sort=created_at", ""), &list)
		var got []int64
		for _, f := range list.Features {
			got = append(got, f.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s lists places %v, want %v", c.user, got, c.want)
		}
	}
	s.MustSend(t, http.StatusOK, westUser, http.MethodGet, fmt.Sprintf("/api/v1/places/%d", both), "")
	s.MustSend(t, http.StatusNotFound, westUser, http.MethodGet, fmt.Sprintf("/api/v1/places/%d", e), "")
}

// readsWholeDeployment are the routes of the whole deployment, as this test expects them: the
// imports, which land records in every local area. A user of some local areas is refused them.
var readsWholeDeployment = regexp.MustCompile(`^/api/v1/imports(/|$)`)

// TestUsersOfSomeAreasAreRefusedWhatReadsTheWholeDeployment: every route that reads the whole
// deployment answers 403 to a user of some local areas of a role it admits, and every other
// route lets them in (what it answers is then theirs alone: see the tests above).
func TestUsersOfSomeAreasAreRefusedWhatReadsTheWholeDeployment(t *testing.T) {
	s := servertest.New(t)
	west := s.AddLocalArea(t, "West", "E09000901", servertest.Box(-0.3, 51.4, -0.2, 51.5))
	users := map[string]string{}
	for _, role := range []string{"analyst", "vrp_lead", "partner", "inspector"} {
		users[role] = s.ScopedUser(t, role, west)
	}
	want := expectedAccess()
	refused := 0
	for _, r := range s.Echo.Routes() {
		key := r.Method + " " + r.Path
		access, ok := want[key]
		if !ok || access == public || r.Path == "/*" {
			continue
		}
		role := ""
		for _, candidate := range []string{"partner", "inspector", "vrp_lead", "analyst"} {
			if allowed(access, candidate) {
				role = candidate
				break
			}
		}
		if role == "" {
			continue // admins only: an admin sees the whole deployment
		}
		path := pathParam.ReplaceAllString(strings.ReplaceAll(r.Path, ":cell", "8928308280fffff"), "987654")
		rec := s.Send(t, users[role], r.Method, path, "", "If-Match", `"1"`)
		wide := readsWholeDeployment.MatchString(r.Path)
		switch {
		case wide && (rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "whole deployment only")):
			t.Errorf("%s as a %s of West: %d %s; want 403 for the whole deployment only", key, role, rec.Code, rec.Body)
		case !wide && rec.Code == http.StatusForbidden:
			t.Errorf("%s as a %s of West: 403 %s; want the route to let them in", key, role, rec.Body)
		}
		if wide {
			refused++
		}
	}
	if refused < 2 {
		t.Errorf("only %d routes refused: the imports are listed and started by two", refused)
	}
}

// TestUsersOfOneAreaLinkOnlyTheirRecords: an intervention or consultation of a West user may
// not link East's place or intervention; the refusal is the one for a record that does not
// exist, so that it tells nothing of East.
func TestUsersOfOneAreaLinkOnlyTheirRecords(t *testing.T) {
	s := servertest.New(t)
	west, _ := s.AddWestAndEast(t)
	var eastPark, westPark struct {
		ID int64 `json:"id"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places",
		`{"type":"Feature","properties":{"kind":"park","name":"East Park"},"geometry":`+servertest.Box(-0.16, 51.44, -0.15, 51.45)+`}`), &eastPark)
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places",
		`{"type":"Feature","properties":{"kind":"park","name":"West Park"},"geometry":`+servertest.Box(-0.26, 51.44, -0.25, 51.45)+`}`), &westPark)
	westUser := s.ScopedUser(t, "analyst", west)
	intervention := func(place int64) string {
		return fmt.Sprintf(`{"title":"Park patrols","aim":"fewer robberies","methodology":"guardianship_safe_havens","lead_agency":"police","status":"active","start_date":"2024-01-01","places":[%d]}`, place)
	}
	for _, c := range []struct {
		name  string
		place int64
	}{{"East's park", eastPark.ID}, {"a park that does not exist", 999}} {
		t.Run(c.name, func(t *testing.T) {
			rec := s.MustSend(t, http.StatusUnprocessableEntity, westUser, http.MethodPost, "/api/v1/interventions", intervention(c.place))
			if want := fmt.Sprintf("%d does not exist", c.place); !strings.Contains(rec.Body.String(), want) {
				t.Errorf("refusal %s; want %q", rec.Body, want)
			}
		})
	}
	s.MustSend(t, http.StatusCreated, westUser, http.MethodPost, "/api/v1/interventions", intervention(westPark.ID))
	// The whole deployment's users link anything.
	s.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions", intervention(eastPark.ID))
}
