package outcome_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/outcome"
)

func TestWDD(t *testing.T) {
	tests := []struct {
		name           string
		in             outcome.WDDInput
		est, se        float64
		local, localSE float64
		disp, dispSE   float64
		z, low, high   float64 // NaN: not checked
		thin           bool
		caveat         string
	}{
		// The worked example of Wheeler and Ratcliffe (2018), Crime Science 7:11, on the counts of
		// Guerette's (2009) Lancashire example: treated 207 → 110, its control 308 → 318,
		// displacement area 178 → 157, its control 150 → 140. The paper's figures, as ptools'
		// test "Est & Variance Paper" (tests/testthat/test-wdd.R, apwheele/ptools) checks them:
		// WDD = −118, SE = √1568, Z = −2.98, 95% CI −196 to −40 (Z and CI rounded as printed).
		{name: "Wheeler and Ratcliffe 2018 worked example",
			in: outcome.WDDInput{Target: outcome.Counts(207, 110), TargetControl: outcome.Counts(308, 318),
				Buffer: outcome.Counts(178, 157), BufferControl: outcome.Counts(150, 140)},
			est: -118, se: math.Sqrt(1568), local: -107, localSE: math.Sqrt(943), disp: -11, dispSE: 25,
			z: -2.98, low: -196, high: -40},
		// Hand-worked with the Lancashire control shared by the buffer:
		// WDD = (110 − 207) + (157 − 178) − 2·(318 − 308) = −138,
		// Var = 207 + 110 + 178 + 157 + 4·(308 + 318) = 3156.
		{name: "shared control",
			in: outcome.WDDInput{Target: outcome.Counts(207, 110), TargetControl: outcome.Counts(308, 318),
				Buffer: outcome.Counts(178, 157), SharedControl: true},
			est: -138, se: math.Sqrt(3156), local: -107, localSE: math.Sqrt(943), disp: -31, dispSE: 31,
			z: math.NaN(), low: -248.10742044980736, high: -27.89257955019262},
		// Wheeler (2021-01-09), "The WDD test with different pre/post time periods",
		// andrewpwheeler.com, and ptools' test "Time Weights": two years before, one after;
		// treated 80 → 20, control 100 → 50. Per year: (20 − 40) − (50 − 50) = −20,
		// Var = 20/1 + 80/4 + 50/1 + 100/4 = 115.
		{name: "Wheeler 2021 different period lengths",
			in:  outcome.WDDInput{Target: outcome.Counts(80, 20), TargetControl: outcome.Counts(100, 50), NoBuffer: true, PreLength: 2, PostLength: 1},
			est: -20, se: math.Sqrt(115), local: -20, localSE: math.Sqrt(115), z: math.NaN(), low: math.NaN(), high: math.NaN(),
			caveat: "no displacement area"},
		// Equal lengths given explicitly: the estimate is per unit of time (here per month of 6).
		{name: "equal lengths give a per-month figure",
			in:  outcome.WDDInput{Target: outcome.Counts(60, 30), TargetControl: outcome.Counts(60, 60), NoBuffer: true, PreLength: 6, PostLength: 6},
			est: -5, se: math.Sqrt(210.0 / 36), local: -5, localSE: math.Sqrt(210.0 / 36), z: math.NaN(), low: math.NaN(), high: math.NaN(),
			caveat: "no displacement area"},
		{name: "thin target",
			in:  outcome.WDDInput{Target: outcome.Counts(8, 2), TargetControl: outcome.Counts(40, 40), NoBuffer: true},
			est: -6, se: math.Sqrt(90), local: -6, localSE: math.Sqrt(90), z: math.NaN(), low: math.NaN(), high: math.NaN(),
			thin: true, caveat: "target had 2 events after the intervention, fewer than 10"},
		{name: "no events anywhere",
			in: outcome.WDDInput{Target: outcome.Counts(0, 0), TargetControl: outcome.Counts(0, 0), NoBuffer: true},
			z:  0, low: 0, high: 0, thin: true, caveat: "target had 0 events before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.WDD(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				what      string
				got, want float64
				tol       float64
			}{
				{"estimate", got.Estimate, tt.est, 1e-12}, {"SE", got.SE, tt.se, 1e-12},
				{"local", got.Local, tt.local, 1e-12}, {"local SE", got.LocalSE, tt.localSE, 1e-12},
				{"displacement", got.Displacement, tt.disp, 1e-12}, {"displacement SE", got.DisplacementSE, tt.dispSE, 1e-12},
				{"Z", got.Z, tt.z, 0.005}, {"low", got.CILow, tt.low, 0.5}, {"high", got.CIHigh, tt.high, 0.5},
			}
			for _, c := range checks {
				if !math.IsNaN(c.want) && math.Abs(c.got-c.want) > c.tol {
					t.Errorf("%s = %.15g, want %.15g", c.what, c.got, c.want)
				}
			}
			if got.SE > 0 {
				if !nearly(got.Z, got.Estimate/got.SE, 1e-15) || !nearly(got.P, geo.PValueTwoSided(got.Z), 1e-15) ||
					!nearly(got.CILow, got.Estimate-outcome.Z95*got.SE, 1e-12) || !nearly(got.CIHigh, got.Estimate+outcome.Z95*got.SE, 1e-12) {
					t.Errorf("Z %v, P %v, CI %v to %v disagree with estimate %v and SE %v", got.Z, got.P, got.CILow, got.CIHigh, got.Estimate, got.SE)
				}
			} else if got.P != 1 {
				t.Errorf("P = %v with no variance, want 1", got.P)
			}
			if got.Thin != tt.thin || (tt.caveat != "" && !hasCaveat(got.Caveats, tt.caveat)) {
				t.Errorf("Thin %v, caveats %q; want %v with %q", got.Thin, got.Caveats, tt.thin, tt.caveat)
			}
		})
	}
}

