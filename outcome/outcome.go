package outcome

import (
	"fmt"
	"math"
)

// Z95 is the two-sided 95% critical value of the standard normal distribution, Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// ThinEvents is the fewest events an area may have in a period before a figure resting on that
// period is marked Thin.
//
// It is our rule, not a published one. With 10 events the exact 95% Poisson interval for the
// underlying mean runs from 4.8 to 18.4, so chance alone can halve or nearly double a period,
// and the normal approximations behind the intervals in this package (Poisson counts treated as
// normal on the log scale, or differences of counts treated as normal) are poor below that.
// Wheeler and Ratcliffe (2018) give the same warning for "very tiny counts" without a number.
const ThinEvents = 10

// Tally is the total of the events in one area and period: a count, or a sum of harm weights.
//
// For n unweighted events, Sum = SumSq = n and Events = n (see Count). For events with harm
// weights w_i, Sum = Σ w_i and SumSq = Σ w_i² (see Add). If events arrive as a Poisson process
// and their weights are independent of it, Sum is a compound Poisson total and SumSq estimates
// Var(Sum); for counts this is the usual Var(n) = n. The variances in this package use SumSq,
// so the same functions serve counts and harm-weighted sums. This is how Wheeler amends the
// weighted displacement difference for harm weights (Var(w·X) = w²·Var(X); ptools wdd_harm).
type Tally struct {
	Sum    float64 // number of events, or the sum of their harm weights
	SumSq  float64 // sum of squared weights; equals Sum for unweighted counts
	Events int     // number of events, whatever their weights; the Thin rule counts these
}

// Count returns the tally of n unweighted events.
func Count(n int) Tally {
	return Tally{Sum: float64(n), SumSq: float64(n), Events: n}
}

// Add returns t with one more event of harm weight w (w > 0; see Tally).
func (t Tally) Add(w float64) Tally {
	return Tally{Sum: t.Sum + w, SumSq: t.SumSq + w*w, Events: t.Events + 1}
}

// weighted reports whether t is not a plain count.
func (t Tally) weighted() bool {
	return t.Sum != float64(t.Events) || t.SumSq != t.Sum
}

// check returns an error if t cannot be the tally of any set of positive weights.
func (t Tally) check(what string) error {
	for _, v := range []float64{t.Sum, t.SumSq} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("%s: sum %v and sum of squares %v must be finite and not negative", what, t.Sum, t.SumSq)
		}
	}
	switch {
	case t.Events < 0:
		return fmt.Errorf("%s: %d events is negative", what, t.Events)
	case t.Events == 0 && (t.Sum != 0 || t.SumSq != 0):
		return fmt.Errorf("%s: no events but a sum of %v", what, t.Sum)
	case t.Events > 0 && (t.Sum == 0 || t.SumSq == 0):
		return fmt.Errorf("%s: %d events but a sum of %v: weights must be positive", what, t.Events, t.Sum)
	}
	return nil
}

// PrePost holds an area's tallies before and after the intervention started.
type PrePost struct {
	Pre, Post Tally
}

// Counts returns the PrePost of pre unweighted events before and post after.
func Counts(pre, post int) PrePost {
	return PrePost{Pre: Count(pre), Post: Count(post)}
}

// area names one PrePost for error messages and caveats ("target", "control", ...).
type area struct {
	name string
	pp   PrePost
}

// checkAreas returns the first invalid tally among the areas.
func checkAreas(areas ...area) error {
	for _, a := range areas {
		if err := a.pp.Pre.check(a.name + " before"); err != nil {
			return err
		}
		if err := a.pp.Post.check(a.name + " after"); err != nil {
			return err
		}
	}
	return nil
}

// checkThin checks the areas' tallies for the measure what (an invalid one is an error naming
// the measure) and reports the thin periods as thinCaveats does.
func checkThin(what string, areas ...area) (bool, []string, error) {
	if err := checkAreas(areas...); err != nil {
		return false, nil, fmt.Errorf("%s: %w", what, err)
	}
	thin, caveats := thinCaveats(areas...)
	return thin, caveats, nil
}

