package outcome_test

import (
	"math"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/outcome"
)

// nearly reports whether got is within tol of want (relative to want when |want| > 1).
func nearly(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// figure is a named result and the value it should have.
type figure struct {
	what      string
	got, want float64
}

// checkFigures fails t for each figure not within tol of its value (as nearly measures it); a
// value of NaN wants NaN.
func checkFigures(t *testing.T, tol float64, figures ...figure) {
	t.Helper()
	for _, f := range figures {
		if math.IsNaN(f.want) != math.IsNaN(f.got) || (!math.IsNaN(f.want) && !nearly(f.got, f.want, tol)) {
			t.Errorf("%s = %.15g, want %.15g", f.what, f.got, f.want)
		}
	}
}

// round4 rounds x to four decimal places, as published tables print it.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// weightedTally returns the tally of events with the given harm weights.
func weightedTally(w ...float64) outcome.Tally {
	var t outcome.Tally
	for _, v := range w {
		t = t.Add(v)
	}
	return t
}

// repeat returns n copies of w.
func repeat(w float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = w
	}
	return out
}

// hasCaveat reports whether some caveat contains part.
func hasCaveat(caveats []string, part string) bool {
	for _, c := range caveats {
		if strings.Contains(c, part) {
			return true
		}
	}
	return false
}

func TestRateRatio(t *testing.T) {
	tests := []struct {
		name             string
		target, control  outcome.PrePost
		want, low, high  float64
		logSE            float64
		corrected, thin  bool
		caveat           string // a caveat that must be present, if any
		defined          bool
		wantCaveatsCount int
	}{
		// Wheeler (2021-03-18), "Comparing the WDD vs the Wilson log IRR estimator",
		// andrewpwheeler.com: treated 50 → 30, control 60 → 55 gives (30/50)/(55/60) = 0.6545455,
		// "crime is reduced by approximately 35%". The interval is hand-worked:
		// Var = 1/50 + 1/30 + 1/60 + 1/55 = 0.0881818, SE = 0.2969542,
		// exp(ln 0.6545455 ± 1.959964·0.2969542) = 0.3657395 to 1.1714067.
		{name: "Wheeler 2021 log IRR example", target: outcome.Counts(50, 30), control: outcome.Counts(60, 55),
			want: 0.6545454545454545, low: 0.36573953421622557, high: 1.1714067307058678, logSE: 0.29695423583747405, defined: true},
		// Counts of Guerette (2009), POP Tool Guide 10, Appendix D (Lancashire): target 207 → 110,
		// control 308 → 318. Hand-worked: RR = (110/207)/(318/308) = 0.5146902,
		// Var = 1/207 + 1/110 + 1/308 + 1/318 = 0.0203132, SE = 0.1425245.
		{name: "Guerette 2009 Lancashire counts", target: outcome.Counts(207, 110), control: outcome.Counts(308, 318),
			want: 0.5146902439765442, low: 0.389250212461974, high: 0.6805546632052598, logSE: 0.14252450420930707, defined: true},
		// Hand-worked with 0.5 added to each count: (0.5/12.5)/(14.5/15.5) = 0.0427586,
		// Var = 1/12.5 + 1/0.5 + 1/15.5 + 1/14.5 = 2.2135, SE = 1.4877774.
		{name: "target empty after: corrected", target: outcome.Counts(12, 0), control: outcome.Counts(15, 14),
			want: 0.04275862068965518, low: 0.0023153958624501543, high: 0.7896272395283191, logSE: 1.487777418256386,
			corrected: true, thin: true, defined: true, caveat: "target had no events after the intervention: 0.5 was added", wantCaveatsCount: 2},
		// (10.5/20.5)/(0.5/8.5) = 8.7073171; Var = 1/20.5 + 1/10.5 + 1/8.5 + 1/0.5.
		{name: "control empty after: corrected", target: outcome.Counts(20, 10), control: outcome.Counts(8, 0),
			want: 8.707317073170731, low: 0.45685290026615044, high: 165.9557607460986, logSE: 1.5038835200461846,
			corrected: true, thin: true, defined: true, caveat: "control had no events after", wantCaveatsCount: 3},
		{name: "control empty in both periods: undefined", target: outcome.Counts(20, 10), control: outcome.Counts(0, 0),
			thin: true, caveat: "control had no events before or after the intervention: the rate ratio is undefined", wantCaveatsCount: 3},
		// Ten events of weight 2 before and five after: Sum 20 and 10, SumSq 40 and 20, so
		// Var(ln) = 40/20² + 20/10² + 1/30 + 1/30 = 0.3666667, as for 10 and 5 plain events:
		// scaling every weight leaves the log ratio's variance alone.
		{name: "harm-weighted target", target: outcome.PrePost{Pre: weightedTally(repeat(2, 10)...), Post: weightedTally(repeat(2, 5)...)},
			control: outcome.Counts(30, 30), want: 0.5, low: 0.15259555165422625, high: 1.6383177444548798, logSE: 0.6055300708194984,
			thin: true, defined: true, wantCaveatsCount: 1},
		{name: "harm-weighted with an empty period: undefined", target: outcome.PrePost{Pre: weightedTally(3, 1, 2), Post: outcome.Tally{}},
			control: outcome.Counts(30, 30), thin: true, caveat: "harm-weighted rate ratio is undefined", wantCaveatsCount: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outcome.RateRatio(tt.target, tt.control)
			if err != nil {
				t.Fatal(err)
			}
			if got.Defined != tt.defined || got.Corrected != tt.corrected || got.Thin != tt.thin {
				t.Errorf("Defined, Corrected, Thin = %v, %v, %v; want %v, %v, %v", got.Defined, got.Corrected, got.Thin, tt.defined, tt.corrected, tt.thin)
			}
			if tt.caveat != "" && !hasCaveat(got.Caveats, tt.caveat) {
				t.Errorf("caveats %q lack %q", got.Caveats, tt.caveat)
			}
			if len(got.Caveats) != tt.wantCaveatsCount {
				t.Errorf("%d caveats %q, want %d", len(got.Caveats), got.Caveats, tt.wantCaveatsCount)
			}
			if !tt.defined {
				if !math.IsNaN(got.Estimate) || !math.IsNaN(got.CILow) || !math.IsNaN(got.CIHigh) {
					t.Errorf("undefined ratio %+v is not NaN", got)
				}
				return
			}
			checkFigures(t, 1e-12, figure{"estimate", got.Estimate, tt.want}, figure{"low", got.CILow, tt.low},
				figure{"high", got.CIHigh, tt.high}, figure{"log SE", got.LogSE, tt.logSE})
		})
	}
}

