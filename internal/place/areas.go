package place

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// regions returns the local areas places are placed in (none when unset), and keeps them from
// changing until tx ends, so that a place written as they are redrawn lands in the new ones.
func (s *Service) regions(ctx context.Context, tx pgx.Tx) (geo.Regions, error) {
	if s.Areas == nil {
		return nil, nil
	}
	if err := area.LockForPlacing(ctx, tx); err != nil {
		return nil, err
	}
	return s.Areas(ctx)
}

// writeAreas places p in those of regions its geometry lies in. A user of some local areas may
// only register places in them.
func (s *Service) writeAreas(ctx context.Context, tx pgx.Tx, p *Place, regions geo.Regions) error {
	p.LocalAreas = area.Touched(regions, p.Geometry)
	if v := area.ViewerFrom(ctx); !v.SeesAny(p.LocalAreas) {
		return apperr.Errorf(apperr.Unprocessable, "place %q lies outside your local areas", p.Name)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM place_local_areas WHERE place_id = $1`, p.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO place_local_areas (place_id, local_area_id) SELECT $1, unnest($2::bigint[])`, p.ID, p.LocalAreas)
	return err
}
