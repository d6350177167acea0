package inspection_test

import (
	"net/http"
	"testing"
)

type roundBody struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Phase    string `json:"phase"`
	Gradings int    `json:"gradings"`
	Complete int    `json:"complete"`
	Cases    []struct {
		ID       int64 `json:"id"`
		Complete bool  `json:"complete"`
	} `json:"cases"`
	Version int `json:"version"`
}

type readinessBody struct {
	Phase   string `json:"phase"`
	Percent int    `json:"percent"`
	Strands []struct {
		Strand    string `json:"strand"`
		Lines     int    `json:"lines"`
		Evidenced int    `json:"evidenced"`
		Assessed  int    `json:"assessed"`
	} `json:"strands"`
	Agencies []struct {
		Agency        string `json:"agency"`
		SPOC          bool   `json:"spoc"`
		AnnexAItems   int    `json:"annex_a_items"`
		AuditGradings int    `json:"audit_gradings"`
		AuditComplete int    `json:"audit_complete"`
	} `json:"agencies"`
	Audits struct {
		Rounds   int     `json:"rounds"`
		Complete int     `json:"complete"`
		NextDue  *string `json:"next_due"`
		Overdue  bool    `json:"overdue"`
	} `json:"audits"`
}

func (r readinessBody) agency(key string) (complete, gradings int) {
	for _, a := range r.Agencies {
		if a.Agency == key {
			return a.AuditComplete, a.AuditGradings
		}
	}
	return -1, -1
}

