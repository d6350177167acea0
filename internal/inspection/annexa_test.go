package inspection_test

import (
	"net/http"
	"testing"
)

type annexABody struct {
	Items []struct {
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
		Items, Submitted int
	} `json:"total"`
}

func TestAnnexAChecklist(t *testing.T) {
	e := newEnv(t)
	in := e.create(t, "serious_youth_violence", "2024-03-18")
	path := "/api/v1/inspections/" + itoa(in.ID) + "/annex-a"
	var a annexABody
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: path}, &a)
	// The four requests of ../shared/domain (child-level data, the list of children, audited
	// children's records, performance information) and placesafe's five places-and-spaces items.
	due := map[string]string{}
	fills := 0
	for _, it := range a.Items {
		if it.DueOn != nil {
			due[it.Key] = *it.DueOn
		}
		if it.FillsFrom != "" {
			fills++
		}
	}
	if len(a.Items) != 9 || fills != 5 {
		t.Fatalf("%d items, %d filled from placesafe's data; want 9 and 5", len(a.Items), fills)
	}
	// Working days after Monday 18 March 2024: 1 → Tuesday 19th, 4 → Friday 22nd (the end of
	// week 1), 9 → Tuesday 2 April (over Good Friday and Easter Monday; the end of week 2).
	for k, want := range map[string]string{"child_level_data": "2024-03-19", "performance_information": "2024-03-22",
		"audited_case_records": "2024-04-02", "pas_hotspot_maps": "2024-03-22"} {
		if due[k] != want {
			t.Errorf("%s due %s, want %s", k, due[k], want)
		}
	}

	ev := e.upload(t, "analyst", in.ID, "title=Hotspots&owner_agency=vrp_vru&lines=pas_q1", pdf)
	item := path + "/pas_hotspot_maps"
	e.refused(t, 428, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"submitted"}`}, "If-Match")
	e.refused(t, 422, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"done"}`, ifMatch: `"1"`}, "submitted")
	e.refused(t, 422, req{role: "partner", method: http.MethodPatch, path: item, body: `{"evidence_ids":[424242]}`, ifMatch: `"1"`}, "evidence 424242")
	e.refused(t, 404, req{role: "partner", method: http.MethodPatch, path: path + "/nothing", body: `{"status":"submitted"}`, ifMatch: `"1"`}, "nothing")
	e.must(t, http.StatusOK, req{role: "partner", method: http.MethodPatch, path: item,
		body: `{"status":"submitted","evidence_ids":[` + itoa(ev.ID) + `],"note":"Gi* run 12 March"}`, ifMatch: `"1"`}, nil)
	e.refused(t, 412, req{role: "partner", method: http.MethodPatch, path: item, body: `{"status":"in_progress"}`, ifMatch: `"1"`}, "version 2")

	// Today is Monday 25 March: the items due on the 19th and 22nd not submitted are late.
	e.setToday("2024-03-25")
	e.must(t, http.StatusOK, req{role: "vrp_lead", method: http.MethodGet, path: path}, &a)
	if a.Total.Items != 9 || a.Total.Submitted != 1 {
		t.Errorf("total %+v", a.Total)
	}
	for _, p := range a.ByAgency {
		if p.Agency == "vrp_vru" && (p.Items != 3 || p.Submitted != 1 || p.Percent != 33 || p.Late != 2) {
			t.Errorf("vrp_vru progress %+v, want 3 items, 1 submitted (33%%), 2 late", p)
		}
		if p.Agency == "childrens_social_care" && (p.Items != 2 || p.Late != 2) {
			t.Errorf("childrens_social_care progress %+v, want 2 items both late", p)
		}
	}
	for _, it := range a.Items {
		if it.Key == "pas_hotspot_maps" && (it.Late || len(it.EvidenceIDs) != 1 || it.EvidenceIDs[0] != ev.ID) {
			t.Errorf("submitted item %+v", it)
		}
	}
}

func TestAnnexATemplates(t *testing.T) {
	e := newEnv(t)
	var tpl struct {
		Default bool `json:"default"`
		Items   []struct{ Key string }
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/annex-a-templates/early_help"}, &tpl)
	if !tpl.Default || len(tpl.Items) != 4 {
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
	if len(a.Items) != 4 {
		t.Errorf("earlier inspection's checklist has %d items, want its 4", len(a.Items))
	}
}
