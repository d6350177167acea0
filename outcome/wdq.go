package outcome

import (
	"math"
)

// WDQInterpretation is the reading of a weighted displacement quotient.
type WDQInterpretation string

// The readings of a weighted displacement quotient, after Bowers and Johnson (2003) as tabled in
// Guerette (2009), Appendix C; WDQUndefined when there is no quotient.
const (
	WDQDiffusionGreater    WDQInterpretation = "diffusion of benefits greater than the direct effect" // WDQ > 1
	WDQDiffusion           WDQInterpretation = "diffusion of benefits"                                // 0 < WDQ ≤ 1
	WDQNeither             WDQInterpretation = "no displacement or diffusion"                         // WDQ = 0
	WDQDisplacementSmaller WDQInterpretation = "displacement smaller than the direct effect"          // −1 ≤ WDQ < 0
	WDQDisplacementGreater WDQInterpretation = "displacement greater than the direct effect"          // WDQ < −1
	WDQUndefined           WDQInterpretation = "undefined"                                            // no success in the target, or an empty control period
)

// WDQResult is a weighted displacement quotient with its two parts.
type WDQResult struct {
	Value          float64           // BufferMeasure / SuccessMeasure; NaN when not Defined
	SuccessMeasure float64           // Ta/Ca − Tb/Cb; negative means the target fell relative to the control; NaN when the control has an empty period
	BufferMeasure  float64           // Da/Ca − Db/Cb; positive suggests displacement, negative diffusion; NaN when the control has an empty period
	Interpretation WDQInterpretation // reading of Value

	Defined bool     // false when there was no success in the target or the control has an empty period
	Thin    bool     // some period had fewer than ThinEvents events
	Caveats []string // every caveat, in plain words
}

// WDQ returns the weighted displacement quotient of Bowers and Johnson (2003, "Measuring the
// geographical displacement and diffusion of benefit effects of crime prevention activity",
// J Quant Criminol 19(3):275–301), with b before and a after the intervention, T the target
// (response) area, D the buffer and C the control:
//
//	SuccessMeasure = Ta/Ca − Tb/Cb
//	BufferMeasure  = Da/Ca − Db/Cb
//	WDQ            = BufferMeasure / SuccessMeasure
//
// as given in Guerette (2009), Analyzing Crime Displacement and Diffusion, POP Center Tool
// Guide No. 10, Appendix B. Its readings (Appendix C): WDQ > 1, "the diffusion effect was
// greater than the response effect"; 0 < WDQ ≤ 1, diffusion, "any response effects were
// amplified"; WDQ = 0, no effect in the buffer; −1 ≤ WDQ < 0, displacement that "was not
// greater than the response effects and the intervention still achieved some benefit";
// WDQ < −1, "the response effect was eclipsed or erased by displacement".
//
// The quotient is defined only when SuccessMeasure < 0: "displacement can only be attributed to
// crime prevention activity if crime is reduced in the target area" (Bowers and Johnson 2003,
// abstract). With SuccessMeasure ≥ 0, or a control with no events in a period (the ratios need
// Ca and Cb), the result is not Defined and a caveat says why. The WDQ has no standard error;
// use WDD for a test. Sums of harm weights may be passed as tallies. Thin is set, with a caveat,
// for every period with fewer than ThinEvents events. It returns an error only for an invalid
// Tally.
func WDQ(target, buffer, control PrePost) (WDQResult, error) {
	thin, caveats, err := checkThin("weighted displacement quotient", area{"target", target}, area{"buffer", buffer}, area{"control", control})
	if err != nil {
		return WDQResult{}, err
	}
	nan := math.NaN()
	r := WDQResult{Value: nan, SuccessMeasure: nan, BufferMeasure: nan, Interpretation: WDQUndefined, Thin: thin, Caveats: caveats}
	if control.Pre.Sum == 0 || control.Post.Sum == 0 {
		for _, e := range emptyPeriods(area{"control", control}) {
			r.Caveats = append(r.Caveats, e+": the weighted displacement quotient is undefined")
		}
		return r, nil
	}
	ca, cb := control.Post.Sum, control.Pre.Sum
	r.SuccessMeasure = target.Post.Sum/ca - target.Pre.Sum/cb
	r.BufferMeasure = buffer.Post.Sum/ca - buffer.Pre.Sum/cb
	if r.SuccessMeasure >= 0 {
		r.Caveats = append(r.Caveats, "the target did not fall relative to the control (success measure ≥ 0): no displacement or diffusion can be attributed, so the weighted displacement quotient is undefined")
		return r, nil
	}
	r.Value = r.BufferMeasure / r.SuccessMeasure
	r.Defined = true
	switch {
	case r.Value > 1:
		r.Interpretation = WDQDiffusionGreater
	case r.Value > 0:
		r.Interpretation = WDQDiffusion
	case r.Value == 0:
		r.Interpretation = WDQNeither
	case r.Value >= -1:
		r.Interpretation = WDQDisplacementSmaller
	default:
		r.Interpretation = WDQDisplacementGreater
	}
	return r, nil
}

// TNE is the total net effect of an intervention: events expected from the control's trend
// minus events observed, in the target and the buffer.
type TNE struct {
	Total  float64 // Target + Buffer; positive means events prevented overall; NaN when not Defined
	Target float64 // Tb·(Ca/Cb) − Ta; NaN when not Defined
	Buffer float64 // Db·(Ca/Cb) − Da; positive means diffusion of benefits, negative displacement; NaN when not Defined

	Defined bool     // false when the control had no events before the intervention
	Thin    bool     // some period had fewer than ThinEvents events
	Caveats []string // every caveat, in plain words
}

// TotalNetEffect returns the total net effect (Guerette 2009, Analyzing Crime Displacement and
// Diffusion, POP Center Tool Guide No. 10, Appendix B, equation 4, after Bowers and Johnson
// 2003), with b before and a after, T the target, D the buffer and C the control:
//
//	TNE = [Tb·(Ca/Cb) − Ta] + [Db·(Ca/Cb) − Da]
//
// Each bracket is the count expected had the area followed the control's trend, minus the
// count observed; a positive total is the number of events prevented after displacement or
// diffusion. It needs Cb > 0: with no control events before, the result is not Defined. Sums of
// harm weights may be passed as tallies. It has no standard error; WDD gives one for the same
// question. Thin and Caveats follow WDQ. It returns an error only for an invalid Tally.
func TotalNetEffect(target, buffer, control PrePost) (TNE, error) {
	thin, caveats, err := checkThin("total net effect", area{"target", target}, area{"buffer", buffer}, area{"control", control})
	if err != nil {
		return TNE{}, err
	}
	if control.Pre.Sum == 0 {
		nan := math.NaN()
		caveats = append(caveats, "control had no events before the intervention: the total net effect is undefined")
		return TNE{Total: nan, Target: nan, Buffer: nan, Thin: thin, Caveats: caveats}, nil
	}
	trend := control.Post.Sum / control.Pre.Sum
	t := TNE{
		Target:  target.Pre.Sum*trend - target.Post.Sum,
		Buffer:  buffer.Pre.Sum*trend - buffer.Post.Sum,
		Defined: true,
		Thin:    thin,
		Caveats: caveats,
	}
	t.Total = t.Target + t.Buffer
	return t, nil
}
