package hotspot

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
)

// DefaultRes is the resolution of a map when none is asked for (cells of about 0.1 km²).
const DefaultRes = 9

// Handler serves the cell, hot spot and emerging hot spot layers.
type Handler struct {
	Service *Service
	Audit   audit.Execer
}

// request reads the filter and applies the suppression rules of the caller's role.
func (h *Handler) request(c echo.Context) (Filter, bool, error) {
	f, err := ParseFilter(c, DefaultRes)
	if err != nil {
		return f, false, err
	}
	restricted := !auth.RecordLevel(auth.CurrentUser(c).Role)
	if restricted {
		if err := f.restrict(); err != nil {
			return f, true, err
		}
	}
	return f, restricted, nil
}

func (h *Handler) meta(f Filter, agg *Aggregate, restricted bool, extra map[string]any) []byte {
	m := map[string]any{"kind": f.Kind, "res": f.Res, "from": dateString(agg.From), "to": dateString(agg.To),
		"cells": len(agg.Cells), "category": f.Categories, "age_band": f.AgeBands, "setting": f.Settings,
		"suppressed_counts": restricted}
	if restricted {
		m["suppression"] = suppressionNote(h.Service.threshold)
	}
	for k, v := range extra {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}

func suppressionNote(threshold int) string {
	return "counts are sums of (resolution-9 cell, month) groups of at least " + itoa(threshold) +
		" records; a cell with records but a smaller published count is shown as suppressed"
}

// writeCounts adds count, value and suppressed for cell i.
func writeCounts(w *featureWriter, agg *Aggregate, i int, restricted bool) {
	if restricted {
		if agg.Published[i] < 0 {
			w.null("count")
			w.null("value")
			w.bool("suppressed", true)
			return
		}
		w.int("count", agg.Published[i])
		w.float("value", agg.PublishedValue[i])
		w.bool("suppressed", false)
		return
	}
	w.int("count", agg.Count[i])
	w.float("value", agg.Value[i])
	w.bool("suppressed", false)
}

// audited records, for record-level roles, that a response carried their data.
func (h *Handler) audited(c echo.Context, action string, f Filter, restricted bool, agg *Aggregate, extra map[string]any) error {
	if restricted {
		return nil
	}
	var records int64
	for _, n := range agg.Count {
		records += n
	}
	p := f.describe()
	for k, v := range extra {
		p[k] = v
	}
	return audit.Record(c.Request().Context(), h.Audit, action, c.Request().URL.Path, p, records)
}

// Cells answers the aggregated layer as a GeoJSON FeatureCollection of hexagons.
func (h *Handler) Cells(c echo.Context) error {
	f, restricted, err := h.request(c)
	if err != nil {
		return err
	}
	withZero, err := boolParam(c, "include_zero", true)
	if err != nil {
		return err
	}
	agg, _, err := h.Service.cachedAggregate(c.Request().Context(), f, restricted)
	if err != nil {
		return err
	}
	if err := h.audited(c, "cells.view", f, restricted, agg, nil); err != nil {
		return err
	}
	w := newFeatureWriter(h.meta(f, agg, restricted, nil))
	for i, cell := range agg.Cells {
		if !withZero && agg.Count[i] == 0 {
			continue
		}
		writeCounts(w, agg, i, restricted)
		if f.Kind == KindActivity {
			if restricted {
				w.null("contacts")
			} else {
				w.int("contacts", agg.Extra[i])
			}
		}
		w.feature(cell)
	}
	return c.Blob(http.StatusOK, "application/geo+json", w.bytes())
}

func giOptions(c echo.Context) (GiOptions, error) {
	var o GiOptions
	var err error
	if o.K, err = intParam(c, "k", 1, 1, geo.MaxNeighbourRings); err != nil {
		return o, err
	}
	kern := c.QueryParam("kernel")
	if kern == "" {
		kern = string(geo.KernelUniform)
	}
	if o.Kernel, err = geo.ParseKernel(kern); err != nil {
		return o, apperr.Errorf(apperr.Invalid, "kernel %q: want uniform, triangular, epanechnikov or gaussian", kern)
	}
	if o.FDR, err = boolParam(c, "fdr", true); err != nil {
		return o, err
	}
	switch c.QueryParam("measure") {
	case "", "count":
	case "harm":
		o.Harm = true
	default:
		return o, apperr.Errorf(apperr.Invalid, "measure %q: want count or harm", c.QueryParam("measure"))
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

// Hotspots answers Getis–Ord Gi* per cell as a GeoJSON FeatureCollection.
func (h *Handler) Hotspots(c echo.Context) error {
	f, restricted, err := h.request(c)
	if err != nil {
		return err
	}
	o, err := giOptions(c)
	if err != nil {
		return err
	}
	hs, err := h.Service.Hotspots(c.Request().Context(), f, o, restricted)
	if err != nil {
		return err
	}
	if err := h.audited(c, "hotspots.view", f, restricted, hs.Aggregate, o.describe()); err != nil {
		return err
	}
	w := newFeatureWriter(h.meta(f, hs.Aggregate, restricted, o.describe()))
	for i, cell := range hs.Cells {
		writeCounts(w, hs.Aggregate, i, restricted)
		w.float("gi_z", hs.Z[i])
		w.float("gi_p", hs.P[i])
		w.int("gi_bin", int64(hs.Bin[i]))
		w.feature(cell)
	}
	return c.Blob(http.StatusOK, "application/geo+json", w.bytes())
}

// Emerging answers the emerging hot spot category per cell as a GeoJSON FeatureCollection.
func (h *Handler) Emerging(c echo.Context) error {
	f, restricted, err := h.request(c)
	if err != nil {
		return err
	}
	gi, err := giOptions(c)
	if err != nil {
		return err
	}
	o := EmergingOptions{GiOptions: gi, Bin: c.QueryParam("bin")}
	if o.Bin == "" {
		o.Bin = "month"
	}
	if o.Previous, err = boolParam(c, "previous", false); err != nil {
		return err
	}
	ctx := c.Request().Context()
	em, err := h.Service.Emerging(ctx, f, o)
	if err != nil {
		return err
	}
	params := o.describe()
	params["bin"], params["previous"] = o.Bin, o.Previous
	if !restricted {
		p := f.describe()
		for k, v := range params {
			p[k] = v
		}
		if err := audit.Record(ctx, h.Audit, "hotspots.emerging.view", c.Request().URL.Path, p, int64(len(em.Cells))); err != nil {
			return err
		}
	}
	params["slices"] = len(em.Slices)
	slices := make([]string, len(em.Slices))
	for i, s := range em.Slices {
		slices[i] = s.Format(time.DateOnly)
	}
	params["slice_starts"] = slices
	w := newFeatureWriter(h.meta(f, &Aggregate{Cells: nil, From: em.From, To: em.To}, restricted, params))
	for i, s := range em.Cells {
		cell, _ := geo.ParseCell(s)
		w.string("category", string(em.Category[i]))
		w.float("trend_tau", em.Tau[i])
		w.float("trend_p", em.P[i])
		w.int("slices", int64(len(em.Slices)))
		w.feature(cell)
	}
	return c.Blob(http.StatusOK, "application/geo+json", w.bytes())
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
	c.QueryParams().Set("res", itoa(cell.Resolution()))
	f, restricted, err := h.request(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.Service.Cell(ctx, cell, f, restricted)
	if err != nil {
		return err
	}
	if !restricted {
		var n int64
		if d.Total.N != nil {
			n = *d.Total.N
		}
		p := f.describe()
		p["cell"] = d.Cell
		if err := audit.Record(ctx, h.Audit, "cell.view", c.Request().URL.Path, p, n); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, d)
}
