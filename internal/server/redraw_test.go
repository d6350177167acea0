package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestRedrawingALocalAreaAnswersWhatMoved: West (lng −0.3..−0.2) and East (−0.2..−0.1) hold
// two and three incidents. West shrinking to −0.3..−0.26 leaves one of its incidents in no
// area; East growing over −0.26..−0.2 takes it; East going leaves its four in none. An
// inspection keeps East until it is moved, and the area cannot go before.
func TestRedrawingALocalAreaAnswersWhatMoved(t *testing.T) {
	s := servertest.New(t)
	west, east := s.AddWestAndEast(t)
	importRobberiesAt(t, s, -0.28, -0.25, -0.15, -0.14, -0.13)

	type answer struct {
		Moved, Outside struct{ Incidents, Activities, Places int64 }
		Note           string
	}
	change := func(id int64, version int, boundary string) answer {
		var a answer
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodPut, fmt.Sprintf("/api/v1/local-areas/%d", id),
			`{"boundary":`+boundary+`}`, "If-Match", fmt.Sprintf(`"%d"`, version)), &a)
		return a
	}
	if a := change(west, 1, servertest.Box(-0.3, 51.4, -0.26, 51.5)); a.Moved.Incidents != 1 || a.Outside.Incidents != 1 || a.Note == "" {
		t.Errorf("West shrinking answered %+v; want one incident moved out of every area, and a note", a)
	}
	if a := change(east, 1, servertest.Box(-0.26, 51.4, -0.1, 51.5)); a.Moved.Incidents != 1 || a.Outside.Incidents != 0 || a.Note != "" {
		t.Errorf("East growing answered %+v; want one incident moved, none outside", a)
	}

	var in struct{ ID int64 }
	servertest.Decode(t, s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/inspections",
		fmt.Sprintf(`{"framework":"serious_youth_violence","local_area":"East","local_area_id":%d}`, east)), &in)
	s.MustSend(t, http.StatusConflict, "admin", http.MethodDelete, fmt.Sprintf("/api/v1/local-areas/%d", east), "")
	if _, err := s.DB.Pool.Exec(t.Context(), `UPDATE inspections SET local_area_id = $1 WHERE id = $2`, west, in.ID); err != nil {
		t.Fatal(err)
	}
	var a answer
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodDelete, fmt.Sprintf("/api/v1/local-areas/%d", east), ""), &a)
	if a.Moved.Incidents != 4 || a.Outside.Incidents != 4 {
		t.Errorf("East going answered %+v; want its four incidents moved out of every area", a)
	}
}

// TestRedrawingTheStudyAreaAnswersWhatMoved: a deployment of one local area redraws its study
// area with PUT /study-area and is answered what moved, as a change of a local area is. Of
// three incidents at lng −0.28, −0.25 and −0.15, shrinking the area to −0.3..−0.2 leaves one
// outside; growing it back takes it in again.
func TestRedrawingTheStudyAreaAnswersWhatMoved(t *testing.T) {
	s := servertest.New(t)
	s.MustSend(t, http.StatusOK, "admin", http.MethodPut, "/api/v1/study-area?name=Borough", servertest.Box(-0.3, 51.4, -0.1, 51.5))
	importRobberiesAt(t, s, -0.28, -0.25, -0.15)

	type answer struct {
		Properties struct{ Name string }
		Moved      struct{ Incidents int64 }
		Outside    struct{ Incidents int64 }
		Note       string
	}
	redraw := func(boundary string) answer {
		var a answer
		servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodPut, "/api/v1/study-area", boundary), &a)
		return a
	}
	if a := redraw(servertest.Box(-0.3, 51.4, -0.2, 51.5)); a.Moved.Incidents != 1 || a.Outside.Incidents != 1 || a.Note == "" || a.Properties.Name != "Borough" {
		t.Errorf("shrinking answered %+v; want one incident moved outside, a note, and the area's name kept", a)
	}
	if a := redraw(servertest.Box(-0.3, 51.4, -0.1, 51.5)); a.Moved.Incidents != 1 || a.Outside.Incidents != 0 || a.Note != "" {
		t.Errorf("growing answered %+v; want one incident moved in, none outside", a)
	}
}

// importRobberiesAt imports one robbery at lat 51.45 for each longitude given.
func importRobberiesAt(t *testing.T, s *servertest.Server, lngs ...float64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
	for i, lng := range lngs {
		fmt.Fprintf(&b, "R%d,2024-05-03 16:00,exact,robbery,14-17,,51.45,%v,street,\n", i, lng)
	}
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(b.String()))
}
