package outcome

// Design records what an evaluation actually did. Derive it from the data and the areas used,
// never from what someone typed in: PreMeasure is true only if events before the intervention
// were counted, ComparableControl only if the control was matched and the match was checked.
type Design struct {
	PostMeasure       bool // the outcome was measured after the intervention started
	PreMeasure        bool // the outcome was measured before the intervention started
	Control           bool // a control area without the intervention was measured
	ComparableControl bool // the control was shown comparable: matched on pre-period counts and trend
	MultipleUnits     bool // several treated units and several control units, other variables controlled for
	Randomised        bool // units were randomly assigned to the intervention or to control
}

// SMSLevel returns the level (1 weakest to 5 strongest) of the Maryland Scientific Methods
// Scale that the design achieved, and the scale's description of that level (Sherman,
// Gottfredson, MacKenzie, Eck, Reuter and Bushway 1998, Preventing Crime: What Works, What
// Doesn't, What's Promising, NIJ Research in Brief, after their 1997 report to Congress):
//
//	1  correlation at one point in time: an outcome after the intervention, with nothing to compare
//	2  a before–after sequence without a control, or a control without demonstrated comparability
//	3  before and after, with a control shown comparable (ComparableControl needs PreMeasure)
//	4  level 3 with multiple treated and control units, controlling for other variables
//	5  random assignment of multiple units to the intervention and control
//
// A randomised design with one treated unit is not rated 5: random assignment of a single pair
// of areas cannot balance them. Without a post measure nothing was evaluated, and it returns 0.
func SMSLevel(d Design) (int, string) {
	comparable := d.Control && d.ComparableControl && d.PreMeasure
	switch {
	case !d.PostMeasure:
		return 0, "not rated: the outcome was not measured after the intervention"
	case d.Randomised && d.Control && d.MultipleUnits:
		return 5, "Random assignment and analysis of comparable units to program and comparison groups."
	case comparable && d.MultipleUnits:
		return 4, "Comparison between multiple units with and without the program, controlling for other factors, or using comparison units that evidence only minor differences."
	case comparable:
		return 3, "A comparison between two or more comparable units of analysis, one with and one without the program."
	case d.PreMeasure || d.Control:
		return 2, "Temporal sequence between the program and the crime or risk outcome clearly observed, or the presence of a comparison group without demonstrated comparability to the treatment group."
	default:
		return 1, "Correlation between a crime prevention program and a measure of crime or crime risk factors at a single point in time."
	}
}
