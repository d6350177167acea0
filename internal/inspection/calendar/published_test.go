package calendar_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// publishedTable reads the bank holidays of England and Wales for 2018–2030 as GOV.UK publishes
// them at https://www.gov.uk/bank-holidays.json (division "england-and-wales": title, date,
// notes), kept in testdata in that document's own shape: 2018–2027 as published, one-off days
// included; 2028 as announced late in 2025; 2029–2030 by the standard rules, not yet announced.
// The calendar computes every year by rule and must reproduce this table exactly.
func publishedTable(t *testing.T) []calendar.Holiday {
	t.Helper()
	b, err := os.ReadFile("testdata/bank-holidays-england-and-wales.json")
	if err != nil {
		t.Fatalf("read the published table: %v", err)
	}
	var division struct {
		Division string             `json:"division"`
		Events   []calendar.Holiday `json:"events"`
	}
	if err := json.Unmarshal(b, &division); err != nil {
		t.Fatalf("decode the published table: %v", err)
	}
	if division.Division != "england-and-wales" || len(division.Events) == 0 {
		t.Fatalf("published table: division %q with %d events", division.Division, len(division.Events))
	}
	return division.Events
}
