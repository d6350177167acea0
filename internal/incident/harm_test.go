package incident_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
)

// cchiSubgroups are Cambridge Crime Harm Index weights (days) per Home Office offence subgroup
// (median over the subgroup's offence codes, CCHI February 2026 update) with the offences
// recorded in England and Wales, year ending March 2025, as listed in
// github.com/isthisben/cbl-realcrime data/cchi_weights.csv (commit 5591939d942691fec9e9da6349fa7afbde726b7f).
var cchiSubgroups = map[string]struct {
	days  float64
	count float64
}{
	"Homicide":                                   {5475, 524},
	"Violence with injury":                       {365, 516757},
	"Violence without injury":                    {10, 804983},
	"Stalking and harassment":                    {10, 598830},
	"Death or serious injury - unlawful driving": {365, 2244},
	"Rape offences":                              {2555, 71509},
	"Other sexual offences":                      {182.25, 135333},
	"Public order offences":                      {7.5, 440119},
	"Criminal damage":                            {2, 432167},
	"Arson":                                      {185, 22837},
	"Shoplifting":                                {1, 525833},
	"Other theft offences":                       {2, 428808},
	"Vehicle offences":                           {5, 348282},
	"Residential burglary":                       {273.5, 166316},
	"Non-residential burglary":                   {183.5, 78332},
	"Possession of drugs":                        {3, 135651},
	"Trafficking of drugs":                       {5, 66504},
	"Theft from the person":                      {2, 137217},
	"Robbery of business property":               {365, 15322},
	"Robbery of personal property":               {365, 62281},
	"Possession of weapons offences":             {273.75, 56830},
	"Bicycle theft":                              {2, 55820},
	"Miscellaneous crimes against society":       {10, 122978},
}

// weighted is the count-weighted mean of the subgroups' CCHI medians, rounded to 2 places.
func weighted(subgroups ...string) float64 {
	var sum, n float64
	for _, s := range subgroups {
		sum += cchiSubgroups[s].days * cchiSubgroups[s].count
		n += cchiSubgroups[s].count
	}
	return math.Round(sum/n*100) / 100
}

// TestDefaultHarmWeight checks the defaults against the Cambridge Crime Harm Index (Sherman,
// Neyroud & Neyroud 2016; values of the February 2026 update, per Home Office subgroup as
// cited in harm.go), and the categories that are placesafe's own weighted choice against the
// arithmetic that harm.go states.
func TestDefaultHarmWeight(t *testing.T) {
	sub := func(s string) float64 { return cchiSubgroups[s].days }
	tests := []struct {
		cat  string
		want float64
	}{
		{incident.Homicide, sub("Homicide")},
		{incident.ViolenceWithInjury, sub("Violence with injury")},
		{incident.ViolenceWithoutInjury, sub("Violence without injury")},
		{incident.Robbery, sub("Robbery of personal property")},
		{incident.PossessionOfWeapons, sub("Possession of weapons offences")},
		{incident.PublicOrder, sub("Public order offences")},
		{incident.VehicleCrime, sub("Vehicle offences")},
		{incident.Theft, sub("Other theft offences")},
		{incident.Shoplifting, sub("Shoplifting")},
		{incident.BicycleTheft, sub("Bicycle theft")},
		{incident.TheftFromPerson, sub("Theft from the person")},
		{incident.Other, sub("Miscellaneous crimes against society")},
		// Our weighted choices.
		{incident.SexualOffence, weighted("Rape offences", "Other sexual offences")},
		{incident.ViolenceAndSexual, weighted("Homicide", "Violence with injury", "Violence without injury",
			"Stalking and harassment", "Death or serious injury - unlawful driving", "Rape offences", "Other sexual offences")},
		{incident.Drugs, weighted("Possession of drugs", "Trafficking of drugs")},
		{incident.CriminalDamageArson, weighted("Criminal damage", "Arson")},
		{incident.Burglary, weighted("Residential burglary", "Non-residential burglary")},
		// Our choice: the lowest weight of any notifiable offence.
		{incident.AntiSocialBehaviour, sub("Shoplifting")},
	}
	if len(tests) != len(incident.Categories) {
		t.Fatalf("%d cases for %d categories", len(tests), len(incident.Categories))
	}
	for _, tt := range tests {
		t.Run(tt.cat, func(t *testing.T) {
			got, ok := incident.DefaultHarmWeight(tt.cat)
			if !ok || got != tt.want {
				t.Errorf("DefaultHarmWeight(%q) = %v, %v; want %v", tt.cat, got, ok, tt.want)
			}
		})
	}
	// The two robbery subgroups and the two non-injury violence subgroups agree, so one value
	// stands for both.
	if sub("Robbery of business property") != sub("Robbery of personal property") ||
		sub("Stalking and harassment") != sub("Violence without injury") {
		t.Error("subgroups that share a category have different weights")
	}
	// The homicide value is the CCHI murder weight (a 15-year starting point).
	if w, _ := incident.DefaultHarmWeight(incident.Homicide); w != 15*365 {
		t.Errorf("homicide = %v, want 15 years = 5475 days", w)
	}
	if _, ok := incident.DefaultHarmWeight("knife_crime"); ok {
		t.Error("unknown category has a weight")
	}
}
