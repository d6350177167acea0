package hotspot_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/demo"
)

// inSYVScope is the SYV scope's rule written out from its definition (children aged 10–17 as
// victim or suspect, or no age given at all), independently of the SQL that serves it.
func inSYVScope(i demo.Incident) bool {
	child := []string{"10-13", "14-17"}
	noSuspectAge := i.SuspectAgeBand == "" || i.SuspectAgeBand == "unknown"
	return slices.Contains(child, i.VictimAgeBand) || slices.Contains(child, i.SuspectAgeBand) ||
		(i.VictimAgeBand == "unknown" && noSuspectAge)
}

func TestTheSYVScopeCountsChildrenAndRecordsWithoutAge(t *testing.T) {
	e := demoServer(t)
	var all, syv, noAge int64
	for _, i := range e.borough.Incidents {
		all++
		if inSYVScope(i) {
			syv++
			if i.VictimAgeBand == "unknown" && (i.SuspectAgeBand == "" || i.SuspectAgeBand == "unknown") {
				noAge++
			}
		}
	}
	if syv == all || syv == 0 {
		t.Fatalf("the demo has %d incidents, %d in the SYV scope: the test needs some out of scope", all, syv)
	}
	sum := func(fc featureCollection) (n int64) {
		for _, f := range fc.Features {
			n += *f.Properties.Count
		}
		return n
	}
	byDefault := e.layer(t, "analyst", "/api/v1/cells?res=7")
	if got := sum(byDefault); got != syv {
		t.Errorf("the default scope holds %d records, the rule written out %d (of %d)", got, syv, all)
	}
	if got := sum(e.layer(t, "analyst", "/api/v1/cells?res=7&scope=all")); got != all {
		t.Errorf("scope=all holds %d records, want all %d", got, all)
	}
	if byDefault.Meta["scope"] != "syv" {
		t.Errorf("meta scope %v, want syv", byDefault.Meta["scope"])
	}
	stmt, _ := byDefault.Meta["scope_statement"].(string)
	if !strings.Contains(stmt, "children aged 10–17") {
		t.Errorf("statement %q does not name the scope", stmt)
	}
	if noAge > 0 && !strings.Contains(stmt, fmt.Sprintf("%d of the %d records", noAge, syv)) {
		t.Errorf("statement %q, want %d of the %d records without an age", stmt, noAge, syv)
	}
	if noAge == 0 && !strings.Contains(stmt, "Every record in this view gives an age") {
		t.Errorf("statement %q, want every record to give an age", stmt)
	}
}

func TestRestrictedRolesSeeOnlyTheSYVScope(t *testing.T) {
	e := demoServer(t)
	for _, url := range []string{"/api/v1/cells?scope=all", "/api/v1/hotspots?scope=all", "/api/v1/hotspots/emerging?scope=all"} {
		if rec := e.get(t, "partner", url); rec.Code != http.StatusForbidden {
			t.Errorf("GET %s as partner = %d, want 403", url, rec.Code)
		}
	}
	fc := e.layer(t, "partner", "/api/v1/cells?res=9")
	stmt, _ := fc.Meta["scope_statement"].(string)
	if fc.Meta["scope"] != "syv" || stmt == "" {
		t.Fatalf("meta scope %v statement %q, want syv stated", fc.Meta["scope"], stmt)
	}
	// The statement gives a partner no count: how many records lack an age is a record-level fact.
	if regexp.MustCompile(`[0-9]+ of the`).MatchString(stmt) {
		t.Errorf("a partner's statement %q gives counts", stmt)
	}
	if rec := e.get(t, "analyst", "/api/v1/cells?scope=adults"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "scope") {
		t.Errorf("scope=adults = %d %s, want 400 naming scope", rec.Code, rec.Body)
	}
}
