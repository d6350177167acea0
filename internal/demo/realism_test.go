package demo

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// share is the fraction of xs for which keep is true.
func share[T any](xs []T, keep func(T) bool) float64 {
	n := 0
	for _, x := range xs {
		if keep(x) {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// exact returns the incidents whose time is known to the minute.
func exact(incs []Incident) []Incident {
	var out []Incident
	for _, inc := range incs {
		if inc.Precision == PrecisionExact {
			out = append(out, inc)
		}
	}
	return out
}

func TestIncidentTiming(t *testing.T) {
	b := mustDefault(t)
	ex := exact(b.Incidents)
	hours := func(lo, hi int) func(Incident) bool {
		return func(inc Incident) bool { h := inc.OccurredAt.Hour(); return h >= lo && h <= hi }
	}
	afterSchool, night := share(ex, hours(15, 22)), share(ex, hours(0, 6))
	friSat := share(ex, func(inc Incident) bool {
		wd := inc.OccurredAt.Weekday()
		return wd == time.Friday || wd == time.Saturday
	})
	months := func(ms ...time.Month) float64 {
		return share(b.Incidents, func(inc Incident) bool {
			for _, m := range ms {
				if inc.OccurredAt.Month() == m {
					return true
				}
			}
			return false
		})
	}
	clustered := share(b.Incidents, func(inc Incident) bool { return inc.place != "" })
	tests := []struct {
		name string
		ok   bool
		got  any
	}{
		{"most incidents fall 15:00–22:59", afterSchool > 0.5, afterSchool},
		{"15–22h far busier than 0–6h", afterSchool > 4*night, [2]float64{afterSchool, night}},
		{"Friday and Saturday heavier than 2/7", friSat > 2.0/7+0.04, friSat},
		{"summer busier than winter", months(6, 7, 8) > 1.1*months(12, 1, 2), [2]float64{months(6, 7, 8), months(12, 1, 2)}},
		{"about 70% clustered on places", clustered > 0.62 && clustered < 0.78, clustered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("got %v", tt.got)
			}
		})
	}
}

func TestHotPlaces(t *testing.T) {
	b := mustDefault(t)
	within := func(centre orb.Point) int {
		n := 0
		for _, inc := range b.Incidents {
			if geo.Distance(centre, orb.Point{inc.Lng, inc.Lat}) <= 300 {
				n++
			}
		}
		return n
	}
	background := within(toLonLat(orb.Point{1900, 400}))
	if background == 0 {
		t.Fatal("no background incidents near the reference location")
	}
	cool := within(placeCentre(t, b, hollinsWood))
	tests := []struct {
		name   string
		centre orb.Point
		over   int
		factor int
	}{
		{"transport hub beats background", placeCentre(t, b, interchange), background, 5},
		{"high street beats background", toLonLat(orb.Point{-500, 420}), background, 5},
		{"transport hub much hotter than a quiet wood", placeCentre(t, b, interchange), cool, 3},
		{"high street much hotter than a quiet wood", toLonLat(orb.Point{-500, 420}), cool, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := within(tt.centre); got < tt.factor*tt.over {
				t.Errorf("%d incidents within 300 m, want at least %d×%d", got, tt.factor, tt.over)
			}
		})
	}
}

// monthlyRates is how many of times fall in each month of the borough's span before split,
// and in each month from split on.
func monthlyRates(b *Borough, split time.Time, times []time.Time) (before, after float64) {
	for _, at := range times {
		if at.Before(split) {
			before++
		} else {
			after++
		}
	}
	return before / monthsSince(b.Start, split), after / monthsSince(split, b.End)
}

