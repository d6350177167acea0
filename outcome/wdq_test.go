package outcome_test

import (
	"math"
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

// Guerette (2009), Analyzing Crime Displacement and Diffusion, POP Center Tool Guide No. 10,
// Appendix D: "MOPPIN up Dodge", Lancashire Constabulary (2008 Goldstein Award finalist).
// Response (target) area 207 → 110, control 308 → 318, buffer 178 → 157.
var (
	lancsTarget  = outcome.Counts(207, 110)
	lancsBuffer  = outcome.Counts(178, 157)
	lancsControl = outcome.Counts(308, 318)
)

func TestWDQGuerette2009(t *testing.T) {
	got, err := outcome.WDQ(lancsTarget, lancsBuffer, lancsControl)
	if err != nil {
		t.Fatal(err)
	}
	// Guerette prints NE = (207/308) − (110/318) = .326; the success measure is its negative.
	if round := math.Round(got.SuccessMeasure*1000) / 1000; round != -0.326 {
		t.Errorf("success measure %v rounds to %v, want −0.326 (Guerette's NE = .326)", got.SuccessMeasure, round)
	}
	// Guerette prints WDQ = [(157/318) − (178/308)] / [(110/318) − (207/308)] = .411, reads it
	// as diffusion "not greater than the reduction achieved in the intervention area". The
	// printed formula and counts give −0.0842114 / −0.3261660 = 0.2581857, not .411 (no
	// combination of these counts we tried gives .411): we test the hand-worked value and the
	// published reading, which both agree with.
	checkFigures(t, 1e-12,
		figure{"success measure", got.SuccessMeasure, 110.0/318 - 207.0/308},
		figure{"buffer measure", got.BufferMeasure, 157.0/318 - 178.0/308},
		figure{"WDQ", got.Value, 0.25818568834908917})
	if !got.Defined || got.Interpretation != outcome.WDQDiffusion || got.Thin || len(got.Caveats) != 0 {
		t.Errorf("Defined %v, %q, Thin %v, caveats %q; want true, %q, false, none", got.Defined, got.Interpretation, got.Thin, got.Caveats, outcome.WDQDiffusion)
	}
}

func TestWDQInterpretation(t *testing.T) {
	// Control flat at 100, target 100 → 50: success measure −0.5. A buffer going from 100 to b
	// has buffer measure (b − 100)/100, so WDQ = (100 − b)/50.
	tests := []struct {
		name    string
		target  outcome.PrePost
		buffer  outcome.PrePost
		control outcome.PrePost
		wdq     float64
		want    outcome.WDQInterpretation
		caveat  string
	}{
		{"diffusion greater than the direct effect", outcome.Counts(100, 50), outcome.Counts(100, 40), outcome.Counts(100, 100), 1.2, outcome.WDQDiffusionGreater, ""},
		{"diffusion equal to the direct effect", outcome.Counts(100, 50), outcome.Counts(100, 50), outcome.Counts(100, 100), 1, outcome.WDQDiffusion, ""},
		{"diffusion", outcome.Counts(100, 50), outcome.Counts(100, 75), outcome.Counts(100, 100), 0.5, outcome.WDQDiffusion, ""},
		{"neither", outcome.Counts(100, 50), outcome.Counts(100, 100), outcome.Counts(100, 100), 0, outcome.WDQNeither, ""},
		{"displacement smaller", outcome.Counts(100, 50), outcome.Counts(100, 125), outcome.Counts(100, 100), -0.5, outcome.WDQDisplacementSmaller, ""},
		{"displacement equal to the direct effect", outcome.Counts(100, 50), outcome.Counts(100, 150), outcome.Counts(100, 100), -1, outcome.WDQDisplacementSmaller, ""},
		{"displacement greater", outcome.Counts(100, 50), outcome.Counts(100, 160), outcome.Counts(100, 100), -1.2, outcome.WDQDisplacementGreater, ""},
		// The control doubled and the target rose by half: a success relative to the control.
		// SM = 150/200 − 100/100 = −0.25; BM = 200/200 − 100/100 = 0: no displacement.
		{"success against a rising control", outcome.Counts(100, 150), outcome.Counts(100, 200), outcome.Counts(100, 200), 0, outcome.WDQNeither, ""},
		{"no success", outcome.Counts(100, 100), outcome.Counts(100, 150), outcome.Counts(100, 100), math.NaN(), outcome.WDQUndefined, "success measure ≥ 0"},
		{"target rose", outcome.Counts(100, 120), outcome.Counts(100, 80), outcome.Counts(100, 100), math.NaN(), outcome.WDQUndefined, "did not fall relative to the control"},
		{"control empty before", outcome.Counts(100, 50), outcome.Counts(100, 80), outcome.Counts(0, 100), math.NaN(), outcome.WDQUndefined, "control had no events before the intervention: the weighted displacement quotient is undefined"},
		{"control empty after", outcome.Counts(100, 50), outcome.Counts(100, 80), outcome.Counts(100, 0), math.NaN(), outcome.WDQUndefined, "control had no events after the intervention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.WDQ(tt.target, tt.buffer, tt.control)
			if err != nil {
				t.Fatal(err)
			}
			if got.Interpretation != tt.want {
				t.Errorf("interpretation %q, want %q", got.Interpretation, tt.want)
			}
			if math.IsNaN(tt.wdq) {
				if got.Defined || !math.IsNaN(got.Value) || !hasCaveat(got.Caveats, tt.caveat) {
					t.Errorf("Defined %v, WDQ %v, caveats %q; want undefined NaN with %q", got.Defined, got.Value, got.Caveats, tt.caveat)
				}
				return
			}
			if !got.Defined || !nearly(got.Value, tt.wdq, 1e-12) {
				t.Errorf("Defined %v, WDQ %v; want %v", got.Defined, got.Value, tt.wdq)
			}
		})
	}
}

