package demo

import (
	"math"
	"time"
)

// world is the generator's fixed geography and calendar.
type world struct {
	start, end time.Time
	boundary   boundary
	places     []*placeSpec
	// coolingFrom is when detached youth work starts in the cooling park; emergingFrom
	// is when the emerging place starts to heat up; responseFrom is when partners
	// respond there.
	coolingFrom, emergingFrom, responseFrom time.Time
	// displacedFrom is when the dispersal order at the shopping centre starts moving
	// incidents into the streets round it; havensFrom is when safe havens open at the
	// transport hub, to no effect on its incidents.
	displacedFrom, havensFrom time.Time
}

// The dispersal order keeps this share of the shopping centre's incidents there and
// moves the rest to between displacedInner and displacedOuter metres from its outline,
// and at least displacedClearance metres nearer it than any other area.
const (
	keptShare          = 0.4
	displacedInner     = 150.0
	displacedOuter     = 450.0
	displacedClearance = 350.0
)

// newWorld lays out the borough for data in [start, end).
func newWorld(start, end time.Time) *world {
	return &world{
		start:         start,
		end:           end,
		boundary:      newBoundary(),
		places:        newPlaces(),
		coolingFrom:   end.AddDate(0, -18, 0),
		emergingFrom:  end.AddDate(0, -12, 0),
		responseFrom:  end.AddDate(0, -4, 0),
		displacedFrom: end.AddDate(0, -12, 0),
		havensFrom:    end.AddDate(0, -12, 0),
	}
}

// exportPlaces returns the places in WGS84.
func (w *world) exportPlaces() []Place {
	out := make([]Place, len(w.places))
	for i, p := range w.places {
		out[i] = p.export()
	}
	return out
}

// interventions lists the dated responses the activity plan carries out.
func (w *world) interventions() []Intervention {
	return []Intervention{
		{Name: "Detached youth work in Ashdown Park", Place: ashdownPark,
			ActivityType: "detached_youth_work", Partner: "youth_service", Start: w.coolingFrom},
		{Name: "Kestrel Fields patrol plan", Place: kestrel,
			ActivityType: "patrol", Partner: "police", Start: w.responseFrom},
		{Name: "Riverside Centre dispersal order", Place: riverside,
			ActivityType: "patrol", Partner: "police", Start: w.displacedFrom},
		{Name: "Safe havens at Northbridge Interchange", Place: interchange,
			ActivityType: "safe_haven", Partner: "transport_operator", Start: w.havensFrom},
	}
}

// place returns the place with the given name; it panics on a name the layout lacks,
// which only a programming error can cause.
func (w *world) place(name string) *placeSpec {
	for _, p := range w.places {
		if p.name == name {
			return p
		}
	}
	panic("demo: no place " + name)
}

// monthsSince is the number of (average) months from t0 to t, negative before t0.
func monthsSince(t0, t time.Time) float64 {
	return t.Sub(t0).Hours() / (24 * 30.44)
}

// dispersed reports whether p is the place the dispersal order covers and it is in
// force on day d.
func (w *world) dispersed(p *placeSpec, d day) bool {
	return p.name == riverside && !d.date.Before(w.displacedFrom)
}

// displacedOn is the relative weight on day d of the incidents the dispersal order
// moves out of the shopping centre; the centre (a steady place) keeps the rest (see
// weightOn), so the day's total is unchanged.
func (w *world) displacedOn(d day) float64 {
	p := w.place(riverside)
	if !w.dispersed(p, d) {
		return 0
	}
	return p.weight * (1 - keptShare)
}

// weightOn is the place's relative incident weight on day d. A cooling or emerging
// place changes only its own weight (with the total count fixed, the difference is
// spread thinly over every source and day); only the dispersal order moves incidents
// next door.
func (w *world) weightOn(p *placeSpec, d day) float64 {
	f := p.weight
	if w.dispersed(p, d) {
		f *= keptShare
	}
	switch p.trend {
	case cooling:
		if m := monthsSince(w.coolingFrom, d.date); m > 0 {
			f *= 0.35 + 0.65*math.Exp(-m/3)
		}
	case emerging:
		m := monthsSince(w.emergingFrom, d.date)
		f *= 0.15 + 0.85*math.Max(0, math.Min(1, m/3))
	}
	if p.kind == KindSchoolVicinity && (d.weekend() || d.holiday) {
		f *= 0.3
	}
	return f
}