// thinCaveats reports whether any period of the areas has fewer than ThinEvents events, with a
// caveat for each such period.
func thinCaveats(areas ...area) (bool, []string) {
	var caveats []string
	for _, a := range areas {
		for _, p := range []struct {
			when string
			t    Tally
		}{{"before", a.pp.Pre}, {"after", a.pp.Post}} {
			if p.t.Events < ThinEvents {
				caveats = append(caveats, fmt.Sprintf("%s had %d events %s the intervention, fewer than %d: too few to conclude from",
					a.name, p.t.Events, p.when, ThinEvents))
			}
		}
	}
	return len(caveats) > 0, caveats
}

// Ratio is a ratio of rates with its 95% confidence interval, computed on the log scale.
type Ratio struct {
	Estimate float64 // point estimate; NaN when Defined is false
	CILow    float64 // lower 95% limit, exp(ln Estimate − Z95·LogSE); NaN when Defined is false
	CIHigh   float64 // upper 95% limit, exp(ln Estimate + Z95·LogSE); NaN when Defined is false
	LogSE    float64 // standard error of ln Estimate; NaN when Defined is false

	Defined   bool     // false when the data cannot give a ratio; Caveats say why
	Corrected bool     // 0.5 was added to each of the four counts because one was zero
	Thin      bool     // some period had fewer than ThinEvents events
	Caveats   []string // every caveat, in plain words, for the caller to list as notes
}

// undefinedRatio returns a Ratio that is not Defined, with the given caveats.
func undefinedRatio(thin bool, caveats []string) Ratio {
	nan := math.NaN()
	return Ratio{Estimate: nan, CILow: nan, CIHigh: nan, LogSE: nan, Thin: thin, Caveats: caveats}
}

// RateRatio compares the change in the target with the change in the control:
//
//	RR         = (Tpost/Tpre) / (Cpost/Cpre)
//	Var(ln RR) = 1/Tpre + 1/Tpost + 1/Cpre + 1/Cpost
//	95% CI     = exp(ln RR ± Z95·√Var(ln RR))
//
// RR < 1 means the target fell relative to the control. The variance assumes the four counts
// are independent Poisson counts: "This calculation of VAR (LRES) is based on the assumption
// that crimes occur at random, according to a Poisson process" (Farrington, Gill, Waples and
// Argomaniz 2007, "The effects of closed-circuit television on crime: meta-analysis of an
// English national quasi-multi-site evaluation", J Exp Criminol 3:21–38, appendix; the same
// formula is used in Welsh and Farrington's Campbell reviews of CCTV and street lighting and in
// Wilson 2021, J Quant Criminol, as the log incident rate ratio). Crime counts are usually
// overdispersed, so the interval is too narrow when they are; no overdispersion correction is
// applied. The period lengths cancel, so pre and post may differ in length. For harm-weighted
// tallies each 1/n becomes SumSq/Sum² (see Tally).
//
// Zero tallies follow one rule. If one or more of the four counts is zero but each area has
// events in at least one period, 0.5 is added to all four (the Haldane–Anscombe correction for
// a 2×2 table), Corrected is set and a caveat says so. If an area has no events in either
// period, or a harm-weighted tally is zero, the ratio is not Defined. Thin is set, with a
// caveat, for every period with fewer than ThinEvents events. It returns an error only for an
// invalid Tally.
func RateRatio(target, control PrePost) (Ratio, error) {
	areas := []area{{"target", target}, {"control", control}}
	thin, caveats, err := checkThin("rate ratio", areas...)
	if err != nil {
		return Ratio{}, err
	}
	cells := []Tally{target.Pre, target.Post, control.Pre, control.Post}
	for _, a := range areas {
		if a.pp.Pre.Events == 0 && a.pp.Post.Events == 0 {
			caveats = append(caveats, a.name+" had no events before or after the intervention: the rate ratio is undefined")
			return undefinedRatio(thin, caveats), nil
		}
	}
	corrected := false
	for _, c := range cells {
		if c.Events > 0 {
			continue
		}
		for _, d := range cells {
			if d.weighted() {
				caveats = append(caveats, "a harm-weighted period is empty: the harm-weighted rate ratio is undefined (the count figures still apply)")
				return undefinedRatio(thin, caveats), nil
			}
		}
		corrected = true
	}
	if corrected {
		for i := range cells {
			cells[i].Sum += 0.5
			cells[i].SumSq += 0.5
		}
		for _, e := range emptyPeriods(areas...) {
			caveats = append(caveats, e+": 0.5 was added to each of the four counts so that a ratio exists (Haldane–Anscombe correction); treat it as indicative only")
		}
	}
	rr := (cells[1].Sum / cells[0].Sum) / (cells[3].Sum / cells[2].Sum)
	v := 0.0
	for _, c := range cells {
		v += c.SumSq / (c.Sum * c.Sum)
	}
	se := math.Sqrt(v)
	return Ratio{
		Estimate:  rr,
		CILow:     math.Exp(math.Log(rr) - Z95*se),
		CIHigh:    math.Exp(math.Log(rr) + Z95*se),
		LogSE:     se,
		Defined:   true,
		Corrected: corrected,
		Thin:      thin,
		Caveats:   caveats,
	}, nil
}

