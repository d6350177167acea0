package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

type localAreaList struct {
	LocalAreas []struct {
		ID      int64   `json:"id"`
		Name    string  `json:"name"`
		ONSCode *string `json:"ons_code"`
		Version int     `json:"version"`
	} `json:"local_areas"`
}

func (l localAreaList) ids() []int64 {
	var ids []int64
	for _, a := range l.LocalAreas {
		ids = append(ids, a.ID)
	}
	return ids
}

// TestLocalAreasAreManagedByAnAdminAndSeenByTheirUsers: an admin adds local areas through the
// API and the study area becomes their union; a user of one area lists and reads only it, and
// another area answers 404 as a missing one does.
func TestLocalAreasAreManagedByAnAdminAndSeenByTheirUsers(t *testing.T) {
	s := servertest.New(t)
	var ids []int64
	for i, a := range []struct{ name, code string }{{"West", "E09000901"}, {"Middle", "E09000902"}, {"East", "E09000903"}} {
		body := fmt.Sprintf(`{"name":%q,"ons_code":%q,"boundary":%s}`, a.name, a.code, servertest.Box(-0.3+0.1*float64(i), 51.4, -0.2+0.1*float64(i), 51.5))
		rec := s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/local-areas", body)
		var f struct {
			ID float64 `json:"id"`
		}
		servertest.Decode(t, rec, &f)
		if rec.Header().Get("ETag") != `"1"` || rec.Header().Get("Location") != fmt.Sprintf("/api/v1/local-areas/%d", int64(f.ID)) {
			t.Errorf("created %s: ETag %q, Location %q", a.name, rec.Header().Get("ETag"), rec.Header().Get("Location"))
		}
		ids = append(ids, int64(f.ID))
	}
	var study struct {
		Properties struct {
			LocalAreas []int64 `json:"local_areas"`
		} `json:"properties"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/study-area", ""), &study)
	if !slices.Equal(study.Properties.LocalAreas, ids) {
		t.Errorf("study area made of %v, want %v", study.Properties.LocalAreas, ids)
	}

	west := s.ScopedUser(t, "partner", ids[0])
	vru := s.ScopedUser(t, "vrp_lead")
	for _, c := range []struct {
		user string
		want []int64
	}{{west, ids[:1]}, {vru, ids}, {"admin", ids}} {
		var l localAreaList
		servertest.Decode(t, s.MustSend(t, http.StatusOK, c.user, http.MethodGet, "/api/v1/local-areas", ""), &l)
		if !slices.Equal(l.ids(), c.want) {
			t.Errorf("%s lists local areas %v, want %v", c.user, l.ids(), c.want)
		}
	}
	s.MustSend(t, http.StatusOK, west, http.MethodGet, fmt.Sprintf("/api/v1/local-areas/%d", ids[0]), "")
	outside := s.MustSend(t, http.StatusNotFound, west, http.MethodGet, fmt.Sprintf("/api/v1/local-areas/%d", ids[1]), "")
	missing := s.MustSend(t, http.StatusNotFound, west, http.MethodGet, "/api/v1/local-areas/999", "")
	if got, want := outside.Body.String(), missing.Body.String(); len(got) == 0 || got[:40] != want[:40] {
		t.Errorf("another area's answer differs from a missing area's:\n%s\n%s", got, want)
	}

	// Changing one: If-Match is required, a stale version is refused, a code is checked.
	path := fmt.Sprintf("/api/v1/local-areas/%d", ids[1])
	s.MustSend(t, http.StatusPreconditionRequired, "admin", http.MethodPut, path, `{"name":"Centre"}`)
	s.MustSend(t, http.StatusOK, "admin", http.MethodPut, path, `{"name":"Centre"}`, "If-Match", `"1"`)
	s.MustSend(t, http.StatusPreconditionFailed, "admin", http.MethodPut, path, `{"name":"Centre"}`, "If-Match", `"1"`)
	s.MustSend(t, http.StatusUnprocessableEntity, "admin", http.MethodPut, path, `{"ons_code":"E0900"}`, "If-Match", `"2"`)
	s.MustSend(t, http.StatusConflict, "admin", http.MethodPost, "/api/v1/local-areas",
		`{"name":"Again","ons_code":"E09000901","boundary":`+servertest.Box(1, 52, 1.1, 52.1)+`}`)
	// The study area of several local areas is changed area by area.
	s.MustSend(t, http.StatusConflict, "admin", http.MethodPut, "/api/v1/study-area", servertest.Box(1, 52, 1.1, 52.1))
	// An empty area may go; the partner of West loses nothing they could see.
	s.MustSend(t, http.StatusOK, "admin", http.MethodDelete, fmt.Sprintf("/api/v1/local-areas/%d", ids[2]), "")
	s.MustSend(t, http.StatusNotFound, "admin", http.MethodGet, fmt.Sprintf("/api/v1/local-areas/%d", ids[2]), "")
}

// TestAdminsSetTheLocalAreasAUserSees: PUT /users/{id}/areas scopes an account, /auth/me says
// what it sees, unknown areas are refused and an admin keeps the whole deployment.
func TestAdminsSetTheLocalAreasAUserSees(t *testing.T) {
	s := servertest.New(t)
	a, b := s.AddWestAndEast(t)
	// With several local areas, a new account sees none until an admin names them.
	rec := s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/users",
		`{"email":"new.partner@example.org","role":"partner","password":"a long enough passphrase"}`)
	var u struct {
		ID         int64   `json:"id"`
		AllAreas   bool    `json:"all_areas"`
		LocalAreas []int64 `json:"local_areas"`
	}
	servertest.Decode(t, rec, &u)
	if u.AllAreas || len(u.LocalAreas) != 0 {
		t.Errorf("a new partner sees all %v, areas %v; want nothing", u.AllAreas, u.LocalAreas)
	}
	path := fmt.Sprintf("/api/v1/users/%d/areas", u.ID)
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodPut, path, fmt.Sprintf(`{"local_areas":[%d]}`, b)), &u)
	if u.AllAreas || !slices.Equal(u.LocalAreas, []int64{b}) {
		t.Errorf("after scoping: all %v, areas %v; want [%d]", u.AllAreas, u.LocalAreas, b)
	}
	for _, c := range []struct{ name, body string }{
		{"an unknown area", `{"local_areas":[999]}`},
		{"an area listed twice", fmt.Sprintf(`{"local_areas":[%d,%d]}`, a, a)},
		{"areas beside the whole deployment", fmt.Sprintf(`{"all_areas":true,"local_areas":[%d]}`, a)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.MustSend(t, http.StatusUnprocessableEntity, "admin", http.MethodPut, path, c.body)
		})
	}
	var admin struct {
		ID int64 `json:"id"`
	}
	var me struct {
		User struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodGet, "/api/v1/auth/me", ""), &me)
	admin.ID = me.User.ID
	s.MustSend(t, http.StatusUnprocessableEntity, "admin", http.MethodPut, fmt.Sprintf("/api/v1/users/%d/areas", admin.ID), fmt.Sprintf(`{"local_areas":[%d]}`, a))
	scoped := s.ScopedUser(t, "analyst", a)
	var scopedMe struct {
		User struct {
			AllAreas   bool    `json:"all_areas"`
			LocalAreas []int64 `json:"local_areas"`
		} `json:"user"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, scoped, http.MethodGet, "/api/v1/auth/me", ""), &scopedMe)
	if scopedMe.User.AllAreas || !slices.Equal(scopedMe.User.LocalAreas, []int64{a}) {
		t.Errorf("/auth/me of a West analyst: all %v, areas %v", scopedMe.User.AllAreas, scopedMe.User.LocalAreas)
	}
}

