package inspection_test

import (
	"net/http"
	"testing"
)

func TestPeopleAreStaffWithOneSPOCPerAgency(t *testing.T) {
	e := newEnv(t)
	prep := e.prepare(t, "serious_youth_violence")
	base := "/api/v1/inspections/" + itoa(prep.ID) + "/people"
	var spoc struct {
		ID        int64  `json:"id"`
		StaffName string `json:"staff_name"`
		WorkEmail string `json:"work_email"`
	}
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base,
		body: `{"agency":"police","role":"spoc","post":"Detective Inspector, Public Protection","staff_name":"Sam Okafor","work_email":"sam.okafor@police.example","work_phone":"01632 960 123"}`}, &spoc)
	if spoc.StaffName != "Sam Okafor" || spoc.WorkEmail != "sam.okafor@police.example" {
		t.Errorf("SPOC %+v, want the staff contact details kept", spoc)
	}
	cases := []struct {
		name, body, fragment string
		status               int
	}{
		{"a second SPOC for the same agency", `{"agency":"police","role":"spoc","post":"Sergeant","staff_name":"Ann Lee"}`, "already has", 409},
		{"a child's date of birth field", `{"agency":"police","role":"member","post":"PC","staff_name":"Ann Lee","date_of_birth":"2009-01-02"}`, "date of birth", 422},
		{"a child's name field", `{"agency":"police","role":"member","post":"PC","staff_name":"Ann Lee","child_name":"Jo"}`, "personal data", 422},
		{"a home address field", `{"agency":"police","role":"member","post":"PC","staff_name":"Ann Lee","home_address":"1 High St"}`, "address", 422},
		{"responsibilities naming a child's address", `{"agency":"police","role":"member","post":"PC","staff_name":"Ann Lee","responsibilities":"Visits the child's address weekly"}`, "child's name or address", 422},
		{"an e-mail that is not one", `{"agency":"police","role":"member","post":"PC","staff_name":"Ann Lee","work_email":"ann"}`, "not an e-mail", 422},
		{"a role that is not one", `{"agency":"police","role":"child","post":"PC","staff_name":"Ann Lee"}`, "role", 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.refused(t, c.status, req{role: "analyst", method: http.MethodPost, path: base, body: c.body}, c.fragment)
		})
	}
	e.refused(t, http.StatusForbidden, req{role: "partner", method: http.MethodPost, path: base,
		body: `{"agency":"health","role":"spoc","post":"Designated Nurse","staff_name":"Ann Lee"}`})

	var r readinessBody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(prep.ID) + "/readiness"}, &r)
	spocs := map[string]bool{}
	for _, a := range r.Agencies {
		spocs[a.Agency] = a.SPOC
	}
	if !spocs["police"] || spocs["health"] {
		t.Errorf("readiness SPOCs %v, want police named and no health", spocs)
	}
}

type meetingBody struct {
	ID        int64    `json:"id"`
	Kind      string   `json:"kind"`
	StartsAt  string   `json:"starts_at"`
	Agencies  []string `json:"agencies"`
	Decisions []string `json:"decisions"`
	Actions   []struct {
		ID        int64  `json:"id"`
		Source    string `json:"source"`
		MeetingID *int64 `json:"meeting_id"`
		Action    string `json:"action"`
	} `json:"actions"`
	Version int `json:"version"`
}

