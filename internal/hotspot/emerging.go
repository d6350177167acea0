package hotspot

import (
	"context"
	"fmt"
	"time"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/record"
)

// Bins of an emerging hot spot analysis.
var bins = map[string]func(time.Time) time.Time{
	"week":    func(t time.Time) time.Time { return t.AddDate(0, 0, 7) },
	"month":   func(t time.Time) time.Time { return t.AddDate(0, 1, 0) },
	"quarter": func(t time.Time) time.Time { return t.AddDate(0, 3, 0) },
}

// binStart is the start of the bin holding day t, as PostgreSQL's date_trunc gives it in
// London time (weeks start on Monday).
func binStart(bin string, t time.Time) time.Time {
	t = t.In(record.London())
	switch bin {
	case "week":
		wd := (int(t.Weekday()) + 6) % 7
		return time.Date(t.Year(), t.Month(), t.Day()-wd, 0, 0, 0, 0, record.London())
	case "quarter":
		return time.Date(t.Year(), t.Month()-(t.Month()-1)%3, 1, 0, 0, 0, 0, record.London())
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, record.London())
}

// EmergingOptions are the parameters of an emerging hot spot analysis.
type EmergingOptions struct {
	GiOptions
	Bin      string // week, month or quarter
	Previous bool   // the same cells in the previous slice join each neighbourhood
}

// Emerging is the emerging hot spot category of every cell.
type Emerging struct {
	Cells    []string
	Category []geo.EmergingCategory
	Tau, P   []float64
	Slices   []time.Time // start of each time slice
	From, To time.Time
	grid     *grid
}

// maxSlices bounds the time slices of one emerging analysis, per bin (ten years of weeks,
// twenty of months or quarters).
var maxSlices = map[string]int{"week": 520, "month": 240, "quarter": 80}

// MaxCubeCells bounds cells × slices of one emerging analysis: the cube and its z-scores take
// 8 bytes each per cell slice, several times over.
const MaxCubeCells = 3_000_000

// MinSlices is the fewest time slices an emerging analysis accepts (Mann–Kendall needs them).
const MinSlices = geo.MKMinLength

// Emerging bins f's period into whole calendar slices (weeks start on Monday), runs Gi* per
// slice over the space-time cube and classifies each cell's z series. Records of month precision fall in the slice holding the
// first day of their month (use month or quarter bins when many records are month precision).
//
// For a viewer without record-level access the slices are months or quarters and each slice's
// value is the estimate from the published (resolution-9 cell, month) atoms, so that the trend
// statistics are a function of the published counts.
func (s *Service) Emerging(ctx context.Context, f Filter, o EmergingOptions, v disclosure.Viewer) (*Emerging, error) {
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return nil, err
	}
	step, ok := bins[o.Bin]
	if !ok {
		return nil, apperr.Errorf(apperr.Invalid, "bin %q: want week, month or quarter", o.Bin)
	}
	if v.Protected() && o.Bin == "week" {
		return nil, apperr.Errorf(apperr.Forbidden, "weekly slices are for roles with record-level access (admin, analyst); use month or quarter")
	}
	if v.Protected() && o.Harm {
		return nil, apperr.Errorf(apperr.Forbidden, "harm-weighted analysis is for roles with record-level access (admin, analyst)")
	}
	gr, err := s.grids.get(ctx, f.Res, f.Areas)
	if err != nil {
		return nil, err
	}
	from, to, toEnd, ok, err := s.period(ctx, f, v)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.Errorf(apperr.Unprocessable, "there are no %s records to analyse", f.Kind)
	}
	// Only whole calendar slices inside the period are analysed: a part-filled first or last
	// slice would look like a fall in counts. The analysed period is reported.
	var starts []time.Time
	slot := map[int64]int{} // by Unix time of the slice start
	for t := binStart(o.Bin, from); !step(t).After(toEnd); t = step(t) {
		if t.Before(from) {
			continue
		}
		slot[t.Unix()] = len(starts)
		starts = append(starts, t)
	}
	if len(starts) < MinSlices {
		return nil, apperr.Errorf(apperr.Invalid, "the period %s to %s holds %d whole %s slices; the trend test needs at least %d: choose a longer period or a shorter bin",
			from.Format(time.DateOnly), to.Format(time.DateOnly), len(starts), o.Bin, MinSlices)
	}
	if limit := maxSlices[o.Bin]; len(starts) > limit {
		return nil, apperr.Errorf(apperr.Invalid, "the period %s to %s holds %d %sly slices, more than the limit of %d %sly slices: choose a shorter period or a longer bin",
			from.Format(time.DateOnly), to.Format(time.DateOnly), len(starts), o.Bin, limit, o.Bin)
	}
	if n := len(starts) * len(gr.cells); n > MaxCubeCells {
		return nil, apperr.Errorf(apperr.Invalid, "%d cells × %d slices is %d cell slices, more than the limit of %d: choose a coarser resolution, a shorter period or a longer bin",
			len(gr.cells), len(starts), n, MaxCubeCells)
	}
	from, toEnd = starts[0], step(starts[len(starts)-1])
	to = toEnd.AddDate(0, 0, -1)
	release, err := s.heavy.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	cube := make([][]float64, len(starts))
	for i := range cube {
		cube[i] = make([]float64, len(gr.cells))
	}
	if s.indexServes(f) {
		if err := s.cubeIndexed(ctx, f, o, v, gr, cube, from, toEnd, slot); err != nil {
			return nil, fmt.Errorf("space-time aggregate: %w", err)
		}
	} else if err := s.cubeSQL(ctx, f, o, v, gr, cube, from, toEnd, slot); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nb, err := gr.neighboursFor(o.K, o.Kernel)
	if err != nil {
		return nil, err
	}
	prev := 0
	if o.Previous {
		prev = 1
	}
	z, err := geo.SpaceTimeGiStar(cube, nb, prev)
	if err != nil {
		return nil, fmt.Errorf("space-time gi*: %w", err)
	}
	return classify(gr, z, starts, from, to, o.FDR)
}

