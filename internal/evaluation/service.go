package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Service runs evaluations.
type Service struct {
	pool    *pgxpool.Pool
	hotspot *hotspot.Service
	// Areas returns the deployment's local areas, so that a user of some of them evaluates
	// cells that reach into theirs (nil: none are set).
	Areas func(context.Context) (geo.Regions, error)
}

// NewService returns a Service; hs gives it the study area's cells and the disclosure policy.
func NewService(pool *pgxpool.Pool, hs *hotspot.Service) *Service {
	return &Service{pool: pool, hotspot: hs}
}

// Viewer is the disclosure viewer of a role.
func (s *Service) Viewer(role string) disclosure.Viewer { return s.hotspot.Policy().For(role) }

// resolved is a request turned into cell sets and periods.
type resolved struct {
	areas     Areas
	pre, post span
	notes     []string
	scope     incident.AgeScope
	viewer    disclosure.Viewer
}

// resolve checks a request and turns it into areas and periods.
func (s *Service) resolve(ctx context.Context, req *Request, scope incident.AgeScope, v disclosure.Viewer) (*resolved, error) {
	r := &resolved{scope: scope, viewer: v}
	var err error
	if r.pre, err = req.Pre.parse("pre"); err != nil {
		return nil, err
	}
	if r.post, err = req.Post.parse("post"); err != nil {
		return nil, err
	}
	if !r.pre.end.After(r.pre.from) || r.post.from.Before(r.pre.end) {
		return nil, apperr.Errorf(apperr.Invalid, "the post period must start after the pre period ends (pre ends %s, post starts %s)", req.Pre.To, req.Post.From)
	}
	for _, c := range req.Categories {
		if !contains(incident.Categories, c) {
			return nil, apperr.Errorf(apperr.Invalid, "categories: %q is not a category", c)
		}
	}
	res := req.Res
	if res == 0 {
		res = DefaultRes
	}
	target, tres, err := parseCells("target", req.Target.Cells)
	if err != nil {
		return nil, err
	}
	switch {
	case len(target) > 0 && len(req.Target.Places) > 0:
		return nil, apperr.Errorf(apperr.Invalid, "target: give cells or places, not both")
	case len(target) > 0:
		res = tres
		if err := s.checkCellsSeen(ctx, "target", target); err != nil {
			return nil, err
		}
	case len(req.Target.Places) > 0:
		if target, err = placeCells(ctx, s.pool, "target", req.Target.Places, res); err != nil {
			return nil, err
		}
	default:
		return nil, apperr.Errorf(apperr.Invalid, "target: give cells or places")
	}
	if len(target) == 0 {
		return nil, apperr.Errorf(apperr.Unprocessable, "target: the places have no cells at resolution %d", res)
	}
	r.areas = Areas{Res: res, Target: target}
	if err := s.resolveBuffer(req, r); err != nil {
		return nil, err
	}
	if err := s.resolveControl(ctx, req, r); err != nil {
		return nil, err
	}
	for _, pair := range []struct {
		a, b string
		x, y []h3.Cell
	}{{"target", "buffer", r.areas.Target, r.areas.Buffer}, {"target", "control", r.areas.Target, r.areas.Control},
		{"buffer", "control", r.areas.Buffer, r.areas.Control}} {
		if c, ok := overlap(pair.x, pair.y); ok {
			return nil, apperr.Errorf(apperr.Unprocessable, "the %s and %s areas overlap (cell %s): an area cannot be its own comparison", pair.a, pair.b, c)
		}
	}
	return r, nil
}

func (s *Service) resolveBuffer(req *Request, r *resolved) error {
	b := req.Buffer
	given := 0
	for _, set := range []bool{len(b.Cells) > 0, b.Rings > 0, b.Metres > 0} {
		if set {
			given++
		}
	}
	if given > 1 {
		return apperr.Errorf(apperr.Invalid, "buffer: give cells, rings or metres, one of them")
	}
	switch {
	case len(b.Cells) > 0:
		cells, res, err := parseCells("buffer", b.Cells)
		if err != nil {
			return err
		}
		if res != r.areas.Res {
			return apperr.Errorf(apperr.Invalid, "buffer.cells have resolution %d, the target %d", res, r.areas.Res)
		}
		r.areas.Buffer = cells
	case b.Rings < 0 || b.Metres < 0:
		return apperr.Errorf(apperr.Invalid, "buffer: rings and metres must be positive")
	default:
		k := b.Rings
		if b.Metres > 0 {
			k = ringsFor(b.Metres, r.areas.Res)
		}
		if k == 0 {
			k = 1
			r.notes = append(r.notes, "buffer: none given; one ring of cells round the target is used")
		}
		if k > MaxRings {
			return apperr.Errorf(apperr.Invalid, "buffer: %d rings is more than %d", k, MaxRings)
		}
		r.areas.Buffer = rings(r.areas.Target, k)
	}
	return nil
}

