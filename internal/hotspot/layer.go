package hotspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// Layers that Layers.Layer makes.
const (
	LayerCells    = "cells"
	LayerHotspots = "hotspots"
	LayerEmerging = "emerging"
)

// Layers makes the cell, hot spot and emerging hot spot layers for a role: the service behind
// the map routes, saved analyses, tiles, the OGC API and the evidence pack, so that each shows
// a role exactly what the map shows. Every layer made is audit-logged.
type Layers struct {
	Service *Service
	Audit   audit.Execer
}

// Layer is a map layer as a viewer may see it: its cells and its parameters.
type Layer struct {
	Name string
	// Meta is the layer's parameters and age scope, as the GeoJSON's foreign member "meta".
	Meta  map[string]any
	Cells []LayerCell
	// Protected is true when the counts are published as ranges (roles below record-level access).
	Protected bool
	// Contacts is true when the cells carry child contacts (the cells layer of activity).
	Contacts bool
	// Slices is the number of time slices of an emerging hot spot layer.
	Slices int

	grid *grid
}

// LayerCell is one hexagon of a layer. Which fields are set depends on the layer: counts for
// cells and hot spots, Gi* for hot spots, trend and category for emerging hot spots.
type LayerCell struct {
	Cell  h3.Cell
	Count disclosure.Count
	Value float64 // harm-weighted value; not shown when the layer is protected
	// Contact is the number of child contacts (activity); nil when it is not shown.
	Contact *int64

	GiZ, GiP float64
	GiBin    int

	Category         geo.EmergingCategory
	TrendTau, TrendP float64
}

// Published is x as a layer's GeoJSON carries it: finite, to 8 significant digits.
func Published(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(finite(x), 'g', 8, 64), 64)
	if err != nil { // a formatted finite float always parses
		panic(err)
	}
	return v
}

// Layer makes one layer for a caller of the given role, from query parameters as the GET
// routes take them. Record-level roles' views are audit-logged with the number of records.
func (ls *Layers) Layer(ctx context.Context, layer string, q url.Values, role string) (*Layer, error) {
	f, v, err := ls.Service.filterFor(q, role)
	if err != nil {
		return nil, err
	}
	switch layer {
	case LayerCells:
		return ls.cells(ctx, f, q, v)
	case LayerHotspots:
		return ls.hotspots(ctx, f, q, v)
	case LayerEmerging:
		return ls.emerging(ctx, f, q, v)
	}
	return nil, apperr.Errorf(apperr.Invalid, "layer %q: want cells, hotspots or emerging", layer)
}

// GeoJSON makes one layer (see Layer) and renders it.
func (ls *Layers) GeoJSON(ctx context.Context, layer string, q url.Values, role string) ([]byte, error) {
	l, err := ls.Layer(ctx, layer, q, role)
	if err != nil {
		return nil, err
	}
	return l.GeoJSON()
}

