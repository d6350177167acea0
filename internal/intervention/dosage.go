package intervention

import (
	"slices"
	"time"

	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/record"
)

// Activity is one activity record as dosage needs it.
type Activity struct {
	StartedAt        time.Time
	Partner          string
	DurationMinutes  int64
	ContactsChildren int64
	Lat, Lng         float64
	LocalArea        int64 // the local area it was placed in, 0 for none
}

// Period is the span of an intervention: From inclusive, To exclusive; a zero To is open-ended.
type Period struct{ From, To time.Time }

// Contains reports whether t lies in the period.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.From) && (p.To.IsZero() || t.Before(p.To))
}

// wholeMonths widens the period to the calendar months it touches (London time).
func (p Period) wholeMonths() Period {
	l := record.London()
	f := p.From.In(l)
	out := Period{From: time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, l)}
	if !p.To.IsZero() {
		last := p.To.Add(-time.Nanosecond).In(l)
		out.To = time.Date(last.Year(), last.Month()+1, 1, 0, 0, 0, 0, l)
	}
	return out
}

// Totals is the dosage of an intervention: how much activity delivered it.
type Totals struct {
	Sessions      int64
	Minutes       int64
	ChildContacts int64
}

// CountDosage adds up the activity records that belong to an intervention: recorded by one of
// partners (activity `partner` values, see ActivityPartners), started within the period, and
// lying in at least one of the places (each record counts once however many places hold it).
func CountDosage(places []Shape, partners []string, period Period, acts []Activity) Totals {
	var t Totals
	for _, m := range DosageByMonth(places, partners, period, acts) {
		t.Sessions, t.Minutes, t.ChildContacts = t.Sessions+m.Sessions, t.Minutes+m.Minutes, t.ChildContacts+m.ChildContacts
	}
	return t
}

// MonthArea is an atom of dosage for the disclosure rule: a London calendar month ("2006-01")
// of one local area's activity, so that an intervention astride a boundary publishes one atom
// per side and narrowing a request to one area takes away whole atoms.
type MonthArea struct {
	Month     string
	LocalArea int64
}

// DosageByMonth is CountDosage by London calendar month and local area.
func DosageByMonth(places []Shape, partners []string, period Period, acts []Activity) map[MonthArea]Totals {
	out := map[MonthArea]Totals{}
	for _, a := range acts {
		if !slices.Contains(partners, a.Partner) || !period.Contains(a.StartedAt) {
			continue
		}
		for _, s := range places {
			if s.Contains(a.Lat, a.Lng) {
				m := MonthArea{record.Month(a.StartedAt), a.LocalArea}
				t := out[m]
				t.Sessions++
				t.Minutes += a.DurationMinutes
				t.ChildContacts += a.ContactsChildren
				out[m] = t
				break
			}
		}
	}
	return out
}

// Dosage is the activity dosage as the API shows it.
type Dosage struct {
	// From and To are the London dates counted, both inclusive; To is null while the
	// intervention has no end date (activity up to now counts). For roles without
	// record-level access they are widened to whole calendar months.
	From string  `json:"from"`
	To   *string `json:"to"`
	// ActivityPartners are the activity `partner` values counted, from the agencies.
	ActivityPartners []string         `json:"activity_partners"`
	Places           int              `json:"places"`
	Sessions         disclosure.Count `json:"sessions"`
	// Minutes and ChildContacts are for roles with record-level access only.
	Minutes       *int64 `json:"minutes"`
	ChildContacts *int64 `json:"child_contacts"`
	Definition    string `json:"definition"`
}

// newDosage publishes monthly totals to viewer v: sessions as the sum of (intervention, month,
// local area) atoms by the disclosure rule; minutes and contacts only to record-level viewers.
func newDosage(months map[MonthArea]Totals, v disclosure.Viewer) Dosage {
	var sessions disclosure.Tally
	var minutes, contacts int64
	for _, m := range months {
		sessions = sessions.Add(v.AreaAtom(m.Sessions))
		minutes, contacts = minutes+m.Minutes, contacts+m.ChildContacts
	}
	d := Dosage{Sessions: v.Publish(sessions)}
	if !v.Protected() {
		d.Minutes, d.ChildContacts = &minutes, &contacts
	}
	return d
}
