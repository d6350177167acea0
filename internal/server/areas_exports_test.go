package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// westAndEastRecords is a deployment of West and East (see servertest's AddWestAndEast), each
// with a park, an intervention in it, a consultation on it, an inspection and its own incidents:
//
//	West: 12 incidents in West Park (10 to 21 January 2024, one a day) and 8 elsewhere in
//	      West (18 to 25 March 2024);
//	East: 15 incidents in East Park (3 to 17 May 2024) and 5 elsewhere in East (16 to 20
//	      August 2024).
type westAndEastRecords struct {
	west, east                   int64
	westPark, eastPark           int64
	westPatrols, eastPatrols     int64
	westWalkabout, eastWalkabout int64
	westInspection               int64
}

func addWestAndEastRecords(t *testing.T, s *servertest.Server) westAndEastRecords {
	t.Helper()
	var r westAndEastRecords
	r.west, r.east = s.AddWestAndEast(t)
	var incidents strings.Builder
	incidents.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	for _, g := range []struct {
		prefix   string
		n        int
		month    int
		firstDay int
		lat, lng float64
	}{
		{"WP", 12, 1, 10, 51.445, -0.255}, {"W", 8, 3, 18, 51.42, -0.28},
		{"EP", 15, 5, 3, 51.445, -0.155}, {"E", 5, 8, 16, 51.42, -0.12},
	} {
		for i := range g.n {
			fmt.Fprintf(&incidents, "%s-%02d,2024-%02d-%02d,day,robbery,14-17,,%.6f,%.6f,street,,\n", g.prefix, i, g.month, g.firstDay+i, g.lat, g.lng)
		}
	}
	s.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(incidents.String()))

	id := func(rec interface{ Bytes() []byte }) int64 {
		var v struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(rec.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	for _, a := range []struct {
		name                    string
		x0                      float64
		park, patrols, walkshop *int64
	}{{"West", -0.26, &r.westPark, &r.westPatrols, &r.westWalkabout}, {"East", -0.16, &r.eastPark, &r.eastPatrols, &r.eastWalkabout}} {
		*a.park = id(s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places",
			fmt.Sprintf(`{"type":"Feature","properties":{"kind":"park","name":"%s Park"},"geometry":%s}`, a.name, servertest.Box(a.x0, 51.44, a.x0+0.01, 51.45))).Body)
		*a.patrols = id(s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/interventions",
			fmt.Sprintf(`{"title":"%s Park patrols","aim":"fewer robberies in the park","methodology":"guardianship_safe_havens","lead_agency":"police","status":"active","start_date":"2024-01-01","places":[%d]}`, a.name, *a.park)).Body)
		*a.walkshop = id(s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/consultations",
			fmt.Sprintf(`{"held_on":"2024-02-10","method":"walkabout","children_count":14,"age_min":12,"age_max":17,"adults_count":4,"run_by":"%s Youth Service",
				"what_was_said":"The path is dark after 4pm.","what_changed":"Lighting was added.","interventions":[%d]}`, a.name, *a.patrols)).Body)
	}
	r.westInspection = id(s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/inspections",
		fmt.Sprintf(`{"framework":"criminal_exploitation","local_area":"West","local_area_id":%d,"notified_on":"2025-01-06"}`, r.west)).Body)
	s.MustSend(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/inspections",
		fmt.Sprintf(`{"framework":"criminal_exploitation","local_area":"East","local_area_id":%d,"notified_on":"2025-01-06"}`, r.east))
	return r
}

// buildPack asks for inspection id's pack as user, waits for it and returns the export's
// location and the ZIP's files.
func buildPack(t *testing.T, s *servertest.Server, user string, id int64) (string, map[string][]byte) {
	t.Helper()
	rec := s.MustSend(t, http.StatusAccepted, user, http.MethodPost, fmt.Sprintf("/api/v1/inspections/%d/evidence-pack", id), "")
	loc := rec.Header().Get("Location")
	var job exportJob
	servertest.Decode(t, rec, &job)
	for deadline := time.Now().Add(30 * time.Second); job.Status == "running"; {
		if time.Now().After(deadline) {
			t.Fatalf("export %s still running after 30 s: %+v", loc, job)
		}
		time.Sleep(50 * time.Millisecond)
		job = exportJob{}
		servertest.Decode(t, s.MustSend(t, http.StatusOK, user, http.MethodGet, loc, ""), &job)
	}
	if job.Status != "done" {
		t.Fatalf("export %s ended %+v", loc, job)
	}
	return loc, servertest.ZipFiles(t, s.MustSend(t, http.StatusOK, user, http.MethodGet, loc+"/download", "").Body.Bytes())
}