func TestRateRatioThinCaveats(t *testing.T) {
	got, err := outcome.RateRatio(outcome.Counts(7, 12), outcome.Counts(40, 9))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"target had 7 events before the intervention, fewer than 10: too few to conclude from",
		"control had 9 events after the intervention, fewer than 10: too few to conclude from",
	}
	if !got.Thin || strings.Join(got.Caveats, "|") != strings.Join(want, "|") {
		t.Errorf("Thin %v, caveats %q; want true, %q", got.Thin, got.Caveats, want)
	}
	got, err = outcome.RateRatio(outcome.Counts(10, 10), outcome.Counts(10, 10))
	if err != nil {
		t.Fatal(err)
	}
	if got.Thin || len(got.Caveats) != 0 {
		t.Errorf("10 events in every period: Thin %v, caveats %q; want none", got.Thin, got.Caveats)
	}
}

func TestRelativeEffectSize(t *testing.T) {
	// Wheeler (2021) example as in TestRateRatio: RES = 1/0.6545455 = 1.5277778, a reduction of
	// 1 − 1/RES = 0.3454545 ("approximately 35%"); the interval is 1/1.1714067 to 1/0.3657395.
	got, err := outcome.RelativeEffectSize(outcome.Counts(50, 30), outcome.Counts(60, 55))
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(t, 1e-12,
		figure{"RES", got.Estimate, 1.5277777777777777},
		figure{"low", got.CILow, 0.8536744529352488},
		figure{"high", got.CIHigh, 2.734186234865162},
		figure{"log SE", got.LogSE, 0.29695423583747405},
		figure{"reduction", got.Reduction, 0.34545454545454546},
		figure{"reduction low", got.ReductionLow, -0.17140673070586776},
		figure{"reduction high", got.ReductionHigh, 0.6342604657837745})
	// RES = (Cpost·Tpre)/(Cpre·Tpost) by its definition, and 1 − 1/RES is the reduction.
	if want := (55.0 * 50) / (60 * 30); !nearly(got.Estimate, want, 1e-15) || !nearly(got.Reduction, 1-1/want, 1e-15) {
		t.Errorf("RES %v, reduction %v; want %v, %v", got.Estimate, got.Reduction, want, 1-1/want)
	}

	und, err := outcome.RelativeEffectSize(outcome.Counts(0, 0), outcome.Counts(5, 5))
	if err != nil {
		t.Fatal(err)
	}
	if und.Defined || !math.IsNaN(und.Estimate) || !math.IsNaN(und.Reduction) {
		t.Errorf("empty target: %+v, want undefined NaN", und)
	}
}

func TestTallyErrors(t *testing.T) {
	tests := []struct {
		name string
		t    outcome.Tally
	}{
		{"negative sum", outcome.Tally{Sum: -1, SumSq: 1, Events: 1}},
		{"NaN sum", outcome.Tally{Sum: math.NaN(), SumSq: 1, Events: 1}},
		{"infinite square sum", outcome.Tally{Sum: 1, SumSq: math.Inf(1), Events: 1}},
		{"negative events", outcome.Tally{Events: -2}},
		{"sum without events", outcome.Tally{Sum: 3, SumSq: 3}},
		{"events without sum", outcome.Tally{Events: 3}},
		{"zero weight", outcome.Tally{}.Add(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := outcome.RateRatio(outcome.PrePost{Pre: tt.t, Post: outcome.Count(5)}, outcome.Counts(5, 5)); err == nil {
				t.Error("RateRatio: no error")
			}
			if _, err := outcome.WDQ(outcome.Counts(5, 5), outcome.PrePost{Pre: outcome.Count(5), Post: tt.t}, outcome.Counts(5, 5)); err == nil {
				t.Error("WDQ: no error")
			}
			if _, err := outcome.WDD(outcome.WDDInput{Target: outcome.Counts(5, 5), TargetControl: outcome.PrePost{Pre: tt.t}, NoBuffer: true}); err == nil {
				t.Error("WDD: no error")
			}
		})
	}
}

func TestCountAndAdd(t *testing.T) {
	if got, want := outcome.Count(7), (outcome.Tally{Sum: 7, SumSq: 7, Events: 7}); got != want {
		t.Errorf("Count(7) = %+v, want %+v", got, want)
	}
	if got, want := outcome.Count(2).Add(3).Add(0.5), (outcome.Tally{Sum: 5.5, SumSq: 11.25, Events: 4}); got != want {
		t.Errorf("Count(2).Add(3).Add(0.5) = %+v, want %+v", got, want)
	}
}
