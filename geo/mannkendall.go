package geo

import (
	"fmt"
	"math"
	"slices"
)

// MKResult is the outcome of a Mann–Kendall trend test.
type MKResult struct {
	N    int     // length of the series
	S    int     // Mann–Kendall statistic: concordant minus discordant pairs
	VarS float64 // variance of S under no trend, corrected for ties
	Z    float64 // standard normal score of S with continuity correction
	P    float64 // two-sided p-value of Z
	Tau  float64 // Kendall's tau-a, S / (n(n−1)/2)
}

// MKMinLength is the shortest series MannKendall accepts.
const MKMinLength = 3

// MannKendall tests the series x, oldest first, for a monotonic trend (Mann 1945; Kendall
// 1975; Gilbert 1987, section 16.4):
//
//	S      = Σ_{i<j} sign(x_j − x_i)
//	Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18   (t_g: size of the g-th group of ties)
//	Z      = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0
//	P      = 2(1 − Φ(|Z|))
//	Tau    = S / (n(n−1)/2)
//
// A series with no variation (Var(S) = 0) has Z = 0 and P = 1. Ties are exact equality.
//
// Tau is tau-a, as pyMannKendall reports it; R's Kendall::MannKendall (used by sfdep's
// emerging hot spot analysis) reports tau-b instead, which differs only when there are ties
// and always has the sign of S. ArcGIS's Emerging Hot Spot Analysis reports only the trend
// z-score and p-value, and classification here uses only Z and P. The p-value is the normal
// approximation ArcGIS reports; for short series it is only approximate (Gilbert gives exact
// probabilities for n ≤ 40). It returns an error for fewer than MKMinLength values or a NaN or
// infinite value.
func MannKendall(x []float64) (MKResult, error) {
	n := len(x)
	if n < MKMinLength {
		return MKResult{}, fmt.Errorf("mann-kendall: %d values: at least %d are needed", n, MKMinLength)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return MKResult{}, fmt.Errorf("mann-kendall: value %d is %v: values must be finite", i, v)
		}
	}
	s := 0
	for i, xi := range x[:n-1] {
		for _, xj := range x[i+1:] {
			switch {
			case xj > xi:
				s++
			case xj < xi:
				s--
			}
		}
	}
	nf := float64(n)
	v := nf*(nf-1)*(2*nf+5) - tieTerm(x)
	v /= 18

	r := MKResult{N: n, S: s, VarS: v, P: 1, Tau: float64(s) / (nf * (nf - 1) / 2)}
	if v > 0 {
		switch {
		case s > 0:
			r.Z = float64(s-1) / math.Sqrt(v)
		case s < 0:
			r.Z = float64(s+1) / math.Sqrt(v)
		}
		r.P = PValueTwoSided(r.Z)
	}
	return r, nil
}

// tieTerm returns Σ t(t−1)(2t+5) over the groups of equal values in x.
func tieTerm(x []float64) float64 {
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	var sum float64
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		if t := float64(j - i); t > 1 {
			sum += t * (t - 1) * (2*t + 5)
		}
		i = j
	}
	return sum
}
