// Package activity reads files of intervention activity: patrols, youth work, outreach and
// the other things partners do in places, in the placesafe CSV and GeoJSON formats. It only
// parses: the import pipeline checks the study area, assigns H3 cells, de-duplicates and stores.
package activity

import (
	"strconv"

	"github.com/placesafe/placesafe/internal/record"
)

// Columns are the activity table columns that record.Row.Values holds, in order. Their Go
// types: string or nil, time.Time, int32, string, string, int32.
var Columns = []string{"source_ref", "started_at", "duration_minutes", "activity_type", "partner", "contacts_children"}

// The activity types.
const (
	Patrol              = "patrol"               // police or warden patrol
	DetachedYouthWork   = "detached_youth_work"  // youth workers meeting young people where they are
	Outreach            = "outreach"             // other outreach (health, substance misuse, voluntary sector)
	KnifeSweep          = "knife_sweep"          // search of an area for hidden weapons
	CCTVDeployment      = "cctv_deployment"      // temporary or redeployed CCTV
	SafeHaven           = "safe_haven"           // a place children can go to for safety
	EnvironmentalVisit  = "environmental_visit"  // lighting, clearing, repairs, design changes
	CommunityEngagement = "community_engagement" // meetings, events, street surgeries
	SchoolSession       = "school_session"       // a session for pupils about safety
	OtherActivity       = "other"
)

// Types lists the activity types.
var Types = []string{
	Patrol, DetachedYouthWork, Outreach, KnifeSweep, CCTVDeployment, SafeHaven,
	EnvironmentalVisit, CommunityEngagement, SchoolSession, OtherActivity,
}

// Limits on the numbers of a row.
const (
	MaxDurationMinutes = 1440 // one day
	MaxContacts        = 10000
	MaxPartnerLen      = 128
)

// activityRow turns a row of the CSV or GeoJSON format into a Row.
func activityRow(raw record.RawRow) (record.Row, error) {
	row := raw.Row()
	at, err := record.ParseTime(raw.Get("started_at"))
	if err != nil {
		return row, raw.Errorf("started_at", "%v", err)
	}
	if at.Form != record.TimeOfDay {
		return row, raw.Errorf("started_at", "%q has no time of day (YYYY-MM-DD HH:MM in London time, or RFC 3339)", raw.Get("started_at"))
	}
	duration, err := integer(raw, "duration_minutes", 1, MaxDurationMinutes)
	if err != nil {
		return row, err
	}
	typ, err := raw.Choice("activity_type", "an activity type", Types, false)
	if err != nil {
		return row, err
	}
	partner := raw.Get("partner")
	if partner == "" || len([]rune(partner)) > MaxPartnerLen {
		return row, raw.Errorf("partner", "required, at most %d characters", MaxPartnerLen)
	}
	contacts, err := integer(raw, "contacts_children", 0, MaxContacts)
	if err != nil {
		return row, err
	}
	var ref any
	if s := raw.Get("source_ref"); s != "" {
		ref = s
	}
	row.Values = []any{ref, at.Time, duration, typ, partner, contacts}
	return row, nil
}

// integer reads column col as a whole number from lo to hi.
func integer(raw record.RawRow, col string, lo, hi int32) (int32, error) {
	s := raw.Get(col)
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || int32(n) < lo || int32(n) > hi {
		return 0, raw.Errorf(col, "%q is not a whole number from %d to %d", s, lo, hi)
	}
	return int32(n), nil
}
