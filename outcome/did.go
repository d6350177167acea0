package outcome

import (
	"fmt"
	"math"
)

// DiDMonths is the fewest months a period may have before DiffInDiff warns that its interval
// rests on too few months. It is our rule: the interval uses the normal distribution, which is
// too narrow for variances estimated from a handful of months.
const DiDMonths = 6

// DiD is a difference-in-differences estimate on monthly series, in events per month.
type DiD struct {
	Estimate float64 // (mean Tpost − mean Tpre) − (mean Cpost − mean Cpre); negative: the target fell relative to the control
	SE       float64 // standard error of Estimate
	CILow    float64 // Estimate − Z95·SE
	CIHigh   float64 // Estimate + Z95·SE

	TargetPre, TargetPost, ControlPre, ControlPost float64 // the four monthly means

	Defined bool     // false when a period has fewer than 2 months; all figures are then NaN
	Thin    bool     // some period had fewer than ThinEvents events in all its months together
	Caveats []string // every caveat, in plain words
}

// DiffInDiff returns the difference-in-differences of monthly series (counts or harm-weighted
// sums, one value per month, oldest first) for the target and the control before and after the
// intervention:
//
//	Estimate = (T̄post − T̄pre) − (C̄post − C̄pre)
//	SE²      = s²(Tpre)/n_pre + s²(Tpost)/n_post + s²(Cpre)/n_pre + s²(Cpost)/n_post
//	95% CI   = Estimate ± Z95·SE
//
// where s² is the sample variance (divisor n − 1) of the monthly values. The four means are
// treated as independent, each with its own variance: the unequal-variances (Welch) form. It
// equals the HC2 heteroskedasticity-robust standard error of the interaction coefficient in the
// saturated two-group, two-period OLS regression y = β0 + β1·post + β2·target + β3·post·target,
// since HC2 reproduces s²/n for each cell mean of a saturated model (MacKinnon and White 1985,
// J Econometrics 29:305–325). It assumes months are independent: autocorrelated monthly counts
// make the interval too narrow. The parallel-trends assumption is on the monthly-mean scale.
//
// Target and control must cover the same months: len(targetPre) = len(controlPre) and
// len(targetPost) = len(controlPost); pre and post may differ in length. A period with fewer
// than 2 months gives a result that is not Defined. Thin is set when an area's monthly values
// over a period sum to fewer than ThinEvents (events, for counts), and a caveat is added when a
// period has fewer than DiDMonths months. It returns an error for mismatched lengths or a negative, NaN or infinite value.
func DiffInDiff(targetPre, targetPost, controlPre, controlPost []float64) (DiD, error) {
	if len(targetPre) != len(controlPre) || len(targetPost) != len(controlPost) {
		return DiD{}, fmt.Errorf("difference-in-differences: target has %d and %d months, control %d and %d: they must cover the same months",
			len(targetPre), len(targetPost), len(controlPre), len(controlPost))
	}
	series := []struct {
		area, when string
		x          []float64
	}{
		{"target", "before", targetPre}, {"target", "after", targetPost},
		{"control", "before", controlPre}, {"control", "after", controlPost},
	}
	for _, s := range series {
		for i, v := range s.x {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return DiD{}, fmt.Errorf("difference-in-differences: %s month %d %s the intervention is %v: values must be finite and not negative", s.area, i+1, s.when, v)
			}
		}
	}
	var caveats []string
	thin := false
	for _, s := range series {
		if total := sum(s.x); total < ThinEvents {
			thin = true
			caveats = append(caveats, fmt.Sprintf("%s had %g events %s the intervention, fewer than %d: too few to conclude from", s.area, total, s.when, ThinEvents))
		}
	}
	for _, p := range []struct {
		when string
		n    int
	}{{"before", len(targetPre)}, {"after", len(targetPost)}} {
		switch {
		case p.n < 2:
			nan := math.NaN()
			caveats = append(caveats, fmt.Sprintf("only %s %s the intervention: at least 2 are needed for a difference-in-differences", months(p.n), p.when))
			return DiD{Estimate: nan, SE: nan, CILow: nan, CIHigh: nan, TargetPre: nan, TargetPost: nan, ControlPre: nan, ControlPost: nan,
				Thin: thin, Caveats: caveats}, nil
		case p.n < DiDMonths:
			caveats = append(caveats, fmt.Sprintf("only %s %s the intervention: the interval understates the uncertainty", months(p.n), p.when))
		}
	}
	d := DiD{Defined: true, Thin: thin, Caveats: caveats}
	var v float64
	means := []*float64{&d.TargetPre, &d.TargetPost, &d.ControlPre, &d.ControlPost}
	for i, s := range series {
		m, s2 := meanVar(s.x)
		*means[i] = m
		v += s2 / float64(len(s.x))
	}
	d.Estimate = (d.TargetPost - d.TargetPre) - (d.ControlPost - d.ControlPre)
	d.SE = math.Sqrt(v)
	d.CILow, d.CIHigh = d.Estimate-Z95*d.SE, d.Estimate+Z95*d.SE
	return d, nil
}

// months returns "1 month" or "n months".
func months(n int) string {
	if n == 1 {
		return "1 month"
	}
	return fmt.Sprintf("%d months", n)
}

// sum returns the sum of x.
func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// meanVar returns the mean and the sample variance (divisor n − 1) of x, len(x) ≥ 2.
func meanVar(x []float64) (mean, variance float64) {
	n := float64(len(x))
	mean = sum(x) / n
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / (n - 1)
}
