package geo

import (
	"cmp"
	"fmt"
	"slices"
)

// BenjaminiHochberg reports which of the m hypotheses with p-values p are rejected by the
// Benjamini–Hochberg step-up procedure controlling the false discovery rate at q (0 < q ≤ 1).
//
// With the p-values sorted, p_(1) ≤ … ≤ p_(m), let k be the largest i with
//
//	p_(i) ≤ (i/m)·q
//
// and reject the hypotheses of p_(1) … p_(k); none if there is no such i. Tied p-values are
// rejected together. Reference: Benjamini, Y. and Hochberg, Y. (1995), Controlling the false
// discovery rate, J. R. Statist. Soc. B 57(1), 289–300, section 3.
//
// It returns an error for q outside (0, 1] or a p-value that is NaN or outside 0..1.
func BenjaminiHochberg(p []float64, q float64) ([]bool, error) {
	if !(q > 0 && q <= 1) {
		return nil, fmt.Errorf("false discovery rate %v is outside (0, 1]", q)
	}
	sorted, err := sortedPValues(p)
	if err != nil {
		return nil, err
	}
	cut := bhCutoff(sorted, q)
	reject := make([]bool, len(p))
	for i, v := range p {
		reject[i] = v <= cut
	}
	return reject, nil
}

// BHAdjust returns the Benjamini–Hochberg adjusted p-values (as R's p.adjust(p, "BH")):
//
//	p̃_(i) = min over j ≥ i of min(1, (m/j)·p_(j))
//
// so that p̃_i ≤ q exactly when BenjaminiHochberg(p, q) rejects hypothesis i. Pass them to
// ClassifyEmerging to decide significance with the FDR correction. It returns an error for a
// p-value that is NaN or outside 0..1.
func BHAdjust(p []float64) ([]float64, error) {
	if err := checkPValues(p); err != nil {
		return nil, err
	}
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	adj := make([]float64, m)
	running := 1.0
	for r := m - 1; r >= 0; r-- {
		i := order[r]
		running = min(running, p[i]*float64(m)/float64(r+1))
		adj[i] = running
	}
	return adj, nil
}

// ConfidenceBins returns the ArcGIS confidence-level bin (−3..+3) of each Gi* result with
// z-score z[i] and two-sided p-value p[i]: ±3, ±2 and ±1 for significance at 99, 95 and 90
// percent confidence, with the sign of z, and 0 when not significant.
//
// Without fdr, significance at a level is p ≤ 0.01, 0.05 or 0.10, as GiBin. With fdr,
// significance at each level is decided by BenjaminiHochberg over all the p-values at
// q = 0.01, 0.05 and 0.10, so fewer results are significant. This follows ArcGIS Pro's Hot
// Spot Analysis (Getis-Ord Gi*) with "Apply False Discovery Rate (FDR) Correction". Its usage
// notes: "The Gi_Bin field identifies statistically significant hot and cold spots regardless
// of whether the FDR correction is applied. Features in the +/-3 bins reflect statistical
// significance with a 99 percent confidence level; features in the +/-2 bins reflect a 95
// percent confidence level; features in the +/-1 bins reflect a 90 percent confidence level
// ... Without FDR correction, statistical significance is based on the p-value and z-score
// fields." And "How Hot Spot Analysis (Getis-Ord Gi*) works": "When the FDR correction is
// applied, statistical significance is adjusted to account for multiple testing and spatial
// dependency." ArcGIS describes the correction as ranking the p-values and dropping the
// weakest according to an estimate of false positives at each confidence level, which is the
// Benjamini–Hochberg procedure.
//
// It returns an error for slices of different lengths or a p-value that is NaN or outside 0..1.
func ConfidenceBins(z, p []float64, fdr bool) ([]int, error) {
	if len(z) != len(p) {
		return nil, fmt.Errorf("%d z-scores but %d p-values", len(z), len(p))
	}
	cut90, cut95, cut99 := Alpha90, Alpha95, Alpha99
	if fdr {
		sorted, err := sortedPValues(p)
		if err != nil {
			return nil, err
		}
		cut90, cut95, cut99 = bhCutoff(sorted, Alpha90), bhCutoff(sorted, Alpha95), bhCutoff(sorted, Alpha99)
	} else if err := checkPValues(p); err != nil {
		return nil, err
	}
	bins := make([]int, len(z))
	for i, v := range p {
		bins[i] = binFor(z[i], v <= cut90, v <= cut95, v <= cut99)
	}
	return bins, nil
}

// bhCutoff returns the largest p-value the Benjamini–Hochberg procedure at q rejects, or −1
// when it rejects none; sorted holds all m p-values in ascending order.
func bhCutoff(sorted []float64, q float64) float64 {
	m := float64(len(sorted))
	for i := len(sorted) - 1; i >= 0; i-- {
		// p_(i) ≤ (i/m)·q written as BHAdjust computes it, so that the two agree exactly.
		if sorted[i]*m/float64(i+1) <= q {
			return sorted[i]
		}
	}
	return -1
}

// sortedPValues checks p and returns a sorted copy.
func sortedPValues(p []float64) ([]float64, error) {
	if err := checkPValues(p); err != nil {
		return nil, err
	}
	sorted := slices.Clone(p)
	slices.Sort(sorted)
	return sorted, nil
}

// checkPValues refuses NaN and values outside 0..1.
func checkPValues(p []float64) error {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("p-value %d is %v: p-values must be in 0..1", i, v)
		}
	}
	return nil
}