// packCSV reads a table of the pack as records keyed by its header.
func packCSV(t *testing.T, files map[string][]byte, name string) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(files["csv/"+name+".csv"]), "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("csv/%s.csv: %v (%d rows)", name, err, len(rows))
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestTheEvidencePackHoldsTheInspectedLocalAreaAlone: the pack of West's inspection, asked for
// by West's analyst or by an analyst of the whole deployment, holds West's place, intervention
// and consultation and none of East's, West's period and West's counts.
func TestTheEvidencePackHoldsTheInspectedLocalAreaAlone(t *testing.T) {
	s := servertest.New(t)
	r := addWestAndEastRecords(t, s)
	var tables []string
	for _, user := range []string{s.ScopedUser(t, "analyst", r.west), s.ScopedUser(t, "analyst")} {
		t.Run(user, func(t *testing.T) {
			_, files := buildPack(t, s, user, r.westInspection)
			for _, c := range []struct {
				table, column, want string
			}{
				{"places", "id", fmt.Sprint(r.westPark)},
				{"interventions", "id", fmt.Sprint(r.westPatrols)},
				{"consultations", "id", fmt.Sprint(r.westWalkabout)},
				// The 12 incidents in West Park; East Park's 15 are after West's period and
				// outside the park.
				{"places", "incidents_count", "12"},
			} {
				var got []string
				for _, row := range packCSV(t, files, c.table) {
					got = append(got, row[c.column])
				}
				if !slices.Equal(got, []string{c.want}) {
					t.Errorf("csv/%s.csv %s: %v, want [%s]", c.table, c.column, got, c.want)
				}
			}
			for name, content := range files {
				if strings.Contains(string(content), "East Park") || strings.Contains(string(content), "East Youth") {
					t.Errorf("%s names East's park or consultation", name)
				}
			}
			var m struct {
				StudyArea struct {
					Name string `json:"name"`
				} `json:"study_area"`
				Periods struct {
					Incidents struct{ From, To string } `json:"incidents"`
					Hotspots  struct{ From, To string } `json:"hotspots"`
				} `json:"periods"`
				Tables []struct {
					Name string `json:"name"`
					Rows int    `json:"rows"`
				} `json:"tables"`
			}
			if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
				t.Fatal(err)
			}
			// West's records run from 10 January to 25 March 2024 (East's to 20 August).
			if m.StudyArea.Name != "West" || m.Periods.Incidents.From != "2024-01-10" || m.Periods.Incidents.To != "2024-03-25" ||
				m.Periods.Hotspots.From != "2024-01-01" || m.Periods.Hotspots.To != "2024-03-31" {
				t.Errorf("manifest: study area %q, incidents %v, hot spots %v; want West, 2024-01-10 to 2024-03-25, 2024-01-01 to 2024-03-31",
					m.StudyArea.Name, m.Periods.Incidents, m.Periods.Hotspots)
			}
			tables = append(tables, fmt.Sprint(m.Tables))
		})
	}
	if len(tables) == 2 && tables[0] != tables[1] {
		t.Errorf("the pack differs by who asks:\nWest's analyst %s\nthe deployment's %s", tables[0], tables[1])
	}
}

