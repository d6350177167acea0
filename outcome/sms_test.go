package outcome_test

import (
	"strings"
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

func TestSMSLevel(t *testing.T) {
	// Levels of the Maryland Scientific Methods Scale (Sherman et al. 1998, NIJ Research in
	// Brief): the description each level must open with is the scale's own wording.
	tests := []struct {
		name string
		d    outcome.Design
		want int
		desc string
	}{
		{"nothing measured after", outcome.Design{PreMeasure: true, Control: true}, 0, "not rated"},
		{"after only", outcome.Design{PostMeasure: true}, 1, "Correlation between a crime prevention program"},
		{"before and after, no control", outcome.Design{PostMeasure: true, PreMeasure: true}, 2, "Temporal sequence"},
		{"control not shown comparable", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true}, 2, "Temporal sequence"},
		{"after only with a control", outcome.Design{PostMeasure: true, Control: true}, 2, "or the presence of a comparison group without demonstrated comparability"},
		// Comparability is shown on pre-period counts, so without them it cannot be.
		{"comparable claimed without a pre measure", outcome.Design{PostMeasure: true, Control: true, ComparableControl: true}, 2, "Temporal sequence"},
		{"before and after with a comparable control", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, ComparableControl: true}, 3, "A comparison between two or more comparable units"},
		{"comparable flag without a control", outcome.Design{PostMeasure: true, PreMeasure: true, ComparableControl: true}, 2, "Temporal sequence"},
		{"multiple units, comparable controls", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, ComparableControl: true, MultipleUnits: true}, 4, "Comparison between multiple units"},
		{"multiple units, controls not comparable", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, MultipleUnits: true}, 2, "Temporal sequence"},
		{"randomised multiple units", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, ComparableControl: true, MultipleUnits: true, Randomised: true}, 5, "Random assignment"},
		{"randomised, after only", outcome.Design{PostMeasure: true, Control: true, MultipleUnits: true, Randomised: true}, 5, "Random assignment"},
		{"randomised single pair", outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, ComparableControl: true, Randomised: true}, 3, "A comparison between two or more comparable units"},
		{"randomised without a control", outcome.Design{PostMeasure: true, PreMeasure: true, MultipleUnits: true, Randomised: true}, 2, "Temporal sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			level, desc := outcome.SMSLevel(tt.d)
			if level != tt.want || !strings.Contains(desc, tt.desc) {
				t.Errorf("SMSLevel(%+v) = %d, %q; want %d, %q", tt.d, level, desc, tt.want, tt.desc)
			}
		})
	}
}