// cubeSQL fills the space-time cube from the records.
func (s *Service) cubeSQL(ctx context.Context, f Filter, o EmergingOptions, v disclosure.Viewer, gr *grid, cube [][]float64,
	from, toEnd time.Time, slot map[int64]int) error {
	var args []any
	var q string
	if v.Protected() {
		// Atoms only: (resolution-9 cell, month) counts, each turned into its published estimate.
		atoms := f.atomsSQL(from, toEnd, &args)
		args = append(args, o.Bin)
		q = fmt.Sprintf(`SELECT %s, date_trunc($%d, make_timestamptz(month / 12, month %% 12 + 1, 1, 0, 0, 0, 'Europe/London'), 'Europe/London'), n::float8
			FROM (%s) g`, cellcount.ParentSQL("c9", f.Res), len(args), atoms)
	} else {
		where := f.where(from, toEnd, &args)
		src := sourceOf(f.Kind)
		measure := "count(*)::float8"
		if o.Harm {
			measure = "sum(harm_weight)"
			if f.Kind == KindActivity {
				measure = "sum(duration_minutes)::float8"
			}
		}
		args = append(args, o.Bin)
		q = fmt.Sprintf(`SELECT %s, date_trunc($%d, %s, 'Europe/London'), %s FROM %s WHERE %s GROUP BY 1, 2`,
			cellcount.ParentSQL("h3_cell", f.Res), len(args), src.at, measure, src.table, where)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("space-time aggregate: %w", err)
	}
	for rows.Next() {
		var cell int64
		var at time.Time
		var value float64
		if err := rows.Scan(&cell, &at, &value); err != nil {
			rows.Close()
			return fmt.Errorf("space-time aggregate: %w", err)
		}
		i, known := gr.index[cellOf(cell)]
		t, inPeriod := slot[at.Unix()]
		if v.Protected() {
			value = v.Estimate(v.GridAtom(int64(value)))
		}
		if known && inPeriod { // edge cells (see accepts) are few and carry no trend of their own
			cube[t][i] += value
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("space-time aggregate: %w", err)
	}
	return nil
}

func classify(gr *grid, z [][]float64, starts []time.Time, from, to time.Time, fdr bool) (*Emerging, error) {
	nT, nC := len(z), len(gr.cells)
	flatP := make([]float64, 0, nT*nC)
	for t := range z {
		for i := range z[t] {
			flatP = append(flatP, geo.PValueTwoSided(z[t][i]))
		}
	}
	if fdr {
		adj, err := geo.BHAdjust(flatP)
		if err != nil {
			return nil, err
		}
		flatP = adj
	}
	out := &Emerging{Cells: make([]string, nC), Category: make([]geo.EmergingCategory, nC), Tau: make([]float64, nC),
		P: make([]float64, nC), Slices: starts, From: from, To: to, grid: gr}
	zs, ps := make([]float64, nT), make([]float64, nT)
	for i, c := range gr.cells {
		for t := 0; t < nT; t++ {
			zs[t], ps[t] = z[t][i], flatP[t*nC+i]
		}
		cat, mk, err := geo.ClassifyEmerging(zs, ps, geo.DefaultEmergingAlpha)
		if err != nil {
			return nil, fmt.Errorf("classify cell %s: %w", c, err)
		}
		out.Cells[i], out.Category[i], out.Tau[i], out.P[i] = c.String(), cat, finite(mk.Tau), finite(mk.P)
	}
	return out, nil
}