func TestMeetingRecordsDecisionsAndActions(t *testing.T) {
	e := newEnv(t)
	prep := e.prepare(t, "serious_youth_violence")
	base := "/api/v1/inspections/" + itoa(prep.ID)
	var m meetingBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/meetings", body: `{"kind":"preparation_group",
		"title":"JTAI preparation group","held_on":"2024-02-07","starts_at":"10:00","agencies":["police","childrens_social_care","health"],
		"decisions":["Run an Annex A dry run in March","Refresh the problem profile"],
		"actions":[{"action":"Annex A dry run","owner_agency":"partnership","owner":"JTAI coordinator","due_on":"2024-03-29"}]}`}, &m)
	if len(m.Decisions) != 2 || len(m.Actions) != 1 || m.Actions[0].Source != "meeting" || *m.Actions[0].MeetingID != m.ID || m.StartsAt != "10:00" {
		t.Fatalf("meeting %+v, want two decisions, one meeting action and 10:00", m)
	}
	var plan struct {
		Actions []struct {
			ID     int64  `json:"id"`
			Source string `json:"source"`
		} `json:"actions"`
	}
	e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: base + "/action-plan"}, &plan)
	if len(plan.Actions) != 1 || plan.Actions[0].ID != m.Actions[0].ID {
		t.Errorf("action plan %+v, want the meeting's action", plan.Actions)
	}

	// A change replaces the decisions and adds an action.
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/meetings/" + itoa(m.ID), ifMatch: `"` + itoa(int64(m.Version)) + `"`,
		body: `{"decisions":["Run an Annex A dry run in March"],"actions":[{"action":"Brief practitioners","owner_agency":"education","due_on":"2024-04-30"}]}`}, &m)
	if len(m.Decisions) != 1 || len(m.Actions) != 2 {
		t.Errorf("after the change: %d decisions and %d actions, want 1 and 2", len(m.Decisions), len(m.Actions))
	}

	cases := []struct {
		name, body, fragment string
	}{
		{"a kick-off before notification", `{"kind":"kick_off","title":"Kick-off","held_on":"2024-02-07"}`, "after notification"},
		{"a decision naming a date of birth", `{"kind":"other","title":"Case discussion","held_on":"2024-02-07","decisions":["Check DOB of the child"]}`, "date of birth"},
		{"an attendee who is not one of the people", `{"kind":"other","title":"Case discussion","held_on":"2024-02-07","attendee_ids":[987654]}`, "attendee_ids"},
		{"a time that is not one", `{"kind":"other","title":"Case discussion","held_on":"2024-02-07","starts_at":"25:00"}`, "HH:MM"},
		{"an action without a due date", `{"kind":"other","title":"Case discussion","held_on":"2024-02-07","actions":[{"action":"x","owner_agency":"police"}]}`, "actions[0]: due_on"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: base + "/meetings", body: c.body}, c.fragment)
		})
	}
}

func TestFieldworkScheduleAndAccuracyDeadline(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID)
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/meetings", body: `{"kind":"fieldwork",
		"activity":"practitioners","title":"Practitioners' group","held_on":"2024-04-04","starts_at":"13:30","agencies":["youth_justice","education"]}`}, nil)
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: base + "/fieldwork/log",
		body: `{"day":"2024-04-04","kind":"emerging_theme","text":"Return home interviews are not shared with schools.","lines":["syv_protection"]}`}, nil)
	var fw struct {
		Start string `json:"start"`
		End   string `json:"end"`
		Days  []struct {
			Date     string        `json:"date"`
			Sessions []meetingBody `json:"sessions"`
			Log      []struct {
				Kind string `json:"kind"`
			} `json:"log"`
		} `json:"days"`
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: base + "/fieldwork"}, &fw)
	// Fieldwork of TestCreateInspectionAnswersTheTimetable: 3 to 9 April 2024, five working days.
	if fw.Start != "2024-04-03" || fw.End != "2024-04-09" || len(fw.Days) != 5 {
		t.Fatalf("fieldwork %s to %s over %d days, want 2024-04-03 to 2024-04-09 over 5", fw.Start, fw.End, len(fw.Days))
	}
	if d := fw.Days[1]; d.Date != "2024-04-04" || len(d.Sessions) != 1 || len(d.Log) != 1 || d.Log[0].Kind != "emerging_theme" {
		t.Errorf("day 2 %+v, want the practitioners' session and the emerging theme", d)
	}

	// The draft letter is due 30 April and the DCS has 9 working days: comments by 14 May.
	e.setToday("2024-05-07")
	e.must(t, http.StatusCreated, req{role: "partner", method: http.MethodPost, path: base + "/accuracy-comments",
		body: `{"paragraph":"paragraph 12","agency":"health","comment":"The health needs assessment was completed in January, not March."}`}, nil)
	var log struct {
		Deadline        string         `json:"deadline"`
		WorkingDaysLeft *int           `json:"working_days_left"`
		Overdue         bool           `json:"overdue"`
		Counts          map[string]int `json:"counts"`
	}
	e.must(t, http.StatusOK, req{role: "vrp_lead", method: http.MethodGet, path: base + "/accuracy-comments"}, &log)
	if log.Deadline != "2024-05-14" || log.WorkingDaysLeft == nil || *log.WorkingDaysLeft != 5 || log.Overdue || log.Counts["draft"] != 1 {
		t.Errorf("accuracy log %+v (days left %v), want deadline 2024-05-14 with 5 working days left and one draft", log, log.WorkingDaysLeft)
	}
	e.setToday("2024-05-15")
	e.must(t, http.StatusOK, req{role: "vrp_lead", method: http.MethodGet, path: base + "/accuracy-comments"}, &log)
	if !log.Overdue || log.WorkingDaysLeft != nil {
		t.Errorf("the day after the deadline: overdue %v, days left %v; want overdue", log.Overdue, log.WorkingDaysLeft)
	}
}
