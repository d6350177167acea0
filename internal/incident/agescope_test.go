package incident_test

import (
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
)

func TestSYVScopeBandsAreCheckedAndOrdered(t *testing.T) {
	sc, err := incident.SYVScope([]string{"14-17", "10-13", "14-17"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(sc.Bands, ",") != "10-13,14-17" || sc.Label() != "Children aged 10–17 (victim or suspect)" {
		t.Errorf("bands %v label %q", sc.Bands, sc.Label())
	}
	young, _ := incident.SYVScope([]string{"10-13", "14-17", "18-24"})
	if young.Label() != "Children aged 10–24 (victim or suspect)" {
		t.Errorf("label %q", young.Label())
	}
	for _, bad := range [][]string{nil, {"unknown"}, {"15-18"}, {"10-13'; DROP TABLE incidents; --"}} {
		if _, err := incident.SYVScope(bad); err == nil {
			t.Errorf("SYVScope(%q) accepted", bad)
		}
	}
}

func TestAgeScopeStatementAgreesWithItsNumbers(t *testing.T) {
	sc, _ := incident.SYVScope(incident.DefaultSYVBands)
	all, _ := sc.Named(incident.AgeScopeAll)
	tests := []struct {
		name         string
		scope        incident.AgeScope
		noAge, total int64
		exact        bool
		want         string
	}{
		{"some records without an age", sc, 175, 15569, true, "175 of the 15569 records in this view give no age"},
		{"every record has an age", sc, 0, 40, true, "Every record in this view gives an age."},
		{"no record has an age", sc, 66, 66, true, "No record in this view gives an age"},
		{"a protected viewer is told the rule only", sc, 3, 40, false, "Records that give no age (police.uk street-level data publishes none) are kept"},
		{"all ages", all, 3, 40, true, "Scope: all ages."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.scope.Statement(tt.noAge, tt.total, tt.exact)
			if !strings.Contains(got, tt.want) {
				t.Errorf("statement %q, want it to contain %q", got, tt.want)
			}
			if !tt.exact && strings.ContainsAny(strings.ReplaceAll(got, "10–17", ""), "0123456789") {
				t.Errorf("statement %q gives numbers to a protected viewer", got)
			}
		})
	}
	if _, err := sc.Named("adults"); err == nil {
		t.Error("scope adults accepted")
	}
}

func TestAgeScopeSQLKeepsTheBandsAndRecordsWithoutAge(t *testing.T) {
	sc, _ := incident.SYVScope(incident.DefaultSYVBands)
	got := sc.SQL()
	for _, want := range []string{"victim_age_band IN ('10-13', '14-17')", "suspect_age_band IN ('10-13', '14-17')", incident.NoAgeSQL} {
		if !strings.Contains(got, want) {
			t.Errorf("SQL %q lacks %q", got, want)
		}
	}
	all, _ := sc.Named(incident.AgeScopeAll)
	if all.SQL() != "" {
		t.Errorf("all ages SQL %q, want none", all.SQL())
	}
}

func TestAgeScopeKeepsChildrenOfTheBandsAndRecordsWithoutAge(t *testing.T) {
	sc, _ := incident.SYVScope(incident.DefaultSYVBands)
	all, _ := sc.Named(incident.AgeScopeAll)
	tests := []struct {
		victim, suspect string
		want            bool
	}{
		{"14-17", "", true},
		{"25+", "10-13", true},
		{"unknown", "", true},
		{"unknown", "unknown", true},
		{"unknown", "25+", false}, // the one known age is an adult's
		{"0-9", "", false},
		{"18-24", "25+", false},
		{"0-9", "unknown", false},
	}
	for _, tt := range tests {
		if got := sc.Keeps(tt.victim, tt.suspect); got != tt.want {
			t.Errorf("SYV keeps victim %q suspect %q = %v, want %v", tt.victim, tt.suspect, got, tt.want)
		}
		if !all.Keeps(tt.victim, tt.suspect) {
			t.Errorf("all ages leaves out victim %q suspect %q", tt.victim, tt.suspect)
		}
	}
}
