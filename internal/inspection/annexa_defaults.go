package inspection

import "strings"

// Annex A is the inspectorates' information request, made at notification (week 1). What it
// asks for is recorded in ../shared/domain/JTAI.md: child-level data from which inspectors
// choose children, the list of children relevant to the theme (about 30 for SYV), the case
// records of the children audited, and performance and management information showing how the
// partnership works together; each inspectorate asks the agencies it inspects. The domain notes
// give the week, not the day: each item is due by default at the end of its week (week 1 items
// 4 working days after the Monday notification, the audited children's records 9, the last
// working day of week 2), and the JTAI lead sets an item's own date and owner on the
// inspection (PATCH …/annex-a/{item}) or an admin the framework's template
// (PUT /api/v1/annex-a-templates/{framework}). Each inspectorate revises Annex A, so the list is
// data, copied into an inspection's checklist when the record is created.

// Due units of an Annex A item: working days after notification, or hours after the start of
// the notification day (NotificationHour, London time).
const (
	DueWorkingDays = "working_days"
	DueHours       = "hours"
)

// NotificationHour is the hour (London time) on the notification day from which Annex A
// items due in hours are counted.
const NotificationHour = 9

// Places-and-spaces sources: the placesafe data an item of placesafe's own evidence is filled from.
var fillSources = []string{"hotspots", "emerging_hotspots", "places", "interventions", "consultations", "evaluations"}

// TemplateItem is one Annex A item of a framework's template.
type TemplateItem struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description"`
	OwnerAgency string `json:"owner_agency"`
	Due         Due    `json:"due"`
	// FillsFrom names the placesafe data the item is filled from ("" for an item the
	// partnership supplies itself).
	FillsFrom string   `json:"fills_from"`
	Lines     []string `json:"lines"`
}

// Due is when an Annex A item is due, relative to notification.
type Due struct {
	Unit   string `json:"unit"`
	Amount int    `json:"amount"`
}

// Default due times: the end of week 1 and the end of week 2, in working days after the
// notification day.
const (
	endOfWeek1 = 4
	endOfWeek2 = 9
)

// commonAnnexA is what Annex A asks of every framework, before the performance information
// each agency supplies.
var commonAnnexA = []TemplateItem{
	{"child_level_data", "Child-level data",
		"Child-level data for the theme, from which inspectors choose the children whose experiences they track and whose cases are audited.",
		"childrens_social_care", Due{DueWorkingDays, endOfWeek1}, "", nil},
	{"children_list", "List of children relevant to the theme",
		"The list of children relevant to the inspection's theme (about 30 for serious youth violence), by pseudonymous case reference.",
		"childrens_social_care", Due{DueWorkingDays, endOfWeek1}, "", nil},
}

// auditedRecords closes every framework's Annex A: the case records of the children audited.
var auditedRecords = TemplateItem{"audited_case_records", "Case records and multi-agency audits of the selected children",
	"Case records of the 5 to 7 children selected by inspectors, with the partnership's multi-agency audit of each (week 2).",
	"partnership", Due{DueWorkingDays, endOfWeek2}, "", nil}

// performanceAgencies are the agencies asked for performance and management information under
// each framework: the statutory partners and education, with youth justice where the theme is
// violence or exploitation.
var performanceAgencies = map[string][]string{
	EarlyHelp:            {"childrens_social_care", "police", "health", "education"},
	CriminalExploitation: {"childrens_social_care", "police", "health", "education", "youth_justice"},
	FrontDoor:            {"childrens_social_care", "police", "health", "education"},
	SeriousYouthViolence: {"childrens_social_care", "police", "health", "education", "youth_justice"},
	DomesticAbuse:        {"childrens_social_care", "police", "health", "education"},
}

func performanceItem(agency string) TemplateItem {
	a := agency
	for _, ag := range Agencies {
		if ag.Key == agency {
			a = ag.Title
		}
	}
	return TemplateItem{"performance_information_" + agency, "Performance and management information: " + strings.ToLower(a[:1]) + a[1:],
		"Performance and management information showing how " + strings.ToLower(a[:1]) + a[1:] + " works with partners on the theme.",
		agency, Due{DueWorkingDays, endOfWeek1}, "", nil}
}

// placesAndSpacesAnnexA are placesafe's own items for the SYV places-and-spaces lines: the
// evidence a partnership shows for Q1–Q5, filled from placesafe's data.
var placesAndSpacesAnnexA = []TemplateItem{
	{"pas_hotspot_maps", "Hotspot maps and tables",
		"Hot spot (Getis–Ord Gi*) and emerging hot spot maps and tables, with the data sources, periods, categories and method: what partners knew when they decided where to intervene.",
		"vrp_vru", Due{DueWorkingDays, endOfWeek1}, "hotspots", []string{"pas_q1", "syv_intelligence"}},
	{"pas_places_register", "Places register",
		"The register of places and spaces of concern (parks, streets, shopping centres, transport hubs, areas around schools), with their owners.",
		"community_safety", Due{DueWorkingDays, endOfWeek1}, "places", []string{"pas_q1", "pas_q4"}},
	{"pas_interventions", "Interventions in places and spaces",
		"Each intervention's lead and partner agencies, method, aim, mechanism, places, period and what was delivered (sessions, hours, contacts with children).",
		"vrp_vru", Due{DueWorkingDays, endOfWeek1}, "interventions", []string{"pas_q2", "pas_q4", "syv_prevention"}},
	{"pas_consultations", "Consultations with children and communities",
		"Dated consultations with method, numbers and ages of children and adults, what they said and what changed as a result (\"you said, we did\").",
		"community_safety", Due{DueWorkingDays, endOfWeek1}, "consultations", []string{"pas_q3", "syv_engagement"}},
	{"pas_evaluations", "Evaluations of interventions",
		"Outcome evaluations: design, strength of evidence (Maryland scale), effect with its uncertainty, displacement or diffusion of benefits, cost and what was learned.",
		"vrp_vru", Due{DueWorkingDays, endOfWeek1}, "evaluations", []string{"pas_q5", "syv_oversight"}},
}

// DefaultTemplate returns the Annex A template placesafe seeds a framework with: the common
// items, each agency's performance information, the audited children's records and, for
// serious youth violence, placesafe's places-and-spaces evidence items as well.
func DefaultTemplate(framework string) []TemplateItem {
	out := append([]TemplateItem{}, commonAnnexA...)
	agencies, ok := performanceAgencies[framework]
	if !ok { // a framework an admin added: the statutory partners and education
		agencies = performanceAgencies[EarlyHelp]
	}
	for _, ag := range agencies {
		out = append(out, performanceItem(ag))
	}
	out = append(out, auditedRecords)
	if framework == SeriousYouthViolence {
		out = append(out, placesAndSpacesAnnexA...)
	}
	for i := range out {
		out[i].Lines = orEmpty(out[i].Lines)
	}
	return out
}
