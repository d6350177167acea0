package place

import (
	"strconv"
	"time"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Count is one published number: N is nil when it is suppressed.
type Count struct {
	Key        string `json:"key,omitempty"`
	N          *int64 `json:"count"`
	Suppressed bool   `json:"suppressed"`
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
	Minutes       *int64 `json:"minutes"`        // nil when the month's sessions are suppressed
	ChildContacts *int64 `json:"child_contacts"` // record-level roles only
}

// Dosage is the intervention activity delivered at a place.
type Dosage struct {
	Sessions      Count           `json:"sessions"`
	Minutes       *int64          `json:"minutes"`
	ChildContacts *int64          `json:"child_contacts"`
	Monthly       []ActivityMonth `json:"monthly"`
}

// monthKey is the Europe/London calendar month of t, as "2006-01".
func monthKey(t time.Time) string { return t.In(record.London()).Format("2006-01") }

// months lists the calendar months from the one of from to the one of to.
func months(from, to time.Time) []string {
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, record.London()); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// publisher applies small-number suppression for roles without record-level access: a
// published total is the sum of the month groups of at least the threshold, so that the
// difference between two nested periods (whole months for these roles) is itself such a sum,
// zero or at least the threshold; a number with records but published below the threshold is
// suppressed, never shown as zero.
type publisher struct {
	restricted bool
	threshold  int64
}

// month publishes one month's raw count n.
func (pb publisher) month(key string, n int64) (Count, int64) {
	if !pb.restricted || n == 0 || n >= pb.threshold {
		return Count{Key: key, N: &n}, n
	}
	return Count{Key: key, Suppressed: true}, 0
}

// total publishes a total: raw records, pub of them in published months.
func (pb publisher) total(raw, pub int64) Count {
	if !pb.restricted {
		return Count{N: &raw}
	}
	if raw > 0 && pub < pb.threshold {
		return Count{Suppressed: true}
	}
	return Count{N: &pub}
}

// incidentTally accumulates linked incidents.
type incidentTally struct {
	total             int64
	monthly           map[string]int64
	category, ageBand map[string]int64
	hour, weekday     map[int]int64
	timed, dated      int64
}

func newIncidentTally() *incidentTally {
	return &incidentTally{monthly: map[string]int64{}, category: map[string]int64{}, ageBand: map[string]int64{},
		hour: map[int]int64{}, weekday: map[int]int64{}}
}

// add counts one incident.
func (t *incidentTally) add(at time.Time, precision, category string, ageBand *string) {
	t.total++
	t.monthly[monthKey(at)]++
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
func (t *incidentTally) profile(pb publisher, monthKeys []string) IncidentProfile {
	out := IncidentProfile{Monthly: make([]Count, 0, len(monthKeys))}
	var pub int64
	for _, m := range monthKeys {
		c, p := pb.month(m, t.monthly[m])
		out.Monthly = append(out.Monthly, c)
		pub += p
	}
	out.Total = pb.total(t.total, pub)
	if pb.restricted {
		return out
	}
	out.Category = keyed(incident.Categories, t.category)
	out.AgeBand = keyed(incident.AgeBands, t.ageBand)
	for h := range 24 {
		n := t.hour[h]
		out.Hour = append(out.Hour, Count{Key: strconv.Itoa(h), N: &n})
	}
	for d, name := range weekdays {
		n := t.weekday[d]
		out.Weekday = append(out.Weekday, Count{Key: name, N: &n})
	}
	out.TimedRecords, out.DatedRecords = &t.timed, &t.dated
	return out
}

// keyed lists counts for every key in order, zeros included, then any other key found.
func keyed(keys []string, got map[string]int64) []Count {
	out := make([]Count, 0, len(keys))
	seen := map[string]bool{}
	for _, k := range keys {
		n := got[k]
		seen[k] = true
		out = append(out, Count{Key: k, N: &n})
	}
	for k, n := range got {
		if !seen[k] {
			n := n
			out = append(out, Count{Key: k, N: &n})
		}
	}
	return out
}

// activityTally accumulates linked activity records.
type activityTally struct {
	sessions, minutes, contacts map[string]int64 // by month
	total                       int64
}

func newActivityTally() *activityTally {
	return &activityTally{sessions: map[string]int64{}, minutes: map[string]int64{}, contacts: map[string]int64{}}
}

func (t *activityTally) add(at time.Time, minutes, contacts int64) {
	m := monthKey(at)
	t.total++
	t.sessions[m]++
	t.minutes[m] += minutes
	t.contacts[m] += contacts
}

// dosage publishes the tally: minutes only for published months, child contacts only to
// record-level roles (as the map shows them).
func (t *activityTally) dosage(pb publisher, monthKeys []string) Dosage {
	out := Dosage{Monthly: make([]ActivityMonth, 0, len(monthKeys))}
	var pub, minutes, contacts int64
	for _, m := range monthKeys {
		c, p := pb.month(m, t.sessions[m])
		c.Key = "" // the month says it
		am := ActivityMonth{Month: m, Sessions: c}
		if c.N != nil {
			mins := t.minutes[m]
			am.Minutes = &mins
			if p > 0 || !pb.restricted {
				minutes += mins
			}
		}
		if !pb.restricted {
			n := t.contacts[m]
			am.ChildContacts = &n
			contacts += n
		}
		out.Monthly = append(out.Monthly, am)
		pub += p
	}
	out.Sessions = pb.total(t.total, pub)
	if out.Sessions.N != nil {
		out.Minutes = &minutes
	}
	if !pb.restricted {
		out.ChildContacts = &contacts
	}
	return out
}
