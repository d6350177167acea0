package area

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/cellcount"
)

// Placement is what a change of the local areas did to the records and places: how many of
// each moved to other local areas, and how many now lie in none. Records outside every area
// stay stored, but belong to no local area: only whole-deployment users see them.
// Inspections keep the local area they were recorded for.
type Placement struct {
	Moved   Placed `json:"moved"`
	Outside Placed `json:"outside"`
	Note    string `json:"note,omitempty"`
}

// Placed counts incidents, activity records and places.
type Placed struct {
	Incidents  int64 `json:"incidents"`
	Activities int64 `json:"activities"`
	Places     int64 `json:"places"`
}

// outsideNote says what became of what lies outside every local area.
const outsideNote = "records and places outside every local area stay stored but belong to no local area: only users of the whole deployment see them"

// lockAreas keeps the local areas still until tx ends: changes of them follow one another, and
// wait for imports and place writes placing in them (which take LockForPlacing).
func lockAreas(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE local_areas IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock local areas: %w", err)
	}
	return nil
}

// LockForPlacing keeps the local areas from changing until tx ends; imports and place writes
// take it before reading the areas they place in, so that a change cannot land between the
// two (it waits for them, and they for it).
func LockForPlacing(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE local_areas IN SHARE MODE`); err != nil {
		return fmt.Errorf("lock local areas: %w", err)
	}
	return nil
}

// place puts every incident, activity record and place in the local areas of regions, the
// deployment's areas after a change, in tx: a record in the area that contains its point, a
// place in the areas its geometry touches (Touched). The incidents' summed cells follow.
func place(ctx context.Context, tx pgx.Tx, regions geo.Regions) (*Placement, error) {
	// Withdrawals wait for the placement, so that no import is summed while it goes.
	if _, err := tx.Exec(ctx, `SELECT id FROM imports WHERE status = 'done' ORDER BY id FOR SHARE`); err != nil {
		return nil, fmt.Errorf("lock imports: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE area_placement (lat float8, lng float8, local_area_id bigint) ON COMMIT DROP`); err != nil {
		return nil, fmt.Errorf("create placement table: %w", err)
	}
	pl := &Placement{}
	var moved []int64
	var err error
	if pl.Moved.Incidents, pl.Outside.Incidents, moved, err = placeRecords(ctx, tx, "incidents", regions); err != nil {
		return nil, err
	}
	if err := cellcount.Resum(ctx, tx, moved); err != nil {
		return nil, err
	}
	if pl.Moved.Activities, pl.Outside.Activities, _, err = placeRecords(ctx, tx, "activities", regions); err != nil {
		return nil, err
	}
	if pl.Moved.Places, pl.Outside.Places, err = placePlaces(ctx, tx, regions); err != nil {
		return nil, err
	}
	if pl.Outside != (Placed{}) {
		pl.Note = outsideNote
	}
	return pl, nil
}

// point is a record's location.
type point struct{ lat, lng float64 }

// placeRecords puts each record of tbl in the local area of regions that contains its point, or
// in none, and returns how many moved, how many lie in no area and the imports of those that
// moved. Records are read grouped by point and area (police.uk records share a few thousand
// anonymised points), and only the points whose area changes are written back, in one
// update.
func placeRecords(ctx context.Context, tx pgx.Tx, tbl string, regions geo.Regions) (moved, outside int64, imports []int64, err error) {
	rows, err := tx.Query(ctx, `SELECT lat, lng, local_area_id, count(*) FROM `+tbl+` GROUP BY 1, 2, 3`)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("read the points of %s: %w", tbl, err)
	}
	changes := map[point]*int64{}
	var p point
	var cur *int64
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&p.lat, &p.lng, &cur, &n}, func() error {
		var now *int64
		if id, ok := regions.Locate(p.lat, p.lng); ok {
			now = &id
		} else {
			outside += n
		}
		if !sameArea(cur, now) {
			changes[p] = now
		}
		return nil
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("read the points of %s: %w", tbl, err)
	}
	if len(changes) == 0 {
		return 0, outside, nil, nil
	}
	if _, err := tx.Exec(ctx, `TRUNCATE area_placement`); err != nil {
		return 0, 0, nil, err
	}
	out := make([][]any, 0, len(changes))
	for p, id := range changes {
		out = append(out, []any{p.lat, p.lng, id})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"area_placement"}, []string{"lat", "lng", "local_area_id"}, pgx.CopyFromRows(out)); err != nil {
		return 0, 0, nil, fmt.Errorf("stage the new areas of %s: %w", tbl, err)
	}
	if _, err := tx.Exec(ctx, `ANALYZE area_placement`); err != nil {
		return 0, 0, nil, err
	}
	rows, err = tx.Query(ctx, `WITH moved AS (
			UPDATE `+tbl+` r SET local_area_id = p.local_area_id FROM area_placement p
			WHERE r.lat = p.lat AND r.lng = p.lng AND r.local_area_id IS DISTINCT FROM p.local_area_id
			RETURNING r.import_id)
		SELECT import_id, count(*) FROM moved GROUP BY 1 ORDER BY 1`)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("move %s: %w", tbl, err)
	}
	var imp int64
	_, err = pgx.ForEachRow(rows, []any{&imp, &n}, func() error {
		imports = append(imports, imp)
		moved += n
		return nil
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("move %s: %w", tbl, err)
	}
	return moved, outside, imports, nil
}

