package inspection_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

type frameworkBody struct {
	Framework struct {
		Key                   string   `json:"key"`
		Version               int      `json:"version"`
		Inspectorates         []string `json:"inspectorates"`
		CareLeaverMaxAge      int      `json:"care_leaver_max_age"`
		WrittenStatementDays  int      `json:"written_statement_days"`
		WrittenStatementBasis string   `json:"written_statement_basis"`
	} `json:"framework"`
	Lines []struct {
		Key string `json:"key"`
	} `json:"lines"`
	Versions []int `json:"versions"`
}

func TestFrameworkInspectoratesAndAgeScope(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		framework  string
		hmip       bool
		careLeaver int
	}{
		{"serious_youth_violence", true, 0},
		{"criminal_exploitation", true, 20},
		{"early_help", false, 0},
		{"front_door", false, 0},
		{"domestic_abuse", false, 0},
	}
	for _, c := range cases {
		t.Run(c.framework, func(t *testing.T) {
			var f frameworkBody
			e.must(t, http.StatusOK, req{role: "inspector", method: http.MethodGet, path: "/api/v1/frameworks/" + c.framework}, &f)
			if slices.Contains(f.Framework.Inspectorates, "hmip") != c.hmip || !slices.Contains(f.Framework.Inspectorates, "ofsted") {
				t.Errorf("inspectorates %v, want HMI Probation %v", f.Framework.Inspectorates, c.hmip)
			}
			if f.Framework.CareLeaverMaxAge != c.careLeaver || f.Framework.WrittenStatementDays != 70 || f.Framework.WrittenStatementBasis == "" {
				t.Errorf("framework %+v, want care leavers to %d and a 70-day written statement with its basis", f.Framework, c.careLeaver)
			}
		})
	}

	cce := e.create(t, "criminal_exploitation", "2024-03-18")
	syv := e.create(t, "serious_youth_violence", "2024-03-18")
	child := func(id int64, ref string, age string, careLeaver bool) req {
		cl := "false"
		if careLeaver {
			cl = "true"
		}
		return req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(id) + "/case-sample",
			body: `{"reference":"` + ref + `","age_at_notification":` + age + `,"care_leaver":` + cl + `,"agencies":["childrens_social_care"]}`}
	}
	e.must(t, http.StatusCreated, child(cce.ID, "NB-CSC-000019", "19", true), nil)
	e.refused(t, 422, child(cce.ID, "NB-CSC-000020", "19", false), "care leavers up to 20")
	e.refused(t, 422, child(cce.ID, "NB-CSC-000021", "22", true), "16 to 20")
	e.refused(t, 422, child(syv.ID, "NB-CSC-000022", "19", true), "do not name care leavers")
	e.refused(t, 422, child(syv.ID, "NB-CSC-000023", "9", false), "aged 10 to 17")
}

