package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/ogc"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/record"
)

// The OGC API's collections. Each Load calls the service behind the matching /api/v1 route
// with the caller's role, so the features carry the same values, the same disclosure
// protection and leave the same audit records; the OGC layer only filters by bbox and pages.

// ogcCollection is a collection with the roles that may read it (nil: every signed-in role).
type ogcCollection struct {
	*ogc.Collection
	roles []string
}

var filterParams = []string{"kind", "res", "from", "to", "scope", "category", "age_band", "setting", "partner"}

func (s *Server) ogcCollections(mapReaders []string) []ogcCollection {
	return []ogcCollection{
		{&ogc.Collection{ID: "hotspots", Title: "Hot spots (Getis–Ord Gi*)",
			Description: "Gi* per H3 cell as GET /api/v1/hotspots computes it, by default over the whole period at resolution 9, k = 1, FDR-corrected; datetime sets the period analysed (whole months for roles with protected counts).",
			Temporal:    true, Params: append(slices.Clone(filterParams), "k", "kernel", "fdr", "measure"),
			Load: s.layerLoader(hotspot.LayerHotspots)}, mapReaders},
		{&ogc.Collection{ID: "cells", Title: "Cells (counts per H3 cell)",
			Description: "Records per H3 cell as GET /api/v1/cells counts them, by default over the whole period at resolution 9; datetime sets the period counted.",
			Temporal:    true, Params: append(slices.Clone(filterParams), "include_zero"),
			Load: s.layerLoader(hotspot.LayerCells)}, mapReaders},
		{&ogc.Collection{ID: "places", Title: "Places", Description: "The places register, as GET /api/v1/places.",
			Params: []string{"kind", "q"}, Load: s.loadPlaces}, nil},
		{&ogc.Collection{ID: "interventions", Title: "Interventions",
			Description: "Interventions with their places' geometries, as GET /api/v1/interventions.geojson; datetime selects those running in the interval.",
			Temporal:    true, Params: []string{"status", "review_status", "methodology", "agency", "place", "q"}, Load: s.loadInterventions}, nil},
		{&ogc.Collection{ID: "study-area", Title: "Study area", Description: "The study area's boundary, as GET /api/v1/study-area.",
			Load: s.loadStudyArea}, nil},
	}
}

// layerLoader loads a map layer through the service the /api/v1 route uses (hotspot.Layers).
func (s *Server) layerLoader(layer string) func(ctx context.Context, r ogc.Request) (*ogc.Features, error) {
	return func(ctx context.Context, r ogc.Request) (*ogc.Features, error) {
		q := url.Values{}
		for k, v := range r.Query {
			q[k] = v
		}
		if !r.From.IsZero() {
			q.Set("from", r.From.In(record.London()).Format(time.DateOnly))
		}
		if !r.To.IsZero() {
			q.Set("to", r.To.In(record.London()).Format(time.DateOnly))
		}
		b, err := s.Layers.GeoJSON(ctx, layer, q, r.Role)
		if err != nil {
			return nil, err
		}
		return cellFeatures(b)
	}
}

