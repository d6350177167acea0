package incident_test

import (
	"slices"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
)

func TestPoliceUKCategory(t *testing.T) {
	tests := []struct {
		crimeType string
		want      string
	}{
		{"Anti-social behaviour", incident.AntiSocialBehaviour},
		{"Bicycle theft", incident.BicycleTheft},
		{"Burglary", incident.Burglary},
		{"Criminal damage and arson", incident.CriminalDamageArson},
		{"Drugs", incident.Drugs},
		{"Other crime", incident.Other},
		{"Other theft", incident.Theft},
		{"Possession of weapons", incident.PossessionOfWeapons},
		{"Public order", incident.PublicOrder},
		{"Robbery", incident.Robbery},
		{"Shoplifting", incident.Shoplifting},
		{"Theft from the person", incident.TheftFromPerson},
		{"Vehicle crime", incident.VehicleCrime},
		{"Violence and sexual offences", incident.ViolenceAndSexual},
	}
	for _, tt := range tests {
		t.Run(tt.crimeType, func(t *testing.T) {
			got, ok := incident.PoliceUKCategory(tt.crimeType)
			if !ok || got != tt.want {
				t.Errorf("PoliceUKCategory(%q) = %q, %v; want %q", tt.crimeType, got, ok, tt.want)
			}
			if !slices.Contains(incident.Categories, got) {
				t.Errorf("%q is not in Categories", got)
			}
		})
	}
	for _, bad := range []string{"", "violence and sexual offences", "Violent crime", "Anti-social behavior"} {
		if got, ok := incident.PoliceUKCategory(bad); ok {
			t.Errorf("PoliceUKCategory(%q) = %q, want not found", bad, got)
		}
	}
}

func TestInScope(t *testing.T) {
	syv := []string{
		incident.Homicide, incident.ViolenceWithInjury, incident.ViolenceWithoutInjury, incident.SexualOffence,
		incident.ViolenceAndSexual, incident.Robbery, incident.PossessionOfWeapons,
	}
	if len(incident.Categories) != 18 {
		t.Errorf("%d categories, want 18", len(incident.Categories))
	}
	for _, cat := range incident.Categories {
		t.Run(cat, func(t *testing.T) {
			want := slices.Contains(syv, cat)
			if got := incident.InScope(cat, incident.ScopeSYV); got != want {
				t.Errorf("InScope(%q, ScopeSYV) = %v, want %v", cat, got, want)
			}
			if got := incident.InScope(cat, ""); got != want {
				t.Errorf("InScope(%q, zero Scope) = %v, want %v", cat, got, want)
			}
			if !incident.InScope(cat, incident.ScopeAll) {
				t.Errorf("InScope(%q, ScopeAll) = false", cat)
			}
			if incident.InScope(cat, "nonsense") {
				t.Errorf("InScope(%q, unknown scope) = true", cat)
			}
		})
	}
	if incident.InScope("knife_crime", incident.ScopeAll) {
		t.Error("an unknown category is in scope")
	}
}

func TestParseScope(t *testing.T) {
	for in, want := range map[string]incident.Scope{"": incident.ScopeSYV, "syv": incident.ScopeSYV, "all": incident.ScopeAll} {
		if got, err := incident.ParseScope(in); err != nil || got != want {
			t.Errorf("ParseScope(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := incident.ParseScope("SYV"); err == nil {
		t.Error("ParseScope(SYV) accepted")
	}
}
