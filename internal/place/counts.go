package place

import (
	"strconv"
	"time"

	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Count is one published number with its key (a month, a category, an hour).
type Count struct {
	Key string `json:"key,omitempty"`
	disclosure.Count
}

// IncidentProfile describes the incidents linked to a place.
type IncidentProfile struct {
	Total   Count   `json:"total"`
	Monthly []Count `json:"monthly"`
	// Breakdowns are for roles with record-level access only. Hour of day counts records whose
	// time is known to the hour (exact or hour precision), day of week those known to the day.
	Category     []Count `json:"by_category,omitempty"`
	AgeBand      []Count `json:"by_age_band,omitempty"`
	Hour         []Count `json:"by_hour,omitempty"`
	Weekday      []Count `json:"by_weekday,omitempty"`
	TimedRecords *int64  `json:"timed_records,omitempty"`
	DatedRecords *int64  `json:"dated_records,omitempty"`
}

// ActivityMonth is one month of activity dosage.
type ActivityMonth struct {
	Month         string `json:"month"`
	Sessions      Count  `json:"sessions"`
	Minutes       *int64 `json:"minutes"`        // record-level roles only
	ChildContacts *int64 `json:"child_contacts"` // record-level roles only
}

// Dosage is the intervention activity delivered at a place.
type Dosage struct {
	Sessions      Count           `json:"sessions"`
	Minutes       *int64          `json:"minutes"`
	ChildContacts *int64          `json:"child_contacts"`
	Monthly       []ActivityMonth `json:"monthly"`
}

// months lists the calendar months from the one of from to the one of to.
func months(from, to time.Time) []string {
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, record.London()); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, record.Month(m))
	}
	return out
}

// byLocalArea is a month's records split by the local area they were placed in (see
// area.AtomColumn).
type byLocalArea map[int64]int64

// atoms is the month's published tally: one area atom of the disclosure rule for each local
// area. A place on a boundary thus publishes, in a deployment of several local areas, the sum
// of its parts in each, so that narrowing a request to one local area takes away published
// atoms and never reveals the exact records on the other side.
func (b byLocalArea) atoms(v disclosure.Viewer) disclosure.Tally {
	var t disclosure.Tally
	for _, n := range b {
		t = t.Add(v.AreaAtom(n))
	}
	return t
}

// monthAreas holds records by month and local area.
type monthAreas map[string]byLocalArea

func (m monthAreas) add(month string, localArea, n int64) {
	if m[month] == nil {
		m[month] = byLocalArea{}
	}
	m[month][localArea] += n
}

// publish turns per-month counts into a published monthly series and total: each (place,
// month, local area) is an area atom of the disclosure rule, and the total is the sum of the
// published months, so that two nested periods differ by published months only.
func publish(v disclosure.Viewer, monthly monthAreas, monthKeys []string) ([]Count, Count) {
	out := make([]Count, 0, len(monthKeys))
	var total disclosure.Tally
	for _, m := range monthKeys {
		t := monthly[m].atoms(v)
		total = total.Add(t)
		out = append(out, Count{Key: m, Count: v.Publish(t)})
	}
	return out, Count{Count: v.Publish(total)}
}

// areaMonth is a month number and a local area (see byLocalArea).
type areaMonth struct {
	month     int32
	localArea int64
}

// areaMonths holds, for each area of a summary or comparison, its incidents by month number and
// local area.
type areaMonths []map[areaMonth]int64

func newAreaMonths(n int) areaMonths {
	m := make(areaMonths, n)
	for i := range m {
		m[i] = map[areaMonth]int64{}
	}
	return m
}

// publish publishes area i's total over the period: each (area, month, local area) is an area
// atom of the disclosure rule, and the total is the sum of the published atoms.
func (m areaMonths) publish(v disclosure.Viewer, i int) disclosure.Count {
	var t disclosure.Tally
	for _, n := range m[i] {
		t = t.Add(v.AreaAtom(n))
	}
	return v.Publish(t)
}

