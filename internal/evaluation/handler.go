package evaluation

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// Handler serves evaluations and survey measures.
type Handler struct {
	Service *Service
	Audit   audit.Execer
}

func (h *Handler) viewer(c echo.Context) disclosure.Viewer {
	return h.Service.Viewer(auth.CurrentUser(c).Role)
}

// Create runs an ad hoc evaluation (POST /api/v1/evaluations).
func (h *Handler) Create(c echo.Context) error {
	var req Request
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	res, err := h.Service.Evaluate(ctx, &req, h.viewer(c))
	if err != nil {
		return err
	}
	if err := h.audit(c, "evaluation.run", "evaluations", map[string]any{"target": len(res.Target), "pre": res.Pre, "post": res.Post}, res); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// audit logs an evaluation: for record-level roles with the number of records it counted, for
// other roles as the aggregate query they ran (no record count).
func (h *Handler) audit(c echo.Context, action, resource string, params map[string]any, res *Result) error {
	if h.viewer(c).Protected() {
		params["role"] = auth.CurrentUser(c).Role
		return audit.Record(c.Request().Context(), h.Audit, action, resource, params, 0)
	}
	var n float64
	for _, pp := range res.Counts {
		if pp.Pre != nil {
			n += *pp.Pre
		}
		if pp.Post != nil {
			n += *pp.Post
		}
	}
	return audit.Record(c.Request().Context(), h.Audit, action, resource, params, int64(n))
}

// Intervention answers an intervention's evaluation (GET /api/v1/interventions/{id}/evaluation).
func (h *Handler) Intervention(c echo.Context) error {
	id, ev, err := h.evaluateIntervention(c)
	if err != nil {
		return err
	}
	if err := h.audit(c, "evaluation.view", c.Request().URL.Path, map[string]any{"intervention_id": id}, ev.Result); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ev)
}

// InterventionSVG answers the evaluation's monthly chart as SVG.
func (h *Handler) InterventionSVG(c echo.Context) error {
	_, ev, err := h.evaluateIntervention(c)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/svg+xml", SVG(ev.Title+": target and control areas", ev.Result))
}

// evaluateIntervention evaluates the intervention the path's id names, as the caller's role sees it.
func (h *Handler) evaluateIntervention(c echo.Context) (int64, *InterventionEvaluation, error) {
	id, err := api.PathID(c, "id")
	if err != nil {
		return 0, nil, err
	}
	ev, err := h.Service.EvaluateIntervention(c.Request().Context(), id, h.viewer(c))
	return id, ev, err
}

// ListSurveys answers a place's survey measures (GET /api/v1/places/{id}/surveys).
func (h *Handler) ListSurveys(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := h.Service.ListSurveys(ctx, []int64{id}, h.viewer(c))
	if err != nil {
		return err
	}
	pairs, err := h.Service.Surveys(ctx, []int64{id}, h.viewer(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"surveys": list, "comparisons": pairs})
}

// AddSurvey records a survey measure for a place (POST /api/v1/places/{id}/surveys).
func (h *Handler) AddSurvey(c echo.Context) error {
	m, err := api.WithIDBody(c, "id", func(ctx context.Context, id int64, m SurveyMeasure) (SurveyMeasure, error) {
		m.PlaceID = id
		if err := h.Service.AddSurvey(ctx, &m); err != nil {
			return m, err
		}
		return m, audit.Record(ctx, h.Audit, "survey.create", c.Request().URL.Path, map[string]any{"measure": m.Measure, "period": m.Period}, 1)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, m)
}
