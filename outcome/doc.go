// Package outcome holds the statistics of outcome evaluation: counts and harm-weighted tallies
// before and after an intervention, the rate ratio and relative effect size, the weighted
// displacement quotient and difference, difference-in-differences, survey proportions, the
// Maryland Scientific Methods Scale and EMMIE's cost per incident prevented. Like geo, beside
// which it sits, it is pure computation: no I/O, errors only for bad input, each figure tested
// against hand-worked values or the published reference its doc comment names.
package outcome