// incidentTally accumulates linked incidents.
type incidentTally struct {
	total             int64
	monthly           monthAreas
	category, ageBand map[string]int64
	hour, weekday     map[int]int64
	timed, dated      int64
	noAge             int64 // records that give no age at all
}

func newIncidentTally() *incidentTally {
	return &incidentTally{monthly: monthAreas{}, category: map[string]int64{}, ageBand: map[string]int64{},
		hour: map[int]int64{}, weekday: map[int]int64{}}
}

// add counts one incident.
func (t *incidentTally) add(at time.Time, localArea int64, precision, category string, ageBand *string) {
	t.total++
	t.monthly.add(record.Month(at), localArea, 1)
	t.category[category]++
	band := "unknown"
	if ageBand != nil && *ageBand != "" {
		band = *ageBand
	}
	t.ageBand[band]++
	local := at.In(record.London())
	if precision == incident.PrecisionExact || precision == incident.PrecisionHour {
		t.hour[local.Hour()]++
		t.timed++
	}
	if precision != incident.PrecisionMonth {
		t.weekday[(int(local.Weekday())+6)%7]++ // Monday first
		t.dated++
	}
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// profile publishes the tally over the months of the period.
func (t *incidentTally) profile(v disclosure.Viewer, monthKeys []string) IncidentProfile {
	var out IncidentProfile
	out.Monthly, out.Total = publish(v, t.monthly, monthKeys)
	if v.Protected() {
		return out
	}
	out.Category = keyed(v, incident.Categories, t.category)
	out.AgeBand = keyed(v, incident.AgeBands, t.ageBand)
	for h := range 24 {
		out.Hour = append(out.Hour, Count{Key: strconv.Itoa(h), Count: v.Publish(v.Exact(t.hour[h]))})
	}
	for d, name := range weekdays {
		out.Weekday = append(out.Weekday, Count{Key: name, Count: v.Publish(v.Exact(t.weekday[d]))})
	}
	out.TimedRecords, out.DatedRecords = &t.timed, &t.dated
	return out
}

// keyed lists counts for every key in order, zeros included, then any other key found. It is
// for record-level viewers only (breakdowns are not published to others).
func keyed(v disclosure.Viewer, keys []string, got map[string]int64) []Count {
	out := make([]Count, 0, len(keys))
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
		out = append(out, Count{Key: k, Count: v.Publish(v.Exact(got[k]))})
	}
	for k, n := range got {
		if !seen[k] {
			out = append(out, Count{Key: k, Count: v.Publish(v.Exact(n))})
		}
	}
	return out
}

// activityTally accumulates linked activity records.
type activityTally struct {
	sessions          monthAreas
	minutes, contacts map[string]int64 // by month
	total             int64
}

func newActivityTally() *activityTally {
	return &activityTally{sessions: monthAreas{}, minutes: map[string]int64{}, contacts: map[string]int64{}}
}

func (t *activityTally) add(at time.Time, localArea, minutes, contacts int64) {
	m := record.Month(at)
	t.total++
	t.sessions.add(m, localArea, 1)
	t.minutes[m] += minutes
	t.contacts[m] += contacts
}

// dosage publishes the tally: sessions by the disclosure rule; minutes and child contacts
// only to record-level roles (the map does not show them to others either).
func (t *activityTally) dosage(v disclosure.Viewer, monthKeys []string) Dosage {
	out := Dosage{Monthly: make([]ActivityMonth, 0, len(monthKeys))}
	sessions, total := publish(v, t.sessions, monthKeys)
	out.Sessions = total
	var minutes, contacts int64
	for i, m := range monthKeys {
		c := sessions[i]
		c.Key = "" // the month says it
		am := ActivityMonth{Month: m, Sessions: c}
		if !v.Protected() {
			mins, n := t.minutes[m], t.contacts[m]
			am.Minutes, am.ChildContacts = &mins, &n
			minutes += mins
			contacts += n
		}
		out.Monthly = append(out.Monthly, am)
	}
	if !v.Protected() {
		out.Minutes, out.ChildContacts = &minutes, &contacts
	}
	return out
}
