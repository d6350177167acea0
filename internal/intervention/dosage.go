package intervention

import (
	"slices"
	"time"
)

// Activity is one activity record as dosage needs it.
type Activity struct {
	StartedAt        time.Time
	Partner          string
	DurationMinutes  int64
	ContactsChildren int64
	Lat, Lng         float64
}

// Period is the span of an intervention: From inclusive, To exclusive; a zero To is open-ended.
type Period struct{ From, To time.Time }

// Contains reports whether t lies in the period.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.From) && (p.To.IsZero() || t.Before(p.To))
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
	for _, a := range acts {
		if !slices.Contains(partners, a.Partner) || !period.Contains(a.StartedAt) {
			continue
		}
		for _, s := range places {
			if s.Contains(a.Lat, a.Lng) {
				t.Sessions++
				t.Minutes += a.DurationMinutes
				t.ChildContacts += a.ContactsChildren
				break
			}
		}
	}
	return t
}

// Dosage is the activity dosage as the API shows it.
type Dosage struct {
	// From and To are the London dates counted, both inclusive; To is null while the
	// intervention has no end date (activity up to now counts).
	From string  `json:"from"`
	To   *string `json:"to"`
	// ActivityPartners are the activity `partner` values counted, from the agencies.
	ActivityPartners []string `json:"activity_partners"`
	Places           int      `json:"places"`
	Sessions         *int64   `json:"sessions"`
	Minutes          *int64   `json:"minutes"`
	ChildContacts    *int64   `json:"child_contacts"`
	// Suppressed is true when a number below the small-number threshold was withheld from a
	// role without record-level access (the number is then null, never zero).
	Suppressed bool `json:"suppressed"`
}

// newDosage shows totals, withholding from roles without record-level access (restricted) a
// session count, and with it the minutes and contacts, below threshold, and a child-contact
// count below threshold. Zero is shown: it is not a small number of anything.
func newDosage(t Totals, restricted bool, threshold int64) Dosage {
	d := Dosage{Sessions: &t.Sessions, Minutes: &t.Minutes, ChildContacts: &t.ChildContacts}
	if !restricted {
		return d
	}
	if t.Sessions > 0 && t.Sessions < threshold {
		d.Sessions, d.Minutes, d.ChildContacts, d.Suppressed = nil, nil, nil, true
	}
	if t.ChildContacts > 0 && t.ChildContacts < threshold {
		d.ChildContacts, d.Suppressed = nil, true
	}
	return d
}
