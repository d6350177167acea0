package place

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// MaxSummaryAreas is the most areas of one kind a summary covers (a force's neighbourhoods are
// a few hundred).
const MaxSummaryAreas = 5000

// SummaryOptions are the parameters of an areas summary.
type SummaryOptions struct {
	Kind       string
	From, To   time.Time // inclusive London dates; zero: the data's own first or last day
	Categories []string
	Viewer     disclosure.Viewer
	AgeScope   incident.AgeScope // the zero value is the deployment's SYV scope
}

// AreaSummary is one area's incidents over the period.
type AreaSummary struct {
	Ref
	AreaKm2   float64          `json:"area_km2"`
	Incidents disclosure.Count `json:"incidents"`
	// PerKm2 is incidents per km² over the period, from the published count (a range's middle);
	// null for streets and points, which have no area.
	PerKm2   *float64     `json:"incidents_per_km2"`
	geometry orb.Geometry // for the GeoJSON encoding
}

// Summary is the incidents of every registered area of a kind over a period: the reporting
// units partnerships use beside H3 cells (wards, police neighbourhoods, local authorities).
type Summary struct {
	Kind        string        `json:"kind"`
	From        string        `json:"from"`
	To          string        `json:"to"`
	Categories  []string      `json:"categories"`
	Definition  string        `json:"definition"`
	Suppression string        `json:"suppression,omitempty"`
	Areas       []AreaSummary `json:"areas"`
	// Scope and ScopeStatement state the incidents' age scope (see incident.AgeScope).
	Scope          string `json:"scope"`
	ScopeStatement string `json:"scope_statement"`
}

// Summary counts the incidents in each place of o.Kind over the period, exactly by each place's
// geometry as profiles do. Viewers without record-level access get whole months, no category
// filter, and each (area, month) published as an area atom of the disclosure rule.
func (s *Service) Summary(ctx context.Context, o SummaryOptions) (*Summary, error) {
	if err := CheckKind(o.Kind); err != nil {
		return nil, err
	}
	for _, c := range o.Categories {
		if !slices.Contains(incident.Categories, c) {
			return nil, apperr.Errorf(apperr.Invalid, "category %q is unknown", c)
		}
	}
	if o.Viewer.Protected() && len(o.Categories) > 0 {
		return nil, apperr.Errorf(apperr.Forbidden, "category filters are for roles with record-level access (admin, analyst)")
	}
	from, to, ok, err := s.summaryPeriod(ctx, &o)
	if err != nil {
		return nil, err
	}
	out := &Summary{Kind: o.Kind, From: dateString(from), To: dateString(to), Categories: o.Categories, Areas: []AreaSummary{},
		Definition:  "incidents whose location lies inside each area (its outer boundary counts as inside), in the period",
		Suppression: s.suppression(o.Viewer), Scope: o.AgeScope.Name, ScopeStatement: o.AgeScope.Statement(0, 0, false)}
	if out.Categories == nil {
		out.Categories = []string{}
	}
	places, err := s.ofKind(ctx, o.Kind)
	if err != nil {
		return nil, err
	}
	regions := make([]region, len(places))
	boxes := make([]box, len(places))
	all := box{90, -90, 180, -180}
	for i, p := range places {
		regions[i] = s.regionFor(p)
		boxes[i] = regions[i].bound()
		all = box{math.Min(all.minLat, boxes[i].minLat), math.Max(all.maxLat, boxes[i].maxLat),
			math.Min(all.minLng, boxes[i].minLng), math.Max(all.maxLng, boxes[i].maxLng)}
	}
	monthly := newAreaMonths(len(places))
	var seen int64
	if ok && len(places) > 0 {
		if seen, err = s.countInAreas(ctx, regions, boxes, all, from, record.DayAfter(to), o.Categories, o.AgeScope, monthly); err != nil {
			return nil, err
		}
	}
	for i, p := range places {
		a := AreaSummary{Ref: Ref{p.ID, p.Kind, p.Name}, Incidents: monthly.publish(o.Viewer, i), geometry: p.Geometry}
		if len(regions[i].Polys) > 0 {
			a.AreaKm2 = math.Round(geo.AreaM2(regions[i].Polys)/1e4) / 100
			if a.AreaKm2 > 0 {
				per := math.Round(a.Incidents.Value()/a.AreaKm2*10) / 10
				a.PerKm2 = &per
			}
		}
		out.Areas = append(out.Areas, a)
	}
	params := map[string]any{"kind": o.Kind, "from": out.From, "to": out.To, "category": o.Categories, "role": o.Viewer.Role()}
	if err := s.recordView(ctx, o.Viewer, "places.summary.view", "places/summary", params, seen); err != nil {
		return nil, err
	}
	return out, nil
}

