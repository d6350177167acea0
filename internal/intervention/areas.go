package intervention

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// placeInAreas checks that intervention id, as in describes it, serves a local area its author
// sees, naming the author's one local area when nothing else places it; a user of some areas
// names only those.
func placeInAreas(ctx context.Context, tx pgx.Tx, id int64, in *Input) error {
	v := area.ViewerFrom(ctx)
	if v.All {
		return nil
	}
	for _, a := range in.LocalAreas {
		if !v.Sees(a) {
			return apperr.Errorf(apperr.Unprocessable, "local_areas: %d is not a local area of yours", a)
		}
	}
	var serves []int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(local_area_id), '{}') FROM intervention_areas WHERE intervention_id = $1`, id).Scan(&serves); err != nil {
		return err
	}
	if v.SeesAny(serves) {
		return nil
	}
	if len(v.Areas) == 1 && len(in.LocalAreas) == 0 {
		in.LocalAreas = []int64{v.Areas[0]}
		return links[localAreasLink].Replace(ctx, tx, id, in.LocalAreas)
	}
	return apperr.Errorf(apperr.Unprocessable, "local_areas: name the local areas of yours the intervention serves, or link places in them")
}
