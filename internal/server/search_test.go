package server_test

import (
	"math"
	"net/http"
	"strconv"
	"testing"

	"github.com/placesafe/placesafe/internal/record/recordtest"
)

// The search box over a real police.uk month: an analyst finds a street of the records, within
// the box of that street's rows in the file; a partner's search never answers the records'
// streets or LSOAs; only the analyst's search is audit-logged as a reading of the records.
func TestSearchStreetsForRecordLevelRolesOnly(t *testing.T) {
	ts, _ := cityWithMarch(t)
	// The box of every "On or near Bishopsgate" row of the file, read independently.
	rows := recordtest.ReadCSVFile(t, march)
	box := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rows[1:] {
		if r[6] != "On or near Bishopsgate" {
			continue
		}
		lng, _ := strconv.ParseFloat(r[4], 64)
		lat, _ := strconv.ParseFloat(r[5], 64)
		box = [4]float64{min(box[0], lng), min(box[1], lat), max(box[2], lng), max(box[3], lat)}
	}

	type result struct {
		Kind  string     `json:"kind"`
		Label string     `json:"label"`
		BBox  [4]float64 `json:"bbox"`
	}
	search := func(role string) []result {
		var body struct {
			Results []result `json:"results"`
		}
		decode(t, ts.do(t, role, http.MethodGet, "/api/v1/search?q=bishopsgate", "", "").Body.Bytes(), &body)
		return body.Results
	}
	found := false
	for _, r := range search("analyst") {
		if r.Kind == "street" && r.Label == "On or near Bishopsgate" {
			found = true
			if r.BBox[0] < box[0] || r.BBox[1] < box[1] || r.BBox[2] > box[2] || r.BBox[3] > box[3] {
				t.Errorf("street box %v lies outside the file's rows for it %v", r.BBox, box)
			}
		}
	}
	if !found {
		t.Error("the analyst did not find On or near Bishopsgate")
	}
	for _, role := range []string{"partner", "vrp_lead"} {
		for _, r := range search(role) {
			if r.Kind == "street" || r.Kind == "lsoa" {
				t.Errorf("%s found the records' %s %q", role, r.Kind, r.Label)
			}
		}
	}
	if rec := ts.do(t, "inspector", http.MethodGet, "/api/v1/search?q=bishopsgate", "", ""); rec.Code != http.StatusForbidden {
		t.Errorf("inspector's search = %d, want 403 (no maps)", rec.Code)
	}
	var page struct {
		Entries []struct {
			UserEmail string `json:"user_email"`
			Action    string `json:"action"`
		} `json:"entries"`
	}
	decode(t, ts.do(t, "admin", http.MethodGet, "/api/v1/audit?action=search.&limit=10", "", "").Body.Bytes(), &page)
	if len(page.Entries) != 1 || page.Entries[0].Action != "search.records" {
		t.Errorf("audit entries %+v, want one search.records (the analyst's)", page.Entries)
	}
}
