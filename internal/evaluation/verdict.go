package evaluation

import (
	"fmt"
	"math"
	"strings"

	"github.com/placesafe/placesafe/outcome"
)

// Findings of a verdict's readings.
const (
	FindingFell          = "fell"
	FindingRose          = "rose"
	FindingNoClearChange = "no_clear_change"
	FindingNotEstimable  = "not_estimable"
	FindingDisplacement  = "displacement"
	FindingDiffusion     = "diffusion"
	FindingNeither       = "neither"
	FindingFewer         = "fewer"
	FindingMore          = "more"
)

// Reading is one part of a verdict: a finding (a code) and the sentence that says it.
type Reading struct {
	Finding  string `json:"finding"`
	Sentence string `json:"sentence"`
}

// Verdict is the one reading of an evaluation's figures. The headline, the intervention page,
// the place profile, the chart caption, the evidence pack and its report all render it; none
// writes a verdict of its own.
type Verdict struct {
	Headline string  `json:"headline"` // what a board reads aloud
	Effect   Reading `json:"effect"`   // the change in the target area relative to the control
	Buffer   Reading `json:"buffer"`   // displacement, diffusion or neither, and the test that decided it
	Net      Reading `json:"net"`      // the total net effect in words
	Design   Reading `json:"design"`   // the Maryland level and the design's limits
}

// Names of the areas as the verdict speaks of them.
type Names struct {
	Target  string // e.g. "Ashdown Park"; "the target area" when empty
	Control string // e.g. "similar areas"; "the control area" when empty
}

// wholePct is a proportion as a whole percentage, without its sign.
func wholePct(x float64) int { return int(math.Round(math.Abs(x) * 100)) }

// wddZ is the z-score of WDD's buffer term, and whether it is defined.
func wddZ(w WDDOut) (float64, bool) {
	if w.Displacement == nil || w.DisplacementSE == nil || *w.DisplacementSE <= 0 {
		return 0, false
	}
	return *w.Displacement / *w.DisplacementSE, true
}

// wdqLeansToDisplacement reports whether the WDQ reads displacement (the target fell and the
// buffer rose relative to the control). The WDQ has no test of its own.
func wdqLeansToDisplacement(q WDQOut) bool { return q.Value != nil && *q.Value < 0 }

// newVerdict reads the figures of r. Every claim it makes is one the figures support at 95%:
// a fall or a rise only when the rate ratio's interval excludes 1; displacement or diffusion
// only when WDD's buffer term is beyond ±1.96 standard errors; "nothing moved to the streets
// around it" only when WDD shows no displacement and the WDQ does not lean towards it.
func newVerdict(r *Result, n Names) Verdict {
	if n.Target == "" {
		n.Target = "the target area"
	}
	if n.Control == "" {
		n.Control = "the control area"
		if r.ControlSuggested {
			n.Control = "similar areas"
		}
	}
	v := Verdict{Effect: effectReading(r.Figures, n), Buffer: bufferReading(r.Figures), Net: netReading(r.Figures), Design: designReading(r)}
	v.Headline = headline(v, r.Figures, n)
	return v
}

func effectReading(f Figures, n Names) Reading {
	rr := f.RateRatio
	var out Reading
	switch {
	case rr.Estimate == nil || rr.CILow == nil || rr.CIHigh == nil:
		out = Reading{FindingNotEstimable, fmt.Sprintf("The data cannot estimate the change in incidents in %s relative to %s (a period with no incidents; see the notes).", n.Target, n.Control)}
	case *rr.CIHigh < 1:
		out = Reading{FindingFell, fmt.Sprintf("Incidents in %s fell by about %d%% (95%% interval %d%% to %d%%) compared with %s.",
			n.Target, wholePct(1-*rr.Estimate), wholePct(1-*rr.CIHigh), wholePct(1-*rr.CILow), n.Control)}
	case *rr.CILow > 1:
		out = Reading{FindingRose, fmt.Sprintf("Incidents in %s rose by about %d%% (95%% interval %d%% to %d%%) compared with %s.",
			n.Target, wholePct(*rr.Estimate-1), wholePct(*rr.CILow-1), wholePct(*rr.CIHigh-1), n.Control)}
	default:
		out = Reading{FindingNoClearChange, fmt.Sprintf("Incidents in %s did not change beyond what chance explains compared with %s (rate ratio %.2f, 95%% interval %.2f to %.2f).",
			n.Target, n.Control, *rr.Estimate, *rr.CILow, *rr.CIHigh)}
	}
	if rr.Thin {
		out.Sentence += fmt.Sprintf(" Some area had fewer than %d incidents in a period: too few to conclude firmly.", outcome.ThinEvents)
	}
	return out
}