func TestFrameworksAreVersionedData(t *testing.T) {
	e, before := newInspection(t)
	var cur frameworkBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/frameworks/serious_youth_violence"}, &cur)
	if cur.Framework.Version != 1 || len(cur.Lines) != 14 {
		t.Fatalf("shipped SYV framework version %d with %d lines, want version 1 with 14", cur.Framework.Version, len(cur.Lines))
	}
	var lines []string
	for _, l := range cur.Lines {
		lines = append(lines, `{"key":"`+l.Key+`","strand":"strategic","title":"`+l.Key+`","text":"as before"}`)
	}
	lines = append(lines, `{"key":"syv_knife_crime","strand":"strategic","title":"Knife crime","text":"How partnerships respond to knife crime."}`)
	body := `{"title":"The multi-agency response to serious youth violence","inspectorates":["ofsted","cqc","hmicfrs","hmip"],
		"min_age":10,"max_age":17,"lines":[` + strings.Join(lines, ",") + `]}`
	put := func(b string) req {
		return req{role: "admin", method: http.MethodPut, path: "/api/v1/frameworks/serious_youth_violence", body: b}
	}
	var next frameworkBody
	e.must(t, http.StatusOK, put(body), &next)
	if next.Framework.Version != 2 || len(next.Lines) != 15 {
		t.Fatalf("new version %d with %d lines, want version 2 with 15", next.Framework.Version, len(next.Lines))
	}

	refusals := []struct{ name, body, fragment string }{
		{"no lines", `{"title":"x","inspectorates":["ofsted"],"max_age":17,"lines":[]}`, "lines"},
		{"an inspectorate that is not one", `{"title":"x","inspectorates":["ofqual"],"max_age":17,"lines":[{"key":"a","strand":"focus","title":"a","text":"a"}]}`, "ofqual"},
		{"a strand that is not one", `{"title":"x","inspectorates":["ofsted"],"max_age":17,"lines":[{"key":"a","strand":"other","title":"a","text":"a"}]}`, "strand"},
		{"adults", `{"title":"x","inspectorates":["ofsted"],"max_age":30,"lines":[{"key":"a","strand":"focus","title":"a","text":"a"}]}`, "0 to 17"},
		{"a line twice", `{"title":"x","inspectorates":["ofsted"],"max_age":17,"lines":[{"key":"a","strand":"focus","title":"a","text":"a"},{"key":"a","strand":"focus","title":"a","text":"a"}]}`, "unique"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) { e.refused(t, 422, put(c.body), c.fragment) })
	}

	// The earlier inspection keeps version 1: the new line is not one of its lines.
	after := e.create(t, "serious_youth_violence", "2024-03-18")
	var got struct {
		FrameworkVersion int `json:"framework_version"`
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/inspections/" + itoa(after.ID)}, &got)
	if got.FrameworkVersion != 2 {
		t.Errorf("new inspection under version %d, want 2", got.FrameworkVersion)
	}
	e.must(t, http.StatusCreated, req{role: "partner", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(after.ID) + "/self-assessment/syv_knife_crime",
		body: `{"narrative":"A knife crime plan since 2023.","rag":"green"}`}, nil)
	e.refused(t, 404, req{role: "partner", method: http.MethodPost, path: "/api/v1/inspections/" + itoa(before.ID) + "/self-assessment/syv_knife_crime",
		body: `{"narrative":"x","rag":"green"}`}, "syv_knife_crime")

	// A new theme is a new framework.
	e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPut, path: "/api/v1/frameworks/missing_children", body: `{"title":"Children who go missing",
		"inspectorates":["ofsted","cqc","hmicfrs"],"max_age":17,"lines":[{"key":"mc_response","strand":"focus","title":"Response","text":"How partners respond."}]}`}, nil)
	var created inspectionBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"missing_children","local_area":"Northbridge"}`}, &created)
	var old frameworkBody
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodGet, path: "/api/v1/frameworks/serious_youth_violence?version=1"}, &old)
	if old.Framework.Version != 1 || len(old.Lines) != 14 || !slices.Equal(old.Versions, []int{1, 2}) {
		t.Errorf("version 1 %+v with %d lines, versions %v", old.Framework, len(old.Lines), old.Versions)
	}
}

func TestWrittenStatementIsAdjustedWithItsBasis(t *testing.T) {
	e, in := newInspection(t)
	path := "/api/v1/inspections/" + itoa(in.ID)
	if in.due("written_statement") != "2024-09-05" {
		t.Fatalf("written statement due %s, want 70 working days after publication on 29 May: 2024-09-05", in.due("written_statement"))
	}
	e.refused(t, 422, req{role: "analyst", method: http.MethodPatch, path: path, ifMatch: `"1"`, body: `{"written_statement_days":75}`}, "basis")
	var got struct {
		inspectionBody
		Days  int    `json:"written_statement_days"`
		Basis string `json:"written_statement_basis"`
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: path, ifMatch: `"1"`,
		body: `{"written_statement_days":75,"written_statement_basis":"The final letter sets 12 September."}`}, &got)
	if got.Days != 75 || got.due("written_statement") != "2024-09-12" || !strings.Contains(got.Basis, "final letter") {
		t.Errorf("written statement %d days, due %s, basis %q; want 75 days due 2024-09-12 with the letter as its basis", got.Days, got.due("written_statement"), got.Basis)
	}
}