func (s *Service) resolveControl(ctx context.Context, req *Request, r *resolved) error {
	c := req.Control
	var err error
	switch {
	case len(c.Cells) > 0:
		var res int
		if r.areas.Control, res, err = parseCells("control", c.Cells); err != nil {
			return err
		}
		if res != r.areas.Res {
			return apperr.Errorf(apperr.Invalid, "control.cells have resolution %d, the target %d", res, r.areas.Res)
		}
		return s.checkCellsSeen(ctx, "control", r.areas.Control)
	case len(c.Places) > 0:
		if r.areas.Control, err = placeCells(ctx, s.pool, "control", c.Places, r.areas.Res); err != nil {
			return err
		}
	default:
		if !c.Suggest {
			r.notes = append(r.notes, "control: none given; a matched control was suggested (see method)")
		}
		return s.suggest(ctx, req, r)
	}
	return nil
}

// suggest fills the control with matched cells of the study area outside target and buffer;
// for a user of some local areas, cells that reach into theirs.
func (s *Service) suggest(ctx context.Context, req *Request, r *resolved) error {
	all, err := s.hotspot.StudyCells(ctx, r.areas.Res)
	if err != nil {
		return err
	}
	regions, some, err := s.viewerRegions(ctx)
	if err != nil {
		return err
	}
	skip := map[h3.Cell]bool{}
	for _, c := range append(append([]h3.Cell{}, r.areas.Target...), r.areas.Buffer...) {
		skip[c] = true
	}
	// Other interventions' places and their buffers are no control: their own change would
	// pass for this one's effect (or hide it).
	others, err := otherInterventionCells(ctx, s, r.areas.Res, req.Target.Places)
	if err != nil {
		return err
	}
	for _, c := range append(others, rings(others, DefaultBufferRings)...) {
		skip[c] = true
	}
	var cands []h3.Cell
	for _, c := range all {
		if !skip[c] && (!some || touches(regions, c)) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return apperr.Errorf(apperr.Unprocessable, "control: no cells of the study area lie outside the target and the buffer")
	}
	series, err := s.matchSeries(ctx, req, r, append(cands, r.areas.Target...))
	if err != nil {
		return err
	}
	r.areas.Control = matchTarget(series, r.areas.Target, r.pre.months())
	r.areas.ControlSuggested = true
	return nil
}

// matchSeries returns the pre-period monthly series of cells that the control is matched on.
// A record-level viewer's are the raw counts. The cells chosen are listed to every viewer, so
// a protected viewer's are the figures that viewer is already shown (see publishedPreSeries):
// matched on raw counts, the choice would order cells by counts the rule hides.
func (s *Service) matchSeries(ctx context.Context, req *Request, r *resolved, cells []h3.Cell) (map[h3.Cell][]float64, error) {
	if !r.viewer.Protected() {
		f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: r.areas.Res, From: r.pre.from, To: r.pre.to, Categories: req.Categories, AgeScope: r.scope}
		series, err := s.hotspot.MonthlyCounts(ctx, f, r.viewer, cells)
		if err != nil {
			return nil, fmt.Errorf("pre-period series: %w", err)
		}
		return series, nil
	}
	series, err := s.publishedPreSeries(ctx, r.viewer, r.areas.Res, cells, r.pre, r.scope)
	if err != nil {
		return nil, err
	}
	if !leaveOutTargetsMapCells(series, r.areas.Target) {
		return nil, apperr.Errorf(apperr.Unprocessable, "control: no cells of the study area lie outside the target, its buffer, its resolution-%d map cells and other interventions' places; name a control place", hotspot.MaxRestrictedRes)
	}
	r.notes = append(r.notes, publishedMatchNote)
	return series, nil
}

// otherInterventionCells are the cells at res of every place that has an intervention, except
// the given target places.
func otherInterventionCells(ctx context.Context, s *Service, res int, target []int64) ([]h3.Cell, error) {
	if target == nil {
		target = []int64{}
	}
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT pc.h3_cell FROM place_cells pc
		JOIN intervention_places ip ON ip.place_id = pc.place_id
		WHERE pc.res = $1 AND NOT (pc.place_id = ANY($2))`, res, target)
	if err != nil {
		return nil, fmt.Errorf("other interventions' cells: %w", err)
	}
	defer rows.Close()
	var out []h3.Cell
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, h3.Cell(c))
	}
	return out, rows.Err()
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// dataEnd is the last day with incidents of the local areas the request sees, in London.
func (s *Service) dataEnd(ctx context.Context) (time.Time, bool, error) {
	var hi *time.Time
	seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 1)
	if err := s.pool.QueryRow(ctx, `SELECT max(occurred_at) FROM incidents WHERE `+seen, areas).Scan(&hi); err != nil {
		return time.Time{}, false, fmt.Errorf("data end: %w", err)
	}
	if hi == nil {
		return time.Time{}, false, nil
	}
	t := hi.In(record.London())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, record.London()), true, nil
}
