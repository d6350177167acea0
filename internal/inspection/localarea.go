package inspection

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// inspectedArea is the local area a new inspection belongs to: the one named, which must be one
// the user sees; otherwise the user's one local area, or the deployment's one; NULL in a
// deployment without local areas.
func inspectedArea(ctx context.Context, tx pgx.Tx, named *int64) (*int64, error) {
	v := area.ViewerFrom(ctx)
	seen, arg := v.Filter("id", 1)
	var ids []int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM local_areas WHERE `+seen, arg).Scan(&ids); err != nil {
		return nil, err
	}
	switch {
	case named != nil:
		for _, id := range ids {
			if id == *named {
				return named, nil
			}
		}
		return nil, apperr.Errorf(apperr.Unprocessable, "local_area_id: %d is not a local area of yours", *named)
	case len(ids) == 1:
		return &ids[0], nil
	case len(ids) == 0 && v.All:
		return nil, nil
	case len(ids) == 0:
		return nil, apperr.Errorf(apperr.Unprocessable, "you see no local area: an admin gives you yours before you record an inspection")
	}
	return nil, apperr.Errorf(apperr.Unprocessable, "local_area_id is required: you see %d local areas; name the one inspected", len(ids))
}