func bufferReading(f Figures) Reading {
	z, ok := wddZ(f.WDD)
	if !ok {
		return Reading{FindingNotEstimable, "The streets around it cannot be assessed: the buffer or the control has no incidents in a period."}
	}
	d := *f.WDD.Displacement
	wdq := ""
	if f.WDQ.Value != nil {
		wdq = fmt.Sprintf("WDQ %.2f, %s", *f.WDQ.Value, f.WDQ.Interpretation)
	}
	switch {
	case z > outcome.Z95:
		s := fmt.Sprintf("Incidents in the streets around it rose relative to the control beyond what chance explains (about %.0f more, WDD z = %.1f): displacement.", math.Abs(d), z)
		if wdq != "" && !wdqLeansToDisplacement(f.WDQ) {
			s += fmt.Sprintf(" The WDQ (%s) reads otherwise because it compares the buffer with the target's fall rather than testing the buffer's change; WDD's test decides.", wdq)
		} else if wdq != "" {
			s += fmt.Sprintf(" The WDQ agrees (%s).", wdq)
		}
		return Reading{FindingDisplacement, s}
	case z < -outcome.Z95:
		s := fmt.Sprintf("Incidents in the streets around it fell relative to the control beyond what chance explains (about %.0f fewer, WDD z = %.1f): a diffusion of benefits.", math.Abs(d), z)
		if wdq != "" && wdqLeansToDisplacement(f.WDQ) {
			s += fmt.Sprintf(" The WDQ (%s) reads otherwise; WDD's test decides.", wdq)
		} else if wdq != "" {
			s += fmt.Sprintf(" The WDQ agrees (%s).", wdq)
		}
		return Reading{FindingDiffusion, s}
	case wdqLeansToDisplacement(f.WDQ):
		return Reading{FindingNeither, fmt.Sprintf("Incidents in the streets around it rose a little relative to the control (%s), but not beyond what chance explains (WDD z = %.1f): no clear displacement.", wdq, z)}
	}
	s := fmt.Sprintf("Nothing moved to the streets around it: their change relative to the control is within what chance explains (WDD z = %.1f).", z)
	if wdq != "" {
		s += fmt.Sprintf(" The WDQ (%s) leans the same way without a test of its own.", wdq)
	}
	return Reading{FindingNeither, s}
}

func netReading(f Figures) Reading {
	if f.TotalNetEffect == nil || math.IsNaN(*f.TotalNetEffect) {
		return Reading{FindingNotEstimable, "The total net effect cannot be worked out: the control has no incidents in a period."}
	}
	t := *f.TotalNetEffect
	switch {
	case math.Round(t) > 0:
		return Reading{FindingFewer, fmt.Sprintf("Taking the area and the streets around it together, there were about %.0f fewer incidents than the control's trend predicts (total net effect %+.1f).", t, t)}
	case math.Round(t) < 0:
		return Reading{FindingMore, fmt.Sprintf("Taking the area and the streets around it together, there were about %.0f more incidents than the control's trend predicts (total net effect %+.1f).", -t, t)}
	}
	return Reading{FindingNeither, "Taking the area and the streets around it together, the number of incidents is what the control's trend predicts (total net effect about 0)."}
}

