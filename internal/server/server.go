// Package server wires placesafe's HTTP service: echo with request ids, a slog access log,
// the one error handler, and every route: routes.go registers them through the routes_*.go
// files, one a resource group, with the role sets declared once in routes.go.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/basemap"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/metrics"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/postgres"
)

// Server is the HTTP service and the services behind it.
type Server struct {
	Echo       *echo.Echo
	cfg        config.Config
	db         *postgres.DB
	log        *slog.Logger
	Auth       *auth.Store
	Area       *area.Store
	Imports    *ingest.Service
	Policy     disclosure.Policy // the disclosure rule every output for a role below record-level access passes
	Hotspot    *hotspot.Service
	Layers     *hotspot.Layers // makes map layers for the map routes, saved analyses, tiles, OGC and the pack
	Places     *place.Service
	Evaluation *evaluation.Service
	http       *http.Server
	// cancelRequests ends the context of every request, for a shutdown whose deadline passed.
	cancelRequests context.CancelFunc
	// SignIn throttles failed sign-ins per account and client address.
	SignIn *auth.Throttle
	// OIDC signs people in with the configured OpenID Connect provider, if any.
	OIDC *auth.OIDC

	// Interventions, their consultations and the saved analyses they rest on.
	Interventions *intervention.Store
	Consultations *consultation.Store
	Analyses      *analysis.Service

	// Inspections: the JTAI workflow (routes_inspections.go).
	Inspections *inspection.Store

	// granted lists, per role, the routes it may call ("METHOD /path"), as they are added.
	granted map[string][]string

	// Exports: evidence packs built in the background (routes_exports.go).
	Exports *export.Service

	// Metrics are the Prometheus collectors served at /metrics (metrics.go).
	Metrics *metrics.Metrics

	// Basemap serves the basemap file, when one is configured (routes_basemap.go).
	Basemap *basemap.Handler
}

// New builds the service on an open database.
func New(cfg config.Config, db *postgres.DB, log *slog.Logger) *Server {
	s := &Server{cfg: cfg, db: db, log: log,
		Auth: auth.NewStore(db.Pool), Area: area.NewStore(db.Pool)}
	s.Auth.LimitHashing(cfg.HashConcurrency, auth.DefaultHashWait)
	s.Auth.TokenTTL = cfg.TokenTTL
	s.SignIn = auth.NewThrottle(SignInAccountLimits, SignInAddressLimits)
	s.Imports = ingest.NewService(db.Pool, s.Area.ImportRegions, log)
	s.Imports.TempDir = cfg.SpoolDir
	s.Policy = disclosure.New(cfg.SuppressionThreshold)
	syv, err := cfg.SYVScope()
	if err != nil { // Validate refuses such a configuration before the server is built
		log.Error("SYV age bands; using the default", "err", err)
		syv, _ = incident.SYVScope(incident.DefaultSYVBands)
	}
	s.Hotspot = hotspot.NewService(db.Pool, s.Area, s.Policy, syv, log)
	s.Hotspot.LimitAnalyses(cfg.AnalysisConcurrency, cfg.AnalysisWait)
	s.Layers = &hotspot.Layers{Service: s.Hotspot, Audit: db.Pool}
	s.Evaluation = evaluation.NewService(db.Pool, s.Hotspot)
	s.Interventions, s.Consultations = intervention.NewStore(db.Pool), consultation.NewStore(db.Pool)
	s.Analyses = analysis.NewService(db.Pool, s.Layers)
	s.Places = place.NewService(db.Pool, s.Hotspot)
	s.Places.Areas = s.Area.ImportRegions
	s.Inspections = inspection.NewStore(db.Pool)
	s.Exports = export.NewService(s.PackBuilder(), log)
	s.Metrics = s.newMetrics()
	s.Basemap = openBasemap(cfg, log)

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = api.ErrorHandler(log)
	// The client address is the connection's, or the one a proxy on a loopback or private
	// address puts in X-Forwarded-For; a client cannot name its own address.
	e.IPExtractor = echo.ExtractIPFromXFFHeader()
	// GIS clients often write the OGC API's URL with a trailing slash ("…/ogc/").
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{
		Skipper: func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/ogc/") },
	}))
	e.Use(s.Metrics.Middleware())
	e.Use(middleware.RequestID())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogRoutePath: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []any{"method", v.Method, "uri", v.URI, "route", v.RoutePath, "status", v.Status,
				"latency_ms", v.Latency.Milliseconds(), "request_id", v.RequestID}
			if u := auth.CurrentUser(c); u != nil {
				attrs = append(attrs, "user", u.Email)
			}
			if v.Error != nil {
				attrs = append(attrs, "error", v.Error.Error())
			}
			log.Info("request", attrs...)
			return nil
		},
	}))
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders())
	s.Echo = e
	s.routes()
	t := cfg.Timeouts
	base, cancel := context.WithCancel(context.Background())
	s.cancelRequests = cancel
	s.http = &http.Server{Handler: e, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read,
		WriteTimeout: t.Write, IdleTimeout: t.Idle, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return base }}
	return s
}

// Sign-in allowances: an account may fail 10 times in a row, then once a minute; a client
// address 50 times, then once every 6 seconds.
var (
	SignInAccountLimits = auth.ThrottleLimits{Burst: 10, Every: time.Minute}
	SignInAddressLimits = auth.ThrottleLimits{Burst: 50, Every: 6 * time.Second}
)

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.http.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking requests, lets running ones finish within ctx, then ends background
// imports (they are marked failed, with nothing written). Requests still running when ctx
// ends have their contexts cancelled, so that their work stops and the shutdown keeps its
// deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	stop := context.AfterFunc(ctx, s.cancelRequests)
	defer stop()
	err := s.http.Shutdown(ctx)
	if err != nil {
		s.cancelRequests()
		err = errors.Join(err, s.http.Close())
	}
	s.Imports.Close()
	s.Exports.Close()
	if s.Basemap != nil {
		err = errors.Join(err, s.Basemap.Archive.Close())
	}
	return err
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.db.Ready(ctx); err != nil {
		return c.JSON(http.StatusServiceUnavailable, api.Body{Error: api.BodyError{Code: "not_ready", Message: err.Error(), Details: []any{}}})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// auditHandler is built here so that routes.go reads as a list.
func (s *Server) auditHandler() *audit.Handler {
	return &audit.Handler{Store: audit.NewStore(s.db.Pool), Areas: func(ctx context.Context) (bool, []int64) {
		v := area.ViewerFrom(ctx)
		return v.All, v.Areas
	}}
}
