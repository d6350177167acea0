package inspection_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestCreateInspectionAnswersTheTimetable(t *testing.T) {
	e := newEnv(t)
	// Monday 18 March 2024, across Easter: the worked dates of TestTimetableWorkedDates.
	rec := e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"serious_youth_violence","local_area":"Northbridge","notified_on":"2024-03-18"}`}, nil)
	var in inspectionBody
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: rec.Header().Get("Location")}, &in)
	want := map[string]string{
		"notification": "2024-03-18", "fieldwork_start": "2024-04-03", "fieldwork_end": "2024-04-09",
		"draft_letter": "2024-04-30", "partnership_comments": "2024-05-14", "final_letter": "2024-05-23",
		"publication": "2024-05-29", "written_statement": "2024-09-05",
	}
	for k, v := range want {
		if got := in.due(k); got != v {
			t.Errorf("%s due %q, want %s", k, got, v)
		}
	}
	if len(in.Warnings) != 0 {
		t.Errorf("a Monday notification has warnings %q", in.Warnings)
	}
	if n := in.milestone("notification"); n.Actual == nil || *n.Actual != "2024-03-18" || n.Late {
		t.Errorf("notification milestone %+v", n)
	}
	if rec.Header().Get("ETag") != `"1"` {
		t.Errorf("ETag %q, want \"1\"", rec.Header().Get("ETag"))
	}
}

func TestNotificationDateIsChecked(t *testing.T) {
	e := newEnv(t)
	post := func(notified string) req {
		return req{role: "admin", method: http.MethodPost, path: "/api/v1/inspections",
			body: `{"framework":"serious_youth_violence","local_area":"Northbridge","notified_on":"` + notified + `"}`}
	}
	e.refused(t, 422, post("2024-03-16"), "2024-03-16", "Saturday")
	e.refused(t, 422, post("2024-03-17"), "2024-03-17", "Sunday")
	e.refused(t, 422, post("2024-04-01"), "2024-04-01", "bank holiday", "Easter Monday")
	e.refused(t, 422, post("2022-09-19"), "2022-09-19", "State Funeral")
	e.refused(t, 422, post("1977-05-09"), "1977-05-09", "outside the bank-holiday calendar", "1978 to 2100")
	e.refused(t, 422, post("18/03/2024"), "YYYY-MM-DD")
	e.refused(t, 422, req{role: "admin", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"knife_crime","local_area":"Northbridge","notified_on":"2024-03-18"}`}, "serious_youth_violence")
	e.refused(t, 400, req{role: "admin", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"early_help","local_area":"Northbridge","notified_on":"2024-03-18","lead":"x"}`}, `unknown field "lead"`)

	// A Tuesday is accepted, with a warning in the response.
	var in inspectionBody
	e.must(t, http.StatusCreated, post("2024-03-19"), &in)
	if len(in.Warnings) != 1 || !strings.Contains(in.Warnings[0], "Tuesday") || !strings.Contains(in.Warnings[0], "Monday") {
		t.Errorf("warnings %q, want one about a Tuesday notification", in.Warnings)
	}
	if in.due("fieldwork_start") != "2024-04-04" { // 10 working days after Tuesday 19 March, over Easter
		t.Errorf("fieldwork_start %s, want 2024-04-04", in.due("fieldwork_start"))
	}
}

func TestMilestoneActualDates(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/milestones/"
	e.setToday("2024-06-04")

	// Publication happened on Monday 3 June rather than 29 May: it is late, and the written
	// statement is due 70 working days after 3 June (worked in TestActualDatesMoveLaterMilestones).
	var got inspectionBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: path + "publication", body: `{"actual":"2024-06-03"}`}, &got)
	if p := got.milestone("publication"); p.Actual == nil || *p.Actual != "2024-06-03" || !p.Late || *p.Due != "2024-05-29" {
		t.Errorf("publication %+v, want actual 2024-06-03, due 2024-05-29, late", p)
	}
	if got.due("written_statement") != "2024-09-10" {
		t.Errorf("written_statement due %s, want 2024-09-10", got.due("written_statement"))
	}
	// Due before today with no actual date: late. Not yet due: not late.
	if !got.milestone("draft_letter").Late || got.milestone("written_statement").Late {
		t.Errorf("draft letter late=%v (want true), written statement late=%v (want false)",
			got.milestone("draft_letter").Late, got.milestone("written_statement").Late)
	}
	// Fieldwork that ended on time is not late and moves nothing.
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPatch, path: path + "fieldwork_end", body: `{"actual":"2024-04-09"}`}, &got)
	if m := got.milestone("fieldwork_end"); m.Late || got.due("draft_letter") != "2024-04-30" {
		t.Errorf("fieldwork_end %+v, draft letter %s", m, got.due("draft_letter"))
	}
	// Clearing the publication's actual date brings the written statement back.
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPatch, path: path + "publication", body: `{"actual":null}`}, &got)
	if got.due("written_statement") != "2024-09-05" || got.milestone("publication").Actual != nil {
		t.Errorf("after clearing: written statement %s, publication %+v", got.due("written_statement"), got.milestone("publication"))
	}

	e.refused(t, 404, req{role: "admin", method: http.MethodPatch, path: path + "tea_break", body: `{"actual":"2024-04-09"}`}, "fieldwork_start")
	e.refused(t, 422, req{role: "admin", method: http.MethodPatch, path: path + "notification", body: `{"actual":"2024-03-19"}`}, "notified_on")
	e.refused(t, 422, req{role: "admin", method: http.MethodPatch, path: path + "draft_letter", body: `{"actual":"2024-03-01"}`}, "before the notification")
	e.refused(t, 400, req{role: "admin", method: http.MethodPatch, path: path + "draft_letter", body: `{}`}, "actual")
	e.refused(t, 412, req{role: "admin", method: http.MethodPatch, path: path + "draft_letter", body: `{"actual":"2024-04-30"}`, ifMatch: `"1"`}, "has changed")
}

func TestInspectionPatchNeedsIfMatch(t *testing.T) {
	e := newEnv(t)
	in := e.create(t, "front_door", "2024-06-03")
	path := "/api/v1/inspections/" + itoa(in.ID)
	e.refused(t, 428, req{role: "admin", method: http.MethodPatch, path: path, body: `{"status":"fieldwork"}`}, "If-Match")
	var got struct {
		Status                   string `json:"status"`
		WrittenStatementRequired *bool  `json:"written_statement_required"`
		Version                  int    `json:"version"`
	}
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPatch, path: path, body: `{"status":"fieldwork","written_statement_required":false}`, ifMatch: `"1"`}, &got)
	if got.Status != "fieldwork" || got.Version != 2 || got.WrittenStatementRequired == nil || *got.WrittenStatementRequired {
		t.Errorf("after patch %+v", got)
	}
	e.refused(t, 412, req{role: "admin", method: http.MethodPatch, path: path, body: `{"status":"closed"}`, ifMatch: `"1"`}, "version 2")
	e.refused(t, 422, req{role: "admin", method: http.MethodPatch, path: path, body: `{"status":"graded"}`, ifMatch: `"2"`}, "notified")
}

func TestListInspections(t *testing.T) {
	e, _ := newInspection(t)
	e.create(t, "early_help", "2024-06-03")
	e.create(t, "serious_youth_violence", "2025-01-13")
	var list struct {
		Inspections []inspectionBody `json:"inspections"`
		Total       int              `json:"total"`
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections?framework=serious_youth_violence&limit=1"}, &list)
	if list.Total != 2 || len(list.Inspections) != 1 || list.Inspections[0].NotifiedOn != "2025-01-13" {
		t.Errorf("list %+v, want the newest of 2 SYV inspections", list)
	}
	if len(list.Inspections[0].Milestones) < 8 {
		t.Errorf("listed inspection has %d milestones", len(list.Inspections[0].Milestones))
	}
	e.refused(t, 400, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections?limit=0"}, "limit")
	e.refused(t, 404, req{role: "inspector", method: http.MethodGet, path: "/api/v1/inspections/424242"}, "no inspection 424242")
}

func TestFrameworksAndLines(t *testing.T) {
	e := newEnv(t)
	var fws struct {
		Frameworks []struct {
			Key   string `json:"key"`
			Lines int    `json:"lines"`
		} `json:"frameworks"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: "/api/v1/frameworks"}, &fws)
	var keys []string
	for _, f := range fws.Frameworks {
		keys = append(keys, f.Key)
		if f.Lines == 0 {
			t.Errorf("framework %s has no lines", f.Key)
		}
	}
	if want := []string{"early_help", "criminal_exploitation", "front_door", "serious_youth_violence", "domestic_abuse"}; !slices.Equal(keys, want) {
		t.Errorf("frameworks %v, want %v", keys, want)
	}
	var lines struct {
		Lines []struct{ Key, Strand string } `json:"lines"`
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/frameworks/serious_youth_violence/lines"}, &lines)
	strands := map[string][]string{}
	for _, l := range lines.Lines {
		strands[l.Strand] = append(strands[l.Strand], l.Key)
	}
	if got := strands["places_and_spaces"]; !slices.Equal(got, []string{"pas_q1", "pas_q2", "pas_q3", "pas_q4", "pas_q5"}) {
		t.Errorf("places and spaces lines %v", got)
	}
	if len(strands["strategic"]) != 6 || len(strands["work_with_children"]) != 3 {
		t.Errorf("SYV strands %v, want 6 strategic and 3 work-with-children lines", strands)
	}
	e.refused(t, 404, req{role: "partner", method: http.MethodGet, path: "/api/v1/frameworks/knife_crime/lines"}, "serious_youth_violence")
}
