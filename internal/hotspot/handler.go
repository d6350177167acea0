package hotspot

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// DefaultRes is the resolution of a map when none is asked for (cells of about 0.1 km²).
const DefaultRes = 9

// Layers that Layer renders.
const (
	LayerCells    = "cells"
	LayerHotspots = "hotspots"
	LayerEmerging = "emerging"
)

// Handler serves the cell, hot spot and emerging hot spot layers.
type Handler struct {
	Service *Service
	Audit   audit.Execer
}

// Layer renders one layer as GeoJSON for a caller of the given role, from query parameters as
// the GET routes take them. Saved analyses call it too, so that a saved result is exactly what
// the map showed. Record-level roles' views are audit-logged.
func (h *Handler) Layer(ctx context.Context, layer string, q url.Values, role string) ([]byte, error) {
	f, err := ParseFilter(q, DefaultRes, h.Service.syv)
	if err != nil {
		return nil, err
	}
	v := h.Service.policy.For(role)
	if v.Protected() {
		if err := f.restrict(); err != nil {
			return nil, err
		}
	}
	switch layer {
	case LayerCells:
		return h.cells(ctx, f, q, v)
	case LayerHotspots:
		return h.hotspots(ctx, f, q, v)
	case LayerEmerging:
		return h.emerging(ctx, f, q, v)
	}
	return nil, apperr.Errorf(apperr.Invalid, "layer %q: want cells, hotspots or emerging", layer)
}

func (h *Handler) serve(c echo.Context, layer string) error {
	b, err := h.Layer(c.Request().Context(), layer, c.QueryParams(), auth.CurrentUser(c).Role)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/geo+json", b)
}

// Cells answers the aggregated layer as a GeoJSON FeatureCollection of hexagons.
func (h *Handler) Cells(c echo.Context) error { return h.serve(c, LayerCells) }

// Hotspots answers Getis–Ord Gi* per cell as a GeoJSON FeatureCollection.
func (h *Handler) Hotspots(c echo.Context) error { return h.serve(c, LayerHotspots) }

// Emerging answers the emerging hot spot category per cell as a GeoJSON FeatureCollection.
func (h *Handler) Emerging(c echo.Context) error { return h.serve(c, LayerEmerging) }

// meta is a layer's foreign members: its parameters, and the age scope stated in words
// (statement; the scope's rule alone where the layer has no record counts to give).
func (h *Handler) meta(f Filter, from, to time.Time, cells int, v disclosure.Viewer, statement string, extra map[string]any) []byte {
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
		m["suppression"] = h.Service.policy.Rule()
	}
	for k, v := range extra {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}

// writeCounts adds count, value and the protection fields for cell i.
func writeCounts(w *featureWriter, agg *Aggregate, i int) {
	c := agg.Published(i)
	if c.N != nil {
		w.int("count", *c.N)
	} else {
		w.null("count")
	}
	if agg.Protected != nil {
		w.null("value")
		w.int("count_low", c.Low)
		w.int("count_high", c.High)
		w.string("count_label", c.Label)
		w.string("protection", string(c.Status))
		if c.Reason != "" {
			w.string("protection_reason", c.Reason)
		}
	} else {
		w.float("value", agg.Value[i])
		w.string("count_label", c.Label)
		w.string("protection", string(c.Status))
	}
	w.bool("suppressed", c.Suppressed)
}

// audited records that a response carried data: for record-level roles the number of records
// shown; for other roles the aggregate query they asked (without a record count), so that a
// pattern of differencing queries can be seen in the log.
func (h *Handler) audited(ctx context.Context, action string, f Filter, v disclosure.Viewer, records int64, extra map[string]any) error {
	if v.Protected() {
		records = 0
	}
	p := f.describe()
	for k, v := range extra {
		p[k] = v
	}
	return audit.Record(ctx, h.Audit, action, "layers/"+action, p, records)
}

func sum(counts []int64) (n int64) {
	for _, c := range counts {
		n += c
	}
	return n
}

