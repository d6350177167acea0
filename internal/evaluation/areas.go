package evaluation

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/hotspot"
)

// DefaultRes is the resolution places are turned into cells at when none is given (cells of
// about 15,000 m², fine enough for a park or a few street blocks).
const DefaultRes = 10

// MaxRings bounds a buffer given in rings (or metres turned into rings).
const MaxRings = 10

// Areas are the three cell sets of an evaluation, of one resolution.
type Areas struct {
	Res                     int
	Target, Buffer, Control []h3.Cell
	// ControlSuggested is true when the control was matched by the service (see suggestControl).
	ControlSuggested bool
}

func parseCells(name string, ss []string) ([]h3.Cell, int, error) {
	var out []h3.Cell
	res := -1
	for _, s := range ss {
		c, err := geo.ParseCell(s)
		if err != nil {
			return nil, 0, apperr.Errorf(apperr.Invalid, "%s.cells: %q is not an H3 cell", name, s)
		}
		if res == -1 {
			res = c.Resolution()
		} else if c.Resolution() != res {
			return nil, 0, apperr.Errorf(apperr.Invalid, "%s.cells: %s has resolution %d, others %d: use one resolution", name, s, c.Resolution(), res)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if res != -1 && (res < hotspot.MinRes || res > hotspot.MaxRes) {
		return nil, 0, apperr.Errorf(apperr.Invalid, "%s.cells: resolution %d is outside %d to %d", name, res, hotspot.MinRes, hotspot.MaxRes)
	}
	return out, res, nil
}

// placeCells returns the stored covering cells of places at res, refusing unknown places and,
// as unknown, places of local areas the request does not see.
func placeCells(ctx context.Context, pool *pgxpool.Pool, name string, ids []int64, res int) ([]h3.Cell, error) {
	seen, areas := area.ViewerFrom(ctx).FilterThrough("place_local_areas", "place_id", "places.id", 2)
	rows, err := pool.Query(ctx, `SELECT id FROM places WHERE id = ANY($1) AND `+seen, ids, areas)
	if err != nil {
		return nil, fmt.Errorf("look up places: %w", err)
	}
	known, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("look up places: %w", err)
	}
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return nil, apperr.Errorf(apperr.Unprocessable, "%s.places: no place %d", name, id)
		}
	}
	rows, err = pool.Query(ctx, `SELECT id FROM places p WHERE id = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM place_cells pc WHERE pc.place_id = p.id AND pc.res = $2) ORDER BY id`, ids, res)
	if err != nil {
		return nil, fmt.Errorf("place cells: %w", err)
	}
	tooLarge, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("place cells: %w", err)
	}
	if len(tooLarge) > 0 {
		return nil, apperr.Errorf(apperr.Unprocessable, "%s.places: places %v are too large for cells at resolution %d; evaluate them at a coarser res", name, tooLarge, res)
	}
	var cells []h3.Cell
	rows, err = pool.Query(ctx, `SELECT DISTINCT h3_cell FROM place_cells WHERE place_id = ANY($1) AND res = $2 ORDER BY 1`, ids, res)
	if err != nil {
		return nil, fmt.Errorf("place cells: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("place cells: %w", err)
		}
		cells = append(cells, h3.Cell(c))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("place cells: %w", err)
	}
	return cells, nil
}

// finestCellsSQL returns an SQL condition that holds when the resolution-15 cell in col lies
// in a cell of one of the places at that place's finest stored resolution (12, or coarser for
// a large place), and its arguments, numbered from $n.
func finestCellsSQL(ctx context.Context, pool *pgxpool.Pool, ids []int64, col string, n int) (string, []any, error) {
	rows, err := pool.Query(ctx, `SELECT place_id, max(res) FROM place_cells WHERE place_id = ANY($1) GROUP BY place_id`, ids)
	if err != nil {
		return "", nil, fmt.Errorf("places' finest cells: %w", err)
	}
	byRes := map[int][]int64{}
	for rows.Next() {
		var id int64
		var res int16
		if err := rows.Scan(&id, &res); err != nil {
			rows.Close()
			return "", nil, fmt.Errorf("places' finest cells: %w", err)
		}
		byRes[int(res)] = append(byRes[int(res)], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", nil, fmt.Errorf("places' finest cells: %w", err)
	}
	if len(byRes) == 0 {
		return "false", nil, nil
	}
	var parts []string
	var args []any
	for res := hotspot.MaxRes; res >= 0; res-- {
		if places, ok := byRes[res]; ok {
			parts = append(parts, fmt.Sprintf("EXISTS (SELECT 1 FROM place_cells pc WHERE pc.place_id = ANY($%d) AND pc.res = %d AND pc.h3_cell = %s)",
				n+len(args), res, cellcount.ParentSQL(col, res)))
			args = append(args, places)
		}
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, nil
}

// rings returns the cells within k rings of the set, excluding the set.
func rings(set []h3.Cell, k int) []h3.Cell {
	in := map[h3.Cell]bool{}
	for _, c := range set {
		in[c] = true
	}
	seen := map[h3.Cell]bool{}
	var out []h3.Cell
	for _, c := range set {
		for _, n := range c.GridDisk(k) {
			if !in[n] && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// ringsFor turns a distance into the number of rings that reach at least that far (a ring is
// about 1.5 average edge lengths wide: the distance between neighbouring centres is √3 edges).
func ringsFor(metres float64, res int) int {
	step := math.Sqrt(3) * h3.HexagonEdgeLengthAvgM(res)
	return max(1, int(math.Ceil(metres/step)))
}

// overlap names the first cell two sets share.
func overlap(a, b []h3.Cell) (h3.Cell, bool) {
	in := map[h3.Cell]bool{}
	for _, c := range a {
		in[c] = true
	}
	for _, c := range b {
		if in[c] {
			return c, true
		}
	}
	return 0, false
}
