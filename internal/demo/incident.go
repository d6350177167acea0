package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/paulmach/orb"
)

// Incident is one generated incident, as written to the incident CSV.
type Incident struct {
	SourceRef string
	// OccurredAt is London time, truncated to the day or month when Precision says so.
	OccurredAt time.Time
	// Precision is exact, day or month.
	Precision      string
	Category       string
	VictimAgeBand  string
	SuspectAgeBand string // empty when the suspect is unknown
	Lat, Lng       float64
	Setting        string
	place          string // the place it clusters on or was displaced from; empty for the background
}

// Time precisions of incidents.
const (
	PrecisionExact = "exact"
	PrecisionDay   = "day"
	PrecisionMonth = "month"
)

// incidentStream and activityStream keep the two data sets on independent streams.
const (
	incidentStream = 0x6e6f72746862_01
	activityStream = 0x6e6f72746862_02
)

// incidents generates exactly n incidents in [w.start, w.end).
func (w *world) incidents(seed uint64, n int) ([]Incident, error) {
	r := rand.New(rand.NewPCG(seed, incidentStream))
	days := w.days()
	if len(days) == 0 {
		return nil, errors.New("demo: generate incidents: empty period")
	}
	// Sources are the places, then the ring the dispersal order displaces into, then the
	// background.
	np := len(w.places)
	ns := np + 2
	wts := make([]float64, len(days)*ns)
	cum := make([]float64, len(days))
	total := 0.0
	for i, d := range days {
		row := wts[i*ns : (i+1)*ns]
		for j, p := range w.places {
			row[j] = w.weightOn(p, d)
		}
		row[np] = w.displacedOn(d)
		row[np+1] = backgroundWeight
		sum := 0.0
		for _, v := range row {
			sum += v
		}
		total += sum * d.dayFactor()
		cum[i] = total
	}
	centre := w.place(riverside)
	out := make([]Incident, 0, n)
	for len(out) < n {
		i := min(sort.SearchFloat64s(cum, r.Float64()*total), len(days)-1)
		j := pick(r, wts[i*ns:(i+1)*ns])
		var p *placeSpec
		switch {
		case j < np:
			p = w.places[j]
		case j == np:
			p = centre
		}
		var kind Kind
		if p != nil {
			kind = p.kind // displaced incidents keep the centre's hours: the same people
		}
		h := hourWeights(kind, days[i])
		t, ok := w.localTime(days[i], pick(r, h[:]), r.IntN(60))
		if !ok {
			continue
		}
		out = append(out, w.incident(r, p, j == np, t))
	}
	w.addHomicides(r, out)
	for i := range out {
		out[i].Precision = w.fitPrecision(out[i].OccurredAt, out[i].Precision)
		out[i].OccurredAt = truncate(out[i].OccurredAt, out[i].Precision)
	}
	// Sorting on the written time keeps the file in the order a reader sees.
	slices.SortStableFunc(out, func(a, b Incident) int { return a.OccurredAt.Compare(b.OccurredAt) })
	for i := range out {
		out[i].SourceRef = ref("NB", i+1)
	}
	return out, nil
}

// incident fills in one incident at time t clustered on p (nil for the background), or,
// when displaced, in the ring round p that the dispersal order moves incidents into.
func (w *world) incident(r *rand.Rand, p *placeSpec, displaced bool, t time.Time) Incident {
	var q orb.Point
	for {
		switch {
		case p == nil:
			q = w.backgroundPoint(r)
		case displaced:
			q = w.displacedPoint(r, p)
		default:
			q = p.near(r)
		}
		if w.boundary.inside(q) {
			break
		}
	}
	setting, ok := w.settingAt(q)
	switch {
	case ok:
	case displaced:
		setting = choose(r, displacedSettings)
	default:
		setting = fallbackSetting(r, p)
	}
	ll := toLonLat(q)
	inc := Incident{
		OccurredAt:     t,
		Precision:      precision(r),
		Category:       category(r, setting),
		VictimAgeBand:  victimAge(r),
		SuspectAgeBand: suspectAge(r),
		Lat:            ll[1],
		Lng:            ll[0],
		Setting:        setting,
	}
	if p != nil {
		inc.place = p.name
	}
	return inc
}

// addHomicides turns a handful of violence with injury into homicides.
func (w *world) addHomicides(r *rand.Rand, out []Incident) {
	var cand []int
	for i, inc := range out {
		if inc.Category == "violence_with_injury" && inc.Setting != "school_vicinity" {
			cand = append(cand, i)
		}
	}
	k := len(out) / 5000
	if k == 0 && len(out) >= 1000 {
		k = 1
	}
	for ; k > 0 && len(cand) > 0; k-- {
		c := r.IntN(len(cand))
		out[cand[c]].Category = "homicide"
		out[cand[c]].Precision = PrecisionExact
		cand = slices.Delete(cand, c, c+1)
	}
}

// fitPrecision keeps a day or month precision only when that whole day or month lies
// within the period, so a truncated time never points outside it.
func (w *world) fitPrecision(t time.Time, precision string) string {
	y, m, d := t.Date()
	var from, to time.Time
	switch precision {
	case PrecisionDay:
		from = time.Date(y, m, d, 0, 0, 0, 0, t.Location())
		to = from.AddDate(0, 0, 1)
	case PrecisionMonth:
		from = time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
		to = from.AddDate(0, 1, 0)
	default:
		return precision
	}
	if from.Before(w.start) || to.After(w.end) {
		return PrecisionExact
	}
	return precision
}

// truncate reduces t to the start of its day or month as precision says.
func truncate(t time.Time, precision string) time.Time {
	y, m, d := t.Date()
	switch precision {
	case PrecisionDay:
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	case PrecisionMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	}
	return t
}

// ref formats a source reference such as NB-000001.
func ref(prefix string, n int) string { return fmt.Sprintf("%s-%06d", prefix, n) }
