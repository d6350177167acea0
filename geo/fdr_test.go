package geo_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

// bh1995 are the 15 p-values of the worked example in Benjamini and Hochberg (1995), section
// 4.2 (a study of myocardial infarction treatment), sorted. At q = 0.05 the procedure rejects
// the four smallest, where Bonferroni (p ≤ 0.05/15) rejects three.
var bh1995 = []float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
	0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000}

func TestBenjaminiHochberg(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		q    float64
		want []bool
	}{
		{"Benjamini and Hochberg 1995 example", bh1995, 0.05,
			[]bool{true, true, true, true, false, false, false, false, false, false, false, false, false, false, false}},
		{"same example shuffled", []float64{0.3240, 0.0095, 1.000, 0.0001, 0.0201, 0.0459, 0.0004, 0.7590, 0.0278, 0.0019, 0.6528, 0.0344, 0.4262, 0.0298, 0.5719}, 0.05,
			[]bool{false, true, false, true, false, false, true, false, false, true, false, false, false, false, false}},
		// 0.01 ≤ (3/4)·0.05: the three tied values go together.
		{"ties rejected together", []float64{0.01, 0.01, 0.01, 0.5}, 0.05, []bool{true, true, true, false}},
		// p_(2) = 0.03 > (2/4)·0.05 = 0.025, but p_(3) = 0.03 ≤ 0.0375: step-up rejects both.
		{"step-up passes a failed rank", []float64{0.02, 0.03, 0.03, 0.9}, 0.05, []bool{true, true, true, false}},
		{"all rejected", []float64{0.04, 0.01, 0.03, 0.02}, 0.05, []bool{true, true, true, true}},
		{"none rejected", []float64{0.2, 0.5, 0.9}, 0.05, []bool{false, false, false}},
		// 0.05 > (1/3)·0.1 = 0.0333 but 0.06 ≤ (2/3)·0.1.
		{"larger q", []float64{0.05, 0.06, 0.5}, 0.1, []bool{true, true, false}},
		{"q of 1 rejects everything", []float64{0.5, 1, 0.99}, 1, []bool{true, true, true}},
		{"no p-values", nil, 0.05, []bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.BenjaminiHochberg(tt.p, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rejected %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBenjaminiHochbergRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		q    float64
		want string
	}{
		{"q of 0", bh1995, 0, "outside (0, 1]"},
		{"q above 1", bh1995, 1.5, "outside (0, 1]"},
		{"NaN q", bh1995, math.NaN(), "outside (0, 1]"},
		{"NaN p-value", []float64{0.01, math.NaN()}, 0.05, "p-value 1 is NaN"},
		{"negative p-value", []float64{-0.1}, 0.05, "p-value 0 is -0.1"},
		{"p-value above 1", []float64{0.2, 1.1}, 0.05, "p-value 1 is 1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.BenjaminiHochberg(tt.p, tt.q)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
	if _, err := geo.BHAdjust([]float64{math.NaN()}); err == nil {
		t.Error("BHAdjust accepted NaN")
	}
}

func TestBHAdjust(t *testing.T) {
	// By hand: p_(i)·15/i, then the running minimum from the largest rank down.
	want := []float64{0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0298 * 15 / 7, 0.0298 * 15 / 7, 0.0645, 0.0765,
		0.486, 0.4262 * 15 / 11, 0.714875, 0.6528 * 15 / 13, 0.7590 * 15 / 14, 1}
	got, err := geo.BHAdjust(bh1995)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("adjusted p_(%d) = %v, want %v", i+1, got[i], want[i])
		}
	}
	// Adjusted p ≤ q exactly when BenjaminiHochberg rejects, at every q that matters.
	p := []float64{0.3240, 0.0095, 1.000, 0.0001, 0.0201, 0.0459, 0.0004, 0.0201, 0.7590, 0.0278}
	adj, err := geo.BHAdjust(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range append(slices.Clone(adj), 0.01, 0.05, 0.10, 0.0603, 1) {
		reject, err := geo.BenjaminiHochberg(p, q)
		if err != nil {
			t.Fatal(err)
		}
		for i := range p {
			if reject[i] != (adj[i] <= q) {
				t.Errorf("q = %v, p = %v: rejected %v but adjusted p = %v", q, p[i], reject[i], adj[i])
			}
		}
	}
}

func TestConfidenceBins(t *testing.T) {
	z := []float64{4, -3, 2.5, -2.2, 2, -1.8, 1.3, -0.7, 0.5, -0.1}
	p := []float64{0.001, 0.004, 0.012, 0.03, 0.04, 0.07, 0.2, 0.5, 0.6, 0.9}
	tests := []struct {
		name string
		fdr  bool
		want []int
	}{
		{"fixed levels", false, []int{3, -3, 2, -2, 2, -1, 0, 0, 0, 0}},
		// By hand, p_(i) ≤ (i/10)·q: at q = 0.01 only i = 1 (0.001 ≤ 0.001); at q = 0.05 up
		// to i = 3 (0.012 ≤ 0.015); at q = 0.10 up to i = 5 (0.04 ≤ 0.05; 0.07 > 0.06).
		{"FDR levels", true, []int{3, -2, 2, -1, 1, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.ConfidenceBins(z, p, tt.fdr)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("bins %v, want %v", got, tt.want)
			}
			for i := range z {
				if !tt.fdr && got[i] != geo.GiBin(z[i], p[i]) {
					t.Errorf("bin %d is %d but GiBin gives %d", i, got[i], geo.GiBin(z[i], p[i]))
				}
			}
		})
	}
	for _, fdr := range []bool{false, true} {
		if _, err := geo.ConfidenceBins(z, p[:3], fdr); err == nil || !strings.Contains(err.Error(), "10 z-scores but 3 p-values") {
			t.Errorf("fdr=%v: lengths differ: error %v", fdr, err)
		}
		if _, err := geo.ConfidenceBins([]float64{1}, []float64{math.NaN()}, fdr); err == nil {
			t.Errorf("fdr=%v: NaN p-value accepted", fdr)
		}
	}
}

func ExampleBenjaminiHochberg() {
	// The example of Benjamini and Hochberg (1995): 15 p-values, false discovery rate 0.05.
	p := []float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
		0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000}
	reject, err := geo.BenjaminiHochberg(p, 0.05)
	if err != nil {
		panic(err)
	}
	fmt.Println(reject[:6])
	// Output: [true true true true false false]
}

func ExampleConfidenceBins() {
	z := []float64{3.3, -2.6, 2.1, 1.7, 0.4}
	p := make([]float64, len(z))
	for i := range z {
		p[i] = geo.PValueTwoSided(z[i])
	}
	fixed, _ := geo.ConfidenceBins(z, p, false)
	fdr, _ := geo.ConfidenceBins(z, p, true)
	fmt.Println(fixed, fdr)
	// Output: [3 -3 2 1 0] [3 -2 1 0 0]
}
