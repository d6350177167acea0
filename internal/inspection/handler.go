package inspection

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// Handler serves the inspection API. Every handler reads and checks the request, calls the
// store, and answers JSON; who may call which route is decided in the server's route list.
type Handler struct {
	Store *Store
	// MaxEvidenceBytes is the largest document accepted into the evidence library.
	MaxEvidenceBytes int64
}

func role(c echo.Context) string {
	if u := auth.CurrentUser(c); u != nil {
		return u.Role
	}
	return ""
}

// versionedJSON reads what a change to inspection {id} starts with: its id, the version
// If-Match names and the JSON body, decoded into dst.
func versionedJSON(c echo.Context, dst any) (id int64, version int, err error) {
	if id, version, err = api.Versioned(c, "id"); err != nil {
		return 0, 0, err
	}
	return id, version, decodeJSON(c, dst)
}

// ifMatch reads the version a change names (api.IfMatch: missing is 428, malformed 412).
func ifMatch(c echo.Context) (int, error) { return api.IfMatch(c.Request()) }

// Frameworks answers the current version of every framework, the agency and inspectorate keys.
func (h *Handler) Frameworks(c echo.Context) error {
	list, err := h.Store.Frameworks(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"frameworks": list, "agencies": Agencies, "inspectorates": Inspectorates,
		"calendar": map[string]any{"source": calendar.Source, "first_year": calendar.FirstYear, "last_year": calendar.LastYear}})
}

// versionParam reads ?version= (0 when absent: the current version).
func versionParam(c echo.Context) (int, error) {
	v := c.QueryParam("version")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, apperr.Errorf(apperr.Invalid, "version %q is not a positive number", v)
	}
	return n, nil
}

// framework reads framework {key} at ?version= (default the current one) with the numbers of
// its versions.
func (h *Handler) framework(c echo.Context) (*Framework, []int, error) {
	version, err := versionParam(c)
	if err != nil {
		return nil, nil, err
	}
	return h.Store.Framework(c.Request().Context(), c.Param("key"), version)
}

// Framework answers a framework (?version=, default the current one) with its lines and the
// numbers of its versions.
func (h *Handler) Framework(c echo.Context) error {
	f, versions, err := h.framework(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"framework": f, "lines": f.Lines, "versions": versions})
}

// Lines answers a framework's lines of enquiry (?version=, default the current one).
func (h *Handler) Lines(c echo.Context) error {
	f, _, err := h.framework(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"framework": f.Key, "version": f.Version, "lines": f.Lines})
}

// SetFramework records a new version of a framework, or the first of a new one (the whole
// framework with its lines); inspections keep the version they were recorded under.
func (h *Handler) SetFramework(c echo.Context) error {
	var in FrameworkInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	f, err := h.Store.SetFramework(c.Request().Context(), c.Param("key"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"framework": f, "lines": f.Lines})
}

// Create records a notified inspection: 201 with the inspection and its timetable.
func (h *Handler) Create(c echo.Context) error {
	var n NewInspection
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	in, err := h.Store.Create(c.Request().Context(), n)
	if err != nil {
		return err
	}
	return api.Created(c, fmt.Sprintf("/api/v1/inspections/%d", in.ID), in.Version, in)
}

// List lists inspections (?framework=&status=&limit=&offset=).
func (h *Handler) List(c echo.Context) error {
	return paged(c, "inspections", func(ctx context.Context, page api.Page) ([]*Inspection, int, error) {
		return h.Store.List(ctx, Filter{Framework: api.Optional(c, "framework"), Status: api.Optional(c, "status"),
			Limit: page.Limit, Offset: page.Offset})
	})
}

// Get answers one inspection with its timetable.
func (h *Handler) Get(c echo.Context) error { return answer(c, h.Store.Get) }

// Update changes an inspection's local area, status or whether a written statement is
// required (If-Match required).
func (h *Handler) Update(c echo.Context) error { return changeWith(c, h.Store.Update) }

// SetMilestone records a milestone's actual date ({"actual":"YYYY-MM-DD"}; null clears it) and
// answers the inspection with its milestones recomputed. If-Match is honoured when sent.
func (h *Handler) SetMilestone(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var version *int
	if c.Request().Header.Get("If-Match") != "" {
		v, err := ifMatch(c)
		if err != nil {
			return err
		}
		version = &v
	}
	var body struct {
		Actual json.RawMessage `json:"actual"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if len(body.Actual) == 0 {
		return apperr.Errorf(apperr.Invalid, `"actual" is required: a date YYYY-MM-DD, or null to clear it`)
	}
	var actual calendar.Date
	if err := actual.UnmarshalJSON(body.Actual); err != nil {
		return apperr.Errorf(apperr.Unprocessable, "actual: %v", err)
	}
	in, err := h.Store.SetMilestone(c.Request().Context(), id, c.Param("key"), actual, version)
	if err != nil {
		return err
	}
	return answerRecord(c, http.StatusOK, in)
}

func pathIDs(c echo.Context, second string) (int64, int64, error) {
	id, err := api.PathID(c, "id")
	if err != nil {
		return 0, 0, err
	}
	sub, err := api.PathID(c, second)
	return id, sub, err
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