// prepare records a partnership's preparation (no notification) as the analyst.
func (e *env) prepare(t *testing.T, framework string) inspectionBody {
	t.Helper()
	var b inspectionBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"` + framework + `","local_area":"Northbridge"}`}, &b)
	return b
}

// auditRound opens a round with one case involving police and children's social care, and
// grades both agencies' practice when complete is true, then completes the round.
func (e *env) auditRound(t *testing.T, id int64, title, from, to, ref string, complete bool) roundBody {
	t.Helper()
	base := "/api/v1/inspections/" + itoa(id) + "/audit-rounds"
	var r roundBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base,
		body: `{"title":"` + title + `","period_from":"` + from + `","period_to":"` + to + `"}`}, &r)
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/" + itoa(r.ID) + "/cases",
		body: `{"reference":"` + ref + `","agencies":["police","childrens_social_care"]}`}, &r)
	if !complete {
		return r
	}
	for _, ag := range []string{"police", "childrens_social_care"} {
		e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPut,
			path: base + "/" + itoa(r.ID) + "/cases/" + itoa(r.Cases[0].ID) + "/gradings/" + ag,
			body: `{"status":"complete","grade":"good","strengths":"Timely strategy discussion","learning":"Share the safety plan with school"}`}, &r)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/" + itoa(r.ID), ifMatch: `"` + itoa(int64(r.Version)) + `"`,
		body: `{"status":"complete","learning":"Return interviews are late when a child goes missing at the weekend."}`}, &r)
	return r
}

func TestPreparationBecomesTheNotifiedInspection(t *testing.T) {
	e := newEnv(t)
	e.setToday("2023-09-04")
	prep := e.prepare(t, "serious_youth_violence")
	if prep.NotifiedOn != "" || len(prep.Milestones) != 0 {
		t.Fatalf("a preparation has notified_on %q and %d milestones, want none", prep.NotifiedOn, len(prep.Milestones))
	}
	id := itoa(prep.ID)
	ev := e.upload(t, "partner", prep.ID, "title=Problem+profile&filename=profile.pdf&owner_agency=vrp_vru&lines=pas_q1", pdf)
	e.must(t, http.StatusCreated, req{role: "vrp_lead", method: http.MethodPost, path: "/api/v1/inspections/" + id + "/self-assessment/syv_intelligence",
		body: `{"narrative":"The problem profile is refreshed quarterly.","rag":"amber"}`}, nil)
	first := e.auditRound(t, prep.ID, "Autumn 2023 dip sample", "2023-03-01", "2023-08-31", "NB-CSC-000101", true)

	e.setToday("2024-03-12")
	second := e.auditRound(t, prep.ID, "Spring 2024 dip sample", "2023-09-01", "2024-02-29", "NB-CSC-000202", true)
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + id + "/action-plan",
		body: `{"action":"Weekend return interviews","owner_agency":"childrens_social_care","due_on":"2024-05-31","audit_round_id":` + itoa(second.ID) + `}`}, nil)

	// Notification on Monday 18 March 2024: the timetable of TestCreateInspectionAnswersTheTimetable.
	e.setToday("2024-03-18")
	var got inspectionBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + id + "/notification",
		ifMatch: `"` + itoa(int64(prep.Version)) + `"`, body: `{"notified_on":"2024-03-18"}`}, &got)
	if got.ID != prep.ID || got.NotifiedOn != "2024-03-18" {
		t.Fatalf("notified inspection %d on %q, want %d on 2024-03-18", got.ID, got.NotifiedOn, prep.ID)
	}
	for k, v := range map[string]string{"fieldwork_start": "2024-04-03", "publication": "2024-05-29", "written_statement": "2024-09-05"} {
		if d := got.due(k); d != v {
			t.Errorf("%s due %q, want %s", k, d, v)
		}
	}

	// Everything prepared is still there: evidence, self-assessment, both rounds (as
	// preparation history) and the action.
	var evs struct{ Evidence []evidenceBody }
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: "/api/v1/inspections/" + id + "/evidence"}, &evs)
	if len(evs.Evidence) != 1 || evs.Evidence[0].ID != ev.ID {
		t.Errorf("evidence after notification %+v, want evidence %d", evs.Evidence, ev.ID)
	}
	var sa struct {
		Versions int `json:"versions"`
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections/" + id + "/self-assessment/syv_intelligence"}, &sa)
	if sa.Versions != 1 {
		t.Errorf("self-assessment versions %d, want 1", sa.Versions)
	}
	var rounds struct {
		AuditRounds []roundBody `json:"audit_rounds"`
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/inspections/" + id + "/audit-rounds"}, &rounds)
	if len(rounds.AuditRounds) != 2 || rounds.AuditRounds[0].ID != first.ID || rounds.AuditRounds[1].ID != second.ID {
		t.Fatalf("audit rounds %+v, want rounds %d and %d", rounds.AuditRounds, first.ID, second.ID)
	}
	for _, r := range rounds.AuditRounds {
		if r.Status != "complete" || r.Phase != "preparation" {
			t.Errorf("round %d status %s phase %s, want complete in preparation", r.ID, r.Status, r.Phase)
		}
	}
	var plan struct {
		Actions []struct {
			Source       string `json:"source"`
			AuditRoundID *int64 `json:"audit_round_id"`
		} `json:"actions"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: "/api/v1/inspections/" + id + "/action-plan"}, &plan)
	if len(plan.Actions) != 1 || plan.Actions[0].Source != "audit" || plan.Actions[0].AuditRoundID == nil || *plan.Actions[0].AuditRoundID != second.ID {
		t.Errorf("action plan %+v, want the audit round's action", plan.Actions)
	}

	// A second notification of the same record is a conflict.
	e.refused(t, http.StatusConflict, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + id + "/notification",
		ifMatch: `"` + itoa(int64(got.Version)) + `"`, body: `{"notified_on":"2024-03-18"}`}, "already notified")
}

