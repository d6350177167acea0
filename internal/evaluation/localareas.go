package evaluation

import (
	"context"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// viewerRegions returns the boundaries of the local areas a request of a user of some local
// areas sees, and false for a request that sees the whole deployment.
func (s *Service) viewerRegions(ctx context.Context) (geo.Regions, bool, error) {
	v := area.ViewerFrom(ctx)
	if v.All {
		return nil, false, nil
	}
	var all geo.Regions
	if s.Areas != nil {
		var err error
		if all, err = s.Areas(ctx); err != nil {
			return nil, false, err
		}
	}
	var out geo.Regions
	for _, r := range all {
		if v.Sees(r.ID) {
			out = append(out, r)
		}
	}
	return out, true, nil
}

// touches reports whether cell c reaches into one of the regions: its centre or a corner of
// its boundary lies inside.
func touches(rs geo.Regions, c h3.Cell) bool {
	centre := geo.CellPoint(c)
	if _, ok := rs.Locate(centre.Lat(), centre.Lon()); ok {
		return true
	}
	for _, ring := range geo.CellBoundary(c) {
		for _, p := range ring {
			if _, ok := rs.Locate(p.Lat(), p.Lon()); ok {
				return true
			}
		}
	}
	return false
}

// checkCellsSeen refuses a set of cells that lies wholly outside the local areas the request
// sees: nothing of it would be counted.
func (s *Service) checkCellsSeen(ctx context.Context, name string, cells []h3.Cell) error {
	rs, some, err := s.viewerRegions(ctx)
	if err != nil || !some || len(cells) == 0 {
		return err
	}
	for _, c := range cells {
		if touches(rs, c) {
			return nil
		}
	}
	return apperr.Errorf(apperr.Unprocessable, "%s.cells lie wholly outside your local areas", name)
}
