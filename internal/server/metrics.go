package server

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/metrics"
)

// newMetrics builds the service's collectors and connects the services that report to them.
func (s *Server) newMetrics() *metrics.Metrics {
	m := metrics.New()
	m.Pool(s.db.Pool)
	s.Hotspot.OnCacheLookup = m.CacheLookup
	s.Imports.Observe = func(r *ingest.Report, d time.Duration) {
		m.ObserveImport(r.Kind, r.Status, r.RowsRead, r.RowsImported, r.RowsSkipped, r.RowsDuplicate, d)
	}
	s.Exports.Observe = m.ObservePack
	m.Gauge("placesafe_evidence_pack_queue_length", "Evidence pack builds waiting for a slot ("+strconv.Itoa(export.MaxRunning)+" run at once).",
		func() float64 { return float64(s.Exports.Waiting()) })
	return m
}

// metricsRoute serves /metrics on the main address to an admin, or to a scraper that sends
// PLACESAFE_METRICS_TOKEN as a bearer token (compared in constant time; it is no API token and
// reads nothing else).
func (s *Server) metricsRoute() {
	h := echo.WrapHandler(s.Metrics.Handler())
	token := []byte("Bearer " + s.cfg.MetricsToken)
	signedInAdmin := func(next echo.HandlerFunc) echo.HandlerFunc {
		return s.Auth.Middleware()(auth.Require(auth.RoleAdmin)(next))
	}
	s.Echo.GET("/metrics", h, func(next echo.HandlerFunc) echo.HandlerFunc {
		admin := signedInAdmin(next)
		return func(c echo.Context) error {
			if s.cfg.MetricsToken != "" && subtle.ConstantTimeCompare([]byte(c.Request().Header.Get("Authorization")), token) == 1 {
				return next(c)
			}
			return admin(c)
		}
	}, api.Hygiene(s.cfg.MaxBodyBytes))
}

// MetricsHandler serves the metrics without sign-in, for PLACESAFE_METRICS_ADDR.
func (s *Server) MetricsHandler() http.Handler { return s.Metrics.Handler() }
