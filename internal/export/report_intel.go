package export

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/label"
)

// hotspotSummary sums up the hot spot layer: cells by bin, and the incidents in the hot spot
// cells as published for the role (a range where some cell's count is a range).
type hotspotSummary struct {
	cells, hot, cold int
	byBin            map[int]int
	hotLow, hotHigh  int64
}

// hotIncidents is the number of incidents in the hot spot cells as the role reads it.
func (s hotspotSummary) hotIncidents() string {
	if s.hotLow == s.hotHigh {
		return fmt.Sprint(s.hotLow)
	}
	return fmt.Sprintf("%d–%d", s.hotLow, s.hotHigh)
}

func (b *build) summariseHotspots() hotspotSummary {
	s := hotspotSummary{byBin: map[int]int{}}
	for _, c := range b.hotspots.Cells {
		s.cells++
		s.byBin[c.GiBin]++
		switch {
		case c.GiBin > 0:
			s.hot++
		case c.GiBin < 0:
			s.cold++
		}
		if c.GiBin <= 0 {
			continue
		}
		lo, hi := c.Count.Low, c.Count.High
		if !b.hotspots.Protected { // exact counts (record-level roles)
			var n int64
			if c.Count.N != nil {
				n = *c.Count.N
			}
			lo, hi = n, n
		}
		s.hotLow, s.hotHigh = s.hotLow+lo, s.hotHigh+hi
	}
	return s
}

// placesOfCell maps each hot spot cell to the places that cover it (from the place profiles).
func (b *build) placesOfCell() map[string][]string {
	out := map[string][]string{}
	for _, r := range b.places {
		if r.profile == nil {
			continue
		}
		for _, c := range r.profile.Cells {
			out[c.Cell] = append(out[c.Cell], r.place.Name)
		}
	}
	return out
}

// q1 answers: what information and intelligence partners use.
func (b *build) q1() (template.HTML, template.HTML) {
	var a, w htmlw
	inc, act := b.spans["incidents"], b.spans["activity"]
	files := map[string]int{}
	for _, s := range b.sources {
		files[s.Kind]++
	}
	if inc.empty() {
		a.f("<p>No incident records are held, so placesafe has no intelligence on where serious youth violence happens in this area. Import police or local authority extracts to answer this question from data.</p>")
	} else {
		s := b.summariseHotspots()
		a.f("<p>The partnership's intelligence on places rests on %v of incident records, from %v to %v, and %v of intervention activity records",
			tally(files["incidents"], "landed file", "landed files"), inc.From, inc.To, tally(files["activity"], "file", "files"))
		if !act.empty() {
			a.f(", from %v to %v", act.From, act.To)
		}
		a.f(". Over the last 12 whole months of data (%v to %v), Getis–Ord Gi* found %v and %v among the %v covering the study area",
			b.hotPeriod.From, b.hotPeriod.To, tally(s.hot, "hot spot cell", "hot spot cells"), tally(s.cold, "cold spot cell", "cold spot cells"),
			tally(s.cells, "cell", "cells"))
		a.f("; the hot spot cells hold %v incidents", countHTML(s.hotIncidents()))
		if b.viewer.Protected() {
			a.f(" (as published: small groups are shown as ranges)")
		}
		a.f(".</p>")
		if s := b.scopeStatement(); s != "" {
			a.f("<p>%v</p>", s)
		}
	}

	w.f("<h3>Data sources and periods</h3>")
	if len(b.sources) == 0 {
		w.f("<p>No landed imports are recorded.</p>")
	} else {
		var rows [][]any
		for _, s := range b.sources {
			landed := ""
			if s.FinishedAt != nil {
				landed = s.FinishedAt.UTC().Format("2006-01-02")
			}
			rows = append(rows, []any{s.ImportID, s.Kind, s.Format, s.Filename, landed})
		}
		w.table([]string{"import", "kind", "format", "file", "landed"}, rows)
	}
	area := "no study area is set"
	if b.area != nil {
		area = "the study area " + b.area.Name
	}
	w.f("<p>Method: Getis–Ord Gi* (as ArcGIS Pro and PySAL compute it) on the H3 cells of resolution %v (about 0.1 km²) covering %v, each cell's neighbourhood its %v ring of neighbours with uniform weights, confidence bins corrected for the false discovery rate. Emerging hot spots: Mann–Kendall trends of monthly Gi* from %v to %v. The layers are in <code>layers/hotspots.geojson</code> and <code>layers/emerging-hotspots.geojson</code>, the tables in <code>csv/hotspots.csv</code> and <code>csv/emerging_hotspots.csv</code>.</p>",
		CellRes, area, NeighbourRings, b.emPeriod.From, b.emPeriod.To)
	if _, ok := b.files["maps/hotspots.png"]; ok {
		w.f(`<figure><img src="%v" alt="Map of Gi* hot spot cells, the study area and the places register"><figcaption>Hot spot cells, %v to %v, with the places register outlined and numbered by id.</figcaption></figure>`,
			b.embedded("maps/hotspots.png"), b.hotPeriod.From, b.hotPeriod.To)
	}
	b.topCells(&w)
	b.emergingSummary(&w)
	b.savedAnalyses(&w)
	return a.html(), w.html()
}

