package inspection_test

import (
	"context"
	"net/http"
	"testing"
)

func TestFindingsAndActionPlan(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID)
	var f struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/findings",
		body: `{"kind":"area_for_priority_action","text":"Evaluation of interventions in places and spaces is not yet routine.","lines":["pas_q5"]}`}, &f)
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/findings",
		body: `{"kind":"strength","text":"Partners share intelligence on hot spots weekly.","lines":["pas_q1"]}`}, nil)
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "/findings", body: `{"kind":"grade","text":"Good"}`}, "strength")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "/findings", body: `{"kind":"strength","text":"x","lines":["fd_mash"]}`}, "fd_mash")

	var list struct {
		Findings []struct{ Kind string } `json:"findings"`
		Counts   map[string]int          `json:"counts"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: base + "/findings"}, &list)
	if len(list.Findings) != 2 || list.Findings[0].Kind != "strength" || list.Counts["area_for_priority_action"] != 1 || list.Counts["area_for_improvement"] != 0 {
		t.Errorf("findings %+v", list)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/findings/" + itoa(f.ID),
		body: `{"text":"Evaluation is not routine."}`, ifMatch: `"1"`}, &f)

	e.setToday("2024-09-02")
	var a struct {
		ID          int64   `json:"id"`
		Status      string  `json:"status"`
		DueOn       string  `json:"due_on"`
		CompletedOn *string `json:"completed_on"`
		Late        bool    `json:"late"`
	}
	e.must(t, http.StatusCreated, req{role: "admin", method: http.MethodPost, path: base + "/action-plan",
		body: `{"finding_id":` + itoa(f.ID) + `,"action":"Evaluate every places-and-spaces intervention before and after, with a comparison area.","owner_agency":"vrp_vru","owner":"VRP evaluation lead","due_on":"2024-08-30"}`}, &a)
	if a.Status != "not_started" || !a.Late {
		t.Errorf("new action %+v, want not started and late (due 30 August, today 2 September)", a)
	}
	e.refused(t, 422, req{role: "admin", method: http.MethodPost, path: base + "/action-plan", body: `{"action":"x","owner_agency":"vrp_vru","due_on":"30/08/2024"}`}, "YYYY-MM-DD")
	e.refused(t, 422, req{role: "admin", method: http.MethodPost, path: base + "/action-plan", body: `{"finding_id":424242,"action":"x","owner_agency":"vrp_vru","due_on":"2024-08-30"}`}, "finding_id")
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/action-plan/" + itoa(a.ID), body: `{"status":"complete"}`, ifMatch: `"1"`}, &a)
	if a.CompletedOn == nil || *a.CompletedOn != "2024-09-02" || !a.Late {
		t.Errorf("completed action %+v, want completed today, after its due date", a)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/action-plan/" + itoa(a.ID), body: `{"completed_on":"2024-08-29"}`, ifMatch: `"2"`}, &a)
	if a.Late {
		t.Errorf("action completed 29 August, due 30th, is late")
	}

	// The snapshot an evidence pack reads holds all of it.
	snap, err := e.Inspections.Snapshot(context.Background(), in.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Findings) != 2 || len(snap.ActionPlan) != 1 || len(snap.AnnexA.Items) != 13 || len(snap.Lines) != 14 ||
		snap.CaseSample != nil || snap.Inspection.Milestone("publication") == nil {
		t.Errorf("snapshot %+v", snap)
	}

	e.must(t, http.StatusNoContent, req{role: "analyst", method: http.MethodDelete, path: base + "/findings/" + itoa(f.ID)}, nil)
	var plan struct {
		Actions []struct {
			FindingID *int64 `json:"finding_id"`
		} `json:"actions"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: base + "/action-plan"}, &plan)
	if len(plan.Actions) != 1 || plan.Actions[0].FindingID != nil {
		t.Errorf("after deleting its finding the action is %+v", plan.Actions)
	}
}
