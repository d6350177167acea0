// Package inspection runs a Joint Targeted Area Inspection (JTAI) in placesafe, from the day
// a partnership starts preparing to the action plan after the letter: the frameworks and their
// lines of enquiry (versioned data), the inspection and its timetable in working days, the
// evidence library with quality assurance and gap analysis, the self-assessment, the Annex A
// checklist with dry runs, rolling practice audits, the case sample and its audits, people and
// meetings, the fieldwork schedule and log, factual-accuracy comments, and the letter's findings
// with the action plan. The facts it rests on are in ../shared/domain/JTAI.md of the project;
// the working-day calendar is the calendar subpackage.
package inspection

import (
	"slices"
	"time"
)

// Framework keys of the five JTAI frameworks current as of October 2024 (shipped as data by
// the migrations; an admin adds others).
const (
	EarlyHelp            = "early_help"
	CriminalExploitation = "criminal_exploitation"
	FrontDoor            = "front_door"
	SeriousYouthViolence = "serious_youth_violence"
	DomesticAbuse        = "domestic_abuse"
)

// Framework is one version of a JTAI theme: its lines of enquiry, inspectorates and age scope.
type Framework struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
	FrameworkScope
	// NotificationDay is the weekday notifications fall on ("Monday" for every current framework).
	NotificationDay string `json:"notification_day"`
	// WrittenStatementDays is the default number of working days after publication by which a
	// written statement of proposed action is due, with its basis.
	WrittenStatementDays  int    `json:"written_statement_days"`
	WrittenStatementBasis string `json:"written_statement_basis"`
	// LineCount is the number of its lines of enquiry; Lines are the lines themselves, answered
	// beside the framework (GET /api/v1/frameworks/{key}).
	LineCount int       `json:"lines"`
	Lines     []Line    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// FrameworkScope is what an admin sets a framework's version to cover: its title, the
// inspectorates that inspect under it and the ages of the children it concerns.
type FrameworkScope struct {
	Title string `json:"title"`
	// Inspectorates are the keys of Inspectorates that inspect under the framework.
	Inspectorates     []string `json:"inspectorates"`
	InspectoratesNote string   `json:"inspectorates_note"`
	// MinAge and MaxAge bound a child's age at notification in the case sample: the SYV
	// framework concerns children aged 10 and over. CareLeaverMaxAge, when not 0, admits care
	// leavers up to that age where the framework's lines name them.
	MinAge           int    `json:"min_age"`
	MaxAge           int    `json:"max_age"`
	CareLeaverMaxAge int    `json:"care_leaver_max_age"`
	AgeNote          string `json:"age_note"`
}

// Inspectorate is one of the inspectorates that carry out JTAIs.
type Inspectorate named

// named is a party placesafe knows by a key, with its title.
type named = struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// keysOf lists the keys of parties.
func keysOf[T ~named](parties []T) []string {
	out := make([]string, len(parties))
	for i, p := range parties {
		out[i] = named(p).Key
	}
	return out
}

// Inspectorates are the inspectorates a framework may name.
var Inspectorates = []Inspectorate{
	{"ofsted", "Ofsted"},
	{"cqc", "Care Quality Commission"},
	{"hmicfrs", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"},
	{"hmip", "His Majesty's Inspectorate of Probation"},
}

func validInspectorate(key string) bool { return slices.Contains(keysOf(Inspectorates), key) }

// Agency is an organisation that owns evidence, an Annex A item or an action, or is involved
// with a child. The keys are those of the interventions register, with probation and the
// safeguarding partnership as a whole added.
type Agency named

// Agencies lists every agency key placesafe accepts.
var Agencies = []Agency{
	{"police", "Police"},
	{"childrens_social_care", "Children's social care"},
	{"education", "Education"},
	{"youth_justice", "Youth justice service"},
	{"health", "Health"},
	{"community_safety", "Community safety"},
	{"vrp_vru", "Violence Reduction Partnership or Unit"},
	{"voluntary_sector", "Voluntary and community sector"},
	{"probation", "Probation"},
	{"transport_operator", "Transport operator"},
	{"business_landowner", "Business or landowner"},
	{"partnership", "Safeguarding partnership (multi-agency)"},
}

// ValidAgency reports whether key is one of Agencies.
func ValidAgency(key string) bool { return slices.Contains(agencyKeys(), key) }

func agencyKeys() []string { return keysOf(Agencies) }