func TestWDQThin(t *testing.T) {
	got, err := outcome.WDQ(outcome.Counts(30, 8), outcome.Counts(5, 6), outcome.Counts(40, 40))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Thin || len(got.Caveats) != 3 || !hasCaveat(got.Caveats, "buffer had 5 events before the intervention") {
		t.Errorf("Thin %v, caveats %q; want three thin caveats", got.Thin, got.Caveats)
	}
}

func TestTotalNetEffect(t *testing.T) {
	tests := []struct {
		name                   string
		target, buffer, contrl outcome.PrePost
		total, inTarget, inBuf float64
		defined                bool
		caveat                 string
	}{
		// Guerette (2009), Appendix D: TNE = [207(318/308) − 110] + [178(318/308) − 157]
		// = 130.5, "130.5 or 131". Hand-worked parts: 103.7207792 and 26.7792208.
		{"Guerette 2009 Lancashire", lancsTarget, lancsBuffer, lancsControl, 130.5, 103.7207792207792, 26.779220779220793, true, ""},
		// Control flat: expected equals the before counts. Target 100 → 60 saves 40; the buffer
		// 50 → 65 loses 15 to displacement: 25 prevented overall.
		{"flat control with displacement", outcome.Counts(100, 60), outcome.Counts(50, 65), outcome.Counts(80, 80), 25, 40, -15, true, ""},
		// Control empty after: expected 0 everywhere, so TNE is minus what was observed.
		{"control empty after", outcome.Counts(12, 4), outcome.Counts(10, 3), outcome.Counts(15, 0), -7, -4, -3, true, "control had 0 events after"},
		{"control empty before", outcome.Counts(12, 4), outcome.Counts(10, 3), outcome.Counts(0, 15), math.NaN(), math.NaN(), math.NaN(), false,
			"control had no events before the intervention: the total net effect is undefined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.TotalNetEffect(tt.target, tt.buffer, tt.contrl)
			if err != nil {
				t.Fatal(err)
			}
			if got.Defined != tt.defined || (tt.caveat != "" && !hasCaveat(got.Caveats, tt.caveat)) {
				t.Errorf("Defined %v, caveats %q; want %v with %q", got.Defined, got.Caveats, tt.defined, tt.caveat)
			}
			checkFigures(t, 1e-12, figure{"total", got.Total, tt.total}, figure{"target", got.Target, tt.inTarget}, figure{"buffer", got.Buffer, tt.inBuf})
		})
	}
}
