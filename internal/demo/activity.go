package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// Activity is one generated partner activity, as written to the activity CSV.
type Activity struct {
	SourceRef        string
	StartedAt        time.Time // London time
	DurationMinutes  int
	ActivityType     string
	Partner          string
	Lat, Lng         float64
	ContactsChildren int
	place            string // empty for borough-wide activity
}

// programme is a recurring kind of activity at one place, or borough-wide.
type programme struct {
	place              string // empty for borough-wide
	activity, partner  string
	perWeek            float64
	from               time.Time // zero: the whole period
	ramp               bool      // builds up over two months from `from`
	schoolDays         bool      // term-time weekdays only
	hours              [2]int    // first and last start hour
	duration, contacts [2]int
}

// programmes is the partnership's activity plan: steady patrols at the hotspots, and
// responses that start with the interventions.
func (w *world) programmes() []programme {
	vrpFrom := w.end.AddDate(0, -24, 0)
	ps := []programme{
		{place: interchange, activity: "patrol", partner: "police", perWeek: 5, hours: [2]int{14, 22}, duration: [2]int{60, 180}, contacts: [2]int{0, 10}},
		{place: interchange, activity: "patrol", partner: "transport_operator", perWeek: 3.5, hours: [2]int{7, 22}, duration: [2]int{60, 240}, contacts: [2]int{0, 8}},
		{place: interchange, activity: "knife_sweep", partner: "police", perWeek: 0.5, hours: [2]int{9, 16}, duration: [2]int{30, 90}},
		{place: interchange, activity: "outreach", partner: "vrp", perWeek: 1, from: vrpFrom, ramp: true, hours: [2]int{15, 20}, duration: [2]int{60, 180}, contacts: [2]int{3, 20}},
		{place: highStreet, activity: "patrol", partner: "police", perWeek: 5.6, hours: [2]int{12, 22}, duration: [2]int{60, 180}, contacts: [2]int{0, 10}},
		{place: highStreet, activity: "cctv_deployment", partner: "community_safety", perWeek: 1, hours: [2]int{9, 17}, duration: [2]int{120, 240}},
		{place: highStreet, activity: "outreach", partner: "vrp", perWeek: 1, from: vrpFrom, ramp: true, hours: [2]int{15, 20}, duration: [2]int{60, 180}, contacts: [2]int{3, 20}},
		{place: ashdownPark, activity: "detached_youth_work", partner: "youth_service", perWeek: 0.3, hours: [2]int{16, 20}, duration: [2]int{90, 180}, contacts: [2]int{5, 30}},
		{place: ashdownPark, activity: "detached_youth_work", partner: "youth_service", perWeek: 4, from: w.coolingFrom, ramp: true, hours: [2]int{15, 20}, duration: [2]int{90, 180}, contacts: [2]int{5, 40}},
		{place: ashdownPark, activity: "outreach", partner: "voluntary_sector", perWeek: 2, from: w.coolingFrom, ramp: true, hours: [2]int{15, 20}, duration: [2]int{60, 150}, contacts: [2]int{2, 20}},
		{place: ashdownPark, activity: "knife_sweep", partner: "police", perWeek: 0.5, hours: [2]int{9, 15}, duration: [2]int{30, 90}},
		{place: millbrook, activity: "knife_sweep", partner: "police", perWeek: 0.5, hours: [2]int{9, 15}, duration: [2]int{30, 90}},
		{place: riverside, activity: "safe_haven", partner: "voluntary_sector", perWeek: 3, hours: [2]int{15, 17}, duration: [2]int{120, 240}, contacts: [2]int{0, 15}},
		{place: riverside, activity: "patrol", partner: "police", perWeek: 4, from: w.displacedFrom, hours: [2]int{14, 21}, duration: [2]int{60, 180}, contacts: [2]int{0, 15}},
		{place: interchange, activity: "safe_haven", partner: "transport_operator", perWeek: 4, from: w.havensFrom, ramp: true, hours: [2]int{15, 18}, duration: [2]int{120, 240}, contacts: [2]int{0, 15}},
		{place: kestrel, activity: "patrol", partner: "police", perWeek: 4, from: w.responseFrom, ramp: true, hours: [2]int{15, 22}, duration: [2]int{60, 180}, contacts: [2]int{0, 12}},
		{place: kestrel, activity: "detached_youth_work", partner: "youth_service", perWeek: 2, from: w.responseFrom, ramp: true, hours: [2]int{16, 20}, duration: [2]int{90, 180}, contacts: [2]int{5, 30}},
		{place: canalRoad, activity: "patrol", partner: "police", perWeek: 1.5, hours: [2]int{14, 22}, duration: [2]int{60, 120}, contacts: [2]int{0, 8}},
		{activity: "patrol", partner: "police", perWeek: 7, hours: [2]int{8, 23}, duration: [2]int{60, 240}, contacts: [2]int{0, 10}},
		{activity: "community_engagement", partner: "community_safety", perWeek: 1, hours: [2]int{10, 19}, duration: [2]int{60, 180}, contacts: [2]int{5, 30}},
		{activity: "other", partner: "voluntary_sector", perWeek: 1, hours: [2]int{10, 19}, duration: [2]int{60, 180}, contacts: [2]int{0, 25}},
	}
	for _, school := range []string{fairholme, stAidans} {
		ps = append(ps,
			programme{place: school, activity: "school_session", partner: "education", perWeek: 2, schoolDays: true, hours: [2]int{9, 14}, duration: [2]int{45, 120}, contacts: [2]int{15, 40}},
			programme{place: school, activity: "patrol", partner: "police", perWeek: 2, schoolDays: true, hours: [2]int{15, 15}, duration: [2]int{30, 90}, contacts: [2]int{0, 15}},
		)
	}
	for _, park := range []string{ashdownPark, millbrook, kestrel, hollinsWood} {
		ps = append(ps, programme{place: park, activity: "environmental_visit", partner: "community_safety", perWeek: 0.5, hours: [2]int{8, 15}, duration: [2]int{30, 120}})
	}
	return ps
}

