package server_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestDemoInspections: the demo holds a partnership preparing (no notification, an audit round
// under way) and the notified SYV inspection with its preparation carried over.
func TestDemoInspections(t *testing.T) {
	ts := servertest.New(t)
	if err := ts.DemoInspections(context.Background(), "Northbridge"); err != nil {
		t.Fatalf("demo inspections: %v", err)
	}
	var list struct {
		Inspections []struct {
			ID         int64   `json:"id"`
			LocalArea  string  `json:"local_area"`
			Framework  string  `json:"framework"`
			Status     string  `json:"status"`
			NotifiedOn *string `json:"notified_on"`
			Milestones []any   `json:"milestones"`
		} `json:"inspections"`
	}
	rec := ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, "/api/v1/inspections", "")
	servertest.Decode(t, rec, &list)
	if len(list.Inspections) != 2 {
		t.Fatalf("%d demo inspections, want 2", len(list.Inspections))
	}
	notified, preparing := list.Inspections[0], list.Inspections[1]
	if notified.LocalArea != "Northbridge" || notified.Framework != "serious_youth_violence" || notified.NotifiedOn == nil || len(notified.Milestones) < 8 {
		t.Errorf("first inspection %+v, want Northbridge's notified SYV inspection with its timetable", notified)
	}
	if preparing.LocalArea != "Eastmere" || preparing.Status != "preparing" || preparing.NotifiedOn != nil {
		t.Errorf("second inspection %+v, want Eastmere preparing without a notification", preparing)
	}

	var rounds struct {
		AuditRounds []struct {
			Status   string `json:"status"`
			Phase    string `json:"phase"`
			Gradings int    `json:"gradings"`
			Complete int    `json:"complete"`
		} `json:"audit_rounds"`
	}
	for _, c := range []struct {
		id                    int64
		status                string
		complete, gradingsFor int
	}{{notified.ID, "complete", 4, 4}, {preparing.ID, "open", 3, 4}} {
		rec = ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/inspections/"+strconv.FormatInt(c.id, 10)+"/audit-rounds", "")
		servertest.Decode(t, rec, &rounds)
		if len(rounds.AuditRounds) != 1 || rounds.AuditRounds[0].Status != c.status || rounds.AuditRounds[0].Phase != "preparation" ||
			rounds.AuditRounds[0].Complete != c.complete || rounds.AuditRounds[0].Gradings != c.gradingsFor {
			t.Errorf("inspection %d audit rounds %+v, want one %s preparation round with %d of %d gradings", c.id, rounds.AuditRounds, c.status, c.complete, c.gradingsFor)
		}
	}
	var meetings struct {
		Meetings []struct {
			Decisions []string `json:"decisions"`
			Actions   []any    `json:"actions"`
		} `json:"meetings"`
	}
	rec = ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/inspections/"+strconv.FormatInt(notified.ID, 10)+"/meetings", "")
	servertest.Decode(t, rec, &meetings)
	if len(meetings.Meetings) != 1 || len(meetings.Meetings[0].Decisions) != 2 || len(meetings.Meetings[0].Actions) != 1 {
		t.Errorf("Northbridge meetings %+v, want the preparation group with 2 decisions and an action", meetings.Meetings)
	}
}
