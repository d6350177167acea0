package inspection_test

import (
	"net/http"
	"testing"
)

type annexAItemBody struct {
	Key         string  `json:"key"`
	Kind        string  `json:"kind"`
	OwnerAgency string  `json:"owner_agency"`
	DueOn       *string `json:"due_on"`
	DueSet      bool    `json:"due_set"`
	RequestedOn *string `json:"requested_on"`
	Late        bool    `json:"late"`
}

type annexABody struct {
	PlacesafeEvidence int `json:"placesafe_evidence"`
	Items             []struct {
		Kind        string  `json:"kind"`
		Key         string  `json:"key"`
		OwnerAgency string  `json:"owner_agency"`
		DueOn       *string `json:"due_on"`
		DueAt       *string `json:"due_at"`
		FillsFrom   string  `json:"fills_from"`
		Status      string  `json:"status"`
		EvidenceIDs []int64 `json:"evidence_ids"`
		Late        bool    `json:"late"`
		Version     int     `json:"version"`
	} `json:"items"`
	ByAgency []struct {
		Agency     string `json:"agency"`
		Items      int    `json:"items"`
		NotStarted int    `json:"not_started"`
		Submitted  int    `json:"submitted"`
		Late       int    `json:"late"`
		Percent    int    `json:"percent_submitted"`
	} `json:"by_agency"`
	Total struct {
		Items, Submitted, Late int
	} `json:"total"`
}

