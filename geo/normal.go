package geo

import "math"

// PValueTwoSided returns the two-sided p-value of a standard normal z-score,
// p = P(|Z| ≥ |z|) = erfc(|z|/√2). It is NaN for NaN and 0 for ±Inf.
//
// Computing it with erfc rather than 1 − Φ(|z|) keeps its precision in the tails:
// PValueTwoSided(10) is 1.5e-23, not 0.
func PValueTwoSided(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// Confidence levels of the ArcGIS Gi_Bin classes: a bin of ±3, ±2 or ±1 means the cluster is
// significant at 99, 95 or 90 percent confidence, that is two-sided p ≤ 0.01, 0.05 or 0.10.
const (
	Alpha99 = 0.01 // bins ±3
	Alpha95 = 0.05 // bins ±2
	Alpha90 = 0.10 // bins ±1
)

// GiBin returns the ArcGIS confidence-level bin of one Gi* result without false discovery rate
// correction: ±3 when p ≤ 0.01, ±2 when p ≤ 0.05, ±1 when p ≤ 0.10, with the sign of z, and 0
// otherwise (also for NaN, or z = 0).
//
// Reference: ArcGIS Pro, Hot Spot Analysis (Getis-Ord Gi*), usage notes: "Features in the
// +/-3 bins reflect statistical significance with a 99 percent confidence level; features in
// the +/-2 bins reflect a 95 percent confidence level; features in the +/-1 bins reflect a 90
// percent confidence level". ConfidenceBins does the same for many results, optionally with
// the FDR correction.
func GiBin(z, p float64) int {
	return binFor(z, p <= Alpha90, p <= Alpha95, p <= Alpha99)
}

// binFor returns the signed bin of z given its significance at the three levels.
func binFor(z float64, sig90, sig95, sig99 bool) int {
	level := 0
	switch {
	case sig99:
		level = 3
	case sig95:
		level = 2
	case sig90:
		level = 1
	}
	switch {
	case z > 0:
		return level
	case z < 0:
		return -level
	}
	return 0
}