// activities generates the activity plan over [w.start, w.end).
func (w *world) activities(seed uint64) []Activity {
	r := rand.New(rand.NewPCG(seed, activityStream))
	days := w.days()
	var out []Activity
	for _, pr := range w.programmes() {
		var p *placeSpec
		if pr.place != "" {
			p = w.place(pr.place)
		}
		for _, d := range days {
			for range poisson(r, pr.rateOn(d)) {
				if a, ok := w.activity(r, pr, p, d); ok {
					out = append(out, a)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Activity) int { return a.StartedAt.Compare(b.StartedAt) })
	for i := range out {
		out[i].SourceRef = ref("NBA", i+1)
	}
	return out
}

// rateOn is the expected number of sessions of the programme on day d.
func (pr programme) rateOn(d day) float64 {
	if !pr.from.IsZero() && d.date.Before(pr.from) {
		return 0
	}
	rate := pr.perWeek / 7
	if pr.schoolDays {
		if d.weekend() || d.holiday {
			return 0
		}
		rate = pr.perWeek / 5
	}
	if pr.ramp && !pr.from.IsZero() {
		rate *= math.Min(1, 0.3+0.35*monthsSince(pr.from, d.date))
	}
	return rate
}

// activity draws one session of the programme on day d, or false when its start time
// falls in a clock change gap or outside the period.
func (w *world) activity(r *rand.Rand, pr programme, p *placeSpec, d day) (Activity, bool) {
	hh := pr.hours[0] + r.IntN(pr.hours[1]-pr.hours[0]+1)
	t, ok := w.localTime(d, hh, 15*r.IntN(4))
	if !ok {
		return Activity{}, false
	}
	var q orb.Point
	for {
		if p == nil {
			q = w.backgroundPoint(r)
		} else {
			q = p.within(r)
		}
		if w.boundary.inside(q) {
			break
		}
	}
	ll := toLonLat(q)
	a := Activity{
		StartedAt:        t,
		DurationMinutes:  pr.duration[0] + 5*r.IntN((pr.duration[1]-pr.duration[0])/5+1),
		ActivityType:     pr.activity,
		Partner:          pr.partner,
		Lat:              ll[1],
		Lng:              ll[0],
		ContactsChildren: pr.contacts[0] + r.IntN(pr.contacts[1]-pr.contacts[0]+1),
	}
	if p != nil {
		a.place = p.name
	}
	return a, true
}
