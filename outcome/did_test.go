package outcome_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

func TestDiffInDiff(t *testing.T) {
	tests := []struct {
		name                     string
		tPre, tPost, cPre, cPost []float64
		want, se, low, high      float64
		means                    [4]float64
		thin                     bool
		caveats                  int
		defined                  bool
		wantCaveat               string
	}{
		// Hand-worked. Means: target 12 → 7, control 20 → 20, so (7 − 12) − (20 − 20) = −5.
		// Sample variances 4, 1, 4, 1 over 3 months each: SE² = 4/3 + 1/3 + 4/3 + 1/3 = 10/3,
		// SE = 1.8257419; CI = −5 ± 1.959964·1.8257419 = −8.5783883 to −1.4216117.
		{name: "hand-worked, three months each", tPre: []float64{10, 12, 14}, tPost: []float64{6, 8, 7},
			cPre: []float64{20, 22, 18}, cPost: []float64{19, 21, 20},
			want: -5, se: 1.8257418583505538, low: -8.578388287434315, high: -1.4216117125656855,
			means: [4]float64{12, 7, 20, 20}, caveats: 2, defined: true, wantCaveat: "only 3 months before"},
		// Post period shortened to 2 months. Means 13 → 7 and 20 → 20: estimate −6.
		// Variances 20/3, 2, 8/3, 2: SE² = (20/3)/4 + 2/2 + (8/3)/4 + 2/2 = 13/3, SE = 2.0816660.
		{name: "hand-worked, four months before and two after", tPre: []float64{10, 12, 14, 16}, tPost: []float64{6, 8},
			cPre: []float64{20, 22, 18, 20}, cPost: []float64{19, 21},
			want: -6, se: 2.081665999466133, low: -10.079990386795195, high: -1.9200096132048037,
			means: [4]float64{13, 7, 20, 20}, caveats: 2, defined: true, wantCaveat: "only 2 months after"},
		// Six months each, constant series: no variance at all.
		{name: "no variation", tPre: repeat(3, 6), tPost: repeat(1, 6), cPre: repeat(5, 6), cPost: repeat(5, 6),
			want: -2, se: 0, low: -2, high: -2, means: [4]float64{3, 1, 5, 5}, thin: true, caveats: 1, defined: true,
			wantCaveat: "target had 6 events after the intervention"},
		{name: "one month after: undefined", tPre: repeat(30, 6), tPost: []float64{20}, cPre: repeat(30, 6), cPost: []float64{30},
			caveats: 1, wantCaveat: "only 1 month after the intervention: at least 2 are needed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.DiffInDiff(tt.tPre, tt.tPost, tt.cPre, tt.cPost)
			if err != nil {
				t.Fatal(err)
			}
			if got.Defined != tt.defined || got.Thin != tt.thin || len(got.Caveats) != tt.caveats || !hasCaveat(got.Caveats, tt.wantCaveat) {
				t.Errorf("Defined %v, Thin %v, caveats %q; want %v, %v, %d with %q", got.Defined, got.Thin, got.Caveats, tt.defined, tt.thin, tt.caveats, tt.wantCaveat)
			}
			if !tt.defined {
				if !math.IsNaN(got.Estimate) || !math.IsNaN(got.SE) {
					t.Errorf("undefined result %+v is not NaN", got)
				}
				return
			}
			checkFigures(t, 1e-12,
				figure{"estimate", got.Estimate, tt.want}, figure{"SE", got.SE, tt.se}, figure{"low", got.CILow, tt.low}, figure{"high", got.CIHigh, tt.high},
				figure{"target pre mean", got.TargetPre, tt.means[0]}, figure{"target post mean", got.TargetPost, tt.means[1]},
				figure{"control pre mean", got.ControlPre, tt.means[2]}, figure{"control post mean", got.ControlPost, tt.means[3]})
		})
	}
}

func TestDiffInDiffErrors(t *testing.T) {
	ok := []float64{1, 2, 3}
	tests := []struct {
		name                     string
		tPre, tPost, cPre, cPost []float64
	}{
		{"control shorter before", ok, ok, []float64{1, 2}, ok},
		{"control longer after", ok, ok, ok, []float64{1, 2, 3, 4}},
		{"negative month", ok, []float64{1, -1, 3}, ok, ok},
		{"NaN month", ok, ok, []float64{1, math.NaN(), 3}, ok},
		{"infinite month", []float64{math.Inf(1), 2, 3}, ok, ok, ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := outcome.DiffInDiff(tt.tPre, tt.tPost, tt.cPre, tt.cPost); err == nil {
				t.Error("no error")
			}
		})
	}
}