func TestAnnexAChecklist(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/annex-a"
	var a annexABody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: path}, &a)
	// The requests of ../shared/domain (child-level data, the list of children, each agency's
	// performance information, the audited children's records) and placesafe's five
	// places-and-spaces items, shown as such.
	due := map[string]string{}
	kinds := map[string]int{}
	for _, it := range a.Items {
		if it.DueOn != nil {
			due[it.Key] = *it.DueOn
		}
		kinds[it.Kind]++
	}
	if kinds["annex_a"] != 8 || kinds["placesafe_evidence"] != 5 || a.Total.Items != 8 || a.PlacesafeEvidence != 5 {
		t.Fatalf("items by kind %v, total %d, placesafe evidence %d; want 8 Annex A requests counted and 5 placesafe items beside them",
			kinds, a.Total.Items, a.PlacesafeEvidence)
	}
	// Working days after Monday 18 March 2024: 4 → Friday 22nd (the end of week 1), 9 → Tuesday
	// 2 April (over Good Friday and Easter Monday; the end of week 2). placesafe's items are not due.
	for k, want := range map[string]string{"child_level_data": "2024-03-22", "children_list": "2024-03-22",
		"performance_information_youth_justice": "2024-03-22", "audited_case_records": "2024-04-02", "pas_hotspot_maps": ""} {
		if due[k] != want {
			t.Errorf("%s due %q, want %q", k, due[k], want)
		}
	}

	ev := e.upload(t, "analyst", in.ID, "title=Hotspots&owner_agency=vrp_vru&lines=pas_q1", pdf)
	item := path + "/child_level_data"
	e.refused(t, 428, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"submitted"}`}, "If-Match")
	e.refused(t, 422, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"done"}`, ifMatch: `"1"`}, "submitted")
	e.refused(t, 422, req{role: "partner", method: http.MethodPatch, path: item, body: `{"evidence_ids":[424242]}`, ifMatch: `"1"`}, "evidence 424242")
	e.refused(t, 404, req{role: "partner", method: http.MethodPatch, path: path + "/nothing", body: `{"status":"submitted"}`, ifMatch: `"1"`}, "nothing")
	e.refused(t, 403, req{role: "partner", method: http.MethodPatch, path: item, body: `{"due_on":"2024-03-29"}`, ifMatch: `"1"`}, "JTAI lead")
	e.refused(t, 403, req{role: "vrp_lead", method: http.MethodPatch, path: item, body: `{"owner_agency":"police"}`, ifMatch: `"1"`}, "JTAI lead")
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodPatch, path: item,
		body: `{"status":"submitted","evidence_ids":[` + itoa(ev.ID) + `],"note":"Extract of 19 March"}`, ifMatch: `"1"`}, nil)
	e.refused(t, 412, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"in_progress"}`, ifMatch: `"1"`}, "version 2")

	// The JTAI lead moves the police's performance information to Wednesday of week 2.
	var moved annexAItemBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: path + "/performance_information_police",
		body: `{"due_on":"2024-03-27","owner_agency":"partnership"}`, ifMatch: `"1"`}, &moved)
	if moved.DueOn == nil || *moved.DueOn != "2024-03-27" || !moved.DueSet || moved.OwnerAgency != "partnership" {
		t.Errorf("moved item %+v, want due 2024-03-27 set by hand and owned by the partnership", moved)
	}

	// Monday 25 March: the week 1 requests not submitted are late; the moved one, the one
	// submitted and placesafe's items are not.
	e.setToday("2024-03-25")
	e.must(t, http.StatusOK, req{role: "vrp_lead", method: http.MethodGet, path: path}, &a)
	if a.Total.Items != 8 || a.Total.Submitted != 1 || a.Total.Late != 5 {
		t.Errorf("total %+v, want 8 items, 1 submitted, 5 late", a.Total)
	}
	for _, it := range a.Items {
		if it.Late && (it.Key == "child_level_data" || it.Key == "performance_information_police" || it.Kind == "placesafe_evidence") {
			t.Errorf("%s is late, want it not", it.Key)
		}
	}
	for _, p := range a.ByAgency {
		if p.Agency == "childrens_social_care" && (p.Items != 3 || p.Submitted != 1 || p.Percent != 33 || p.Late != 2) {
			t.Errorf("childrens_social_care progress %+v, want 3 items, 1 submitted (33%%), 2 late", p)
		}
		if p.Agency == "vrp_vru" {
			t.Errorf("placesafe's items count in the progress of %s: %+v", p.Agency, p)
		}
	}
}

func TestFreshInspectionOnDayFiveShowsNothingLate(t *testing.T) {
	for _, framework := range []string{"serious_youth_violence", "criminal_exploitation", "early_help", "front_door", "domestic_abuse"} {
		t.Run(framework, func(t *testing.T) {
			e := newEnv(t)
			in := e.create(t, framework, "2024-06-03")
			e.setToday("2024-06-07") // Friday, day 5 of week 1
			var a annexABody
			e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(in.ID) + "/annex-a"}, &a)
			if a.Total.Late != 0 {
				t.Errorf("%d items late on day 5, want none", a.Total.Late)
			}
			e.setToday("2024-06-10") // Monday of week 2: the week 1 requests not submitted are late
			e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(in.ID) + "/annex-a"}, &a)
			if a.Total.Late != a.Total.Items-1 {
				t.Errorf("%d of %d items late on day 6, want all but the audited records", a.Total.Late, a.Total.Items)
			}
		})
	}
}

func TestExceptionalRequestHasItsOwnDueDate(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID) + "/annex-a"
	e.setToday("2024-03-26")
	var it annexAItemBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: path, body: `{"title":"Minutes of the exploitation panel",
		"necessity":"Decisions about the selected children are recorded only there","owner_agency":"childrens_social_care","due_on":"2024-03-28"}`}, &it)
	if it.Kind != "exceptional" || it.DueOn == nil || *it.DueOn != "2024-03-28" || it.Key != "exceptional_1" || it.RequestedOn == nil || *it.RequestedOn != "2024-03-26" {
		t.Fatalf("exceptional request %+v, want exceptional_1 due 2024-03-28, requested 2024-03-26", it)
	}
	e.setToday("2024-03-29")
	var a annexABody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: path}, &a)
	if a.Total.Items != 9 {
		t.Errorf("total items %d, want the 8 requests and the exceptional one", a.Total.Items)
	}
	for _, x := range a.Items {
		if x.Key == "exceptional_1" && !x.Late {
			t.Errorf("the exceptional request due 28 March is not late on the 29th")
		}
	}
	refusals := []struct{ name, body, fragment string }{
		{"without why it is necessary", `{"title":"x","owner_agency":"police","due_on":"2024-04-02"}`, "necessity"},
		{"due before it is asked for", `{"title":"x","necessity":"y","owner_agency":"police","due_on":"2024-03-01"}`, "before today"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: path, body: c.body}, c.fragment)
		})
	}
	prep := e.prepare(t, "serious_youth_violence")
	e.refused(t, 422, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(prep.ID) + "/annex-a",
		body: `{"title":"x","necessity":"y","owner_agency":"police","due_on":"2024-04-02"}`}, "during the inspection")
}

func TestAnnexADryRunReportsMissingItems(t *testing.T) {
	e := newEnv(t)
	e.setToday("2024-03-13") // a Wednesday: the dry run assumes Monday 18 March
	prep := e.prepare(t, "serious_youth_violence")
	base := "/api/v1/inspections/" + itoa(prep.ID)
	draft := e.upload(t, "partner", prep.ID, "title=Child-level+data&filename=cld.csv&owner_agency=childrens_social_care", "ref,age\nNB-1,15\n")
	approved := e.upload(t, "analyst", prep.ID, "title=Performance+pack&filename=perf.pdf&owner_agency=police", pdf)
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/evidence/" + itoa(approved.ID), ifMatch: `"1"`,
		body: `{"qa_status":"quality_assured"}`}, nil)
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodPatch, path: base + "/annex-a/child_level_data", ifMatch: `"1"`,
		body: `{"evidence_ids":[` + itoa(draft.ID) + `]}`}, nil)
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodPatch, path: base + "/annex-a/performance_information_police", ifMatch: `"1"`,
		body: `{"evidence_ids":[` + itoa(approved.ID) + `]}`}, nil)

	var run struct {
		ID                int64  `json:"id"`
		AssumedNotifiedOn string `json:"assumed_notified_on"`
		Items             int    `json:"items"`
		Ready             int    `json:"ready"`
		Missing           []struct {
			Key    string  `json:"key"`
			DueOn  *string `json:"due_on"`
			Reason string  `json:"reason"`
		} `json:"missing"`
	}
	e.must(t, http.StatusCreated, req{role: "vrp_lead", method: http.MethodPost, path: base + "/annex-a/dry-runs", body: `{}`}, &run)
	if run.AssumedNotifiedOn != "2024-03-18" || run.Items != 8 || run.Ready != 1 || len(run.Missing) != 7 {
		t.Fatalf("dry run %+v, want 8 items assuming 18 March, 1 ready (quality-assured evidence) and 7 missing", run)
	}
	reasons := map[string]string{}
	for _, m := range run.Missing {
		reasons[m.Key] = m.Reason
		if m.Key == "audited_case_records" && (m.DueOn == nil || *m.DueOn != "2024-04-02") {
			t.Errorf("audited records would be due %v, want 2024-04-02", m.DueOn)
		}
	}
	if reasons["child_level_data"] != "its evidence is not yet quality-assured" || reasons["children_list"] != "no evidence filed" {
		t.Errorf("reasons %v", reasons)
	}
	if _, ok := reasons["performance_information_police"]; ok {
		t.Errorf("the item with quality-assured evidence is reported missing")
	}
	var runs struct {
		DryRuns []struct{ ID int64 } `json:"dry_runs"`
	}
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: base + "/annex-a/dry-runs"}, &runs)
	if len(runs.DryRuns) != 1 || runs.DryRuns[0].ID != run.ID {
		t.Errorf("recorded dry runs %+v, want the one run", runs.DryRuns)
	}
}

func TestAnnexATemplates(t *testing.T) {
	e := newEnv(t)
	var tpl struct {
		Default bool `json:"default"`
		Items   []struct{ Key string }
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/annex-a-templates/early_help"}, &tpl)
	if !tpl.Default || len(tpl.Items) != 7 {
		t.Errorf("early help default template: %+v", tpl)
	}
	before := e.create(t, "early_help", "2024-06-03")

	put := func(body string) req {
		return req{role: "admin", method: http.MethodPut, path: "/api/v1/annex-a-templates/early_help", body: body}
	}
	e.refused(t, 422, put(`{"items":[]}`), "at least one")
	e.refused(t, 422, put(`{"items":[{"key":"A b","title":"x","owner_agency":"police","due":{"unit":"hours","amount":4}}]}`), "key")
	e.refused(t, 422, put(`{"items":[{"key":"a","title":"x","owner_agency":"police","due":{"unit":"weeks","amount":1}}]}`), "working_days")
	e.refused(t, 422, put(`{"items":[{"key":"a","title":"x","owner_agency":"police","due":{"unit":"hours","amount":4},"lines":["pas_q1"]}]}`), "pas_q1")
	e.refused(t, 404, req{role: "admin", method: http.MethodPut, path: "/api/v1/annex-a-templates/knife_crime", body: `{"items":[]}`}, "knife_crime")
	e.must(t, http.StatusOK, put(`{"items":[
		{"key":"child_level_data","title":"Child-level data","owner_agency":"childrens_social_care","due":{"unit":"hours","amount":24}},
		{"key":"early_help_offer","title":"The local early help offer","owner_agency":"partnership","due":{"unit":"working_days","amount":3},"lines":["eh_local_need"]}]}`), &tpl)
	if tpl.Default || len(tpl.Items) != 2 {
		t.Errorf("edited template %+v", tpl)
	}

	// A new inspection copies the edited template; the earlier one keeps its checklist.
	after := e.create(t, "early_help", "2024-06-03")
	var a annexABody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(after.ID) + "/annex-a"}, &a)
	if len(a.Items) != 2 || a.Items[0].DueAt == nil || *a.Items[0].DueAt != "2024-06-04T09:00:00+01:00" && *a.Items[0].DueAt != "2024-06-04T08:00:00Z" {
		t.Errorf("new inspection's checklist %+v, want 2 items, the first due 24 hours after 09:00 on 3 June", a.Items)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(before.ID) + "/annex-a"}, &a)
	if len(a.Items) != 7 {
		t.Errorf("earlier inspection's checklist has %d items, want its 7", len(a.Items))
	}
}
