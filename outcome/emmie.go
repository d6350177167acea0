package outcome

import (
	"fmt"
	"math"
)

// CostPerIncident is the economic-cost figure of EMMIE: the cost of an intervention divided by
// the incidents it prevented.
type CostPerIncident struct {
	Pence   float64  // cost per incident prevented, in pence; NaN when not Defined
	Defined bool     // false when no incidents were prevented
	Caveats []string // why it is not Defined, in plain words
}

// CostPerIncidentPrevented returns costPence / prevented, the cost per incident prevented (the
// "Economic cost" element of EMMIE: Johnson, Tilley and Bowers 2015, "Introducing EMMIE: an
// evidence rating scale to encourage mixed-method crime prevention synthesis reviews", J Exp
// Criminol 11:459–473). Pass as prevented an estimate of incidents prevented, such as the total
// net effect or minus the weighted displacement difference. When prevented ≤ 0 the
// intervention prevented nothing by that estimate, and the figure is not Defined: a cost per
// incident prevented would be infinite or negative. It returns an error for a negative cost or
// a NaN or infinite prevented.
func CostPerIncidentPrevented(costPence int64, prevented float64) (CostPerIncident, error) {
	if costPence < 0 {
		return CostPerIncident{}, fmt.Errorf("cost per incident prevented: cost %d pence is negative", costPence)
	}
	if math.IsNaN(prevented) || math.IsInf(prevented, 0) {
		return CostPerIncident{}, fmt.Errorf("cost per incident prevented: %v incidents prevented is not a number", prevented)
	}
	if prevented <= 0 {
		return CostPerIncident{Pence: math.NaN(), Caveats: []string{
			fmt.Sprintf("the estimate is that no incidents were prevented (%g): the cost per incident prevented is undefined", prevented),
		}}, nil
	}
	return CostPerIncident{Pence: float64(costPence) / prevented, Defined: true}, nil
}
