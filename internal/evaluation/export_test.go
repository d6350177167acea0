package evaluation

import (
	"context"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
)

// SuggestOnRawCounts is the control the matching picks for target among cands from their raw
// pre-period counts in scope: what every viewer was suggested before viewers without
// record-level access were matched on published figures, and what the others are suggested still.
func SuggestOnRawCounts(ctx context.Context, s *Service, target, cands []h3.Cell, pre Period, scope incident.AgeScope) ([]h3.Cell, error) {
	p, err := pre.parse("pre")
	if err != nil {
		return nil, err
	}
	cells := append(append([]h3.Cell{}, cands...), target...)
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: target[0].Resolution(), From: p.from, To: p.to, AgeScope: scope}
	series, err := s.hotspot.MonthlyCounts(ctx, f, s.hotspot.Policy().Raw(), cells)
	if err != nil {
		return nil, err
	}
	return matchTarget(series, target, p.months()), nil
}

// CellStrings are cells as the result lists them.
var CellStrings = cellStrings