func TestWDDHarmWeights(t *testing.T) {
	// Wheeler (2020-11-19), "Amending the WDD test to incorporate harm weights",
	// andrewpwheeler.com, as ptools' test "Cumulative Harm" checks it: five crime types with
	// harm weights 3, 2, 5, 7, 10, treated and control pre/post counts below. Combined harm
	// estimate −1721, SE 304.10360077, Z −5.65925558, 95% CI −2317.03210507 to −1124.96789493.
	// Here each area and period is one harm-weighted tally over all five types.
	types := []struct {
		weight                             float64
		ctrlPre, ctrlPost, trtPre, trtPost int
	}{
		{3, 133, 91, 130, 74},   // motor vehicle theft
		{2, 388, 305, 327, 202}, // theft
		{5, 148, 97, 398, 190},  // burglary
		{7, 86, 64, 144, 92},    // robbery
		{10, 94, 67, 183, 96},   // assault
	}
	var in outcome.WDDInput
	in.NoBuffer = true
	for _, ty := range types {
		for _, c := range []struct {
			n int
			t *outcome.Tally
		}{{ty.ctrlPre, &in.TargetControl.Pre}, {ty.ctrlPost, &in.TargetControl.Post}, {ty.trtPre, &in.Target.Pre}, {ty.trtPost, &in.Target.Post}} {
			for range c.n {
				*c.t = c.t.Add(ty.weight)
			}
		}
	}
	got, err := outcome.WDD(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"estimate", got.Estimate, -1721}, {"SE", got.SE, 304.10360077}, {"Z", got.Z, -5.65925558},
		{"low", got.CILow, -2317.03210507}, {"high", got.CIHigh, -1124.96789493},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s = %.10f, want %.8f", c.what, c.got, c.want)
		}
	}
}

func TestWDDErrors(t *testing.T) {
	ok := outcome.Counts(20, 20)
	tests := []struct {
		name string
		in   outcome.WDDInput
	}{
		{"buffer set with no buffer", outcome.WDDInput{Target: ok, TargetControl: ok, Buffer: ok, NoBuffer: true}},
		{"buffer control set with no buffer", outcome.WDDInput{Target: ok, TargetControl: ok, BufferControl: ok, NoBuffer: true}},
		{"buffer control set with shared control", outcome.WDDInput{Target: ok, TargetControl: ok, Buffer: ok, BufferControl: ok, SharedControl: true}},
		{"only pre length", outcome.WDDInput{Target: ok, TargetControl: ok, NoBuffer: true, PreLength: 2}},
		{"negative length", outcome.WDDInput{Target: ok, TargetControl: ok, NoBuffer: true, PreLength: -1, PostLength: 1}},
		{"infinite length", outcome.WDDInput{Target: ok, TargetControl: ok, NoBuffer: true, PreLength: math.Inf(1), PostLength: 1}},
		{"NaN length", outcome.WDDInput{Target: ok, TargetControl: ok, NoBuffer: true, PreLength: math.NaN(), PostLength: 1}},
		{"invalid buffer tally", outcome.WDDInput{Target: ok, TargetControl: ok, Buffer: outcome.PrePost{Pre: outcome.Tally{Sum: -1}}, BufferControl: ok}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := outcome.WDD(tt.in); err == nil {
				t.Error("no error")
			}
		})
	}
}
