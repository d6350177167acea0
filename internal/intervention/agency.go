package intervention

import "slices"

// Agencies that lead or join an intervention.
const (
	AgencyPolice              = "police"
	AgencyChildrensSocialCare = "childrens_social_care"
	AgencyEducation           = "education"
	AgencyYouthJustice        = "youth_justice"
	AgencyHealth              = "health"
	AgencyCommunitySafety     = "community_safety"
	AgencyVRP                 = "vrp_vru" // violence reduction partnership or unit
	AgencyVoluntarySector     = "voluntary_sector"
	AgencyTransportOperator   = "transport_operator"
	AgencyBusinessLandowner   = "business_landowner"
)

// AgencyList lists every agency.
var AgencyList = []string{
	AgencyPolice, AgencyChildrensSocialCare, AgencyEducation, AgencyYouthJustice, AgencyHealth,
	AgencyCommunitySafety, AgencyVRP, AgencyVoluntarySector, AgencyTransportOperator, AgencyBusinessLandowner,
}

// activityPartners maps each agency to the values of the `partner` column of activity
// records (see the README's activity format) that count as its work. Activity files name the
// service that delivered a session, not the statutory agency: youth workers of the youth
// offending team and of children's social care both record "youth_service", and the VRP's
// outreach is "vrp". An agency whose records use its own name (health, transport_operator,
// business_landowner) maps to that name.
var activityPartners = map[string][]string{
	AgencyPolice:              {"police"},
	AgencyChildrensSocialCare: {"youth_service"},
	AgencyEducation:           {"education"},
	AgencyYouthJustice:        {"youth_service"},
	AgencyHealth:              {"health"},
	AgencyCommunitySafety:     {"community_safety"},
	AgencyVRP:                 {"vrp"},
	AgencyVoluntarySector:     {"voluntary_sector"},
	AgencyTransportOperator:   {"transport_operator"},
	AgencyBusinessLandowner:   {"business_landowner"},
}

// ActivityPartners returns, sorted and without repeats, the activity `partner` values whose
// records count towards an intervention of these agencies.
func ActivityPartners(agencies []string) []string {
	var out []string
	for _, a := range agencies {
		for _, p := range activityPartners[a] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Agencies returns the lead agency followed by the partners, without repeats.
func Agencies(lead string, partners []string) []string {
	out := []string{}
	for _, a := range append([]string{lead}, partners...) {
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}
