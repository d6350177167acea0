package ogc

import (
	"net/url"
	"testing"
	"time"
)

func TestParseDatetime(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	endOf := func(s string) time.Time { return day(s).Add(24*time.Hour - time.Nanosecond) }
	for _, c := range []struct {
		name, in string
		from, to time.Time
		bad      bool
	}{
		{"a date is that whole day", "2025-11-03", day("2025-11-03"), endOf("2025-11-03"), false},
		{"an interval of dates includes its last day", "2025-11-01/2026-10-31", day("2025-11-01"), endOf("2026-10-31"), false},
		{"an open start", "../2026-10-31", time.Time{}, endOf("2026-10-31"), false},
		{"an open end", "2025-11-01/..", day("2025-11-01"), time.Time{}, false},
		{"date-times", "2025-11-01T10:00:00Z/2025-11-01T12:00:00Z", day("2025-11-01").Add(10 * time.Hour), day("2025-11-01").Add(12 * time.Hour), false},
		{"an end before the start", "2026-01-01/2025-01-01", time.Time{}, time.Time{}, true},
		{"not a date", "last tuesday", time.Time{}, time.Time{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			from, to, err := parseDatetime(c.in)
			if (err != nil) != c.bad {
				t.Fatalf("error %v, want an error: %v", err, c.bad)
			}
			if !c.bad && (!from.Equal(c.from) || !to.Equal(c.to)) {
				t.Errorf("%s → %v / %v, want %v / %v", c.in, from, to, c.from, c.to)
			}
		})
	}
}

func TestParseItems(t *testing.T) {
	col := &Collection{ID: "hotspots", Temporal: true, Params: []string{"res"}}
	places := &Collection{ID: "places"}
	for _, c := range []struct {
		name  string
		col   *Collection
		query string
		bad   bool
	}{
		{"defaults", col, "", false},
		{"a 2D bbox", col, "bbox=-1.6,52.9,-1.4,53.1", false},
		{"a 3D bbox (heights ignored)", col, "bbox=-1.6,52.9,0,-1.4,53.1,100", false},
		{"three numbers", col, "bbox=-1.6,52.9,-1.4", true},
		{"latitudes upside down", col, "bbox=-1.6,53.1,-1.4,52.9", true},
		{"the collection's own parameter", col, "res=8", false},
		{"an unknown parameter", col, "colour=red", true},
		{"limit past the largest", col, "limit=10001", true},
		{"a negative offset", col, "offset=-1", true},
		{"another CRS", col, "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/27700", true},
		{"datetime on a collection without time", places, "datetime=2025-01-01", true},
		{"an unknown encoding", col, "f=xml", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, _ := url.ParseQuery(c.query)
			iq, err := parseItems(q, c.col, false)
			if (err != nil) != c.bad {
				t.Fatalf("%s: error %v, want an error: %v", c.query, err, c.bad)
			}
			if c.query == "" && (iq.limit != DefaultLimit || iq.offset != 0 || iq.bbox != nil) {
				t.Errorf("defaults: %+v", iq)
			}
		})
	}
}

func TestFeatureInInterval(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	running := Feature{HasTime: true, Start: d("2025-03-01"), End: d("2025-06-30")}
	open := Feature{HasTime: true, Start: d("2025-03-01")}
	for _, c := range []struct {
		name     string
		f        Feature
		from, to time.Time
		want     bool
	}{
		{"overlapping", running, d("2025-06-01"), d("2025-12-31"), true},
		{"after it ended", running, d("2025-07-01"), d("2025-12-31"), false},
		{"before it started", running, d("2024-01-01"), d("2025-02-28"), false},
		{"still running", open, d("2030-01-01"), time.Time{}, true},
		{"no time of its own", Feature{}, d("1990-01-01"), d("1990-12-31"), true},
	} {
		if got := c.f.inInterval(c.from, c.to); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
