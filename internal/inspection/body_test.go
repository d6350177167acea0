package inspection

import (
	"reflect"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/pii"
)

// No field of the API's own request bodies may look like personal data, or decodeJSON would
// refuse the API's own requests.
func TestRequestFieldsAreNotPersonalData(t *testing.T) {
	for _, v := range []any{NewInspection{}, InspectionPatch{}, NewEvidence{}, EvidencePatch{}, NewAssessment{},
		TemplateItem{}, Due{}, AnnexAPatch{}, NewChild{}, ChildPatch{}, AuditUpdate{}, NewFinding{}, FindingPatch{},
		NewAction{}, ActionPatch{}} {
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if k := pii.Kind(name); k != "" {
				t.Errorf("%s.%s (%q) looks like %s", rt.Name(), rt.Field(i).Name, name, k)
			}
		}
	}
	for _, name := range []string{"items", "actual"} {
		if k := pii.Kind(name); k != "" {
			t.Errorf("%q looks like %s", name, k)
		}
	}
}

func TestPersonalFieldsAreFoundAtAnyDepth(t *testing.T) {
	var v any = map[string]any{"reference": "NB-1", "extra": []any{map[string]any{"Surname": "x"}}, "dob": "2010-01-01"}
	got := personalFields(v)
	if len(got) != 2 || got[0].path != "dob" || got[1].path != "extra[0].Surname" {
		t.Errorf("found %+v", got)
	}
}
