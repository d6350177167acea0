package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ogc"
	"github.com/placesafe/placesafe/internal/tiles"
)

// tileRoutes registers the vector tiles of the cells, hot spots and places layers, with the
// roles of their GeoJSON routes. A tile's features come from the same call as the GeoJSON
// layer's (hotspot.Layers, the places register), so their values and protection are
// the same; each tile served is audit-logged as a view of the layer's part it shows.
func (s *Server) tileRoutes() {
	h := tiles.NewHandler(16, 64<<20) // 16 layers, 64 MiB of encoded tiles
	for _, l := range []struct {
		layer *tiles.Layer
		a     access
	}{
		{s.cellTiles(hotspot.LayerHotspots, append(slices.Clone(filterParams), "k", "kernel", "fdr", "measure")), partnership},
		{s.cellTiles(hotspot.LayerCells, append(slices.Clone(filterParams), "include_zero")), partnership},
		{&tiles.Layer{Name: "places", Params: []string{"kind", "q"}, Load: s.placeTiles, Version: s.Places.RegisterVersion,
			Audit: func(context.Context, string, url.Values, maptile.Tile, []*geojson.Feature) error { return nil }}, signedIn},
	} {
		s.add(http.MethodGet, "/api/v1/tiles/"+l.layer.Name+"/:z/:x/:y", h.Serve(l.layer), l.a, s.cfg.MaxBodyBytes)
	}
}

// cellTiles is a hexagon layer's tiles.
func (s *Server) cellTiles(layer string, params []string) *tiles.Layer {
	return &tiles.Layer{Name: layer, Params: params, Version: s.Hotspot.DataVersion,
		Load: func(ctx context.Context, role string, q url.Values) ([]*geojson.Feature, error) {
			b, err := s.Layers.GeoJSON(ctx, layer, q, role)
			if err != nil {
				return nil, err
			}
			return hexagons(b)
		},
		Audit: func(ctx context.Context, role string, q url.Values, t maptile.Tile, shown []*geojson.Feature) error {
			p := map[string]any{"layer": layer, "query": q.Encode(), "z": t.Z, "x": t.X, "y": t.Y, "cells": len(shown)}
			var records int64
			if auth.RecordLevel(role) {
				for _, f := range shown {
					if n, ok := f.Properties["count"].(float64); ok {
						records += int64(n)
					}
				}
			}
			return audit.Record(ctx, s.db.Pool, "tiles.view", fmt.Sprintf("tiles/%s/%d/%d/%d", layer, t.Z, t.X, t.Y), p, records)
		}}
}

// hexagons reads a layer's GeoJSON into features whose geometry is their cell's hexagon
// (rebuilt from the id: faster than parsing the coordinates back).
func hexagons(b []byte) ([]*geojson.Feature, error) {
	var fc struct {
		Features []struct {
			ID         string             `json:"id"`
			Properties geojson.Properties `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("read layer: %w", err)
	}
	out := make([]*geojson.Feature, len(fc.Features))
	for i, f := range fc.Features {
		cell, err := geo.ParseCell(f.ID)
		if err != nil {
			return nil, fmt.Errorf("layer feature %d: %w", i, err)
		}
		out[i] = &geojson.Feature{Type: "Feature", ID: uint64(cell), Geometry: geo.CellBoundary(cell), Properties: f.Properties}
	}
	return out, nil
}

// placeTiles loads the places register as the OGC places collection does.
func (s *Server) placeTiles(ctx context.Context, _ string, q url.Values) ([]*geojson.Feature, error) {
	fs, err := s.loadPlaces(ctx, ogc.Request{Query: q})
	if err != nil {
		return nil, err
	}
	out := make([]*geojson.Feature, len(fs.Items))
	for i, f := range fs.Items {
		if out[i], err = geojson.UnmarshalFeature(f.JSON); err != nil {
			return nil, fmt.Errorf("read place %s: %w", f.ID, err)
		}
	}
	return out, nil
}