func designReading(r *Result) Reading {
	limits := []string{"the intervention was not randomised"}
	if r.ControlSuggested {
		limits = append(limits, "the control was matched on its past level and trend, not on everything that could differ")
	}
	if !r.SMS.Comparable {
		limits = append(limits, "the control's past level differs from the target's by more than a factor of two")
	}
	return Reading{fmt.Sprintf("sms_%d", r.SMS.Level), fmt.Sprintf("Maryland Scientific Methods Scale level %d (%s); limits: %s.", r.SMS.Level, r.SMS.Description, strings.Join(limits, "; "))}
}

// headline puts the effect and what happened around it in one sentence.
func headline(v Verdict, f Figures, n Names) string {
	var effect string
	rr := f.RateRatio
	switch v.Effect.Finding {
	case FindingFell:
		effect = fmt.Sprintf("Incidents in %s fell by about %d%% (%d%% to %d%%) compared with %s", n.Target, wholePct(1-*rr.Estimate), wholePct(1-*rr.CIHigh), wholePct(1-*rr.CILow), n.Control)
	case FindingRose:
		effect = fmt.Sprintf("Incidents in %s rose by about %d%% (%d%% to %d%%) compared with %s", n.Target, wholePct(*rr.Estimate-1), wholePct(*rr.CILow-1), wholePct(*rr.CIHigh-1), n.Control)
	case FindingNoClearChange:
		effect = fmt.Sprintf("Incidents in %s did not change beyond what chance explains compared with %s", n.Target, n.Control)
	default:
		return fmt.Sprintf("The data cannot yet say whether incidents in %s changed compared with %s.", n.Target, n.Control)
	}
	switch {
	case v.Buffer.Finding == FindingDisplacement && v.Effect.Finding == FindingFell && v.Net.Finding == FindingMore:
		return effect + ", but more moved to the streets around it than the area lost: about " + netCount(f) + " more incidents in all."
	case v.Buffer.Finding == FindingDisplacement && v.Effect.Finding == FindingFell:
		return effect + "; some moved to the streets around it."
	case v.Buffer.Finding == FindingDisplacement:
		return effect + "; incidents in the streets around it rose beyond what chance explains."
	case v.Buffer.Finding == FindingDiffusion:
		return effect + "; the streets around it improved too."
	case v.Buffer.Finding == FindingNeither && !wdqLeansToDisplacement(f.WDQ):
		return effect + "; nothing moved to the streets around it."
	case v.Buffer.Finding == FindingNeither:
		return effect + "; the streets around it show no clear displacement."
	}
	return effect + "."
}

func netCount(f Figures) string { return fmt.Sprintf("%.0f", math.Abs(*f.TotalNetEffect)) }

// contradictions are phrases a surface may use only when the verdict's findings support them.
var contradictions = []struct {
	phrase  string
	allowed func(Verdict) bool
}{
	{"nothing moved to the streets around it", func(v Verdict) bool { return strings.Contains(v.Headline, "nothing moved") }},
	{"fell by about", func(v Verdict) bool { return v.Effect.Finding == FindingFell }},
	{"rose by about", func(v Verdict) bool { return v.Effect.Finding == FindingRose }},
	{"moved to the streets around it than the area lost", func(v Verdict) bool { return v.Net.Finding == FindingMore }},
	{"the streets around it improved too", func(v Verdict) bool { return v.Buffer.Finding == FindingDiffusion }},
	{"no evidence of displacement", func(Verdict) bool { return false }},
}

// CheckVerdict reports whether a surface's text (a page, a report section, a table row) about
// one evaluation carries its verdict's headline and no phrase its findings do not support.
func CheckVerdict(v Verdict, text string) error {
	if !strings.Contains(text, v.Headline) {
		return fmt.Errorf("the verdict %q is not there", v.Headline)
	}
	for _, c := range contradictions {
		if strings.Contains(text, c.phrase) && !c.allowed(v) {
			return fmt.Errorf("%q contradicts the verdict %q", c.phrase, v.Headline)
		}
	}
	return nil
}
