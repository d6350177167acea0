package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTheSYVScopeKeepsPoliceUKRecordsAndSaysTheyGiveNoAge imports a real police.uk month (no
// ages at all): the default scope keeps every record, and the map says plainly that the data
// cannot tell whether children were involved.
func TestTheSYVScopeKeepsPoliceUKRecordsAndSaysTheyGiveNoAge(t *testing.T) {
	ts, rep := cityWithMarch(t)
	type layer struct {
		Meta     map[string]any `json:"meta"`
		Features []struct {
			Properties struct {
				Count *int64 `json:"count"`
			} `json:"properties"`
		} `json:"features"`
	}
	cells := func(role, query string) (int64, string) {
		r := ts.do(t, role, http.MethodGet, "/api/v1/cells?res=9"+query, "", "")
		if r.Code != http.StatusOK {
			t.Fatalf("GET cells%s as %s = %d %s", query, role, r.Code, r.Body)
		}
		var l layer
		if err := json.Unmarshal(r.Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, f := range l.Features {
			if f.Properties.Count != nil {
				n += *f.Properties.Count
			}
		}
		s, _ := l.Meta["scope_statement"].(string)
		return n, s
	}
	syv, statement := cells("analyst", "")
	all, _ := cells("analyst", "&scope=all")
	if syv != rep.RowsImported || all != rep.RowsImported {
		t.Errorf("the SYV scope holds %d records and all ages %d; the import landed %d", syv, all, rep.RowsImported)
	}
	if !strings.Contains(statement, "No record in this view gives an age (police.uk street-level data publishes none)") {
		t.Errorf("analyst's statement %q does not say the records give no age", statement)
	}
	_, partner := cells("partner", "")
	if !strings.Contains(partner, "Records that give no age") || strings.Contains(partner, fmt.Sprint(rep.RowsImported)) {
		t.Errorf("partner's statement %q: want the rule, without the number of records", partner)
	}
}
