package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/placesafe/placesafe/internal/disclosure/disclosuretest"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/label"
)

// TestEvidencePack builds packs of the demo borough for a record-level role and for roles
// without record-level access, and reads them back.
func TestEvidencePack(t *testing.T) {
	srv, id := MustServer(t, true)
	first := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	packs := map[string]*export.Pack{}
	for _, role := range []string{"analyst", "inspector", "partner"} {
		packs[role] = MustBuild(t, srv, id, role, first)
	}

	t.Run("every file is in the manifest with its checksum, and nothing else is", func(t *testing.T) {
		for role, p := range packs {
			o := open(t, p.Zip)
			listed := map[string]export.FileInfo{}
			for _, f := range o.manifest.Files {
				listed[f.Path] = f
			}
			if _, ok := listed[export.FileManifest]; ok {
				t.Errorf("%s: the manifest lists itself", role)
			}
			for _, name := range o.names {
				if name == export.FileManifest {
					continue
				}
				f, ok := listed[name]
				switch {
				case !ok:
					t.Errorf("%s: %s is in the ZIP but not in the manifest", role, name)
				case f.SHA256 != sum(o.files[name]) || f.Size != len(o.files[name]):
					t.Errorf("%s: %s: manifest says sha256 %s size %d; the file has %s size %d", role, name, f.SHA256, f.Size, sum(o.files[name]), len(o.files[name]))
				}
				delete(listed, name)
			}
			for name := range listed {
				t.Errorf("%s: the manifest lists %s, which is not in the ZIP", role, name)
			}
			if !slices.IsSorted(o.names) {
				t.Errorf("%s: ZIP entries are not in name order: %v", role, o.names)
			}
			for i, tm := range o.times {
				if !tm.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("%s: %s has time %v, want the constant 1980-01-01", role, o.names[i], tm)
				}
			}
			if p.SHA256 != sum(p.Zip) {
				t.Errorf("%s: Pack.SHA256 is not the ZIP's", role)
			}
			for _, want := range []string{"workbook.xlsx", "report.html", "maps/hotspots.png", "maps/places.png",
				"layers/study-area.geojson", "layers/hotspots.geojson", "layers/emerging-hotspots.geojson",
				"layers/places.geojson", "layers/interventions.geojson", "csv/hotspots.csv", "csv/emerging_hotspots.csv",
				"csv/places.csv", "csv/interventions.csv", "csv/consultations.csv", "csv/evaluations.csv", "csv/annex_a.csv",
				"charts/evaluation-1.svg"} {
				if _, ok := o.files[want]; !ok {
					t.Errorf("%s: the pack has no %s", role, want)
				}
			}
		}
	})

	t.Run("the manifest says what the pack is built from and for", func(t *testing.T) {
		for role, p := range packs {
			m := open(t, p.Zip).manifest
			restricted := role != "analyst"
			if m.Role != role || m.Suppression.Applied != restricted || m.Suppression.Threshold != 5 || m.Suppression.Mark != "<5" {
				t.Errorf("%s: manifest role %q suppression %+v", role, m.Role, m.Suppression)
			}
			if m.Periods.Hotspots != (export.Period{From: "2025-11-01", To: "2026-10-31"}) {
				t.Errorf("%s: hot spot period %+v, want the 12 months to 2026-10-31", role, m.Periods.Hotspots)
			}
			if m.Parameters["res"] != 9.0 || m.Parameters["k"] != 1.0 || m.Parameters["kernel"] != "uniform" || m.Parameters["fdr"] != true {
				t.Errorf("%s: parameters %v", role, m.Parameters)
			}
			if len(m.DataSources) != 2 || m.DataSources[0].Filename != "demo-incidents.csv" || m.DataSources[1].Kind != "activity" {
				t.Errorf("%s: data sources %+v, want the demo's two imports", role, m.DataSources)
			}
			for _, tb := range m.Tables {
				for _, c := range tb.Columns {
					if export.IsCountColumn(c) != slices.Contains(tb.CountColumns, c) {
						t.Errorf("%s: table %s: column %s and count_columns %v disagree", role, tb.Name, c, tb.CountColumns)
					}
				}
			}
		}
	})

	t.Run("the same data give the same files apart from the generation time", func(t *testing.T) {
		for _, role := range []string{"analyst", "inspector"} {
			again := open(t, MustBuild(t, srv, id, role, first.Add(26*time.Minute)).Zip)
			before := open(t, packs[role].Zip)
			if !slices.Equal(before.names, again.names) {
				t.Fatalf("%s: files %v, then %v", role, before.names, again.names)
			}
			for _, name := range before.names {
				a, b := before.files[name], again.files[name]
				switch name {
				case export.FileManifest:
					a, b = withoutGenerationTime(t, a), withoutGenerationTime(t, b)
				case export.FileReport:
					a, b = footerless.ReplaceAll(a, nil), footerless.ReplaceAll(b, nil)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: %s differs between two builds of the same data", role, name)
					if testing.Verbose() {
						t.Logf("first:\n%s\nthen:\n%s", a, b)
					}
				}
			}
			if before.manifest.GeneratedAt == again.manifest.GeneratedAt {
				t.Errorf("%s: both builds say they were generated at %s", role, before.manifest.GeneratedAt)
			}
		}
	})

	t.Run("no count between 1 and the threshold in a pack for a role without record-level access", func(t *testing.T) {
		for _, role := range []string{"inspector", "partner"} {
			s := &scanner{disclosuretest.Scanner{Threshold: 5}}
			s.scan(t, open(t, packs[role].Zip))
			for _, f := range s.Found {
				t.Errorf("%s pack: %s holds %q", role, f.Where, f.Value)
			}
			if s.Scanned < 300 {
				t.Errorf("%s pack: only %d counts scanned; the scan is not reaching the files", role, s.Scanned)
			}
		}
	})

	t.Run("a record-level pack holds the exact small counts the scan would catch", func(t *testing.T) {
		s := &scanner{disclosuretest.Scanner{Threshold: 5}}
		s.scan(t, open(t, packs["analyst"].Zip))
		if len(s.Found) == 0 {
			t.Error("the analyst's pack has no count between 1 and 4: the suppression test above proves nothing")
		}
	})

	t.Run("every surface carries each evaluation's one verdict", func(t *testing.T) {
		for _, role := range []string{"analyst", "inspector"} {
			o := open(t, packs[role].Zip)
			rows := o.csv(t, "csv/evaluations.csv")
			col := columns(rows[0])
			html := unescape(string(o.files[export.FileReport]))
			checked := 0
			for _, row := range rows[1:] {
				if row[col["evaluated"]] != "yes" {
					continue
				}
				id, _ := strconv.ParseInt(row[col["intervention_id"]], 10, 64)
				ev, err := srv.Evaluation.EvaluateIntervention(context.Background(), id, srv.Policy.For(role))
				if err != nil {
					t.Fatal(err)
				}
				v := ev.Result.Verdict
				card := html[strings.Index(html, fmt.Sprintf(`id="evaluation-%d"`, id)):]
				card = card[:strings.Index(card, "</article>")]
				svg := string(o.files[fmt.Sprintf("charts/evaluation-%d.svg", id)])
				for surface, text := range map[string]string{
					"the API's statement":     ev.Result.Statement,
					"the EMMIE effect":        ev.EMMIE.Effect,
					"evaluations.csv":         strings.Join(row, " "),
					"report.html":             card,
					"the chart's description": unescape(svg),
				} {
					if err := evaluation.CheckVerdict(v, text); err != nil {
						t.Errorf("%s pack, intervention %d, %s: %v", role, id, surface, err)
					}
				}
				if got := row[col["rate_ratio"]]; got != strconv.FormatFloat(math.Round(*ev.Result.RateRatio.Estimate*1e4)/1e4, 'f', -1, 64) {
					t.Errorf("%s pack, intervention %d: rate ratio %s in the CSV, %v from the API", role, id, got, *ev.Result.RateRatio.Estimate)
				}
				checked++
			}
			if checked < 3 {
				t.Errorf("%s pack: only %d evaluations checked", role, checked)
			}
		}
	})

	t.Run("the gap analysis credits the lines the pack's own data answers", func(t *testing.T) {
		gaps := section(unescape(string(open(t, packs["analyst"].Zip).files[export.FileReport])), "gaps")
		for i, where := range []string{"incident records and hot spots", "the interventions' aims", "consultations with children", "activity dosage", "outcome evaluations"} {
			if !strings.Contains(gaps, fmt.Sprintf("section %d: %s", i+1, where)) {
				t.Errorf("the gap analysis does not credit question %d to the pack's section %d", i+1, i+1)
			}
		}
		answered, rest, _ := strings.Cut(gaps, "line with no approved evidence")
		if !strings.Contains(answered, "line answered by this pack's data") || strings.Contains(rest, "section 5:") {
			t.Errorf("places-and-spaces lines listed as gaps: %s", gaps)
		}
	})

	t.Run("the report's figures are recomputed from the tables and the API", func(t *testing.T) {
		for _, role := range []string{"analyst", "inspector"} {
			o := open(t, packs[role].Zip)
			html := unescape(string(o.files[export.FileReport]))
			rows := o.csv(t, "csv/hotspots.csv")
			col := columns(rows[0])
			hot, cold, low, high := 0, 0, 0, 0
			for _, r := range rows[1:] {
				bin, _ := strconv.Atoi(r[col["gi_bin"]])
				if bin < 0 {
					cold++
				}
				if bin <= 0 {
					continue
				}
				hot++
				lo, hi := countBounds(r[col["count"]])
				low, high = low+lo, high+hi
			}
			q1 := section(html, "q1")
			want := fmt.Sprint(low)
			if low != high {
				want = fmt.Sprintf("%d–%d", low, high)
			}
			var kinds struct {
				DataSources []struct{ Kind string } `json:"data_sources"`
				Periods     struct {
					Incidents, Activity, Hotspots struct{ From, To string }
				} `json:"periods"`
			}
			if err := json.Unmarshal(o.files[export.FileManifest], &kinds); err != nil {
				t.Fatal(err)
			}
			files := map[string]int{}
			for _, d := range kinds.DataSources {
				files[d.Kind]++
			}
			for _, s := range []string{fmt.Sprintf("%d landed file", files["incidents"]), fmt.Sprintf("from %s to %s", kinds.Periods.Incidents.From, kinds.Periods.Incidents.To),
				fmt.Sprintf("%d file", files["activity"]), fmt.Sprintf("from %s to %s", kinds.Periods.Activity.From, kinds.Periods.Activity.To),
				fmt.Sprintf("(%s to %s)", kinds.Periods.Hotspots.From, kinds.Periods.Hotspots.To), fmt.Sprintf(`among the <span class="tally">%d cells`, len(rows)-1),
				fmt.Sprintf("%d hot spot cells", hot), fmt.Sprintf("%d cold spot cell", cold),
				fmt.Sprintf("the hot spot cells hold <span class=\"count\">%s</span> incidents", want)} {
				if !strings.Contains(q1, s) {
					t.Errorf("%s report, question 1: does not say %q (recomputed from csv/hotspots.csv)", role, s)
				}
			}
			ivs := o.csv(t, "csv/interventions.csv")
			if s := fmt.Sprintf("%d interventions are", len(ivs)-1); !strings.Contains(section(html, "q2"), s) {
				t.Errorf("%s report, question 2: does not say %q", role, s)
			}
			cons := o.csv(t, "csv/consultations.csv")
			if s := fmt.Sprintf("%d consultations are", len(cons)-1); !strings.Contains(section(html, "q3"), s) {
				t.Errorf("%s report, question 3: does not say %q", role, s)
			}
			// Question 4: each intervention's sessions as the interventions table has them, and
			// each place's incidents and sessions as the places table has them.
			q4 := section(html, "q4")
			ic := columns(ivs[0])
			for _, r := range ivs[1:] {
				row := fmt.Sprintf(`<td>%s</td>`, r[ic["title"]])
				at := strings.Index(q4, row)
				if at < 0 || !strings.Contains(q4[at:at+strings.Index(q4[at:], "</tr>")], fmt.Sprintf(`<span class="count">%s</span>`, r[ic["sessions_count"]])) {
					t.Errorf("%s report, question 4: %s does not show %s sessions", role, r[ic["title"]], r[ic["sessions_count"]])
				}
			}
			places := o.csv(t, "csv/places.csv")
			pc := columns(places[0])
			shown := 0
			for _, r := range places[1:] {
				at := strings.Index(q4, fmt.Sprintf(`<td>%s</td><td>%s</td>`, r[pc["id"]], r[pc["name"]]))
				if at < 0 {
					continue // places without a profile are not in the table
				}
				shown++
				tr := q4[at : at+strings.Index(q4[at:], "</tr>")]
				for _, c := range []string{"incidents_count", "activity_sessions_count", "activity_hours"} {
					want := fmt.Sprintf(`<span class="count">%s</span>`, r[pc[c]])
					if c == "activity_hours" {
						want = fmt.Sprintf(`<td>%s</td>`, r[pc[c]])
					}
					if !strings.Contains(tr, want) {
						t.Errorf("%s report, question 4: place %s does not show its %s %s", role, r[pc["name"]], c, r[pc[c]])
					}
				}
			}
			if shown < 5 {
				t.Errorf("%s report, question 4: only %d places found in the table to check", role, shown)
			}
			// Question 5: each evaluation card's counts as the evaluations table has them.
			evs := o.csv(t, "csv/evaluations.csv")
			ec := columns(evs[0])
			for _, r := range evs[1:] {
				if r[ec["evaluated"]] != "yes" {
					continue
				}
				card := section(html, "q5")
				card = card[strings.Index(card, `id="evaluation-`+r[ec["intervention_id"]]+`"`):]
				card = card[:strings.Index(card, "</article>")]
				for _, c := range []string{"target_before_count", "target_after_count", "buffer_before_count", "buffer_after_count", "control_before_count", "control_after_count"} {
					if !strings.Contains(card, fmt.Sprintf(`<span class="count">%s</span>`, r[ec[c]])) {
						t.Errorf("%s report, question 5, intervention %s: %s %s is not on its card", role, r[ec["intervention_id"]], c, r[ec[c]])
					}
				}
			}
		}
	})

	t.Run("report.html speaks in words, not codes", func(t *testing.T) {
		html := string(open(t, packs["inspector"].Zip).files[export.FileReport])
		text := unescape(tags.ReplaceAllString(codeElements.ReplaceAllString(html, ""), " "))
		for group, codes := range label.Groups() {
			for code := range codes {
				if !strings.ContainsAny(code, "_") {
					continue // a one-word code reads as a word
				}
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(code) + `\b`).MatchString(text) {
					t.Errorf("report.html shows the %s code %q instead of %q", group, code, label.Of(code))
				}
			}
		}
		if strings.Contains(text, "src=\"charts/") || strings.Contains(html, `src="maps/`) {
			t.Error("report.html refers to a picture outside itself")
		}
	})

	t.Run("the workbook has the sheets and fixed document times", func(t *testing.T) {
		o := open(t, packs["inspector"].Zip)
		x, err := excelize.OpenReader(bytes.NewReader(o.files[export.FileWorkbook]))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		want := []string{"hotspots", "emerging_hotspots", "places", "interventions", "consultations", "evaluations", "surveys", "annex_a", "annex_a_progress"}
		if got := x.GetSheetList(); !slices.Equal(got, want) {
			t.Errorf("sheets %v, want %v", got, want)
		}
		props, err := x.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if stamp := o.manifest.DataAsOf.UTC().Format("2006-01-02T15:04:05Z"); props.Created != stamp || props.Modified != stamp {
			t.Errorf("workbook created %q modified %q, want the data's time %s", props.Created, props.Modified, stamp)
		}
		rows, _ := x.GetRows("interventions")
		if len(rows) != 6 || rows[1][1] != "Detached youth work in Ashdown Park" {
			t.Errorf("interventions sheet: %d rows, first %v", len(rows), rows[min(1, len(rows)-1)])
		}
		csvRows := strings.Count(string(o.files["csv/hotspots.csv"]), "\n")
		sheetRows, _ := x.GetRows("hotspots")
		if csvRows != len(sheetRows) || csvRows < 100 {
			t.Errorf("hotspots.csv has %d lines and the sheet %d rows; want the same table of the study area's cells", csvRows, len(sheetRows))
		}
	})

	t.Run("the report answers the five questions from the demo", func(t *testing.T) {
		o := open(t, packs["inspector"].Zip)
		html := string(o.files[export.FileReport])
		wants := map[string][]string{
			"kickoff": {"Places and spaces: Scope: children aged 10–17 (victim or suspect), the serious youth violence strand."},
			"q1":      {"demo-incidents.csv", "Getis–Ord Gi*", "Scope: children aged 10–17", `<img src="data:image/png;base64,`, "Serious youth violence hot spots in the year before", "Hottest cells"},
			"q2": {"5 interventions are", "Detached youth work in Ashdown Park", "Kestrel Fields patrol plan", "Safe havens at Northbridge Interchange",
				"Riverside Centre dispersal order", "CCTV and lighting on Northbridge High Street", "partnership approach", "hot spot patrols"},
			"q3": {"4 consultations are", "You said:", "We did:", "Northbridge Youth Council", "No consultation is linked to: Riverside Centre dispersal order"},
			"q4": {"Activity dosage", "Ashdown Park", "contacts with children", "No survey measures"},
			"q5": {"Maryland level", "compared with similar areas", `<img src="data:image/svg+xml;base64,`, "Not evaluated", "displacement"},
		}
		for q, want := range wants {
			sec := section(html, q)
			if sec == "" {
				t.Errorf("report.html has no section %s", q)
				continue
			}
			for _, w := range want {
				if !strings.Contains(sec, strings.ReplaceAll(w, "'", "&#39;")) {
					t.Errorf("section %s does not say %q", q, w)
				}
			}
		}
		for _, id := range []string{"annex-a", "gaps", "timetable"} {
			if section(html, id) == "" {
				t.Errorf("report.html has no section %s", id)
			}
		}
		for _, m := range regexp.MustCompile(`(?:src|href)="([^"#:]+)"`).FindAllStringSubmatch(html, -1) {
			if _, ok := o.files[m[1]]; !ok {
				t.Errorf("report.html links %s, which is not in the pack", m[1])
			}
		}
		if !strings.Contains(html, `<footer id="generated">Generated 2026-11-23 09:00:00 UTC`) {
			t.Error("the report's footer does not give the generation time")
		}
	})
}

