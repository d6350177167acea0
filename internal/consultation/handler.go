package consultation

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// Handler serves the consultations API. Policy is the disclosure rule for the headcounts shown
// to roles without record-level access.
type Handler struct {
	Store  *Store
	Policy disclosure.Policy
}

// view is what a caller of c's role is shown of v: as stored, or with each headcount published
// by the disclosure rule (a consultation is an atom: "<5" or rounded, with "<field>_label")
// for roles below record-level access.
func (h *Handler) view(c echo.Context, v *Consultation) any {
	u := auth.CurrentUser(c)
	if u == nil || auth.RecordLevel(u.Role) {
		return v
	}
	viewer := h.Policy.For(u.Role)
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return v
	}
	for field, n := range map[string]int{"children_count": v.ChildrenCount, "adults_count": v.AdultsCount} {
		pub := viewer.Publish(viewer.AreaAtom(int64(n)))
		m[field], m[field+"_label"], m[field+"_suppressed"] = pub.N, pub.Label, pub.Suppressed
	}
	return m
}

func (h *Handler) respond(c echo.Context, status int, v *Consultation) error {
	return api.JSONVersion(c, status, v.Version, h.view(c, v))
}

// Create stores the consultation in the body: 201 with it, its ETag and Location.
func (h *Handler) Create(c echo.Context) error {
	v, err := api.WithBody(c, h.Store.Create)
	if err != nil {
		return err
	}
	return api.Created(c, fmt.Sprintf("/api/v1/consultations/%d", v.ID), v.Version, h.view(c, v))
}

// List answers a page of consultations.
func (h *Handler) List(c echo.Context) error {
	f, list, total, err := api.WithFilter(c, ParseFilter, h.Store.List)
	if err != nil {
		return err
	}
	views := make([]any, len(list))
	for i := range list {
		views[i] = h.view(c, list[i])
	}
	return c.JSON(http.StatusOK, api.List("consultations", views, total, api.Page{Limit: f.Limit, Offset: f.Offset}))
}

// Get answers one consultation with its ETag.
func (h *Handler) Get(c echo.Context) error {
	v, err := api.WithID(c, "id", h.Store.Get)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, v)
}

// Update applies the body (a JSON object of the fields to change); If-Match must carry the
// current ETag.
func (h *Handler) Update(c echo.Context) error {
	v, err := api.WithChange(c, "id", h.Store.Update)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, v)
}

// Delete removes a consultation; If-Match must carry the current ETag. 204.
func (h *Handler) Delete(c echo.Context) error {
	return api.Delete(c, "id", h.Store.Delete)
}
