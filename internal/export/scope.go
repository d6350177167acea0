package export

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
)

// packAreas returns the local areas inspection id's pack covers: the local area inspected,
// whoever asks (a pack is the evidence of the inspected local authority, not of the
// requester's view), or the whole deployment for an inspection of no area (a deployment
// without local areas).
func packAreas(ctx context.Context, pool *pgxpool.Pool, id int64) (area.Viewer, error) {
	var inspected *int64
	err := pool.QueryRow(ctx, `SELECT local_area_id FROM inspections WHERE id = $1`, id).Scan(&inspected)
	if errors.Is(err, pgx.ErrNoRows) {
		return area.Viewer{}, apperr.Errorf(apperr.NotFound, "no inspection %d", id)
	}
	if err != nil {
		return area.Viewer{}, fmt.Errorf("local area of inspection %d: %w", id, err)
	}
	if inspected == nil {
		return area.Viewer{All: true}, nil
	}
	return area.Viewer{Areas: []int64{*inspected}}, nil
}

// coverage is how the job and its audit entries record the local areas an export covers.
func coverage(scope area.Viewer) any { return audit.Coverage(scope.All, scope.Areas) }

// viewedArea is the part of the study area scope sees: the study area for the whole
// deployment, the union of its local areas otherwise (nil when it sees none of them), so
// that the pack's maps and boundary layer show the areas it covers alone.
func viewedArea(ctx context.Context, store *area.Store, scope area.Viewer) (*area.StudyArea, error) {
	sa, err := store.Get(ctx)
	if err != nil || sa == nil || scope.All {
		return sa, err
	}
	seen := &area.StudyArea{}
	var names []string
	for _, l := range sa.Locals {
		if !scope.Sees(l.ID) {
			continue
		}
		seen.Locals, names = append(seen.Locals, l), append(names, l.Name)
		if l.UpdatedAt.After(seen.UpdatedAt) {
			seen.UpdatedAt = l.UpdatedAt
		}
	}
	if len(seen.Locals) == 0 {
		return nil, nil
	}
	seen.Name, seen.Area = strings.Join(names, ", "), seen.Regions().Union()
	return seen, nil
}
