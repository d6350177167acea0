package demo

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/placesafe/placesafe/internal/record"
)

var (
	allowedCategories = []string{"violence_with_injury", "violence_without_injury", "robbery",
		"possession_of_weapons", "sexual_offence", "homicide"}
	allowedAgeBands   = []string{"0-9", "10-13", "14-17", "18-24", "25+", "unknown"}
	allowedSettings   = []string{"street", "park", "transport", "shopping", "school_vicinity", "residential", "other"}
	allowedActivities = []string{"patrol", "detached_youth_work", "outreach", "knife_sweep", "cctv_deployment",
		"safe_haven", "environmental_visit", "community_engagement", "school_session", "other"}
	allowedPartners = []string{"police", "youth_service", "community_safety", "vrp", "voluntary_sector",
		"transport_operator", "education"}
)

func TestWriteIncidentsCSV(t *testing.T) {
	b := mustDefault(t)
	loc := record.London()
	rows := mustCSV(t, IncidentHeader, func(w *bytes.Buffer) error { return b.WriteIncidentsCSV(w) })
	if len(rows) != DefaultIncidents {
		t.Fatalf("%d rows, want %d", len(rows), DefaultIncidents)
	}
	precisions := map[string]int{}
	homicides := 0
	var prev time.Time
	for i, row := range rows {
		if want := ref("NB", i+1); row[0] != want {
			t.Fatalf("row %d: source_ref %q, want %q", i+1, row[0], want)
		}
		precisions[row[2]]++
		from, to := parsePeriod(t, row[1], row[2], loc)
		if from.Before(b.Start) || to.After(b.End) {
			t.Errorf("%s: %s (%s) outside [%v, %v)", row[0], row[1], row[2], b.Start, b.End)
		}
		if from.Before(prev) {
			t.Errorf("%s: %s comes after a later time", row[0], row[1])
		}
		prev = from
		if row[3] == "homicide" {
			homicides++
		}
		checkIn(t, row[0], "category", row[3], allowedCategories)
		checkIn(t, row[0], "victim_age_band", row[4], allowedAgeBands)
		if row[5] != "" {
			checkIn(t, row[0], "suspect_age_band", row[5], allowedAgeBands)
		}
		checkInside(t, b, row[0], row[6], row[7])
		checkIn(t, row[0], "setting", row[8], allowedSettings)
		if row[9] != "" {
			t.Errorf("%s: harm_weight %q, want blank", row[0], row[9])
		}
	}
	shares := []struct {
		precision string
		low, high float64
	}{{PrecisionExact, 0.82, 0.88}, {PrecisionDay, 0.08, 0.12}, {PrecisionMonth, 0.035, 0.065}}
	for _, s := range shares {
		if got := float64(precisions[s.precision]) / float64(len(rows)); got < s.low || got > s.high {
			t.Errorf("share of %s precision = %.3f, want %.3f..%.3f", s.precision, got, s.low, s.high)
		}
	}
	if homicides < 1 || homicides > 8 {
		t.Errorf("%d homicides, want a handful", homicides)
	}
}

func TestWriteActivityCSV(t *testing.T) {
	b := mustDefault(t)
	loc := record.London()
	rows := mustCSV(t, ActivityHeader, func(w *bytes.Buffer) error { return b.WriteActivityCSV(w) })
	if len(rows) < 5000 || len(rows) > 8000 {
		t.Errorf("%d activity rows, want 5000..8000", len(rows))
	}
	for i, row := range rows {
		if want := ref("NBA", i+1); row[0] != want {
			t.Fatalf("row %d: source_ref %q, want %q", i+1, row[0], want)
		}
		from, _ := parsePeriod(t, row[1], PrecisionExact, loc)
		if from.Before(b.Start) || !from.Before(b.End) {
			t.Errorf("%s: %s outside [%v, %v)", row[0], row[1], b.Start, b.End)
		}
		checkRange(t, row[0], "duration_minutes", row[2], 30, 240)
		checkIn(t, row[0], "activity_type", row[3], allowedActivities)
		checkIn(t, row[0], "partner", row[4], allowedPartners)
		checkInside(t, b, row[0], row[5], row[6])
		checkRange(t, row[0], "contacts_children", row[7], 0, 40)
	}
}

// parsePeriod parses a local time as written for precision and returns the span it
// stands for. A time that does not survive a round trip (one in the spring-forward
// gap, which Go moves by an hour) fails the test.
func parsePeriod(t *testing.T, s, precision string, loc *time.Location) (time.Time, time.Time) {
	t.Helper()
	layout, step := LayoutExact, func(x time.Time) time.Time { return x.Add(time.Minute) }
	switch precision {
	case PrecisionDay:
		layout, step = LayoutDay, func(x time.Time) time.Time { return x.AddDate(0, 0, 1) }
	case PrecisionMonth:
		layout, step = LayoutMonth, func(x time.Time) time.Time { return x.AddDate(0, 1, 0) }
	case PrecisionExact:
	default:
		t.Fatalf("unknown precision %q", precision)
	}
	x, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		t.Fatalf("parse %q as %s: %v", s, precision, err)
	}
	if back := x.Format(layout); back != s {
		t.Fatalf("%q is not a valid London time (reads back as %q)", s, back)
	}
	return x, step(x)
}

// checkIn fails the test when v is not one of allowed.
func checkIn(t *testing.T, ref, column, v string, allowed []string) {
	t.Helper()
	if !slices.Contains(allowed, v) {
		t.Errorf("%s: %s %q not allowed", ref, column, v)
	}
}

// checkRange fails the test when v is not an integer in [lo, hi].
func checkRange(t *testing.T, ref, column, v string, lo, hi int) {
	t.Helper()
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		t.Errorf("%s: %s %q not an integer in %d..%d", ref, column, v, lo, hi)
	}
}

// checkInside fails the test unless lat, lng have six decimals and lie strictly inside
// the boundary (planar.PolygonContains counts the boundary itself as inside, so the
// point must also not be a vertex or on an edge).
func checkInside(t *testing.T, b *Borough, ref, lat, lng string) {
	t.Helper()
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil || len(lat)-bytes.IndexByte([]byte(lat), '.') != 7 || len(lng)-bytes.IndexByte([]byte(lng), '.') != 7 {
		t.Fatalf("%s: bad coordinates %q, %q", ref, lat, lng)
	}
	p := orb.Point{x, y}
	if !planar.PolygonContains(b.Boundary, p) || onRing(b.Boundary[0], p) {
		t.Errorf("%s: %v not strictly inside the boundary", ref, p)
	}
}

// onRing reports whether p lies on an edge of r.
func onRing(r orb.Ring, p orb.Point) bool {
	for i := 1; i < len(r); i++ {
		if segDist2(r[i-1], r[i], p) == 0 {
			return true
		}
	}
	return false
}
