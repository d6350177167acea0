package place

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/incident"
)

// Handler serves the places register.
type Handler struct{ Service *Service }

// geoJSON answers v as application/geo+json.
func geoJSON(c echo.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode places: %w", err)
	}
	return c.Blob(status, "application/geo+json", b)
}

// List answers a page of places as a GeoJSON FeatureCollection with meta {total, limit,
// offset} (?kind=&q=&sort=&limit=&offset=).
func (h *Handler) List(c echo.Context) error {
	page, err := api.Paging(c)
	if err != nil {
		return err
	}
	f := Filter{Sort: c.QueryParam("sort"), Limit: page.Limit, Offset: page.Offset}
	if v := c.QueryParam("kind"); v != "" {
		if err := CheckKind(v); err != nil {
			return err
		}
		f.Kind = &v
	}
	if v := strings.TrimSpace(c.QueryParam("q")); v != "" {
		f.Q = &v
	}
	places, total, err := h.Service.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for _, p := range places {
		fc.Append(p.Feature())
	}
	fc.ExtraMembers = geojson.Properties{"meta": map[string]any{"total": total, "limit": f.Limit, "offset": f.Offset}}
	return geoJSON(c, http.StatusOK, fc)
}

// Get answers one place as a GeoJSON Feature, with its version as the ETag.
func (h *Handler) Get(c echo.Context) error {
	p, err := api.WithID(c, "id", h.Service.Get)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", p.ETag())
	return geoJSON(c, http.StatusOK, p.Feature())
}

// Create registers the place in the body, a GeoJSON Feature: 201 with the place and its ETag.
func (h *Handler) Create(c echo.Context) error {
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	p, err := ParseFeature(body)
	if err != nil {
		return err
	}
	if err := h.Service.Create(c.Request().Context(), p); err != nil {
		return err
	}
	c.Response().Header().Set("ETag", p.ETag())
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/places/%d", p.ID))
	return geoJSON(c, http.StatusCreated, p.Feature())
}

// Import registers every feature of the GeoJSON FeatureCollection in the body, all or nothing
// (?kind=&name_property=&buffer_metres=&source=): 201 with {"created":N,"places":[ids]}.
func (h *Handler) Import(c echo.Context) error {
	o := ImportOptions{Kind: c.QueryParam("kind"), NameProperty: c.QueryParam("name_property"), Source: c.QueryParam("source")}
	if v := c.QueryParam("buffer_metres"); v != "" {
		b, err := strconv.ParseFloat(v, 64)
		if err != nil || !(b > 0 && b <= MaxBuffer) {
			return apperr.Errorf(apperr.Invalid, "buffer_metres %q: want a number more than 0 and at most %v", v, MaxBuffer)
		}
		o.BufferMetres = b
	}
	if err := checkText("source", o.Source, MaxIDLen, false); err != nil {
		return apperr.Errorf(apperr.Invalid, "%v", err)
	}
	if err := checkText("name_property", o.NameProperty, MaxIDLen, false); err != nil {
		return apperr.Errorf(apperr.Invalid, "%v", err)
	}
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	ids, err := h.Service.Import(c.Request().Context(), body, o)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"created": len(ids), "places": ids})
}

// Update changes a place; If-Match must carry its current ETag (412 otherwise, with nothing
// changed). It answers the place with its new ETag.
func (h *Handler) Update(c echo.Context) error {
	id, version, body, err := api.VersionedBody(c, "id")
	if err != nil {
		return err
	}
	patch, err := ParsePatch(body)
	if err != nil {
		return err
	}
	p, err := h.Service.Update(c.Request().Context(), id, version, patch)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", p.ETag())
	return geoJSON(c, http.StatusOK, p.Feature())
}

// Delete removes a place; If-Match must carry its current ETag.
func (h *Handler) Delete(c echo.Context) error {
	return api.Delete(c, "id", h.Service.Delete)
}

// Profile answers the place's profile (?from=&to=&res=&k=).
func (h *Handler) Profile(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	o := ProfileOptions{Viewer: h.Service.hotspots.Policy().For(auth.CurrentUser(c).Role), AgeScope: incident.AgeScope{Name: c.QueryParam("scope")}}
	if o.From, o.To, err = periodParams(c); err != nil {
		return err
	}
	if o.Res, err = api.IntQuery(c.QueryParams(), "res", 0, 0, 15); err != nil {
		return err
	}
	if o.K, err = api.IntQuery(c.QueryParams(), "k", 1, 1, geo.MaxNeighbourRings); err != nil {
		return err
	}
	pr, err := h.Service.Profile(c.Request().Context(), id, o)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pr)
}

// Summary answers the incidents of every place of a kind over a period
// (?kind=&from=&to=&category=&format=geojson|json): a choropleth by default, a table as JSON.
func (h *Handler) Summary(c echo.Context) error {
	o := SummaryOptions{Kind: c.QueryParam("kind"), Viewer: h.Service.hotspots.Policy().For(auth.CurrentUser(c).Role),
		AgeScope: incident.AgeScope{Name: c.QueryParam("scope")}}
	var err error
	if o.From, o.To, err = periodParams(c); err != nil {
		return err
	}
	for _, v := range c.QueryParams()["category"] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				o.Categories = append(o.Categories, p)
			}
		}
	}
	sm, err := h.Service.Summary(c.Request().Context(), o)
	if err != nil {
		return err
	}
	switch c.QueryParam("format") {
	case "", "geojson":
		return geoJSON(c, http.StatusOK, sm.FeatureCollection())
	case "json":
		return c.JSON(http.StatusOK, sm)
	}
	return apperr.Errorf(apperr.Invalid, "format %q: want geojson or json", c.QueryParam("format"))
}

// periodParams reads ?from=&to= as London dates (either may be empty) and refuses an empty period.
func periodParams(c echo.Context) (from, to time.Time, err error) {
	if from, err = api.LondonDate("from", c.QueryParam("from")); err != nil {
		return from, to, err
	}
	if to, err = api.LondonDate("to", c.QueryParam("to")); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, apperr.Errorf(apperr.Invalid, "the period is empty: to %s is before from %s", dateString(to), dateString(from))
	}
	return from, to, nil
}
