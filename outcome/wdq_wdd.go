package outcome

import (
	"fmt"
	"math"

	"github.com/placesafe/placesafe/geo"
)

// WDDInput holds the areas and periods of a weighted displacement difference test.
type WDDInput struct {
	Target        PrePost // treated area T
	TargetControl PrePost // control area Ct, comparable to the target
	Buffer        PrePost // displacement area D around the target; zero with NoBuffer
	BufferControl PrePost // control area Cd, comparable to the buffer; zero with SharedControl or NoBuffer

	// SharedControl says TargetControl is also the buffer's control (Cd = Ct).
	SharedControl bool
	// NoBuffer says there is no displacement area: the test covers the target alone.
	NoBuffer bool

	// PreLength and PostLength are the lengths of the periods in any one unit (months, say).
	// When set, every tally is divided by its period's length and the estimate is a change per
	// unit of time; both zero leaves the counts as they are, which suits equal periods.
	PreLength, PostLength float64
}

// WDDResult is a weighted displacement difference with its standard error and 95% interval.
type WDDResult struct {
	Estimate float64 // Local + Displacement: change in events attributed to the intervention; negative is a reduction
	SE       float64 // standard error of Estimate
	Z        float64 // Estimate / SE
	P        float64 // two-sided p-value of Z
	CILow    float64 // Estimate − Z95·SE
	CIHigh   float64 // Estimate + Z95·SE

	Local          float64 // ΔT − ΔCt
	LocalSE        float64 // its standard error
	Displacement   float64 // ΔD − ΔCd; positive suggests displacement, negative diffusion of benefits; 0 with NoBuffer
	DisplacementSE float64 // its standard error; 0 with NoBuffer

	Thin    bool     // some period had fewer than ThinEvents events
	Caveats []string // every caveat, in plain words
}

// WDD returns the weighted displacement difference of Wheeler and Ratcliffe (2018, "A simple
// weighted displacement difference test to evaluate place based crime interventions", Crime
// Science 7:11), with Δ the count after minus the count before:
//
//	Local        = ΔT − ΔCt
//	Displacement = ΔD − ΔCd
//	WDD          = Local + Displacement = ΔT − ΔCt + ΔD − ΔCd
//	Var(WDD)     = T0 + T1 + Ct0 + Ct1 + D0 + D1 + Cd0 + Cd1
//	Z            = WDD / √Var(WDD),  95% CI = WDD ± Z95·√Var(WDD)
//
// The variance is the sum of the eight counts, treating them as independent Poisson counts
// (normal approximation), as in the paper and in Wheeler's ptools::wdd. An increase in the
// buffer beyond its control's adds to WDD, so displacement offsets the local reduction.
//
// With SharedControl the buffer is compared with the target's control: WDD = ΔT + ΔD − 2·ΔCt,
// and since Ct enters twice, Var(WDD) = T0 + T1 + D0 + D1 + 4·(Ct0 + Ct1). This is our
// derivation (Var(2X) = 4·Var(X)), not the paper's; it assumes the buffer would have changed by
// the same number of events as the control, which needs a buffer and control of similar size.
//
// Harm-weighted tallies use SumSq in place of each count in the variance, which reproduces
// Wheeler's harm-weighted WDD (ptools::wdd_harm). With PreLength and PostLength set, each
// pre tally is divided by PreLength (its variance by PreLength²) and likewise after, giving a
// change per unit of time as in Wheeler (2021), "The WDD test with different pre/post time
// periods" (ptools::wdd time_weights). Thin is set, with a caveat, for every period used that
// has fewer than ThinEvents events. It returns an error for an invalid Tally, a negative, NaN or
// one-sided period length, or a Buffer or BufferControl that is set when NoBuffer or
// SharedControl says it is not used.
func WDD(in WDDInput) (WDDResult, error) {
	areas := []area{{"target", in.Target}, {"target control", in.TargetControl}}
	switch {
	case in.NoBuffer && (in.Buffer != PrePost{} || in.BufferControl != PrePost{}):
		return WDDResult{}, fmt.Errorf("weighted displacement difference: no buffer, but buffer tallies are set")
	case in.SharedControl && !in.NoBuffer && in.BufferControl != PrePost{}:
		return WDDResult{}, fmt.Errorf("weighted displacement difference: shared control, but a separate buffer control is set")
	case in.NoBuffer:
	case in.SharedControl:
		areas = append(areas, area{"buffer", in.Buffer})
	default:
		areas = append(areas, area{"buffer", in.Buffer}, area{"buffer control", in.BufferControl})
	}
	thin, caveats, err := checkThin("weighted displacement difference", areas...)
	if err != nil {
		return WDDResult{}, err
	}
	pre, post, err := periodLengths(in.PreLength, in.PostLength)
	if err != nil {
		return WDDResult{}, fmt.Errorf("weighted displacement difference: %w", err)
	}
	if in.NoBuffer {
		caveats = append(caveats, "no displacement area: the estimate covers the target only")
	}

	// change returns the change after minus before of a, per unit of time, and its variance.
	change := func(a PrePost) (float64, float64) {
		return a.Post.Sum/post - a.Pre.Sum/pre, a.Post.SumSq/(post*post) + a.Pre.SumSq/(pre*pre)
	}
	dT, vT := change(in.Target)
	dC, vC := change(in.TargetControl)
	r := WDDResult{Local: dT - dC, LocalSE: math.Sqrt(vT + vC), Thin: thin, Caveats: caveats}
	v := vT + vC
	switch {
	case in.NoBuffer:
	case in.SharedControl:
		dD, vD := change(in.Buffer)
		r.Displacement, r.DisplacementSE = dD-dC, math.Sqrt(vD+vC)
		v = vT + vD + 4*vC
	default:
		dD, vD := change(in.Buffer)
		dCd, vCd := change(in.BufferControl)
		r.Displacement, r.DisplacementSE = dD-dCd, math.Sqrt(vD+vCd)
		v += vD + vCd
	}
	r.Estimate = r.Local + r.Displacement
	r.SE = math.Sqrt(v)
	r.Z = r.Estimate / r.SE
	if v == 0 {
		r.Z = 0 // no events anywhere: nothing changed
	}
	r.P = geo.PValueTwoSided(r.Z)
	r.CILow, r.CIHigh = r.Estimate-Z95*r.SE, r.Estimate+Z95*r.SE
	return r, nil
}

// periodLengths returns the divisors for the pre and post tallies: 1 and 1 when neither length
// is set.
func periodLengths(pre, post float64) (float64, float64, error) {
	if pre == 0 && post == 0 {
		return 1, 1, nil
	}
	if !(pre > 0 && post > 0) || math.IsInf(pre, 0) || math.IsInf(post, 0) {
		return 0, 0, fmt.Errorf("period lengths %v and %v: both must be positive and finite, or both zero", pre, post)
	}
	return pre, post, nil
}
