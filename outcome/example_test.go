package outcome_test

import (
	"fmt"

	"github.com/placesafe/placesafe/outcome"
)

func ExampleRateRatio() {
	// Wheeler (2021): treated area 50 → 30 events, control 60 → 55.
	rr, err := outcome.RateRatio(outcome.Counts(50, 30), outcome.Counts(60, 55))
	if err != nil {
		panic(err)
	}
	fmt.Printf("RR %.4f (95%% CI %.4f to %.4f)\n", rr.Estimate, rr.CILow, rr.CIHigh)

	// An empty period: 0.5 is added to every count, and the caveats say so.
	rr, _ = outcome.RateRatio(outcome.Counts(12, 0), outcome.Counts(15, 14))
	fmt.Printf("RR %.4f, corrected %v, thin %v\n", rr.Estimate, rr.Corrected, rr.Thin)
	for _, c := range rr.Caveats {
		fmt.Println("-", c)
	}
	// Output:
	// RR 0.6545 (95% CI 0.3657 to 1.1714)
	// RR 0.0428, corrected true, thin true
	// - target had 0 events after the intervention, fewer than 10: too few to conclude from
	// - target had no events after the intervention: 0.5 was added to each of the four counts so that a ratio exists (Haldane–Anscombe correction); treat it as indicative only
}

func ExampleRelativeEffectSize() {
	res, err := outcome.RelativeEffectSize(outcome.Counts(50, 30), outcome.Counts(60, 55))
	if err != nil {
		panic(err)
	}
	fmt.Printf("RES %.3f (95%% CI %.3f to %.3f)\n", res.Estimate, res.CILow, res.CIHigh)
	fmt.Printf("reduction %.0f%% (%.0f%% to %.0f%%)\n", 100*res.Reduction, 100*res.ReductionLow, 100*res.ReductionHigh)
	// Output:
	// RES 1.528 (95% CI 0.854 to 2.734)
	// reduction 35% (-17% to 63%)
}

func ExampleDiffInDiff() {
	d, err := outcome.DiffInDiff(
		[]float64{10, 12, 14, 11, 13, 12}, []float64{6, 8, 7, 7, 8, 6}, // target, monthly, before and after
		[]float64{20, 22, 18, 21, 19, 20}, []float64{19, 21, 20, 20, 22, 18}, // control
	)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.2f events a month (95%% CI %.2f to %.2f)\n", d.Estimate, d.CILow, d.CIHigh)
	// Output: -5.00 events a month (95% CI -7.09 to -2.91)
}

func ExampleWDQ() {
	// Guerette (2009), POP Tool Guide 10, Appendix D (Lancashire).
	target, buffer, control := outcome.Counts(207, 110), outcome.Counts(178, 157), outcome.Counts(308, 318)
	w, err := outcome.WDQ(target, buffer, control)
	if err != nil {
		panic(err)
	}
	fmt.Printf("success %.3f, buffer %.3f, WDQ %.3f: %s\n", w.SuccessMeasure, w.BufferMeasure, w.Value, w.Interpretation)

	tne, _ := outcome.TotalNetEffect(target, buffer, control)
	fmt.Printf("total net effect %.1f (target %.1f, buffer %.1f)\n", tne.Total, tne.Target, tne.Buffer)
	// Output:
	// success -0.326, buffer -0.084, WDQ 0.258: diffusion of benefits
	// total net effect 130.5 (target 103.7, buffer 26.8)
}

func ExampleWDD() {
	// Wheeler and Ratcliffe (2018), Crime Science 7:11, worked example.
	r, err := outcome.WDD(outcome.WDDInput{
		Target: outcome.Counts(207, 110), TargetControl: outcome.Counts(308, 318),
		Buffer: outcome.Counts(178, 157), BufferControl: outcome.Counts(150, 140),
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("WDD %.0f, SE %.1f, Z %.2f, 95%% CI %.0f to %.0f\n", r.Estimate, r.SE, r.Z, r.CILow, r.CIHigh)
	// Output: WDD -118, SE 39.6, Z -2.98, 95% CI -196 to -40
}

func ExampleSurveyChange() {
	// 48 of 80 children felt safe before, 56 of 70 after (Newcombe 1998, example (a)).
	c, err := outcome.SurveyChange(48, 80, 56, 70)
	if err != nil {
		panic(err)
	}
	fmt.Printf("before %.2f (%.2f to %.2f), after %.2f (%.2f to %.2f)\n",
		c.Before, c.BeforeCI.Low, c.BeforeCI.High, c.After, c.AfterCI.Low, c.AfterCI.High)
	fmt.Printf("change %+.4f (95%% CI %.4f to %.4f)\n", c.Difference, c.CI.Low, c.CI.High)
	// Output:
	// before 0.60 (0.49 to 0.70), after 0.80 (0.69 to 0.88)
	// change +0.2000 (95% CI 0.0524 to 0.3339)
}

func ExampleSMSLevel() {
	level, desc := outcome.SMSLevel(outcome.Design{PostMeasure: true, PreMeasure: true, Control: true, ComparableControl: true})
	fmt.Println(level, desc)
	// Output: 3 A comparison between two or more comparable units of analysis, one with and one without the program.
}

func ExampleCostPerIncidentPrevented() {
	c, err := outcome.CostPerIncidentPrevented(1_000_000, 130.5) // £10,000; total net effect 130.5
	if err != nil {
		panic(err)
	}
	fmt.Printf("£%.2f per incident prevented\n", c.Pence/100)

	c, _ = outcome.CostPerIncidentPrevented(1_000_000, -4)
	fmt.Println(c.Defined, c.Caveats[0])
	// Output:
	// £76.63 per incident prevented
	// false the estimate is that no incidents were prevented (-4): the cost per incident prevented is undefined
}