// emptyPeriods names each period with no events, e.g. "control had no events after the intervention".
func emptyPeriods(areas ...area) []string {
	var out []string
	for _, a := range areas {
		if a.pp.Pre.Events == 0 {
			out = append(out, a.name+" had no events before the intervention")
		}
		if a.pp.Post.Events == 0 {
			out = append(out, a.name+" had no events after the intervention")
		}
	}
	return out
}

// RES is the relative effect size of Farrington and Welsh with its 95% interval, and the same
// figures read as a proportional reduction in the target relative to the control.
type RES struct {
	Ratio // the relative effect size and its interval; > 1 means a desirable effect

	Reduction     float64 // 1 − 1/RES: 0.25 means the target fell by 25% relative to the control; NaN when not Defined
	ReductionLow  float64 // 1 − 1/CILow; NaN when not Defined
	ReductionHigh float64 // 1 − 1/CIHigh; NaN when not Defined
}

// RelativeEffectSize returns the relative effect size (RES) of Farrington and Welsh:
//
//	RES         = (Cpost·Tpre) / (Cpre·Tpost) = 1/RR
//	Var(ln RES) = 1/Tpre + 1/Tpost + 1/Cpre + 1/Cpost
//
// With a, b the target counts before and after and c, d the control counts, RES is the odds
// ratio a·d/(b·c): "RES = 2 indicates that d/c (control after/control before) is twice as great
// as b/a (experimental after/experimental before)"; values above 1 mean a desirable effect
// (Farrington, Gill, Waples and Argomaniz 2007, J Exp Criminol 3:21–38, appendix "Measuring
// effect sizes"; Welsh and Farrington, Campbell Systematic Reviews 2008:13 and 2008:17).
// Reduction is 1 − 1/RES, the proportional change in the target relative to the control, with
// the sign turned so that a fall is positive: RES = 1.5 is a 33% reduction.
//
// Crime counts are overdispersed, and Farrington and Welsh (2004, "Measuring the effects of
// improved street lighting on crime: a reply to Dr. Marchant", Br J Criminol 44:448–467)
// estimated the variance-to-mean ratio from control areas; we could not confirm a published
// inflation factor for Var(ln RES), so none is applied and the interval assumes Poisson counts.
// The interval, zero handling, Thin rule and caveats are those of RateRatio, since RES = 1/RR;
// CILow is 1/RR.CIHigh.
func RelativeEffectSize(target, control PrePost) (RES, error) {
	rr, err := RateRatio(target, control)
	if err != nil {
		return RES{}, fmt.Errorf("relative effect size: %w", err)
	}
	if !rr.Defined {
		nan := math.NaN()
		return RES{Ratio: rr, Reduction: nan, ReductionLow: nan, ReductionHigh: nan}, nil
	}
	res := rr
	res.Estimate, res.CILow, res.CIHigh = 1/rr.Estimate, 1/rr.CIHigh, 1/rr.CILow
	return RES{
		Ratio:         res,
		Reduction:     1 - rr.Estimate,
		ReductionLow:  1 - rr.CIHigh,
		ReductionHigh: 1 - rr.CILow,
	}, nil
}
