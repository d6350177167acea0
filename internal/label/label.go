// Package label turns the codes the API stores (childrens_social_care, dispersal_order_pspo,
// not_started) into the words a reader sees. The dashboard reads the same table from
// GET /api/v1/labels and the evidence pack writes it, so a code reads the same everywhere.
package label

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/placesafe/placesafe/internal/activity"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/place"
)

// words are the labels that turning underscores into spaces would get wrong.
var words = map[string]string{
	"childrens_social_care":              "Children's social care",
	"vrp_vru":                            "Violence reduction partnership",
	"business_landowner":                 "Business or landowner",
	"environmental_design":               "Crime prevention through environmental design",
	"vrp_lead":                           "VRP lead",
	"cctv_lighting":                      "CCTV and street lighting",
	"cctv_deployment":                    "CCTV deployment",
	"dispersal_order_pspo":               "Dispersal order or public spaces protection order",
	"problem_oriented_policing":          "Problem-oriented policing (SARA: scan, analyse, respond, assess)",
	"detached_outreach_youth_work":       "Detached and outreach youth work",
	"guardianship_safe_havens":           "Guardianship and safe havens",
	"contextual_safeguarding_assessment": "Contextual safeguarding location assessment",
	"education_in_school":                "Education in school",
	"hotspot_patrols":                    "Hot spot patrols",
	"anti_social_behaviour":              "Anti-social behaviour",
	"criminal_damage_arson":              "Criminal damage and arson",
	"violence_and_sexual":                "Violence and sexual offences",
	"school_vicinity":                    "Near a school",
	"transport_hub":                      "Transport hub",
	"shopping_centre":                    "Shopping centre",
	"0-9":                                "0 to 9",
	"10-13":                              "10 to 13",
	"14-17":                              "14 to 17",
	"18-24":                              "18 to 24",
	"25+":                                "25 and over",
	"spoc":                               "Single point of contact (SPOC)",
	"dcs":                                "Director of children's services",
	"jtai_coordinator":                   "JTAI coordinator",
	"rag":                                "RAG rating",
	"area_for_priority_action":           "Area for priority action",
	"work_with_children":                 "Work with children",
	"places_and_spaces":                  "Places and spaces",
	"focus":                              "Focus of the framework",
	"serious_youth_violence":             "Serious youth violence",
	"early_help":                         "Early help",
	"criminal_exploitation":              "Criminal exploitation",
	"front_door":                         "The front door",
	"domestic_abuse":                     "Domestic abuse",
	"quality_assured":                    "Quality-assured",
	"strategic":                          "Strategic response",
	"ofsted":                             "Ofsted",
	"cqc":                                "CQC",
	"hmicfrs":                            "HMICFRS",
	"hmip":                               "HMI Probation",
	"syv":                                "Serious youth violence scope (children)",
	"all":                                "All ages",
}

// Groups are the enumerations of the API, each code with its label.
func Groups() map[string]map[string]string {
	groups := map[string][]string{
		"incident_category":   incident.Categories,
		"victim_age_band":     incident.AgeBands,
		"setting":             incident.Settings,
		"activity_type":       activity.Types,
		"agency":              intervention.AgencyList,
		"methodology":         intervention.Methodologies,
		"intervention_status": intervention.Statuses,
		"review_status":       intervention.ReviewStates,
		"consultation_method": consultation.Methods,
		"place_kind":          place.Kinds,
		"role":                auth.Roles,
		"framework":           {"early_help", "criminal_exploitation", "front_door", "serious_youth_violence", "domestic_abuse"},
		"inspection_status":   inspection.Statuses,
		"annex_a_status":      inspection.AnnexAStatuses,
		"evidence_qa":         inspection.QAStatuses,
		"finding_kind":        inspection.FindingKinds,
		"audit_status":        inspection.AuditStatuses,
		"grade":               inspection.Grades,
		"action_status":       inspection.ActionStatuses,
		"strand":              inspection.Strands,
		"meeting_kind":        inspection.MeetingKinds,
		"fieldwork_activity":  inspection.FieldworkActivities,
		"person_role":         inspection.PersonRoles,
		"log_kind":            inspection.LogKinds,
		"rag":                 inspection.RAGs,
		"comment_status":      inspection.CommentStatuses,
		"protection":          {"exact", "small", "rounded", "range"},
		"verdict_finding":     {"fell", "rose", "no_clear_change", "not_estimable", "displacement", "diffusion", "neither", "fewer", "more"},
		"action_source":       inspection.ActionSources,
		"age_scope":           incident.AgeScopes,
		"involvement":         incident.Involvements,
		"inspectorate":        {"ofsted", "cqc", "hmicfrs", "hmip"},
	}
	out := make(map[string]map[string]string, len(groups))
	for name, codes := range groups {
		m := make(map[string]string, len(codes))
		for _, c := range codes {
			m[c] = Of(c)
		}
		out[name] = m
	}
	return out
}

// Of is the label of a code: its entry in words, or the code with spaces for underscores and a
// capital first letter.
func Of(code string) string {
	if l, ok := words[code]; ok {
		return l
	}
	s := strings.ReplaceAll(code, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Lower is Of for use inside a sentence: the first letter in lower case unless the label starts
// with an abbreviation (CCTV, VRP, JTAI).
func Lower(code string) string {
	l := Of(code)
	if len(l) > 1 && unicode.IsUpper(rune(l[1])) {
		return l
	}
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToLower(r)) + l[n:]
}

// JoinAnd joins words as a sentence lists them: "a", "a and b", "a, b and c".
func JoinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
