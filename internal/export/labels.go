package export

import (
	"strings"

	"github.com/placesafe/placesafe/internal/intervention"
)

// methodologies are the words the report uses for each methodology key.
var methodologies = map[string]string{
	intervention.ProblemOrientedPolicing:          "problem-oriented policing (SARA: scan, analyse, respond, assess)",
	intervention.EnvironmentalDesign:              "crime prevention through environmental design",
	intervention.DetachedOutreachYouthWork:        "detached and outreach youth work",
	intervention.GuardianshipSafeHavens:           "guardianship and safe havens",
	intervention.HotspotPatrols:                   "hot spot patrols",
	intervention.CCTVLighting:                     "CCTV and street lighting",
	intervention.DispersalOrderPSPO:               "dispersal order or public spaces protection order",
	intervention.ContextualSafeguardingAssessment: "contextual safeguarding location assessment",
	intervention.CommunityEngagement:              "community engagement",
	intervention.EducationInSchool:                "education in school",
	intervention.OtherMethodology:                 "other",
}

// agencies are the words the report uses for agency keys (those of interventions and of the
// Annex A checklist).
var agencies = map[string]string{
	"police":                "police",
	"childrens_social_care": "children's social care",
	"education":             "education",
	"youth_justice":         "youth justice",
	"health":                "health",
	"community_safety":      "community safety",
	"vrp_vru":               "violence reduction partnership",
	"voluntary_sector":      "voluntary sector",
	"transport_operator":    "transport operator",
	"business_landowner":    "business or landowner",
}

func methodology(key string) string { return lookup(methodologies, key) }

func agency(key string) string { return lookup(agencies, key) }

func agencyList(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = agency(k)
	}
	return strings.Join(out, ", ")
}

// lookup gives the words for key, or the key with its underscores as spaces.
func lookup(m map[string]string, key string) string {
	if w, ok := m[key]; ok {
		return w
	}
	return strings.ReplaceAll(key, "_", " ")
}

// binWords name the Gi* confidence bins, hottest first.
var binWords = map[int]string{
	3: "hot spot, 99% confidence", 2: "hot spot, 95% confidence", 1: "hot spot, 90% confidence",
	0:  "not significant",
	-1: "cold spot, 90% confidence", -2: "cold spot, 95% confidence", -3: "cold spot, 99% confidence",
}