// TestExportsAreReadOnlyByRequestsThatViewTheirAreas: an export of West's pack is 404 to East's
// users, to an admin viewing East, and to its own requester once moved to East; its audit
// entries and the dashboard's exports record the local areas they cover.
func TestExportsAreReadOnlyByRequestsThatViewTheirAreas(t *testing.T) {
	s := servertest.New(t)
	r := addWestAndEastRecords(t, s)
	westPartner, eastAnalyst := s.ScopedUser(t, "partner", r.west), s.ScopedUser(t, "analyst", r.east)
	loc, _ := buildPack(t, s, westPartner, r.westInspection)

	// East's users and an admin viewing East are told it does not exist, as for a missing one.
	for _, c := range []struct {
		user    string
		headers []string
		want    int
	}{
		{eastAnalyst, nil, http.StatusNotFound},
		{"admin", []string{"X-Local-Area", fmt.Sprint(r.east)}, http.StatusNotFound},
		{"admin", []string{"X-Local-Area", fmt.Sprint(r.west)}, http.StatusOK},
		{"admin", nil, http.StatusOK},
		{westPartner, nil, http.StatusOK},
	} {
		for _, path := range []string{loc, loc + "/download"} {
			if rec := s.Send(t, c.user, http.MethodGet, path, "", c.headers...); rec.Code != c.want {
				t.Errorf("GET %s as %s %v = %d (%s), want %d", path, c.user, c.headers, rec.Code, rec.Header().Get("Content-Type"), c.want)
			}
		}
	}
	// East's users may not ask for West's pack either.
	s.MustSend(t, http.StatusNotFound, eastAnalyst, http.MethodPost, fmt.Sprintf("/api/v1/inspections/%d/evidence-pack", r.westInspection), "")

	// Its requester, moved to East, no longer reads it.
	var me struct {
		User struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, westPartner, http.MethodGet, "/api/v1/auth/me", ""), &me)
	s.MustSend(t, http.StatusOK, "admin", http.MethodPut, fmt.Sprintf("/api/v1/users/%d/areas", me.User.ID), fmt.Sprintf(`{"local_areas":[%d]}`, r.east))
	s.MustSend(t, http.StatusNotFound, westPartner, http.MethodGet, loc+"/download", "")

	// The dashboard's exports: logged with the areas viewed, and the workbook made.
	eastPartner := s.ScopedUser(t, "partner", r.east)
	s.MustSend(t, http.StatusNoContent, eastPartner, http.MethodPost, "/api/v1/audit/exports", `{"kind":"table_xlsx","layer":"/api/v1/places","rows":1}`)
	s.MustSend(t, http.StatusNoContent, "admin", http.MethodPost, "/api/v1/audit/exports", `{"kind":"map_png","layer":"/api/v1/places","rows":2}`)
	s.MustSend(t, http.StatusOK, eastPartner, http.MethodPost, "/api/v1/workbooks/table", `{"title":"Places","columns":["name"],"rows":[["East Park"]]}`)

	var log struct {
		Entries []struct {
			UserEmail string         `json:"user_email"`
			Action    string         `json:"action"`
			Params    map[string]any `json:"params"`
		} `json:"entries"`
	}
	servertest.Decode(t, s.MustSend(t, http.StatusOK, "admin", http.MethodGet, "/api/v1/audit?limit=100", ""), &log)
	got := map[string]string{}
	for _, e := range log.Entries {
		if strings.HasPrefix(e.Action, "export.") || e.Action == "map.export" {
			role := strings.FieldsFunc(e.UserEmail, func(r rune) bool { return r == '.' || r == '@' })[0]
			got[e.Action+" by "+role] = fmt.Sprint(e.Params["local_areas"])
		}
	}
	want := map[string]string{
		"export.evidence_pack.start by partner":    fmt.Sprintf("[%d]", r.west),
		"export.evidence_pack.build by partner":    fmt.Sprintf("[%d]", r.west),
		"export.evidence_pack.download by partner": fmt.Sprintf("[%d]", r.west),
		"export.evidence_pack.download by admin":   fmt.Sprintf("[%d]", r.west),
		"map.export by partner":                    fmt.Sprintf("[%d]", r.east),
		"map.export by admin":                      "all",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("audit %s: local_areas %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

// TestImportsAreRefusedToUsersOfSomeAreasSayingWhy: an import spans every local area, so a
// user of some areas is refused it with the reason.
func TestImportsAreRefusedToUsersOfSomeAreasSayingWhy(t *testing.T) {
	s := servertest.New(t)
	west, _ := s.AddWestAndEast(t)
	analyst := s.ScopedUser(t, "analyst", west)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		rec := s.MustSend(t, http.StatusForbidden, analyst, method, "/api/v1/imports", "")
		if !strings.Contains(rec.Body.String(), "whole deployment only: an import spans every local area") {
			t.Errorf("%s /api/v1/imports: %s; want the reason", method, rec.Body)
		}
		// The detail names the header, by which the dashboard tells this refusal from others.
		if !strings.Contains(rec.Body.String(), `"field":"X-Local-Area"`) {
			t.Errorf("%s /api/v1/imports: %s; want a detail naming X-Local-Area", method, rec.Body)
		}
	}
}
