package place

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// localAreas returns the local areas place geometry g lies in, in id order: each that holds
// one of its points (a park on a boundary belongs to both sides), and for an area place each
// local area with a corner inside it (a ward-sized place may hold a small area whole).
func localAreas(regions geo.Regions, g orb.Geometry) []int64 {
	ids := []int64{}
	add := func(id int64) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	visit(g, func(p orb.Point) {
		if id, ok := regions.Locate(p.Lat(), p.Lon()); ok {
			add(id)
		}
	})
	var shape orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		shape = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		shape = g
	}
	for _, r := range regions {
		if mp := r.Area.MultiPolygon(); len(shape) > 0 && len(mp) > 0 && planar.MultiPolygonContains(shape, mp[0][0][0]) {
			add(r.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// visit calls f with every point of g.
func visit(g orb.Geometry, f func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		f(g)
	case orb.MultiPoint:
		visitEach(g, f)
	case orb.LineString:
		visitEach(g, f)
	case orb.Ring:
		visitEach(g, f)
	case orb.MultiLineString:
		visitEach(g, f)
	case orb.Polygon:
		visitEach(g, f)
	case orb.MultiPolygon:
		visitEach(g, f)
	case orb.Collection:
		visitEach(g, f)
	case orb.Bound:
		visit(g.ToPolygon(), f)
	}
}

// visitEach visits every part of a geometry made of parts.
func visitEach[G orb.Geometry](parts []G, f func(orb.Point)) {
	for _, g := range parts {
		visit(g, f)
	}
}

// writeAreas places p in the local areas its geometry lies in. A user of some local areas may
// only register places in them.
func (s *Service) writeAreas(ctx context.Context, tx pgx.Tx, p *Place) error {
	var regions geo.Regions
	if s.Areas != nil {
		var err error
		if regions, err = s.Areas(ctx); err != nil {
			return err
		}
	}
	p.LocalAreas = localAreas(regions, p.Geometry)
	if v := area.ViewerFrom(ctx); !v.SeesAny(p.LocalAreas) {
		return apperr.Errorf(apperr.Unprocessable, "place %q lies outside your local areas", p.Name)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM place_local_areas WHERE place_id = $1`, p.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO place_local_areas (place_id, local_area_id) SELECT $1, unnest($2::bigint[])`, p.ID, p.LocalAreas)
	return err
}