// meta is a layer's foreign members: its parameters, and the age scope stated in words
// (statement; the scope's rule alone where the layer has no record counts to give).
func (ls *Layers) meta(f Filter, from, to time.Time, cells int, v disclosure.Viewer, statement string, extra map[string]any) map[string]any {
	m := map[string]any{"kind": f.Kind, "res": f.Res, "from": dateString(from), "to": dateString(to),
		"cells": cells, "category": f.Categories, "age_band": f.AgeBands, "setting": f.Settings,
		"suppressed_counts": v.Protected()}
	if f.Kind == KindIncidents {
		if statement == "" {
			statement = f.AgeScope.Statement(0, 0, false)
		}
		m["scope"], m["scope_label"], m["scope_statement"] = f.AgeScope.Name, f.AgeScope.Label(), statement
	}
	if v.Protected() {
		m["suppression"] = ls.Service.policy.Rule()
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// audited records that a layer carried data: for record-level roles the number of records
// shown; for other roles the aggregate query they asked (without a record count), so that a
// pattern of differencing queries can be seen in the log.
func (ls *Layers) audited(ctx context.Context, action string, f Filter, v disclosure.Viewer, records int64, extra map[string]any) error {
	if v.Protected() {
		records = 0
	}
	p := auditParams(ctx, f)
	for k, v := range extra {
		p[k] = v
	}
	return audit.Record(ctx, ls.Audit, action, "layers/"+action, p, records)
}

func sum(counts []int64) (n int64) {
	for _, c := range counts {
		n += c
	}
	return n
}

// countCell is cell i of agg with its published count and value.
func countCell(agg *Aggregate, i int) LayerCell {
	c := LayerCell{Cell: agg.Cells[i], Count: agg.Published(i)}
	if agg.Protected == nil {
		c.Value = agg.Value[i]
	}
	return c
}

func (ls *Layers) cells(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) (*Layer, error) {
	withZero, err := boolParam(q, "include_zero", true)
	if err != nil {
		return nil, err
	}
	agg, _, err := ls.Service.cachedAggregate(ctx, f, v)
	if err != nil {
		return nil, err
	}
	if err := ls.audited(ctx, "cells.view", f, v, sum(agg.Count), nil); err != nil {
		return nil, err
	}
	l := &Layer{Name: LayerCells, Meta: ls.meta(f, agg.From, agg.To, len(agg.Cells), v, agg.ScopeStatement(f), nil),
		Protected: agg.Protected != nil, Contacts: f.Kind == KindActivity, grid: agg.grid}
	for i := range agg.Cells {
		if !withZero && agg.Empty(i) {
			continue
		}
		c := countCell(agg, i)
		if l.Contacts && !v.Protected() {
			n := agg.Extra[i]
			c.Contact = &n
		}
		l.Cells = append(l.Cells, c)
	}
	return l, nil
}

func giOptions(q url.Values) (GiOptions, error) {
	var o GiOptions
	var err error
	if o.K, err = api.IntQuery(q, "k", 1, 1, geo.MaxNeighbourRings); err != nil {
		return o, err
	}
	kern := q.Get("kernel")
	if kern == "" {
		kern = string(geo.KernelUniform)
	}
	if o.Kernel, err = geo.ParseKernel(kern); err != nil {
		return o, apperr.Errorf(apperr.Invalid, "kernel %q: want uniform, triangular, epanechnikov or gaussian", kern)
	}
	if o.FDR, err = boolParam(q, "fdr", true); err != nil {
		return o, err
	}
	switch q.Get("measure") {
	case "", "count":
	case "harm":
		o.Harm = true
	default:
		return o, apperr.Errorf(apperr.Invalid, "measure %q: want count or harm", q.Get("measure"))
	}
	return o, nil
}

func (o GiOptions) describe() map[string]any {
	m := "count"
	if o.Harm {
		m = "harm"
	}
	return map[string]any{"k": o.K, "kernel": o.Kernel, "fdr": o.FDR, "measure": m}
}

func (ls *Layers) hotspots(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) (*Layer, error) {
	o, err := giOptions(q)
	if err != nil {
		return nil, err
	}
	hs, err := ls.Service.Hotspots(ctx, f, o, v)
	if err != nil {
		return nil, err
	}
	if err := ls.audited(ctx, "hotspots.view", f, v, sum(hs.Count), o.describe()); err != nil {
		return nil, err
	}
	l := &Layer{Name: LayerHotspots, Meta: ls.meta(f, hs.From, hs.To, len(hs.Cells), v, hs.ScopeStatement(f), o.describe()),
		Protected: hs.Protected != nil, grid: hs.grid, Cells: make([]LayerCell, len(hs.Cells))}
	for i := range hs.Cells {
		c := countCell(hs.Aggregate, i)
		c.GiZ, c.GiP, c.GiBin = hs.Z[i], hs.P[i], hs.Bin[i]
		l.Cells[i] = c
	}
	return l, nil
}

func (ls *Layers) emerging(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) (*Layer, error) {
	gi, err := giOptions(q)
	if err != nil {
		return nil, err
	}
	o := EmergingOptions{GiOptions: gi, Bin: q.Get("bin")}
	if o.Bin == "" {
		o.Bin = "month"
	}
	if o.Previous, err = boolParam(q, "previous", false); err != nil {
		return nil, err
	}
	em, err := ls.Service.Emerging(ctx, f, o, v)
	if err != nil {
		return nil, err
	}
	params := o.describe()
	params["bin"], params["previous"] = o.Bin, o.Previous
	if err := ls.audited(ctx, "hotspots.emerging.view", f, v, int64(len(em.Cells)), params); err != nil {
		return nil, err
	}
	starts := make([]string, len(em.Slices))
	for i, s := range em.Slices {
		starts[i] = s.Format(time.DateOnly)
	}
	params["slices"], params["slice_starts"] = len(em.Slices), starts
	l := &Layer{Name: LayerEmerging, Meta: ls.meta(f, em.From, em.To, len(em.Cells), v, "", params),
		Protected: v.Protected(), Slices: len(em.Slices), grid: em.grid, Cells: make([]LayerCell, len(em.Cells))}
	for i, s := range em.Cells {
		cell, err := geo.ParseCell(s)
		if err != nil {
			return nil, fmt.Errorf("emerging hot spot cell %q: %w", s, err)
		}
		l.Cells[i] = LayerCell{Cell: cell, Category: em.Category[i], TrendTau: em.Tau[i], TrendP: em.P[i]}
	}
	return l, nil
}

// GeoJSON renders the layer as a FeatureCollection of hexagons with foreign member "meta".
func (l *Layer) GeoJSON() ([]byte, error) {
	meta, err := json.Marshal(l.Meta)
	if err != nil {
		return nil, fmt.Errorf("%s layer meta: %w", l.Name, err)
	}
	w := newFeatureWriter(meta, l.grid)
	for _, c := range l.Cells {
		switch l.Name {
		case LayerCells:
			l.writeCounts(w, c)
			if l.Contacts {
				if c.Contact != nil {
					w.int("contacts", *c.Contact)
				} else {
					w.null("contacts")
				}
			}
		case LayerHotspots:
			l.writeCounts(w, c)
			w.float("gi_z", c.GiZ)
			w.float("gi_p", c.GiP)
			w.int("gi_bin", int64(c.GiBin))
		case LayerEmerging:
			w.string("category", string(c.Category))
			w.float("trend_tau", c.TrendTau)
			w.float("trend_p", c.TrendP)
			w.int("slices", int64(l.Slices))
		}
		w.feature(c.Cell)
	}
	return w.bytes(), nil
}

// writeCounts adds count, value and the protection fields of a cell.
func (l *Layer) writeCounts(w *featureWriter, cell LayerCell) {
	c := cell.Count
	if c.N != nil {
		w.int("count", *c.N)
	} else {
		w.null("count")
	}
	if l.Protected {
		w.null("value")
		w.int("count_low", c.Low)
		w.int("count_high", c.High)
		w.string("count_label", c.Label)
		w.string("protection", string(c.Status))
		if c.Reason != "" {
			w.string("protection_reason", c.Reason)
		}
	} else {
		w.float("value", cell.Value)
		w.string("count_label", c.Label)
		w.string("protection", string(c.Status))
	}
	w.bool("suppressed", c.Suppressed)
}
