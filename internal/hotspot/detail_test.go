package hotspot_test

import (
	"net/http"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

func TestEmergingHotspotsOnTheDemo(t *testing.T) {
	e := demoServer(t)
	fc := e.layer(t, "analyst", "/api/v1/hotspots/emerging?res=9&k=1&bin=month")
	if n := fc.Meta["slices"].(float64); n != 36 {
		t.Errorf("%v monthly slices over three years, want 36", n)
	}
	cat := map[string]string{}
	for _, f := range fc.Features {
		cat[f.Properties.Cell] = f.Properties.Category
		if f.Properties.Slices != 36 {
			t.Fatalf("feature slices %d, want 36", f.Properties.Slices)
		}
	}
	// The interchange is hot all along (a steady weight in the generator): a category of the
	// "hot in at least 90% of slices including the last" family, whatever its trend (the
	// displaced incidents round the Riverside Centre nearby can tilt it).
	switch got := cat[cellOf(t, centroid(e.place(t, "Northbridge Interchange").Geometry), 9)]; got {
	case "persistent_hot_spot", "intensifying_hot_spot", "diminishing_hot_spot":
	default:
		t.Errorf("interchange is %q, want a persistent, intensifying or diminishing hot spot", got)
	}
	for cell, c := range cat {
		cc, _ := geo.ParseCell(cell)
		far := true
		for _, p := range e.borough.Places {
			if metres(geo.CellPoint(cc), p.Geometry) < 800 {
				far = false
				break
			}
		}
		if far && c != "no_pattern" {
			t.Errorf("background cell %s is %q, want no_pattern", cell, c)
		}
	}
	// Part-filled quarters at either end are left out: the data runs Nov 2023 to Oct 2026,
	// so whole quarters are 2024 Q1 to 2026 Q3.
	q := e.layer(t, "analyst", "/api/v1/hotspots/emerging?res=8&bin=quarter")
	if q.Meta["from"] != "2024-01-01" || q.Meta["to"] != "2026-09-30" || q.Meta["slices"].(float64) != 11 {
		t.Errorf("quarter slices %v from %v to %v, want 11 from 2024-01-01 to 2026-09-30", q.Meta["slices"], q.Meta["from"], q.Meta["to"])
	}
}

func TestCellDetail(t *testing.T) {
	e := demoServer(t)
	cell := cellOf(t, centroid(e.place(t, "Riverside Centre").Geometry), 9)
	rec := e.get(t, "analyst", "/api/v1/cells/"+cell+"?from=2025-11-01&to=2026-10-31")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET cell = %d %s", rec.Code, rec.Body)
	}
	var d hotspot.CellDetail
	servertest.Decode(t, rec, &d)
	if len(d.Monthly) != 12 || d.Monthly[0].Key != "2025-11" || d.Monthly[11].Key != "2026-10" {
		t.Fatalf("monthly series %d months from %s, want the 12 months Nov 2025 to Oct 2026", len(d.Monthly), d.Monthly[0].Key)
	}
	sum := func(cs []hotspot.Count) (n int64) {
		for _, c := range cs {
			n += *c.N
		}
		return n
	}
	total := *d.Total.N
	if total == 0 || sum(d.Monthly) != total || sum(d.Category) != total || sum(d.AgeBand) != total {
		t.Errorf("total %d; monthly %d, categories %d, age bands %d: all must agree", total, sum(d.Monthly), sum(d.Category), sum(d.AgeBand))
	}
	if len(d.Hour) != 24 || len(d.Weekday) != 7 || sum(d.Hour) != *d.TimedRecords || sum(d.Weekday) != *d.DatedRecords {
		t.Errorf("hours %d (sum %d of %d timed), weekdays %d (sum %d of %d dated)", len(d.Hour), sum(d.Hour), *d.TimedRecords,
			len(d.Weekday), sum(d.Weekday), *d.DatedRecords)
	}
	if *d.TimedRecords >= total || *d.DatedRecords > total || *d.TimedRecords > *d.DatedRecords {
		t.Errorf("timed %d, dated %d of %d: day- and month-precision records must be left out of the hour pattern",
			*d.TimedRecords, *d.DatedRecords, total)
	}

	// A partner sees the series with small months suppressed, and no breakdowns.
	rec = e.get(t, "partner", "/api/v1/cells/"+cell)
	var p hotspot.CellDetail
	servertest.Decode(t, rec, &p)
	if p.Category != nil || p.Hour != nil || p.Note == "" {
		t.Errorf("partner got breakdowns %v %v", p.Category, p.Hour)
	}
	for _, m := range p.Monthly {
		if m.N != nil && *m.N > 0 && *m.N < 5 {
			t.Errorf("partner sees %d in %s", *m.N, m.Key)
		}
	}
}