// topCells lists the ten hottest cells with the places over them.
func (b *build) topCells(w *htmlw) {
	type hot struct {
		cell  string
		z     float64
		bin   int64
		count any
	}
	var cells []hot
	for _, r := range b.table("hotspots").rows {
		if r[6].(int64) > 0 {
			cells = append(cells, hot{r[0].(string), r[4].(float64), r[6].(int64), r[1]})
		}
	}
	sort.SliceStable(cells, func(i, j int) bool { return cells[i].z > cells[j].z })
	w.f("<h3>Hottest cells</h3>")
	if len(cells) == 0 {
		w.f("<p>No cell is a hot spot at 90%% confidence or more in this period.</p>")
		return
	}
	in := b.placesOfCell()
	var rows [][]any
	for _, c := range cells[:min(10, len(cells))] {
		places := strings.Join(in[c.cell], ", ")
		if places == "" {
			places = "no registered place"
		}
		rows = append(rows, []any{c.cell, countHTML(c.count), fmt.Sprintf("%.2f", c.z), binWords[int(c.bin)], places})
	}
	w.table([]string{"cell", "incidents", "Gi* z", "bin", "places"}, rows)
}

// emergingSummary counts the cells of each emerging hot spot category.
func (b *build) emergingSummary(w *htmlw) {
	w.f("<h3>Emerging hot spots</h3>")
	by := map[string]int{}
	for _, c := range b.emerging.Cells {
		by[string(c.Category)]++
	}
	if len(b.emerging.Cells) == 0 {
		w.f("<p>No emerging hot spot analysis could be made (see the notes).</p>")
		return
	}
	var rows [][]any
	for _, c := range geo.EmergingCategories() {
		if n := by[string(c)]; n > 0 && c != geo.NoPattern {
			rows = append(rows, []any{label.Of(string(c)), tally(n, "cell", "cells")})
		}
	}
	if len(rows) == 0 {
		w.f("<p>No cell shows a pattern over time: every cell is \"no pattern\".</p>")
		return
	}
	w.f("<p>Cells by category over %v to %v (monthly slices); the others show no pattern.</p>", b.emPeriod.From, b.emPeriod.To)
	w.table([]string{"category", "cells"}, rows)
}

// savedAnalyses lists the saved analyses this role may read, and the interventions resting on them.
func (b *build) savedAnalyses(w *htmlw) {
	w.f("<h3>Saved analyses behind decisions</h3>")
	if len(b.analyses) == 0 {
		w.f("<p>No saved analyses are recorded for this role: no intervention can show the intelligence it rested on as it was at the time.</p>")
		return
	}
	var rows [][]any
	linked := 0
	for _, an := range b.analyses {
		var users []string
		for _, it := range b.interventions {
			for _, id := range it.Analyses {
				if id == an.ID {
					users = append(users, it.Title)
				}
			}
		}
		if len(users) > 0 {
			linked++
		}
		params := []string{}
		for _, k := range []string{"from", "to", "res", "k", "bin"} {
			if v, ok := an.Params[k]; ok {
				params = append(params, fmt.Sprintf("%s %v", k, v))
			}
		}
		rested := strings.Join(users, "; ")
		if rested == "" {
			rested = "none"
		}
		rows = append(rows, []any{an.ID, an.Title, an.Kind, strings.Join(params, ", "), joinInts(an.DataVersion.Imports),
			an.CreatedAt.UTC().Format("2006-01-02"), rested})
	}
	w.f("<p>%v saved and %v cited by interventions. Each holds the map exactly as it was when saved, with the imports it covered.</p>",
		tally(len(b.analyses), "analysis is", "analyses are"), tally(linked, "is", "are"))
	w.table([]string{"id", "title", "kind", "parameters", "imports", "saved", "interventions resting on it"}, rows)
}