// TestTheAreaSwitcherNarrowsARequestToOneOfTheUsersAreas: a request naming one local area in
// X-Local-Area sees that area alone, of those its user sees; another area answers 404.
func TestTheAreaSwitcherNarrowsARequestToOneOfTheUsersAreas(t *testing.T) {
	s := servertest.New(t)
	a, b := s.AddWestAndEast(t)
	c := s.AddLocalArea(t, "North", "E09000903", servertest.Box(-0.3, 51.5, -0.1, 51.6))
	both := s.ScopedUser(t, "partner", a, b)
	for _, tc := range []struct {
		user, header string
		status       int
		want         []int64
	}{
		{both, "", http.StatusOK, []int64{a, b}},
		{both, fmt.Sprint(b), http.StatusOK, []int64{b}},
		{both, fmt.Sprint(c), http.StatusNotFound, nil},
		{both, "east", http.StatusBadRequest, nil},
		{"admin", fmt.Sprint(c), http.StatusOK, []int64{c}},
	} {
		t.Run(tc.user+" viewing "+tc.header, func(t *testing.T) {
			var headers []string
			if tc.header != "" {
				headers = []string{"X-Local-Area", tc.header}
			}
			rec := s.MustSend(t, tc.status, tc.user, http.MethodGet, "/api/v1/local-areas", "", headers...)
			if tc.status != http.StatusOK {
				return
			}
			var l localAreaList
			servertest.Decode(t, rec, &l)
			if !slices.Equal(l.ids(), tc.want) {
				t.Errorf("lists %v, want %v", l.ids(), tc.want)
			}
		})
	}
	// An admin viewing one area is a user of that area: the whole deployment's routes refuse.
	s.MustSend(t, http.StatusForbidden, "admin", http.MethodGet, "/api/v1/imports", "", "X-Local-Area", fmt.Sprint(a))
}