// cellFeatures reads a layer's GeoJSON (one hexagon per feature, its cell as id).
func cellFeatures(b []byte) (*ogc.Features, error) {
	var fc struct {
		Meta     json.RawMessage   `json:"meta"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("read layer: %w", err)
	}
	out := &ogc.Features{Meta: fc.Meta, Items: make([]ogc.Feature, len(fc.Features))}
	for i, raw := range fc.Features {
		var head struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("read layer feature %d: %w", i, err)
		}
		cell, err := geo.ParseCell(head.ID)
		if err != nil {
			return nil, fmt.Errorf("layer feature %d: %w", i, err)
		}
		out.Items[i] = ogc.Feature{ID: head.ID, Bound: geo.CellBoundary(cell).Bound(), HasGeometry: true, JSON: raw}
	}
	return out, nil
}

// geoFeature encodes an orb feature as an OGC feature.
func geoFeature(id string, f *geojson.Feature) (ogc.Feature, error) {
	b, err := f.MarshalJSON()
	if err != nil {
		return ogc.Feature{}, fmt.Errorf("encode feature %s: %w", id, err)
	}
	out := ogc.Feature{ID: id, JSON: b}
	if f.Geometry != nil {
		out.Bound, out.HasGeometry = f.Geometry.Bound(), true
	}
	return out, nil
}

func (s *Server) loadPlaces(ctx context.Context, r ogc.Request) (*ogc.Features, error) {
	f := place.Filter{Sort: "name"}
	if v := r.Query.Get("kind"); v != "" {
		if err := place.CheckKind(v); err != nil {
			return nil, err
		}
		f.Kind = &v
	}
	if v := strings.TrimSpace(r.Query.Get("q")); v != "" {
		f.Q = &v
	}
	list, err := api.ReadAll(func(p api.Page) ([]*place.Place, int, error) {
		f.Limit, f.Offset = p.Limit, p.Offset
		return s.Places.List(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	out := &ogc.Features{}
	for _, p := range list {
		feat, err := geoFeature(strconv.FormatInt(p.ID, 10), p.Feature())
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, feat)
	}
	return out, nil
}

func (s *Server) loadInterventions(ctx context.Context, r ogc.Request) (*ogc.Features, error) {
	f, err := intervention.ParseFilterValues(r.Query)
	if err != nil {
		return nil, err
	}
	list, err := api.ReadAll(func(p api.Page) ([]*intervention.Intervention, int, error) {
		f.Limit, f.Offset = p.Limit, p.Offset
		return s.Interventions.List(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	fc, err := s.Interventions.FeatureCollection(ctx, list)
	if err != nil {
		return nil, err
	}
	out := &ogc.Features{}
	for i, it := range list {
		feat, err := geoFeature(strconv.FormatInt(it.ID, 10), fc.Features[i])
		if err != nil {
			return nil, err
		}
		feat.HasTime = true
		if feat.Start, err = time.ParseInLocation(time.DateOnly, it.StartDate, record.London()); err != nil {
			return nil, fmt.Errorf("intervention %d start date: %w", it.ID, err)
		}
		if it.EndDate != nil {
			end, err := time.ParseInLocation(time.DateOnly, *it.EndDate, record.London())
			if err != nil {
				return nil, fmt.Errorf("intervention %d end date: %w", it.ID, err)
			}
			feat.End = end.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		out.Items = append(out.Items, feat)
	}
	return out, nil
}

func (s *Server) loadStudyArea(ctx context.Context, _ ogc.Request) (*ogc.Features, error) {
	sa, err := s.Area.Get(ctx)
	if err != nil || sa == nil {
		return &ogc.Features{}, err
	}
	feat, err := geoFeature("study-area", sa.Feature())
	if err != nil {
		return nil, err
	}
	// The feature's id is written into its GeoJSON so that clients key it as the OGC URL does.
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(feat.JSON, &obj); err != nil {
		return nil, err
	}
	obj["id"] = json.RawMessage(`"study-area"`)
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("study area feature: %w", err)
	}
	feat.JSON = b
	return &ogc.Features{Items: []ogc.Feature{feat}}, nil
}

// analysisPrefix starts the id of a saved analysis's collection ("analysis-12").
const analysisPrefix = "analysis-"

// analysisCollection is a saved analysis as a collection; reading it goes through
// analysis.Service.Get, which checks the role and audit-logs the view as GET …/result does.
func (s *Server) analysisCollection(a *analysis.Analysis) *ogc.Collection {
	id := a.ID
	return &ogc.Collection{ID: analysisPrefix + strconv.FormatInt(id, 10), Title: "Saved analysis: " + a.Title,
		Description: fmt.Sprintf("The %s result saved on %s, unchanged, as GET /api/v1/analyses/%d/result.", a.Kind, a.CreatedAt.Format(time.DateOnly), id),
		Load: func(ctx context.Context, r ogc.Request) (*ogc.Features, error) {
			got, err := s.Analyses.Get(ctx, id, r.Role)
			if err != nil {
				return nil, err
			}
			return cellFeatures(got.Result)
		}}
}

// studyAreaBound is the extent of every collection.
func (s *Server) studyAreaBound(ctx context.Context) (orb.Bound, bool, error) {
	sa, err := s.Area.Get(ctx)
	if err != nil || sa == nil {
		return orb.Bound{}, false, err
	}
	return sa.Area.MultiPolygon().Bound(), true, nil
}
