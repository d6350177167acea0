// Package inspection runs a Joint Targeted Area Inspection (JTAI) in placesafe: the
// inspection and its timetable in working days, the lines of enquiry of each framework, the
// evidence library with quality assurance and gap analysis, the self-assessment, the Annex A
// checklist, the case sample and its audits, and the letter's findings with the action plan.
// The facts it rests on are in ../shared/domain/JTAI.md of the project; the working-day
// calendar is the calendar subpackage.
package inspection

import "slices"

// Framework keys: the five JTAI frameworks current as of October 2024.
const (
	EarlyHelp            = "early_help"
	CriminalExploitation = "criminal_exploitation"
	FrontDoor            = "front_door"
	SeriousYouthViolence = "serious_youth_violence"
	DomesticAbuse        = "domestic_abuse"
)

// Framework is one JTAI theme.
type Framework struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	// MinAge and MaxAge bound a child's age at notification in the case sample: the SYV
	// framework concerns children aged 10 and over.
	MinAge int `json:"min_age"`
	MaxAge int `json:"max_age"`
	// NotificationDay is the weekday notifications fall on for the framework ("Monday" for
	// every current framework; older inspections used a Tuesday).
	NotificationDay string `json:"notification_day"`
}

// Frameworks lists the five current frameworks in the order the inspectorates number them.
var Frameworks = []Framework{
	{EarlyHelp, "The multi-agency response to children and families who need help (early help)", 0, 17, "Monday"},
	{CriminalExploitation, "The multi-agency response to the criminal exploitation of children", 0, 17, "Monday"},
	{FrontDoor, "The multi-agency response to identification of initial need and risk (front door)", 0, 17, "Monday"},
	{SeriousYouthViolence, "The multi-agency response to serious youth violence", 10, 17, "Monday"},
	{DomesticAbuse, "The multi-agency response to children who are victims of domestic abuse", 0, 17, "Monday"},
}

// FrameworkByKey returns the framework with key, and whether there is one.
func FrameworkByKey(key string) (Framework, bool) {
	i := slices.IndexFunc(Frameworks, func(f Framework) bool { return f.Key == key })
	if i < 0 {
		return Framework{}, false
	}
	return Frameworks[i], true
}

func frameworkKeys() []string {
	out := make([]string, len(Frameworks))
	for i, f := range Frameworks {
		out[i] = f.Key
	}
	return out
}

// Agency is an organisation that owns evidence, an Annex A item or an action, or is involved
// with a child. The keys are those of the interventions register, with probation and the
// safeguarding partnership as a whole added.
type Agency struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

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
func ValidAgency(key string) bool {
	return slices.ContainsFunc(Agencies, func(a Agency) bool { return a.Key == key })
}

func agencyKeys() []string {
	out := make([]string, len(Agencies))
	for i, a := range Agencies {
		out[i] = a.Key
	}
	return out
}