// summaryPeriod resolves the age scope of o and the period of a summary or comparison (see
// period).
func (s *Service) summaryPeriod(ctx context.Context, o *SummaryOptions) (from, to time.Time, ok bool, err error) {
	if o.AgeScope, err = s.hotspots.AgeScope(o.AgeScope.Name, o.Viewer); err != nil {
		return from, to, false, err
	}
	return s.period(ctx, ProfileOptions{From: o.From, To: o.To, Viewer: o.Viewer})
}

// suppression states the disclosure rule to a protected viewer, and nothing to others.
func (s *Service) suppression(v disclosure.Viewer) string {
	if !v.Protected() {
		return ""
	}
	return s.hotspots.Policy().Rule()
}

// ofKind loads every place of a kind that the request sees, by name.
func (s *Service) ofKind(ctx context.Context, kind string) ([]*Place, error) {
	seen, areas := area.ViewerFrom(ctx).FilterThrough("place_local_areas", "place_id", "places.id", 3)
	rows, err := s.pool.Query(ctx, `SELECT `+placeColumns+` FROM places WHERE kind = $1 AND `+seen+` ORDER BY name, id LIMIT $2`, kind, MaxSummaryAreas+1, areas)
	if err != nil {
		return nil, fmt.Errorf("places of kind %s: %w", kind, err)
	}
	defer rows.Close()
	var out []*Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, fmt.Errorf("places of kind %s: %w", kind, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("places of kind %s: %w", kind, err)
	}
	if len(out) > MaxSummaryAreas {
		return nil, apperr.Errorf(apperr.Unprocessable, "more than %d places of kind %s: a summary covers at most %d", MaxSummaryAreas, kind, MaxSummaryAreas)
	}
	return out, nil
}

// countInAreas reads the incidents of the period inside all's rectangle, of the local areas the
// request sees, once and adds each to the month of every area that contains it; it returns
// how many records it counted.
func (s *Service) countInAreas(ctx context.Context, regions []region, boxes []box, all box, from, toEnd time.Time,
	categories []string, scope incident.AgeScope, monthly areaMonths) (int64, error) {
	var cats any
	if len(categories) > 0 {
		cats = categories
	}
	seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 8)
	rows, err := s.pool.Query(ctx, `SELECT lat, lng, month, `+area.AtomColumn+` FROM incidents
		WHERE occurred_at >= $1 AND occurred_at < $2 AND lat BETWEEN $3 AND $4 AND lng BETWEEN $5 AND $6
		  AND ($7::text[] IS NULL OR category = ANY($7)) AND `+seen+and(scope.SQL()), from, toEnd, all.minLat, all.maxLat, all.minLng, all.maxLng, cats, areas)
	if err != nil {
		return 0, fmt.Errorf("incidents in areas: %w", err)
	}
	defer rows.Close()
	var n int64
	var lat, lng float64
	var am areaMonth
	for rows.Next() {
		if err := rows.Scan(&lat, &lng, &am.month, &am.localArea); err != nil {
			return 0, fmt.Errorf("incidents in areas: %w", err)
		}
		for i, b := range boxes {
			if lat < b.minLat || lat > b.maxLat || lng < b.minLng || lng > b.maxLng || !regions[i].contains(lat, lng) {
				continue
			}
			monthly[i][am]++
			n++
		}
	}
	return n, rows.Err()
}

// FeatureCollection is the summary as a GeoJSON choropleth: each area's geometry with its
// published count, protection and rate as properties.
func (sm *Summary) FeatureCollection() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, a := range sm.Areas {
		f := geojson.NewFeature(a.geometry)
		f.ID = a.ID
		c := a.Incidents
		f.Properties = geojson.Properties{"id": a.ID, "name": a.Name, "kind": a.Kind, "area_km2": a.AreaKm2,
			"count": c.N, "count_low": c.Low, "count_high": c.High, "count_label": c.Label, "protection": c.Status,
			"suppressed": c.Suppressed, "incidents_per_km2": a.PerKm2}
		if c.Reason != "" {
			f.Properties["protection_reason"] = c.Reason
		}
		fc.Append(f)
	}
	fc.ExtraMembers = geojson.Properties{"meta": map[string]any{"kind": sm.Kind, "from": sm.From, "to": sm.To,
		"category": sm.Categories, "definition": sm.Definition, "suppression": sm.Suppression, "areas": len(sm.Areas),
		"scope": sm.Scope, "scope_statement": sm.ScopeStatement}}
	return fc
}
