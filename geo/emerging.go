package geo

import "fmt"

// EmergingCategory is the trend class ArcGIS's Emerging Hot Spot Analysis gives a location
// from its series of Gi* results over time.
type EmergingCategory string

// The 17 categories of Emerging Hot Spot Analysis. ClassifyEmerging quotes their definitions.
const (
	NoPattern            EmergingCategory = "no_pattern"
	HotSpotNew           EmergingCategory = "new_hot_spot"
	HotSpotConsecutive   EmergingCategory = "consecutive_hot_spot"
	HotSpotIntensifying  EmergingCategory = "intensifying_hot_spot"
	HotSpotPersistent    EmergingCategory = "persistent_hot_spot"
	HotSpotDiminishing   EmergingCategory = "diminishing_hot_spot"
	HotSpotSporadic      EmergingCategory = "sporadic_hot_spot"
	HotSpotOscillating   EmergingCategory = "oscillating_hot_spot"
	HotSpotHistorical    EmergingCategory = "historical_hot_spot"
	ColdSpotNew          EmergingCategory = "new_cold_spot"
	ColdSpotConsecutive  EmergingCategory = "consecutive_cold_spot"
	ColdSpotIntensifying EmergingCategory = "intensifying_cold_spot"
	ColdSpotPersistent   EmergingCategory = "persistent_cold_spot"
	ColdSpotDiminishing  EmergingCategory = "diminishing_cold_spot"
	ColdSpotSporadic     EmergingCategory = "sporadic_cold_spot"
	ColdSpotOscillating  EmergingCategory = "oscillating_cold_spot"
	ColdSpotHistorical   EmergingCategory = "historical_cold_spot"
)

// DefaultEmergingAlpha is the default significance level, 0.05 (95 percent confidence), both for
// a time slice being a hot or cold spot and for the trend.
const DefaultEmergingAlpha = 0.05

// EmergingCategories returns the 17 categories: no pattern, then the eight hot spot classes and
// the eight cold spot classes in the order ArcGIS lists them.
func EmergingCategories() []EmergingCategory {
	return []EmergingCategory{
		NoPattern,
		HotSpotNew, HotSpotConsecutive, HotSpotIntensifying, HotSpotPersistent,
		HotSpotDiminishing, HotSpotSporadic, HotSpotOscillating, HotSpotHistorical,
		ColdSpotNew, ColdSpotConsecutive, ColdSpotIntensifying, ColdSpotPersistent,
		ColdSpotDiminishing, ColdSpotSporadic, ColdSpotOscillating, ColdSpotHistorical,
	}
}

