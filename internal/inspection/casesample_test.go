package inspection_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/inspection"
)

type childBody struct {
	ID               int64    `json:"id"`
	Reference        string   `json:"reference"`
	Agencies         []string `json:"agencies"`
	SelectedForAudit bool     `json:"selected_for_audit"`
	Audits           []struct {
		Agency, Status, Findings string
	} `json:"audits"`
	AuditComplete bool `json:"audit_complete"`
	Version       int  `json:"version"`
}

func TestCaseSampleRefusesPersonalData(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/case-sample"
	post := func(body string) req { return req{role: "analyst", method: http.MethodPost, path: path, body: body} }

	// Fields whose names look like personal data, at any depth: 422 naming the field.
	for _, tt := range []struct{ body, field string }{
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"name":"Jane Doe"}`, `"name"`},
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"date_of_birth":"2009-01-02"}`, `"date_of_birth"`},
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"DOB":"2009-01-02"}`, `"DOB"`},
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"home_address":"1 High St"}`, `"home_address"`},
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"postcode":"NB1 2AB"}`, `"postcode"`},
		{`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"child":{"first_name":"Jane"}}`, `"child.first_name"`},
	} {
		e.refused(t, 422, post(tt.body), tt.field, "personal data")
	}
	// Unknown fields are refused too.
	e.refused(t, 400, post(`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["police"],"school":"Northbridge Academy"}`), `unknown field "school"`)

	// Values that look like a name, an e-mail address or a date of birth are not references.
	for _, tt := range []struct{ ref, why string }{
		{"Jane Doe", "name"},
		{"Jane-Doe", "name"},
		{"jane.doe@example.org", "e-mail"},
		{"2009-01-02", "date"},
		{"02/01/2009", "date"},
		{"NB-02-01-2009", "date"},
		{"2Jan2009", "date"},
		{"20090102", "date"},
		{"JANEDOE", "no digits"},
		{"NB_CSC_0001", "letters, digits and dashes"},
		{strings.Repeat("A1", 17), "longer than 32"},
		{"", "required"},
	} {
		e.refused(t, 422, post(fmt.Sprintf(`{"reference":%q,"age_at_notification":15,"agencies":["police"]}`, tt.ref)), tt.why)
	}
	// Ages: 10 and over for serious youth violence, children only.
	e.refused(t, 422, post(`{"reference":"NB-CSC-0001","age_at_notification":9,"agencies":["police"]}`), "aged 10 to 17")
	e.refused(t, 422, post(`{"reference":"NB-CSC-0001","age_at_notification":18,"agencies":["police"]}`), "aged 10 to 17")
	e.refused(t, 422, post(`{"reference":"NB-CSC-0001","agencies":["police"]}`), "age_at_notification is required")
	e.refused(t, 422, post(`{"reference":"NB-CSC-0001","age_at_notification":15,"agencies":["school"]}`), "agencies")

	var c childBody
	e.must(t, http.StatusCreated, post(`{"reference":"NB-CSC-001234","age_at_notification":15,"agencies":["police","youth_justice"]}`), &c)
	if c.Reference != "NB-CSC-001234" || c.SelectedForAudit || len(c.Audits) != 0 {
		t.Errorf("child %+v", c)
	}
	e.refused(t, 409, post(`{"reference":"NB-CSC-001234","age_at_notification":15,"agencies":["police"]}`), "already")

	// Other frameworks take children of any age.
	eh := e.create(t, "early_help", "2024-06-03")
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(eh.ID) + "/case-sample",
		body: `{"reference":"EH-7781","age_at_notification":0,"agencies":["health"]}`}, nil)
}

func TestReferenceCheck(t *testing.T) {
	for _, ok := range []string{"NB-CSC-001234", "123456", "LL-2024-0001", "C1", "YJ-12-345"} {
		if err := inspection.CheckReference(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
}

func TestCaseSampleLimitsAndAudits(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/case-sample"
	var ids []int64
	for i := 1; i <= 30; i++ {
		var c childBody
		e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: path,
			body: fmt.Sprintf(`{"reference":"NB-%04d","age_at_notification":%d,"agencies":["police","childrens_social_care"],"selected_for_audit":%v}`,
				i, 10+i%8, i <= 7)}, &c)
		ids = append(ids, c.ID)
	}
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: path,
		body: `{"reference":"NB-0031","age_at_notification":14,"agencies":["police"]}`}, "at most 30")

	// An eighth child for audit is refused, naming the seven.
	child := path + "/" + itoa(ids[7])
	e.refused(t, 422, req{role: "analyst", method: http.MethodPatch, path: child, body: `{"selected_for_audit":true}`, ifMatch: `"1"`},
		"at most 7", "7 already are", "NB-0001")
	// Deselect one, then the eighth fits.
	var c childBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: path + "/" + itoa(ids[0]), body: `{"selected_for_audit":false}`, ifMatch: `"1"`}, &c)
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: child, body: `{"selected_for_audit":true}`, ifMatch: `"1"`}, &c)
	if !c.SelectedForAudit || len(c.Audits) != 2 || c.Audits[0].Status != "not_started" || c.AuditComplete {
		t.Errorf("selected child %+v, want two audits not started", c)
	}

	audits := child + "/audits/"
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPut, path: audits + "police", body: `{"status":"complete","findings":"Timely strategy discussion."}`}, &c)
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPut, path: audits + "childrens_social_care", body: `{"status":"complete","findings":"Plan reviewed."}`}, &c)
	if !c.AuditComplete || c.Audits[0].Findings != "Timely strategy discussion." {
		t.Errorf("audited child %+v", c)
	}
	e.refused(t, 422, req{role: "analyst", method: http.MethodPut, path: audits + "health", body: `{"status":"complete"}`}, "not involved")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPut, path: path + "/" + itoa(ids[0]) + "/audits/police", body: `{"status":"complete"}`}, "not selected")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPut, path: audits + "police", body: `{"status":"done"}`}, "complete")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPut, path: audits + "police", body: `{"status":"complete","victim_name":"x"}`}, `"victim_name"`)

	var cs struct {
		Count    int      `json:"count"`
		Selected int      `json:"selected_for_audit"`
		Warnings []string `json:"warnings"`
	}
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodGet, path: path}, &cs)
	if cs.Count != 30 || cs.Selected != 7 || len(cs.Warnings) != 0 {
		t.Errorf("sample %+v", cs)
	}
	// Below five selected, the sample says so.
	for _, id := range ids[1:4] {
		e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: path + "/" + itoa(id), body: `{"selected_for_audit":false}`, ifMatch: `"1"`}, nil)
	}
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodGet, path: path}, &cs)
	if cs.Selected != 4 || len(cs.Warnings) != 1 || !strings.Contains(cs.Warnings[0], "5 to 7") {
		t.Errorf("sample with 4 selected %+v", cs)
	}
	e.must(t, http.StatusNoContent, req{role: "analyst", method: http.MethodDelete, path: child}, nil)
	e.refused(t, 404, req{role: "analyst", method: http.MethodDelete, path: child}, "no child")
}
