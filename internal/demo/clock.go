package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// day is one local calendar day of the period.
type day struct {
	date    time.Time // local midnight (London never changes its clocks at midnight)
	holiday bool      // an approximate English school holiday
}

// days lists the local days that overlap [w.start, w.end).
func (w *world) days() []day {
	loc := w.start.Location()
	y, m, dd := w.start.Date()
	var out []day
	for d := time.Date(y, m, dd, 0, 0, 0, 0, loc); d.Before(w.end); d = d.AddDate(0, 0, 1) {
		out = append(out, day{date: d, holiday: schoolHoliday(d)})
	}
	return out
}

// weekend reports whether d is a Saturday or Sunday.
func (d day) weekend() bool {
	wd := d.date.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// dayFactor is the relative incident rate of d: Friday and Saturday heavier, summer higher.
func (d day) dayFactor() float64 {
	dow := [7]float64{0.9, 0.85, 0.85, 0.9, 0.95, 1.3, 1.35} // Sunday first
	season := 1 + 0.15*math.Cos(2*math.Pi*float64(d.date.YearDay()-196)/365.25)
	return dow[d.date.Weekday()] * season
}

// schoolHoliday approximates English school holidays well enough for a demo.
func schoolHoliday(t time.Time) bool {
	d := t.Day()
	switch t.Month() {
	case time.August:
		return true
	case time.July:
		return d >= 22
	case time.September:
		return d <= 3
	case time.December:
		return d >= 20
	case time.January:
		return d <= 3
	case time.February:
		return d >= 14 && d <= 20
	case time.April:
		return d <= 14
	case time.May:
		return d >= 26
	case time.October:
		return d >= 24
	}
	return false
}

// Hourly incident profiles, midnight first.
var (
	generalHours = [24]float64{2, 1.5, 1, 0.6, 0.4, 0.4, 0.6, 1.2, 2, 1.5, 1.5, 2,
		2.8, 3, 3.5, 6.5, 7.5, 7.5, 7, 7, 6.5, 6, 4.5, 3}
	schoolHours = [24]float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 1, 4, 1, 0.8, 1,
		2, 1.5, 2, 14, 10, 4, 2, 1.5, 1, 0.6, 0.3, 0.1}
	shoppingHours = [24]float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 1, 2, 2.5,
		3.5, 3.5, 4, 6, 7.5, 7, 5.5, 4, 2, 1, 0.5, 0.3}
	transportHours = [24]float64{2, 1.2, 0.6, 0.4, 0.4, 0.6, 1.2, 3, 3.5, 1.5, 1.5, 2,
		2.5, 2.8, 3.5, 8, 9, 8.5, 7, 6.5, 6, 6, 5.5, 4}
)

// hourWeights is the hourly profile for incidents of the given kind ("" for the
// background) on day d.
func hourWeights(kind Kind, d day) [24]float64 {
	free := d.weekend() || d.holiday
	var h [24]float64
	switch {
	case kind == KindSchoolVicinity && !free:
		return schoolHours
	case kind == KindShoppingCentre:
		h = shoppingHours
	case kind == KindTransportHub:
		h = transportHours
	default:
		h = generalHours
	}
	if free {
		h[8] *= 0.5
		h[15] *= 0.8
		for i := 11; i <= 15; i++ {
			h[i] *= 1.4
		}
	}
	switch d.date.Weekday() {
	case time.Friday, time.Saturday:
		for i := 20; i <= 23; i++ {
			h[i] *= 1.6
		}
	}
	switch d.date.Weekday() {
	case time.Saturday, time.Sunday:
		h[0] *= 1.8
		h[1] *= 1.8
		h[2] *= 1.5
	}
	return h
}

// localTime builds hh:mm on day d, or reports false when that wall-clock time does not
// exist (the spring-forward gap) or falls outside [w.start, w.end).
func (w *world) localTime(d day, hh, mm int) (time.Time, bool) {
	y, m, dd := d.date.Date()
	t := time.Date(y, m, dd, hh, mm, 0, 0, d.date.Location())
	if t.Hour() != hh || t.Minute() != mm || t.Day() != dd {
		return time.Time{}, false
	}
	return t, !t.Before(w.start) && t.Before(w.end)
}

// pick returns an index drawn with probability proportional to weights.
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, v := range weights {
		total += v
	}
	u := r.Float64() * total
	for i, v := range weights {
		if u < v {
			return i
		}
		u -= v
	}
	return len(weights) - 1
}

// poisson draws from a Poisson distribution with small mean lambda (Knuth).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
