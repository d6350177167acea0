package evaluation

import (
	"strings"
	"testing"
)

func f64(x float64) *float64 { return &x }

// givenFigures builds the figures a verdict reads: the rate ratio and its interval, WDD's buffer
// term with its standard error, the WDQ and the total net effect (nil for undefined).
func givenFigures(rr, lo, hi, disp, se float64, wdq *float64, tne *float64) Figures {
	f := Figures{RateRatio: Estimate{Estimate: f64(rr), CILow: f64(lo), CIHigh: f64(hi)},
		WDD: WDDOut{Displacement: f64(disp), DisplacementSE: f64(se)}, WDQ: WDQOut{Value: wdq}, TotalNetEffect: tne}
	if wdq != nil {
		f.WDQ.Interpretation = "reading"
	}
	return f
}

// TestEachSentenceIsTrueOfItsFigures checks each template of the verdict against the figures
// that must make it true: a fall or rise only when the 95% interval excludes 1; displacement or
// diffusion only when WDD's buffer term is beyond 1.96 standard errors; "nothing moved to the
// streets around it" only when neither WDD nor the WDQ shows displacement.
func TestEachSentenceIsTrueOfItsFigures(t *testing.T) {
	tests := []struct {
		name                    string
		f                       Figures
		effect, buffer, net     string
		headlineHas, headlineNo []string
	}{
		{"a fall, nothing around it (hand-worked: RR 0.58, 0.49 to 0.70 → 42%, 30% to 51%)",
			givenFigures(0.58, 0.49, 0.70, 28, 41, f64(0.08), f64(120)), FindingFell, FindingNeither, FindingFewer,
			[]string{"fell by about 42% (30% to 51%) compared with similar areas", "nothing moved to the streets around it"}, []string{"displacement"}},
		{"a fall outweighed by displacement (z = 285/48 = 5.9, TNE −96.6)",
			givenFigures(0.56, 0.46, 0.68, 285, 48, f64(-1.58), f64(-96.6)), FindingFell, FindingDisplacement, FindingMore,
			[]string{"fell by about 44%", "more moved to the streets around it than the area lost: about 97 more incidents in all"}, []string{"nothing moved"}},
		{"a fall with diffusion (z = −80/30 = −2.67)",
			givenFigures(0.7, 0.6, 0.8, -80, 30, f64(0.5), f64(150)), FindingFell, FindingDiffusion, FindingFewer,
			[]string{"the streets around it improved too"}, []string{"nothing moved"}},
		{"no clear change: the interval includes 1",
			givenFigures(1.12, 0.96, 1.32, 38, 36, nil, f64(-10)), FindingNoClearChange, FindingNeither, FindingMore,
			[]string{"did not change beyond what chance explains"}, []string{"fell", "rose by"}},
		{"a fall whose buffer rose within chance: the WDQ leans to displacement",
			givenFigures(0.8, 0.7, 0.9, 40, 30, f64(-0.3), f64(5)), FindingFell, FindingNeither, FindingFewer,
			[]string{"no clear displacement"}, []string{"nothing moved"}},
		{"a rise (interval wholly above 1)",
			givenFigures(1.5, 1.2, 1.9, 0, 10, nil, f64(-30)), FindingRose, FindingNeither, FindingMore,
			[]string{"rose by about 50% (20% to 90%)"}, []string{"fell"}},
		{"displacement without a fall",
			givenFigures(1.29, 0.93, 1.79, 55, 21, nil, nil), FindingNoClearChange, FindingDisplacement, FindingNotEstimable,
			[]string{"rose beyond what chance explains"}, []string{"some moved", "nothing moved"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Result{Figures: tt.f, ControlSuggested: true, SMS: SMSOut{Level: 3, Description: "before and after with a comparable control", Comparable: true}}
			v := newVerdict(r, Names{Target: "Ashdown Park"})
			if v.Effect.Finding != tt.effect || v.Buffer.Finding != tt.buffer || v.Net.Finding != tt.net {
				t.Errorf("findings %s / %s / %s, want %s / %s / %s", v.Effect.Finding, v.Buffer.Finding, v.Net.Finding, tt.effect, tt.buffer, tt.net)
			}
			for _, s := range tt.headlineHas {
				if !strings.Contains(v.Headline, s) {
					t.Errorf("headline %q does not say %q", v.Headline, s)
				}
			}
			for _, s := range tt.headlineNo {
				if strings.Contains(v.Headline, s) {
					t.Errorf("headline %q says %q, which its figures do not support", v.Headline, s)
				}
			}
			// The buffer's sentence names the test that decided it.
			if tt.buffer != FindingNotEstimable && !strings.Contains(v.Buffer.Sentence, "WDD z =") {
				t.Errorf("buffer sentence %q does not give WDD's z", v.Buffer.Sentence)
			}
			if err := CheckVerdict(v, v.Headline+" "+v.Effect.Sentence); err != nil {
				t.Errorf("a surface carrying the verdict fails the check: %v", err)
			}
		})
	}
}

// TestAContradictionIsCaught: a surface that words the same evaluation differently from its
// verdict (the old headline's "no evidence of displacement" beside a table reading diffusion)
// fails the check.
func TestAContradictionIsCaught(t *testing.T) {
	r := &Result{Figures: givenFigures(0.56, 0.46, 0.68, 285, 48, f64(-1.58), f64(-96.6)), ControlSuggested: true}
	v := newVerdict(r, Names{Target: "Riverside Centre"})
	contradicting := "Incidents in Riverside Centre fell by about 44% compared with similar areas; nothing moved to the streets around it."
	if err := CheckVerdict(v, contradicting); err == nil {
		t.Error("a surface with another headline passed the check")
	}
	if err := CheckVerdict(v, "…"+v.Headline+"…"); err != nil {
		t.Errorf("a surface with the verdict failed: %v", err)
	}
}
