package audit

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

// Handler serves the audit log to admins, and records the dashboard's exports.
type Handler struct {
	Store *Store
	// Areas returns the local areas a request views: all of the deployment, or those listed.
	Areas func(context.Context) (all bool, areas []int64)
}

// List answers entries newest first; filters ?action= (exact, or a prefix ending in "."),
// ?user_id=, ?from= and ?to= (RFC 3339 or YYYY-MM-DD; to is exclusive), with paging.
func (h *Handler) List(c echo.Context) error {
	page, err := api.Paging(c)
	if err != nil {
		return err
	}
	f := Filter{Limit: page.Limit, Offset: page.Offset}
	f.Action = api.Optional(c, "action")
	if v := c.QueryParam("user_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return apperr.Errorf(apperr.Invalid, "user_id %q is not a number", v)
		}
		f.UserID = &id
	}
	for name, dst := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if v := c.QueryParam(name); v != "" {
			t, err := parseTime(v)
			if err != nil {
				return apperr.Errorf(apperr.Invalid, "%s %q: want RFC 3339 or YYYY-MM-DD", name, v)
			}
			*dst = &t
		}
	}
	entries, total, err := h.Store.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []Entry{}
	}
	return c.JSON(http.StatusOK, api.List("entries", entries, total, api.Page{Limit: f.Limit, Offset: f.Offset}))
}

func parseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}