func sameArea(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// placePlaces puts every place in the local areas of regions its geometry touches, and returns
// how many places' areas changed and how many touch none.
func placePlaces(ctx context.Context, tx pgx.Tx, regions geo.Regions) (moved, outside int64, err error) {
	// A place being removed meanwhile is waited for, and then left out.
	rows, err := tx.Query(ctx, `SELECT p.id, p.geojson, coalesce((SELECT array_agg(a.local_area_id ORDER BY a.local_area_id)
		FROM place_local_areas a WHERE a.place_id = p.id), '{}') FROM places p FOR KEY SHARE`)
	if err != nil {
		return 0, 0, fmt.Errorf("read places: %w", err)
	}
	var changed, placeIDs, areaIDs []int64
	var id int64
	var raw []byte
	var cur []int64
	_, err = pgx.ForEachRow(rows, []any{&id, &raw, &cur}, func() error {
		g, err := geo.ParseShape(raw, "")
		if err != nil {
			return fmt.Errorf("stored geometry of place %d no longer parses: %w", id, err)
		}
		now := Touched(regions, g)
		if len(now) == 0 {
			outside++
		}
		if !slices.Equal(cur, now) {
			changed = append(changed, id)
			for _, a := range now {
				placeIDs, areaIDs = append(placeIDs, id), append(areaIDs, a)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("place places: %w", err)
	}
	if len(changed) == 0 {
		return 0, outside, nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM place_local_areas WHERE place_id = ANY($1)`, changed); err != nil {
		return 0, 0, fmt.Errorf("place places: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO place_local_areas (place_id, local_area_id) SELECT unnest($1::bigint[]), unnest($2::bigint[])`,
		placeIDs, areaIDs); err != nil {
		return 0, 0, fmt.Errorf("place places: %w", err)
	}
	return int64(len(changed)), outside, nil
}

// placeAll places every record and place in the local areas as tx sees them, less local area
// without (0 for none: the one about to go), and notes the time in placed_at, which the data
// version carries (cellcount.DataVersion): the cell index reads its rows again, each with its
// area as it is now.
func placeAll(ctx context.Context, tx pgx.Tx, without int64) (*Placement, error) {
	// Every area is marked, so that the latest time moves even when the area that moved it is
	// the one about to go; with the last area gone none is left, and the version then has no
	// time, which differs from any it had. The time is the clock's under lockAreas, never at or
	// before the latest: a change that began first but took the lock second still moves it.
	if _, err := tx.Exec(ctx, `UPDATE local_areas
		SET placed_at = greatest(clock_timestamp(), (SELECT max(placed_at) FROM local_areas) + interval '1 microsecond')`); err != nil {
		return nil, fmt.Errorf("note the placement time: %w", err)
	}
	locals, err := load(ctx, tx)
	if err != nil {
		return nil, err
	}
	var regions geo.Regions
	for _, l := range locals {
		if l.ID != without {
			regions = append(regions, geo.Region{ID: l.ID, Area: l.Area})
		}
	}
	return place(ctx, tx, regions)
}

// placementParams adds what a placement moved to audit-log parameters.
func placementParams(params map[string]any, pl *Placement) map[string]any {
	params["moved"], params["outside"] = pl.Moved, pl.Outside
	return params
}