// TestEvidencePackWithNoData builds a pack of an inspection in a database with nothing else:
// it is complete and says plainly that nothing is recorded.
func TestEvidencePackWithNoData(t *testing.T) {
	srv, id := MustServer(t, false)
	o := open(t, MustBuild(t, srv, id, "vrp_lead", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)).Zip)
	for _, f := range o.manifest.Files {
		if f.SHA256 != sum(o.files[f.Path]) {
			t.Errorf("%s: checksum differs from the manifest's", f.Path)
		}
	}
	html := string(o.files[export.FileReport])
	for _, want := range []string{"No incident records are held", "No interventions in places and spaces are recorded",
		"No consultations are recorded", "No survey measures", "nothing has been evaluated", "No saved analyses are recorded"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html does not say %q", want)
		}
	}
	if len(o.manifest.DataSources) != 0 {
		t.Errorf("data sources %+v, want none", o.manifest.DataSources)
	}
}

// footerless is the report's generation-time footer.
var footerless = regexp.MustCompile(`<footer id="generated">[^<]*</footer>`)

// withoutGenerationTime removes the manifest's generation-time fields.
func withoutGenerationTime(t *testing.T, raw []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "generated_at")
	delete(m["parameters"].(map[string]any), "as_of")
	for _, f := range m["files"].([]any) {
		if f := f.(map[string]any); f["path"] == export.FileReport {
			delete(f, "sha256") // follows from the footer
		}
	}
	out, _ := json.Marshal(m)
	return out
}

// section returns the report's section with id, or "".
var codeElements = regexp.MustCompile(`(?s)<code>.*?</code>`)

func section(html, id string) string {
	start := strings.Index(html, `<section id="`+id+`">`)
	if start < 0 {
		return ""
	}
	end := strings.Index(html[start:], "</section>")
	if end < 0 {
		return ""
	}
	return html[start : start+end]
}

// countBounds reads a count as the pack writes it: a number, "<5", "≈25" or a range "20–34".
func countBounds(v string) (int, int) {
	v = strings.TrimPrefix(v, "≈")
	if v == "<5" {
		return 1, 4
	}
	if lo, hi, ok := strings.Cut(v, "–"); ok {
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		return a, b
	}
	n, _ := strconv.Atoi(v)
	return n, n
}

// columns indexes a table's header.
func columns(header []string) map[string]int {
	out := map[string]int{}
	for i, c := range header {
		out[c] = i
	}
	return out
}