func TestPreparationRefusals(t *testing.T) {
	e := newEnv(t)
	prep := e.prepare(t, "serious_youth_violence")
	base := "/api/v1/inspections/" + itoa(prep.ID)
	etag := `"` + itoa(int64(prep.Version)) + `"`
	cases := []struct {
		name      string
		r         req
		status    int
		fragments []string
	}{
		{"the case sample waits for the inspectors", req{role: "analyst", method: http.MethodPost, path: base + "/case-sample",
			body: `{"reference":"NB-CSC-000101","age_at_notification":15,"agencies":["police"]}`}, 422, []string{"after notification", "audit round"}},
		{"a status cannot leave preparation by hand", req{role: "analyst", method: http.MethodPatch, path: base, ifMatch: etag,
			body: `{"status":"fieldwork"}`}, 422, []string{"notification"}},
		{"nothing can be set back to preparing", req{role: "analyst", method: http.MethodPatch, path: base, ifMatch: etag,
			body: `{"status":"preparing"}`}, 422, []string{"preparing"}},
		{"milestones wait for the timetable", req{role: "analyst", method: http.MethodPatch, path: base + "/milestones/fieldwork_start",
			body: `{"actual":"2024-04-03"}`}, 422, []string{"no timetable"}},
		{"a notification on a Saturday", req{role: "analyst", method: http.MethodPost, path: base + "/notification", ifMatch: etag,
			body: `{"notified_on":"2024-03-16"}`}, 422, []string{"Saturday"}},
		{"a notification in the future", req{role: "analyst", method: http.MethodPost, path: base + "/notification", ifMatch: etag,
			body: `{"notified_on":"2024-03-25"}`}, 422, []string{"future"}},
		{"a notification without If-Match", req{role: "analyst", method: http.MethodPost, path: base + "/notification",
			body: `{"notified_on":"2024-03-18"}`}, 428, []string{"If-Match"}},
		{"a round that ends before it starts", req{role: "analyst", method: http.MethodPost, path: base + "/audit-rounds",
			body: `{"title":"Spring","period_from":"2024-03-01","period_to":"2023-09-01"}`}, 422, []string{"before period_from"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { e.refused(t, c.status, c.r, c.fragments...) })
	}
}

func TestAuditRoundGradingAndReadiness(t *testing.T) {
	e := newEnv(t)
	prep := e.prepare(t, "serious_youth_violence")
	base := "/api/v1/inspections/" + itoa(prep.ID)
	r := e.auditRound(t, prep.ID, "Spring 2024 dip sample", "2023-09-01", "2024-02-29", "NB-CSC-000303", false)
	grading := base + "/audit-rounds/" + itoa(r.ID) + "/cases/" + itoa(r.Cases[0].ID) + "/gradings/"

	var before readinessBody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: base + "/readiness"}, &before)
	if done, of := before.agency("police"); done != 0 || of != 1 {
		t.Errorf("police audit before grading %d of %d, want 0 of 1", done, of)
	}
	if before.Phase != "preparation" || !before.Audits.Overdue || before.Audits.Rounds != 1 {
		t.Errorf("readiness %+v, want preparation with one round and an audit overdue (none completed)", before.Audits)
	}

	refusals := []struct {
		name, agency, body, fragment string
	}{
		{"complete without a grade", "police", `{"status":"complete"}`, "needs a grade"},
		{"a grade that is not one", "police", `{"status":"complete","grade":"excellent"}`, "excellent"},
		{"an agency not involved", "health", `{"status":"in_progress"}`, "not involved"},
		{"learning holding a date of birth", "police", `{"status":"in_progress","learning":"Child DOB 01/02/2009 missed"}`, "date of birth"},
		{"learning holding a full postcode", "police", `{"status":"in_progress","learning":"Seen at NB1 4XY"}`, "postcode"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			e.refused(t, 422, req{role: "analyst", method: http.MethodPut, path: grading + c.agency, body: c.body}, c.fragment)
		})
	}
	e.refused(t, 422, req{role: "analyst", method: http.MethodPatch, path: base + "/audit-rounds/" + itoa(r.ID), ifMatch: `"` + itoa(int64(r.Version)) + `"`,
		body: `{"status":"complete"}`}, "0 of 2 gradings")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "/audit-rounds/" + itoa(r.ID) + "/cases",
		body: `{"reference":"Jane Doe","agencies":["police"]}`}, "name")

	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPut, path: grading + "police",
		body: `{"status":"complete","grade":"requires_improvement","learning":"Intelligence from the school was not shared."}`}, &r)
	if r.Complete != 1 || r.Gradings != 2 {
		t.Errorf("round gradings %d of %d, want 1 of 2", r.Complete, r.Gradings)
	}
	var after readinessBody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: base + "/readiness"}, &after)
	if done, of := after.agency("police"); done != 1 || of != 1 {
		t.Errorf("police audit after grading %d of %d, want 1 of 1", done, of)
	}
	if after.Percent <= before.Percent {
		t.Errorf("readiness %d%% after a grading, %d%% before: want it to rise", after.Percent, before.Percent)
	}
	strands := map[string]int{}
	for _, s := range after.Strands {
		strands[s.Strand] = s.Lines
	}
	if strands["strategic"] != 6 || strands["work_with_children"] != 3 || strands["places_and_spaces"] != 5 {
		t.Errorf("strand lines %v, want strategic 6, work with children 3, places and spaces 5", strands)
	}
}
