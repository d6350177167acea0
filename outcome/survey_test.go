package outcome_test

import (
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

func TestWilsonInterval(t *testing.T) {
	// Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
	// seven methods", Stat Med 17:857–872, Table I, method 3 (Wilson score, no continuity
	// correction), printed to four decimals.
	tests := []struct {
		x, n      int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{29, 29, 0.8830, 1},
	}
	for _, tt := range tests {
		got, err := outcome.WilsonInterval(tt.x, tt.n)
		if err != nil {
			t.Fatal(err)
		}
		if round4(got.Low) != tt.low || round4(got.High) != tt.high {
			t.Errorf("WilsonInterval(%d, %d) = %.6f to %.6f, want %.4f to %.4f", tt.x, tt.n, got.Low, got.High, tt.low, tt.high)
		}
	}
	// The bounds are exact at the edges.
	if got, _ := outcome.WilsonInterval(0, 7); got.Low != 0 {
		t.Errorf("WilsonInterval(0, 7).Low = %v, want 0", got.Low)
	}
	if got, _ := outcome.WilsonInterval(7, 7); got.High != 1 {
		t.Errorf("WilsonInterval(7, 7).High = %v, want 1", got.High)
	}
}

func TestSurveyChange(t *testing.T) {
	tests := []struct {
		name            string
		xb, nb, xa, na  int
		diff, low, high float64 // low and high as printed, to four decimals
		thin            bool
	}{
		// Newcombe (1998), "Interval estimation for the difference between independent
		// proportions: comparison of eleven methods", Stat Med 17:873–890, Table II, example (a):
		// 56/70 − 48/80 = 0.2000, method 10 (hybrid score) 0.0524 to 0.3339. "Before" is the
		// second sample so that After − Before is Newcombe's difference.
		{"Newcombe 1998 example (a)", 48, 80, 56, 70, 0.2, 0.0524, 0.3339, false},
		// Example (d): 5/56 − 0/29, method 10: −0.0381 to 0.1926 (also checked in the tests of the
		// R package ratesci, PeteLaud/ratesci, "legacy & new methods match published examples":
		// "Newcombe RD example (d)", moverci(type = "wilson")).
		{"Newcombe 1998 example (d), an empty survey", 0, 29, 5, 56, 5.0 / 56, -0.0381, 0.1926, true},
		// The same surveys the other way round: the interval is mirrored.
		{"example (a) reversed", 56, 70, 48, 80, -0.2, -0.3339, -0.0524, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.SurveyChange(tt.xb, tt.nb, tt.xa, tt.na)
			if err != nil {
				t.Fatal(err)
			}
			if !nearly(got.Difference, tt.diff, 1e-15) || round4(got.CI.Low) != tt.low || round4(got.CI.High) != tt.high {
				t.Errorf("difference %v, %.6f to %.6f; want %v, %.4f to %.4f", got.Difference, got.CI.Low, got.CI.High, tt.diff, tt.low, tt.high)
			}
			b, _ := outcome.WilsonInterval(tt.xb, tt.nb)
			a, _ := outcome.WilsonInterval(tt.xa, tt.na)
			if got.BeforeCI != b || got.AfterCI != a || !nearly(got.Before, float64(tt.xb)/float64(tt.nb), 1e-15) || !nearly(got.After, float64(tt.xa)/float64(tt.na), 1e-15) {
				t.Errorf("shares %v %v %v %v disagree with WilsonInterval", got.Before, got.BeforeCI, got.After, got.AfterCI)
			}
			if got.Thin != tt.thin || got.Thin != (len(got.Caveats) > 0) {
				t.Errorf("Thin %v, caveats %q; want Thin %v", got.Thin, got.Caveats, tt.thin)
			}
		})
	}
}

func TestSurveyErrors(t *testing.T) {
	for _, c := range [][4]int{{1, 0, 1, 2}, {3, 2, 1, 2}, {-1, 5, 1, 2}, {1, 2, 1, -2}, {1, 2, 3, 2}} {
		if _, err := outcome.SurveyChange(c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("SurveyChange%v: no error", c)
		}
	}
}
