package outcome

import (
	"fmt"
	"math"
)

// SurveyThinRespondents is the fewest respondents a survey may have before a share measured in
// it is marked Thin. It is our rule: the intervals stay valid, but with 30 respondents and a
// share of one half the 95% Wilson interval already runs from 0.33 to 0.67.
const SurveyThinRespondents = 30

// Interval is a 95% confidence interval.
type Interval struct {
	Low, High float64
}

// WilsonInterval returns the 95% Wilson score interval for the proportion x/n (Wilson 1927,
// J Am Stat Assoc 22:209–212; method 3 of Newcombe 1998, "Two-sided confidence intervals for the
// single proportion: comparison of seven methods", Stat Med 17:857–872):
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
//	CI     = centre ± half,  p = x/n, z = Z95
//
// The interval stays within 0..1 and is sensible for x = 0 or x = n. It returns an error unless
// 0 ≤ x ≤ n and n > 0.
func WilsonInterval(x, n int) (Interval, error) {
	if n <= 0 || x < 0 || x > n {
		return Interval{}, fmt.Errorf("wilson interval: %d of %d: need 0 ≤ x ≤ n and n > 0", x, n)
	}
	p, nf, z2 := float64(x)/float64(n), float64(n), Z95*Z95
	d := 1 + z2/nf
	centre := (p + z2/(2*nf)) / d
	half := Z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / d
	iv := Interval{Low: centre - half, High: centre + half}
	// At x = 0 and x = n the bound is exactly 0 or 1; rounding may leave a trace.
	if x == 0 {
		iv.Low = 0
	}
	if x == n {
		iv.High = 1
	}
	return iv, nil
}

// ProportionChange is the change in a share of respondents between two independent surveys.
type ProportionChange struct {
	Before, After     float64  // xBefore/nBefore and xAfter/nAfter
	BeforeCI, AfterCI Interval // Wilson score intervals of each share
	Difference        float64  // After − Before
	CI                Interval // Newcombe's hybrid score interval for Difference

	Thin    bool     // a survey had fewer than SurveyThinRespondents respondents
	Caveats []string // every caveat, in plain words
}

// SurveyChange returns the share of respondents who said yes (for example, children who feel
// safe at a place) in a survey before and one after the intervention, the Wilson interval of
// each, and the change After − Before with Newcombe's hybrid score interval (method 10 of
// Newcombe 1998, "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Stat Med 17:873–890). With (l1, u1) and (l2, u2) the Wilson
// intervals of p1 = Before and p2 = After, and D = p2 − p1:
//
//	Low  = D − √((p2 − l2)² + (u1 − p1)²)
//	High = D + √((u2 − p2)² + (p1 − l1)²)
//
// The surveys must be of independent samples; if the same children answered both, a paired
// method is needed instead. Thin is set, with a caveat, when either survey has fewer than
// SurveyThinRespondents respondents. It returns an error unless 0 ≤ x ≤ n and n > 0 for both.
func SurveyChange(xBefore, nBefore, xAfter, nAfter int) (ProportionChange, error) {
	ci1, err := WilsonInterval(xBefore, nBefore)
	if err != nil {
		return ProportionChange{}, fmt.Errorf("survey before: %w", err)
	}
	ci2, err := WilsonInterval(xAfter, nAfter)
	if err != nil {
		return ProportionChange{}, fmt.Errorf("survey after: %w", err)
	}
	p1, p2 := float64(xBefore)/float64(nBefore), float64(xAfter)/float64(nAfter)
	d := p2 - p1
	c := ProportionChange{
		Before: p1, After: p2, BeforeCI: ci1, AfterCI: ci2, Difference: d,
		CI: Interval{
			Low:  d - math.Hypot(p2-ci2.Low, ci1.High-p1),
			High: d + math.Hypot(ci2.High-p2, p1-ci1.Low),
		},
	}
	for _, s := range []struct {
		when string
		n    int
	}{{"before", nBefore}, {"after", nAfter}} {
		if s.n < SurveyThinRespondents {
			c.Thin = true
			c.Caveats = append(c.Caveats, fmt.Sprintf("only %d respondents %s the intervention, fewer than %d: the interval is wide",
				s.n, s.when, SurveyThinRespondents))
		}
	}
	return c, nil
}
