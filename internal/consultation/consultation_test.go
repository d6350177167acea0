package consultation_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// fixture is a test server with two places and an intervention in the first.
type fixture struct {
	*servertest.Server
	park, street, intervention int64
}

func newFixture(t *testing.T) *fixture {
	ts := servertest.New(t)
	f := &fixture{Server: ts}
	f.park = ts.InsertID(t, `INSERT INTO places (kind, name, geojson) VALUES ('park', 'Ashdown Park',
		'{"type":"Polygon","coordinates":[[[-0.1,51.5],[-0.09,51.5],[-0.09,51.51],[-0.1,51.51],[-0.1,51.5]]]}') RETURNING id`)
	f.street = ts.InsertID(t, `INSERT INTO places (kind, name, geojson, buffer_metres) VALUES ('street', 'High Street',
		'{"type":"LineString","coordinates":[[-0.12,51.52],[-0.11,51.52]]}', 20) RETURNING id`)
	f.intervention = ts.InsertID(t, `INSERT INTO interventions (title, methodology, lead_agency, status, start_date)
		VALUES ('Detached youth work', 'detached_outreach_youth_work', 'youth_justice', 'active', '2024-03-01') RETURNING id`)
	return f
}

// consultationBody is a valid POST body with members overridden by extra (e.g. `"age_min":3`).
func (f *fixture) consultationBody(extra ...string) string {
	m := map[string]json.RawMessage{
		"held_on":        json.RawMessage(`"2024-02-10"`),
		"method":         json.RawMessage(`"walkabout"`),
		"children_count": json.RawMessage(`14`),
		"age_min":        json.RawMessage(`12`),
		"age_max":        json.RawMessage(`17`),
		"adults_count":   json.RawMessage(`4`),
		"run_by":         json.RawMessage(`"Northbridge Youth Service"`),
		"what_was_said":  json.RawMessage(`"The path by the skate park is dark after 4pm in winter."`),
		"what_changed":   json.RawMessage(`"You said the path was dark; we added lighting and evening youth work."`),
		"places":         json.RawMessage(fmt.Sprintf(`[%d]`, f.park)),
		"interventions":  json.RawMessage(fmt.Sprintf(`[%d]`, f.intervention)),
	}
	for _, e := range extra {
		var one map[string]json.RawMessage
		if err := json.Unmarshal([]byte("{"+e+"}"), &one); err != nil {
			panic(err)
		}
		for k, v := range one {
			if string(v) == `"-"` {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

type consultationJSON struct {
	ID            int64   `json:"id"`
	HeldOn        string  `json:"held_on"`
	Method        string  `json:"method"`
	ChildrenCount int     `json:"children_count"`
	AgeMin        *int    `json:"age_min"`
	AgeMax        *int    `json:"age_max"`
	WhatChanged   string  `json:"what_changed"`
	Places        []int64 `json:"places"`
	Interventions []int64 `json:"interventions"`
	Version       int     `json:"version"`
}

func TestConsultationValidationNamesTheField(t *testing.T) {
	f := newFixture(t)
	tomorrow := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	tests := []struct {
		name, field string
		extra       []string
	}{
		{"unknown method", "method", []string{`"method":"seance"`}},
		{"date in the future", "held_on", []string{`"held_on":"` + tomorrow + `"`}},
		{"not a date", "held_on", []string{`"held_on":"10/02/2024"`}},
		{"negative children", "children_count", []string{`"children_count":-1`, `"age_min":"-"`, `"age_max":"-"`}},
		{"negative adults", "adults_count", []string{`"adults_count":-3`}},
		{"nobody took part", "children_count", []string{`"children_count":0`, `"adults_count":0`, `"age_min":"-"`, `"age_max":"-"`}},
		{"children as text", "children_count", []string{`"children_count":"ten"`}},
		{"age over 25", "age_max", []string{`"age_max":26`}},
		{"negative age", "age_min", []string{`"age_min":-1`}},
		{"min above max", "age_max", []string{`"age_min":18`, `"age_max":12`}},
		{"only one end of the range", "age_max", []string{`"age_max":"-"`}},
		{"children without ages", "age_min", []string{`"age_min":"-"`, `"age_max":"-"`}},
		{"ages without children", "age_min", []string{`"children_count":0`}},
		{"place that does not exist", "places", []string{`"places":[424242]`}},
		{"intervention that does not exist", "interventions", []string{`"interventions":[424242]`}},
		{"nobody ran it", "run_by", []string{`"run_by":"  "`}},
		{"nothing was said", "what_was_said", []string{`"what_was_said":""`}},
		{"text too long", "what_changed", []string{`"what_changed":"` + strings.Repeat("x", 4001) + `"`}},
		{"line break in a one-line field", "run_by", []string{`"run_by":"Youth\nService"`}},
		{"an e-mail address", "what_was_said", []string{`"what_was_said":"Contact jo.bloggs@example.org about it"`}},
		{"a phone number", "what_changed", []string{`"what_changed":"Ring 07700 900123 for the forum"`}},
		{"a full postcode", "what_was_said", []string{`"what_was_said":"They live near NB1 4QX"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Send(t, "partner", http.MethodPost, "/api/v1/consultations", f.consultationBody(tt.extra...))
			var e servertest.ErrorBody
			servertest.Decode(t, rec, &e)
			if rec.Code != http.StatusUnprocessableEntity || len(e.Error.Details) == 0 || e.Error.Details[0].Field != tt.field ||
				!strings.Contains(e.Error.Message, tt.field) {
				t.Errorf("status %d %s, want 422 naming %s first", rec.Code, rec.Body, tt.field)
			}
		})
	}
	// A NUL never reaches the domain's checks: the request is refused as malformed, naming the field.
	if rec := f.Send(t, "partner", http.MethodPost, "/api/v1/consultations", f.consultationBody(`"run_by":"Youth\u0000Service"`)); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "run_by") {
		t.Errorf("NUL in run_by = %d %s, want 400 naming run_by", rec.Code, rec.Body)
	}
	if rec := f.Send(t, "partner", http.MethodPost, "/api/v1/consultations", f.consultationBody(`"names":["x"]`)); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown member = %d, want 400", rec.Code)
	}
	var n int
	if err := f.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM consultations`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d consultations stored after refusals, want 0", n)
	}
}

func TestConsultationLifecycle(t *testing.T) {
	f := newFixture(t)
	rec := f.MustSend(t, http.StatusCreated, "vrp_lead", http.MethodPost, "/api/v1/consultations", f.consultationBody())
	var c consultationJSON
	servertest.Decode(t, rec, &c)
	if rec.Header().Get("ETag") != `"1"` || c.Version != 1 || c.HeldOn != "2024-02-10" || !slices.Equal(c.Places, []int64{f.park}) ||
		!slices.Equal(c.Interventions, []int64{f.intervention}) {
		t.Errorf("created %+v with ETag %s", c, rec.Header().Get("ETag"))
	}
	path := fmt.Sprintf("/api/v1/consultations/%d", c.ID)
	if rec := f.MustSend(t, http.StatusOK, "inspector", http.MethodGet, path, ""); rec.Header().Get("ETag") != `"1"` {
		t.Errorf("GET ETag %s", rec.Header().Get("ETag"))
	}
	if rec := f.Send(t, "partner", http.MethodPatch, path, `{"what_changed":"x"}`); rec.Code != http.StatusPreconditionRequired {
		t.Errorf("PATCH without If-Match = %d, want 428", rec.Code)
	}
	// Adults only now: the ages go with the children.
	rec = f.MustSend(t, http.StatusOK, "partner", http.MethodPatch, path,
		fmt.Sprintf(`{"children_count":0,"age_min":null,"age_max":null,"places":[%d,%d]}`, f.park, f.street), "If-Match", `"1"`)
	servertest.Decode(t, rec, &c)
	if c.Version != 2 || c.AgeMin != nil || c.ChildrenCount != 0 || len(c.Places) != 2 || c.Method != "walkabout" {
		t.Errorf("after PATCH %+v, want version 2, no ages, both places, method kept", c)
	}
	var before string
	snapshot := func() string {
		var s string
		if err := f.DB.Pool.QueryRow(t.Context(), `SELECT row_to_json(c)::text FROM consultations c WHERE id = $1`, c.ID).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before = snapshot()
	if rec := f.Send(t, "partner", http.MethodPatch, path, `{"method":"survey"}`, "If-Match", `"1"`); rec.Code != http.StatusPreconditionFailed {
		t.Errorf("stale PATCH = %d, want 412", rec.Code)
	}
	if rec := f.Send(t, "partner", http.MethodDelete, path, "", "If-Match", `"1"`); rec.Code != http.StatusPreconditionFailed {
		t.Errorf("stale DELETE = %d, want 412", rec.Code)
	}
	if after := snapshot(); after != before {
		t.Errorf("stale changes changed the consultation:\n%s\n%s", before, after)
	}
	f.MustSend(t, http.StatusNoContent, "analyst", http.MethodDelete, path, "", "If-Match", `"2"`)
	f.MustSend(t, http.StatusNotFound, "analyst", http.MethodGet, path, "")
	var audited []string
	rows, _ := f.DB.Pool.Query(t.Context(), `SELECT action FROM audit_log WHERE resource = $1 ORDER BY id`, fmt.Sprintf("consultations/%d", c.ID))
	for rows.Next() {
		var a string
		_ = rows.Scan(&a)
		audited = append(audited, a)
	}
	if !slices.Equal(audited, []string{"consultation.create", "consultation.update", "consultation.delete"}) {
		t.Errorf("audit log %v, want create, update, delete", audited)
	}
}

func TestConsultationListFiltersAndSorts(t *testing.T) {
	f := newFixture(t)
	for _, extra := range [][]string{
		{`"held_on":"2024-01-15"`, `"method":"survey"`, `"places":[]`, `"interventions":[]`},
		{`"held_on":"2024-03-20"`, `"method":"youth_forum"`, fmt.Sprintf(`"places":[%d]`, f.street), `"interventions":[]`},
		{`"held_on":"2024-02-10"`},
	} {
		f.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/consultations", f.consultationBody(extra...))
	}
	dates := func(query string) string {
		t.Helper()
		var page struct {
			Consultations []consultationJSON `json:"consultations"`
			Total         int                `json:"total"`
		}
		servertest.Decode(t, f.MustSend(t, http.StatusOK, "inspector", http.MethodGet, "/api/v1/consultations?"+query, ""), &page)
		var out []string
		for _, c := range page.Consultations {
			out = append(out, c.HeldOn[5:])
		}
		return fmt.Sprintf("%v of %d", out, page.Total)
	}
	tests := []struct{ query, want string }{
		{"", "[03-20 02-10 01-15] of 3"},
		{"sort=held_on", "[01-15 02-10 03-20] of 3"},
		{fmt.Sprintf("place=%d", f.park), "[02-10] of 1"},
		{fmt.Sprintf("place=%d", f.street), "[03-20] of 1"},
		{fmt.Sprintf("intervention=%d", f.intervention), "[02-10] of 1"},
		{"method=survey", "[01-15] of 1"},
		{"from=2024-02-10&to=2024-03-19", "[02-10] of 1"},
		{"from=2024-02-11", "[03-20] of 1"},
		{"sort=held_on&limit=1&offset=1", "[02-10] of 3"},
	}
	for _, tt := range tests {
		if got := dates(tt.query); got != tt.want {
			t.Errorf("?%s: %s, want %s", tt.query, got, tt.want)
		}
	}
	for _, bad := range []string{"method=seance", "from=yesterday", "sort=method", "place=0"} {
		if rec := f.Send(t, "partner", http.MethodGet, "/api/v1/consultations?"+bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("?%s = %d, want 400", bad, rec.Code)
		}
	}
}

// TestSmallHeadcountsAreSuppressedBelowRecordLevel: a consultation with 3 adults and 12
// children shows the numbers to an analyst; a partner reads "<5" adults and ≈10 children (each
// consultation is an atom of the disclosure rule), in the list and on its own.
func TestSmallHeadcountsAreSuppressedBelowRecordLevel(t *testing.T) {
	f := newFixture(t)
	rec := f.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/consultations", f.consultationBody(`"adults_count":3`, `"children_count":12`))
	var c consultationJSON
	servertest.Decode(t, rec, &c)
	path := fmt.Sprintf("/api/v1/consultations/%d", c.ID)
	for _, role := range []string{"analyst", "partner"} {
		for _, url := range []string{path, "/api/v1/consultations"} {
			body := f.MustSend(t, http.StatusOK, role, http.MethodGet, url, "").Body.String()
			shown := strings.Contains(body, `"adults_count":3`)
			hidden := strings.Contains(body, `"adults_count":null`) && strings.Contains(body, `"adults_count_suppressed":true`)
			if role == "analyst" && !shown || role == "partner" && (shown || !hidden) {
				t.Errorf("GET %s as %s: %s", url, role, body)
			}
			children := `"children_count":12`
			if role == "partner" {
				children = `"children_count":10,"children_count_label":"≈10"`
			}
			if !strings.Contains(body, children) {
				t.Errorf("GET %s as %s: want %s in %s", url, role, children, body)
			}
		}
	}
}