// ClassifyEmerging classifies one location from its Gi* z-scores z and two-sided p-values p
// over the time slices, oldest first, and returns the category with the Mann–Kendall test of
// the z series. Slice t is a significant hot spot when p[t] ≤ alpha and z[t] > 0, a cold spot
// when p[t] ≤ alpha and z[t] < 0; the clustering trend is significant when the Mann–Kendall
// P ≤ alpha, upward for Z > 0. Pass alpha = DefaultEmergingAlpha unless there is a reason not
// to. ArcGIS applies the FDR correction to the bins; for the same, pass p-values from BHAdjust
// over all bins of the cube.
//
// ArcGIS Pro 2.8, "How Emerging Hot Spot Analysis works", defines the hot spot classes (the
// cold spot classes mirror them, with "low counts" for "high counts"):
//
//   - New: "A location that is a statistically significant hot spot for the final time step
//     and has never been a statistically significant hot spot before."
//   - Consecutive: "A location with a single uninterrupted run of statistically significant
//     hot spot bins in the final time-step intervals. The location has never been a
//     statistically significant hot spot prior to the final hot spot run and less than ninety
//     percent of all bins are statistically significant hot spots."
//   - Intensifying: "A location that has been a statistically significant hot spot for ninety
//     percent of the time-step intervals, including the final time step. In addition, the
//     intensity of clustering of high counts in each time step is increasing overall and that
//     increase is statistically significant."
//   - Persistent: "A location that has been a statistically significant hot spot for ninety
//     percent of the time-step intervals with no discernible trend indicating an increase or
//     decrease in the intensity of clustering over time."
//   - Diminishing: "A location that has been a statistically significant hot spot for ninety
//     percent of the time-step intervals, including the final time step. In addition, the
//     intensity of clustering in each time step is decreasing overall and that decrease is
//     statistically significant."
//   - Sporadic: "A location that is an on-again then off-again hot spot. Less than ninety
//     percent of the time-step intervals have been statistically significant hot spots and
//     none of the time-step intervals have been statistically significant cold spots."
//     Later editions (ArcGIS Pro 3, ArcGIS AllSource) open instead with a statistically
//     significant hot spot for the final time-step interval that also has an on-and-off
//     history; this follows the later wording, so the final slice must be hot.
//   - Oscillating: "A statistically significant hot spot for the final time-step interval that
//     has a history of also being a statistically significant cold spot during a prior time
//     step. Less than ninety percent of the time-step intervals have been statistically
//     significant hot spots."
//   - Historical: "The most recent time period is not hot, but at least ninety percent of the
//     time-step intervals have been statistically significant hot spots."
//
// The definitions overlap, so they are applied in this order, the first match winning, with h
// and c the counts of hot and cold slices among n and "90 percent" read as h ≥ 0.9n:
//
//  1. h ≥ 0.9n: if the final slice is hot, Intensifying for a significant upward trend,
//     Diminishing for a significant downward one, else Persistent; if not, Historical.
//  2. c ≥ 0.9n: the same for cold spots, where a significant downward trend (z growing more
//     negative) is Intensifying and an upward one Diminishing.
//  3. The final slice is hot: Oscillating if any slice was cold; else New if it is the only
//     hot slice; else Consecutive if the hot slices form one run ending at the final slice;
//     else Sporadic.
//  4. The final slice is cold: the same for cold spots.
//  5. Otherwise NoPattern.
//
// So a location that was cold and is now newly hot is Oscillating rather than New. It returns
// an error for series of different lengths or shorter than MKMinLength, a z-score that is NaN
// or infinite, a p-value that is NaN or outside 0..1, or alpha outside (0, 1).
func ClassifyEmerging(z, p []float64, alpha float64) (EmergingCategory, MKResult, error) {
	if len(z) != len(p) {
		return "", MKResult{}, fmt.Errorf("emerging hot spot: %d z-scores but %d p-values", len(z), len(p))
	}
	if !(alpha > 0 && alpha < 1) {
		return "", MKResult{}, fmt.Errorf("emerging hot spot: significance level %v is outside (0, 1)", alpha)
	}
	if err := checkPValues(p); err != nil {
		return "", MKResult{}, fmt.Errorf("emerging hot spot: %w", err)
	}
	mk, err := MannKendall(z)
	if err != nil {
		return "", MKResult{}, fmt.Errorf("emerging hot spot: %w", err)
	}

	n := len(z)
	state := make([]int, n) // +1 hot, −1 cold, 0 not significant
	hot, cold := 0, 0
	for t := range z {
		if p[t] <= alpha {
			switch {
			case z[t] > 0:
				state[t], hot = 1, hot+1
			case z[t] < 0:
				state[t], cold = -1, cold+1
			}
		}
	}
	trend := 0
	if mk.P <= alpha {
		trend = sign(mk.Z)
	}
	final := state[n-1]

	switch {
	case 10*hot >= 9*n:
		return mostly(final == 1, trend, HotSpotIntensifying, HotSpotDiminishing, HotSpotPersistent, HotSpotHistorical), mk, nil
	case 10*cold >= 9*n:
		return mostly(final == -1, -trend, ColdSpotIntensifying, ColdSpotDiminishing, ColdSpotPersistent, ColdSpotHistorical), mk, nil
	case final == 1:
		return recent(state, 1, cold > 0, hot, HotSpotOscillating, HotSpotNew, HotSpotConsecutive, HotSpotSporadic), mk, nil
	case final == -1:
		return recent(state, -1, hot > 0, cold, ColdSpotOscillating, ColdSpotNew, ColdSpotConsecutive, ColdSpotSporadic), mk, nil
	}
	return NoPattern, mk, nil
}

// mostly classifies a location significant (hot or cold) in at least 90 percent of slices;
// trend is +1 when clustering significantly intensifies, −1 when it diminishes.
func mostly(finalSignificant bool, trend int, intensifying, diminishing, persistent, historical EmergingCategory) EmergingCategory {
	switch {
	case !finalSignificant:
		return historical
	case trend > 0:
		return intensifying
	case trend < 0:
		return diminishing
	}
	return persistent
}

// recent classifies a location whose final slice has state s (+1 hot, −1 cold) and which is so
// in fewer than 90 percent of slices: count slices in all, opposite if any slice had −s.
func recent(state []int, s int, opposite bool, count int, oscillating, newly, consecutive, sporadic EmergingCategory) EmergingCategory {
	if opposite {
		return oscillating
	}
	if count == 1 {
		return newly
	}
	run := 0
	for t := len(state) - 1; t >= 0 && state[t] == s; t-- {
		run++
	}
	if run == count {
		return consecutive
	}
	return sporadic
}

// sign returns −1, 0 or +1 with the sign of x.
func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
