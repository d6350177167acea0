package versioned

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// InAreas returns the Placed step of a record that serves the local areas named in it (link,
// ids from named) and those of the records it links, as view (columns owner, local_area_id)
// reads them. A user of some local areas names only theirs, and the record must serve one of
// them; when nothing else places it, it serves the user's one local area.
func InAreas[I any](view, owner string, link Link, named func(in *I) *[]int64) func(ctx context.Context, tx pgx.Tx, id int64, in *I) error {
	return func(ctx context.Context, tx pgx.Tx, id int64, in *I) error {
		v := area.ViewerFrom(ctx)
		if v.All {
			return nil
		}
		ids := named(in)
		for _, a := range *ids {
			if !v.Sees(a) {
				return apperr.Errorf(apperr.Unprocessable, "%s: %d is not a local area of yours", link.Field, a)
			}
		}
		var serves []int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(local_area_id), '{}') FROM `+view+` WHERE `+owner+` = $1`, id).Scan(&serves); err != nil {
			return err
		}
		if v.SeesAny(serves) {
			return nil
		}
		if len(v.Areas) == 1 && len(*ids) == 0 {
			*ids = []int64{v.Areas[0]}
			return link.Replace(ctx, tx, id, *ids)
		}
		return apperr.Errorf(apperr.Unprocessable, "%s: name the local areas of yours it serves, or link records in them", link.Field)
	}
}
