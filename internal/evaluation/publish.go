package evaluation

import (
	"fmt"
	"math"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

func cellStrings(cells []h3.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.String()
	}
	return out
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", math.Abs(x)*100) }

// statement puts the result in plain words, claiming no effect or direction that the 95%
// intervals do not support.
func statement(r *Result) string {
	rr := r.RateRatio
	var s string
	switch {
	case rr.Estimate == nil || rr.CILow == nil || rr.CIHigh == nil:
		s = "The data cannot give an estimate of the change in the target area relative to the control (see notes)."
	case *rr.CIHigh < 1:
		s = fmt.Sprintf("Relative to the control area, incidents in the target area fell by about %s after the start (95%% interval %s to %s fewer).",
			pct(*rr.Estimate-1), pct(*rr.CIHigh-1), pct(*rr.CILow-1))
	case *rr.CILow > 1:
		s = fmt.Sprintf("Relative to the control area, incidents in the target area rose by about %s after the start (95%% interval %s to %s more).",
			pct(*rr.Estimate-1), pct(*rr.CILow-1), pct(*rr.CIHigh-1))
	default:
		s = fmt.Sprintf("The 95%% interval of the change relative to the control includes no change (rate ratio %.2f, %.2f to %.2f): the data do not show whether incidents in the target area changed because of the intervention.",
			*rr.Estimate, *rr.CILow, *rr.CIHigh)
	}
	if rr.Thin {
		s += " Some areas had fewer than 10 events in a period, too few to conclude firmly."
	}
	w := r.WDD
	if w.Displacement != nil && w.DisplacementSE != nil && *w.DisplacementSE > 0 {
		z := *w.Displacement / *w.DisplacementSE
		switch {
		case z > geo.Z95:
			s += fmt.Sprintf(" Incidents in the surrounding buffer rose relative to the control beyond what chance explains (%+.0f events, z = %.1f): a sign of displacement.", *w.Displacement, z)
		case z < -geo.Z95:
			s += fmt.Sprintf(" Incidents in the surrounding buffer fell relative to the control beyond what chance explains (%+.0f events, z = %.1f): a diffusion of benefits.", *w.Displacement, z)
		default:
			s += " The surrounding buffer shows no change beyond chance: no evidence of displacement or of a diffusion of benefits."
		}
	}
	return s
}
