package geo_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

func TestPValueTwoSided(t *testing.T) {
	// Critical values of the standard normal distribution (e.g. NIST/SEMATECH e-Handbook of
	// Statistical Methods, 1.3.6.7.1): the upper 5%, 2.5% and 0.5% points.
	tests := []struct {
		name string
		z    float64
		want float64
	}{
		{"zero", 0, 1},
		{"90 percent critical value", 1.6448536269514722, 0.10},
		{"95 percent critical value", 1.959963984540054, 0.05},
		{"99 percent critical value", -2.5758293035489004, 0.01},
		{"one standard deviation", 1, 0.31731050786291415},
		{"far tail keeps precision", 10, 1.523970604832105e-23},
		{"infinity", math.Inf(-1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := geo.PValueTwoSided(tt.z); !(got == tt.want || math.Abs(got-tt.want) <= 1e-12*tt.want) {
				t.Errorf("PValueTwoSided(%v) = %v, want %v", tt.z, got, tt.want)
			}
		})
	}
	if p := geo.PValueTwoSided(math.NaN()); !math.IsNaN(p) {
		t.Errorf("PValueTwoSided(NaN) = %v, want NaN", p)
	}
}

func TestGiBin(t *testing.T) {
	tests := []struct {
		name string
		z, p float64
		want int
	}{
		{"hot at 99 percent", 3.1, 0.002, 3},
		{"cold at 99 percent, on the boundary", -2.6, 0.01, -3},
		{"hot at 95 percent", 2.1, 0.03, 2},
		{"cold at 95 percent, on the boundary", -2, 0.05, -2},
		{"hot at 90 percent", 1.7, 0.09, 1},
		{"hot at 90 percent, on the boundary", 1.7, 0.10, 1},
		{"not significant", 1.5, 0.13, 0},
		{"zero z", 0, 0.001, 0},
		{"NaN p", 2, math.NaN(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := geo.GiBin(tt.z, tt.p); got != tt.want {
				t.Errorf("GiBin(%v, %v) = %d, want %d", tt.z, tt.p, got, tt.want)
			}
		})
	}
}
