package intervention

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// Handler serves the interventions API.
type Handler struct {
	Store *Store
	// Policy is the disclosure rule for dosage shown to roles without record-level access.
	Policy disclosure.Policy
}

// Create stores the body as a draft: 201 with the intervention, its ETag and Location.
func (h *Handler) Create(c echo.Context) error {
	it, err := api.WithBody(c, h.Store.Create)
	if err != nil {
		return err
	}
	return api.Created(c, fmt.Sprintf("/api/v1/interventions/%d", it.ID), it.Version, it)
}

// List answers a page of interventions as JSON, or as GeoJSON with ?format=geojson.
func (h *Handler) List(c echo.Context) error {
	switch c.QueryParam("format") {
	case "", "json":
	case "geojson":
		return h.GeoJSON(c)
	default:
		return apperr.Errorf(apperr.Invalid, "format %q: want json or geojson", c.QueryParam("format"))
	}
	f, list, total, err := api.WithFilter(c, ParseFilter, h.Store.List)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.List("interventions", list, total, api.Page{Limit: f.Limit, Offset: f.Offset}))
}

// GeoJSON answers a page of interventions as a FeatureCollection (filters and paging as List;
// the total is in X-Total-Count).
func (h *Handler) GeoJSON(c echo.Context) error {
	_, list, total, err := api.WithFilter(c, ParseFilter, h.Store.List)
	if err != nil {
		return err
	}
	fc, err := h.Store.FeatureCollection(c.Request().Context(), list)
	if err != nil {
		return err
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode interventions as GeoJSON: %w", err)
	}
	c.Response().Header().Set("X-Total-Count", strconv.Itoa(total))
	return c.Blob(http.StatusOK, "application/geo+json", b)
}

// Get answers one intervention with its activity dosage and ETag.
func (h *Handler) Get(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	it, err := h.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if it.Dosage, err = h.Store.Dosage(ctx, it, h.Policy.For(auth.CurrentUser(c).Role)); err != nil {
		return err
	}
	return api.JSONVersion(c, http.StatusOK, it.Version, it)
}

// Update applies the body (a JSON object of the fields to change) to a draft or returned
// intervention; If-Match must carry its current ETag.
func (h *Handler) Update(c echo.Context) error { return changed(c, h.Store.Update) }

// Submit puts a draft or returned intervention before the reviewer.
func (h *Handler) Submit(c echo.Context) error { return h.transition(c, ActionSubmit) }

// Return sends a submitted intervention back to its authors with a comment (required).
func (h *Handler) Return(c echo.Context) error { return h.transition(c, ActionReturn) }

// Approve approves a submitted intervention.
func (h *Handler) Approve(c echo.Context) error { return h.transition(c, ActionApprove) }

// transition takes a review action; the body {"comment"} is optional except to return.
func (h *Handler) transition(c echo.Context, action string) error {
	return changed(c, func(ctx context.Context, id int64, version int, body []byte) (*Intervention, error) {
		var in struct {
			Comment string `json:"comment"`
		}
		if len(body) > 0 {
			if err := api.DecodeJSON(body, &in); err != nil {
				return nil, err
			}
		}
		return h.Store.Transition(ctx, id, version, action, auth.CurrentUser(c).Role, in.Comment)
	})
}

// changed runs change on intervention {id} at the version If-Match names, with the body, and
// answers the intervention with its ETag.
func changed(c echo.Context, change func(ctx context.Context, id int64, version int, body []byte) (*Intervention, error)) error {
	it, err := api.WithChange(c, "id", change)
	if err != nil {
		return err
	}
	return api.JSONVersion(c, http.StatusOK, it.Version, it)
}

// Reviews answers an intervention's review history, oldest first.
func (h *Handler) Reviews(c echo.Context) error {
	list, err := api.WithID(c, "id", h.Store.Reviews)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"reviews": list})
}