func TestPlaceTrends(t *testing.T) {
	b := mustDefault(t)
	w := newWorld(b.Start, b.End)
	tests := []struct {
		name      string
		place     string
		from      time.Time
		minFactor float64 // after/before monthly rate must exceed this
		maxFactor float64 // and stay below this
	}{
		{"cooling park falls after detached youth work starts", ashdownPark, w.coolingFrom, 0, 0.6},
		{"emerging park heats up in the last twelve months", kestrel, w.emergingFrom, 2.5, 100},
		{"transport hub stays hot", interchange, w.coolingFrom, 0.75, 1.35},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poly := placePolygon(t, b, tt.place)
			var times []time.Time
			for _, inc := range b.Incidents {
				if planar.PolygonContains(poly, orb.Point{inc.Lng, inc.Lat}) {
					times = append(times, inc.OccurredAt)
				}
			}
			before, after := monthlyRates(b, tt.from, times)
			if before == 0 || after/before <= tt.minFactor || after/before >= tt.maxFactor {
				t.Errorf("monthly rate before %.1f, after %.1f: ratio outside (%.2f, %.2f)",
					before, after, tt.minFactor, tt.maxFactor)
			}
		})
	}
}

func TestSettingsMatchPlaces(t *testing.T) {
	b := mustDefault(t)
	kinds := map[string]Kind{"park": KindPark, "transport": KindTransportHub,
		"shopping": KindShoppingCentre, "school_vicinity": KindSchoolVicinity}
	for setting, kind := range kinds {
		t.Run(setting, func(t *testing.T) {
			total, outside := 0, 0
			for _, inc := range b.Incidents {
				if inc.Setting != setting {
					continue
				}
				total++
				if !inPlaceOfKind(b, kind, orb.Point{inc.Lng, inc.Lat}) {
					outside++
				}
			}
			if total == 0 || outside*200 > total {
				t.Errorf("%d of %d incidents set in %s lie outside every %s", outside, total, setting, kind)
			}
		})
	}
}

func TestActivityFollowsInterventions(t *testing.T) {
	b := mustDefault(t)
	want := map[string]string{
		"Detached youth work in Ashdown Park":    ashdownPark,
		"Kestrel Fields patrol plan":             kestrel,
		"Riverside Centre dispersal order":       riverside,
		"Safe havens at Northbridge Interchange": interchange,
	}
	if len(b.Interventions) != len(want) {
		t.Errorf("%d interventions, want %d", len(b.Interventions), len(want))
	}
	for _, iv := range b.Interventions {
		t.Run(iv.Name, func(t *testing.T) {
			if want[iv.Name] != iv.Place {
				t.Errorf("place %q, want %q", iv.Place, want[iv.Name])
			}
			if !iv.Start.After(b.Start) || !iv.Start.Before(b.End) {
				t.Fatalf("start %v outside (%v, %v)", iv.Start, b.Start, b.End)
			}
			var times []time.Time
			for _, a := range b.Activities {
				if a.place == iv.Place && a.ActivityType == iv.ActivityType && a.Partner == iv.Partner {
					times = append(times, a.StartedAt)
				}
			}
			before, after := monthlyRates(b, iv.Start, times)
			if after < 2 || after < 5*before {
				t.Errorf("%s by %s per month: before %.1f, after %.1f; want a clear rise",
					iv.ActivityType, iv.Partner, before, after)
			}
		})
	}
	onPlaces := share(b.Activities, func(a Activity) bool { return a.place != "" })
	if onPlaces < 0.7 {
		t.Errorf("share of activity on places = %.2f, want at least 0.7", onPlaces)
	}
}

// placePolygon returns the polygon of the named place.
func placePolygon(t *testing.T, b *Borough, name string) orb.Polygon {
	t.Helper()
	for _, p := range b.Places {
		if poly, ok := p.Geometry.(orb.Polygon); ok && p.Name == name {
			return poly
		}
	}
	t.Fatalf("no polygon place %q", name)
	return nil
}

// placeCentre returns the centre of the named place's bounding box.
func placeCentre(t *testing.T, b *Borough, name string) orb.Point {
	t.Helper()
	return placePolygon(t, b, name).Bound().Center()
}

// inPlaceOfKind reports whether p lies in a polygon place of the kind.
func inPlaceOfKind(b *Borough, kind Kind, p orb.Point) bool {
	for _, pl := range b.Places {
		if poly, ok := pl.Geometry.(orb.Polygon); ok && pl.Kind == kind && planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}
