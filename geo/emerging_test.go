package geo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

// pValues returns the two-sided p-value of each z-score.
func pValues(z []float64) []float64 {
	p := make([]float64, len(z))
	for i, v := range z {
		p[i] = geo.PValueTwoSided(v)
	}
	return p
}

// negated returns −z, turning a hot spot series into the matching cold spot series.
func negated(z []float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = -v
	}
	return out
}

// Ten-slice Gi* z-score series, oldest first. |z| ≥ 1.96 is significant at 0.05; the quiet
// values (|z| ≤ 0.6) are not.
var (
	quiet        = []float64{0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.3, -0.2, 0.4, 0.3}
	newHot       = []float64{0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.3, -0.2, 0.4, 3}
	consecutive  = []float64{0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.3, 2.5, 2.8, 3.1}
	intensifying = []float64{2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9} // MK: S = 45, Z = 44/√125 = 3.94
	persistent   = []float64{2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5} // MK: S = 5, Z = 4/√(1650/18) = 0.42
	diminishing  = []float64{2.9, 2.8, 2.7, 2.6, 2.5, 2.4, 2.3, 2.2, 2.1, 2.0}
	sporadic     = []float64{0.5, 2.5, 0.3, 0.2, 2.7, 0.1, -0.4, 0.6, 0.3, 2.4}
	oscillating  = []float64{0.5, -2.5, 0.3, 0.2, 0.1, 0.6, -0.4, 0.3, 2.2, 2.6}
	historical   = []float64{2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 0.3} // 9 of 10 hot
)

func TestClassifyEmerging(t *testing.T) {
	tests := []struct {
		name  string
		z     []float64
		alpha float64
		want  geo.EmergingCategory
	}{
		{"nothing significant", quiet, 0.05, geo.NoPattern},
		{"hot once, not at the end", []float64{0.5, 2.5, 0.3, 0.2, 0.1, 0.6, -0.4, 0.3, 0.2, 0.1}, 0.05, geo.NoPattern},
		{"hot only in the final slice", newHot, 0.05, geo.HotSpotNew},
		{"run of three hot slices at the end", consecutive, 0.05, geo.HotSpotConsecutive},
		{"hot throughout, rising", intensifying, 0.05, geo.HotSpotIntensifying},
		{"hot throughout, no trend", persistent, 0.05, geo.HotSpotPersistent},
		{"hot throughout, falling", diminishing, 0.05, geo.HotSpotDiminishing},
		{"hot on and off, hot at the end", sporadic, 0.05, geo.HotSpotSporadic},
		{"cold once, hot at the end", oscillating, 0.05, geo.HotSpotOscillating},
		{"hot nine slices of ten, not the last", historical, 0.05, geo.HotSpotHistorical},
		{"cold only in the final slice", negated(newHot), 0.05, geo.ColdSpotNew},
		{"run of three cold slices at the end", negated(consecutive), 0.05, geo.ColdSpotConsecutive},
		{"cold throughout, growing colder", negated(intensifying), 0.05, geo.ColdSpotIntensifying},
		{"cold throughout, no trend", negated(persistent), 0.05, geo.ColdSpotPersistent},
		{"cold throughout, warming", negated(diminishing), 0.05, geo.ColdSpotDiminishing},
		{"cold on and off, cold at the end", negated(sporadic), 0.05, geo.ColdSpotSporadic},
		{"hot once, cold at the end", negated(oscillating), 0.05, geo.ColdSpotOscillating},
		{"cold nine slices of ten, not the last", negated(historical), 0.05, geo.ColdSpotHistorical},

		// Where the definitions overlap, the documented order decides.
		{"cold before a new hot slice is oscillating", []float64{0.5, -0.3, 0.2, -2.5, -0.4, 0.6, 0.3, -0.2, 0.4, 3}, 0.05, geo.HotSpotOscillating},
		{"90 percent hot ending cold is historical", []float64{2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, -3}, 0.05, geo.HotSpotHistorical},
		// 10 of 12 is 83 percent: below 90, so a run at the end is consecutive.
		{"10 of 12 hot is consecutive", []float64{0.1, 0.2, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5}, 0.05, geo.HotSpotConsecutive},
		// 11 of 12 reaches 90 percent. MK: S = 11, Z = 10/√(3018/18) = 0.77.
		{"11 of 12 hot is persistent", []float64{0.1, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5, 2.5, 3.5}, 0.05, geo.HotSpotPersistent},
		// At 0.01 neither the cold slice (z = −2.5, p = 0.012) nor z = 2.2 (p = 0.028) counts.
		{"stricter alpha drops a hot slice", oscillating, 0.01, geo.HotSpotNew},
		// Every slice has p < 6e-7, the rise has p = 8.3e-5.
		{"stricter alpha drops the trend", []float64{5.0, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8, 5.9}, 0.00005, geo.HotSpotPersistent},
	}
	reached := map[geo.EmergingCategory]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, mk, err := geo.ClassifyEmerging(tt.z, pValues(tt.z), tt.alpha)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("category %s, want %s (MK Z = %.3f, p = %.4f)", got, tt.want, mk.Z, mk.P)
			}
			if want, _ := geo.MannKendall(tt.z); mk != want {
				t.Errorf("MK result %+v, MannKendall gives %+v", mk, want)
			}
			reached[got] = true
		})
	}
	all := geo.EmergingCategories()
	if len(all) != 17 {
		t.Errorf("%d categories, want 17", len(all))
	}
	for _, c := range all {
		if !reached[c] {
			t.Errorf("no test series reaches %s", c)
		}
	}
}

func TestClassifyEmergingRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		z, p  []float64
		alpha float64
		want  string
	}{
		{"lengths differ", quiet, pValues(quiet)[:9], 0.05, "10 z-scores but 9 p-values"},
		{"alpha of 0", quiet, pValues(quiet), 0, "outside (0, 1)"},
		{"alpha of 1", quiet, pValues(quiet), 1, "outside (0, 1)"},
		{"NaN p-value", []float64{1, 2, 3}, []float64{0.3, math.NaN(), 0.01}, 0.05, "p-value 1 is NaN"},
		{"NaN z-score", []float64{1, math.NaN(), 3}, []float64{0.3, 0.04, 0.01}, 0.05, "value 1 is NaN"},
		{"two slices", []float64{1, 2}, []float64{0.3, 0.04}, 0.05, "at least 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := geo.ClassifyEmerging(tt.z, tt.p, tt.alpha)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
}

func ExampleClassifyEmerging() {
	// One location's Gi* z-scores over ten time slices, oldest first: significant every time
	// and rising.
	z := []float64{2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9}
	p := make([]float64, len(z))
	for i := range z {
		p[i] = geo.PValueTwoSided(z[i])
	}
	category, trend, err := geo.ClassifyEmerging(z, p, geo.DefaultEmergingAlpha)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s (trend z=%.2f, p=%.5f)\n", category, trend.Z, trend.P)
	// Output: intensifying_hot_spot (trend z=3.94, p=0.00008)
}

func ExampleEmergingCategories() {
	fmt.Println(len(geo.EmergingCategories()), geo.EmergingCategories()[1])
	// Output: 17 new_hot_spot
}
