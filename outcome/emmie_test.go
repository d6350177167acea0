package outcome_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

func TestCostPerIncidentPrevented(t *testing.T) {
	tests := []struct {
		name      string
		cost      int64
		prevented float64
		want      float64 // NaN: not Defined
	}{
		// £10,000 over Guerette's (2009) total net effect of 130.5: 1,000,000/130.5 pence.
		{"Lancashire total net effect", 1_000_000, 130.5, 7662.835249042145},
		{"free intervention", 0, 12, 0},
		{"nothing prevented", 500_000, 0, math.NaN()},
		{"more incidents than expected", 500_000, -25.5, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.CostPerIncidentPrevented(tt.cost, tt.prevented)
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(tt.want) {
				if got.Defined || !math.IsNaN(got.Pence) || !hasCaveat(got.Caveats, "undefined") {
					t.Errorf("%+v, want undefined NaN with a caveat", got)
				}
				return
			}
			if !got.Defined || !nearly(got.Pence, tt.want, 1e-12) || len(got.Caveats) != 0 {
				t.Errorf("%+v, want %v pence", got, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		cost      int64
		prevented float64
	}{{-1, 10}, {100, math.NaN()}, {100, math.Inf(1)}} {
		if _, err := outcome.CostPerIncidentPrevented(bad.cost, bad.prevented); err == nil {
			t.Errorf("CostPerIncidentPrevented(%d, %v): no error", bad.cost, bad.prevented)
		}
	}
}