func (h *Handler) cells(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) ([]byte, error) {
	withZero, err := boolParam(q, "include_zero", true)
	if err != nil {
		return nil, err
	}
	agg, _, err := h.Service.cachedAggregate(ctx, f, v)
	if err != nil {
		return nil, err
	}
	if err := h.audited(ctx, "cells.view", f, v, sum(agg.Count), nil); err != nil {
		return nil, err
	}
	w := newFeatureWriter(h.meta(f, agg.From, agg.To, len(agg.Cells), v, agg.ScopeStatement(f), nil), agg.grid)
	for i, cell := range agg.Cells {
		if !withZero && agg.Empty(i) {
			continue
		}
		writeCounts(w, agg, i)
		if f.Kind == KindActivity {
			if v.Protected() {
				w.null("contacts")
			} else {
				w.int("contacts", agg.Extra[i])
			}
		}
		w.feature(cell)
	}
	return w.bytes(), nil
}

func giOptions(q url.Values) (GiOptions, error) {
	var o GiOptions
	var err error
	if o.K, err = intParam(q, "k", 1, 1, geo.MaxNeighbourRings); err != nil {
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

func (h *Handler) hotspots(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) ([]byte, error) {
	o, err := giOptions(q)
	if err != nil {
		return nil, err
	}
	hs, err := h.Service.Hotspots(ctx, f, o, v)
	if err != nil {
		return nil, err
	}
	if err := h.audited(ctx, "hotspots.view", f, v, sum(hs.Count), o.describe()); err != nil {
		return nil, err
	}
	w := newFeatureWriter(h.meta(f, hs.From, hs.To, len(hs.Cells), v, hs.ScopeStatement(f), o.describe()), hs.grid)
	for i, cell := range hs.Cells {
		writeCounts(w, hs.Aggregate, i)
		w.float("gi_z", hs.Z[i])
		w.float("gi_p", hs.P[i])
		w.int("gi_bin", int64(hs.Bin[i]))
		w.feature(cell)
	}
	return w.bytes(), nil
}

func (h *Handler) emerging(ctx context.Context, f Filter, q url.Values, v disclosure.Viewer) ([]byte, error) {
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
	em, err := h.Service.Emerging(ctx, f, o, v)
	if err != nil {
		return nil, err
	}
	params := o.describe()
	params["bin"], params["previous"] = o.Bin, o.Previous
	if err := h.audited(ctx, "hotspots.emerging.view", f, v, int64(len(em.Cells)), params); err != nil {
		return nil, err
	}
	starts := make([]string, len(em.Slices))
	for i, s := range em.Slices {
		starts[i] = s.Format(time.DateOnly)
	}
	params["slices"], params["slice_starts"] = len(em.Slices), starts
	w := newFeatureWriter(h.meta(f, em.From, em.To, len(em.Cells), v, "", params), em.grid)
	for i, s := range em.Cells {
		cell, _ := geo.ParseCell(s)
		w.string("category", string(em.Category[i]))
		w.float("trend_tau", em.Tau[i])
		w.float("trend_p", em.P[i])
		w.int("slices", int64(len(em.Slices)))
		w.feature(cell)
	}
	return w.bytes(), nil
}

// Cell answers one cell's monthly series and breakdowns.
func (h *Handler) Cell(c echo.Context) error {
	cell, err := geo.ParseCell(c.Param("cell"))
	if err != nil {
		return apperr.Errorf(apperr.Invalid, "cell %q is not an H3 cell index", c.Param("cell"))
	}
	if r := cell.Resolution(); r < MinRes || r > MaxRes {
		return apperr.Errorf(apperr.Invalid, "cell %s has resolution %d; analysis resolutions are %d to %d", cell, r, MinRes, MaxRes)
	}
	q := c.QueryParams()
	q.Set("res", itoa(cell.Resolution()))
	f, err := ParseFilter(q, DefaultRes, h.Service.syv)
	if err != nil {
		return err
	}
	v := h.Service.policy.For(auth.CurrentUser(c).Role)
	if v.Protected() {
		if err := f.restrict(); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	d, err := h.Service.Cell(ctx, cell, f, v)
	if err != nil {
		return err
	}
	var n int64
	if d.Total.N != nil && !v.Protected() {
		n = *d.Total.N
	}
	p := f.describe()
	p["cell"] = d.Cell
	if err := audit.Record(ctx, h.Audit, "cell.view", "cells/"+d.Cell, p, n); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}
