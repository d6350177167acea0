package server

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/label"
	"github.com/placesafe/placesafe/internal/search"
	"github.com/placesafe/placesafe/internal/workbook"
	"github.com/placesafe/placesafe/web"
)

// Who may use a route. nil roles with public false means any signed-in user.
type access struct {
	public bool
	roles  []string
}

// The role sets routes are granted to; every routes file uses these.
var (
	public   = access{public: true}
	signedIn = access{}
	admin    = only(auth.RoleAdmin)
	// recordLevel are the roles with record-level access: they edit the places register,
	// run an inspection and keep its case sample.
	recordLevel = only(auth.RoleAdmin, auth.RoleAnalyst)
	// partnership is every role but the inspector: it reads the maps and their statistics
	// (suppressed counts below record-level access), contributes to an inspection and records
	// consultations.
	partnership = only(auth.RoleAdmin, auth.RoleAnalyst, auth.RoleVRPLead, auth.RolePartner)
	// everyRole includes the inspector, who reads interventions, evaluations, inspections and
	// evidence packs.
	everyRole = only(auth.Roles...)
)

func only(roles ...string) access { return access{roles: roles} }

// home names the dashboard screen a role starts at (/auth/me answers it): the VRP lead at the
// review queue, since approving interventions is their part; the other roles that read the map
// at the map; the inspector at the interventions.
func home(role string) string {
	switch {
	case role == auth.RoleVRPLead:
		return "review"
	case slices.Contains(partnership.roles, role):
		return "map"
	}
	return "interventions"
}

// add registers one route with the authentication, body limit, role check and input hygiene
// (query, path and JSON text checked before any handler sees them) every route has.
// A route whose body limit is larger than a JSON body's takes uploads and gets the longer
// upload deadlines (deadlines.go).
func (s *Server) add(method, path string, h echo.HandlerFunc, a access, bodyLimit int64) {
	s.addWith(method, path, h, a, bodyLimit, bodyLimit > s.cfg.MaxBodyBytes)
}

func (s *Server) addWith(method, path string, h echo.HandlerFunc, a access, bodyLimit int64, long bool) {
	granted := a.roles
	if granted == nil {
		granted = auth.Roles
	}
	if s.granted == nil {
		s.granted = map[string][]string{}
	}
	for _, r := range granted {
		s.granted[r] = append(s.granted[r], method+" "+path)
	}
	mw := []echo.MiddlewareFunc{s.Auth.Middleware(), api.BodyLimit(bodyLimit)}
	if !a.public {
		mw = append(mw, auth.Require(a.roles...))
	}
	if g := s.areaGuard(path); g != nil {
		mw = append(mw, g)
	}
	if long {
		mw = append(mw, s.longDeadlines())
	}
	mw = append(mw, api.Hygiene(s.cfg.MaxBodyBytes))
	s.Echo.Add(method, path, h, mw...)
}

// routes registers every route of the service, grouped by resource, with who may use it.
func (s *Server) routes() {
	authH := &auth.Handler{Store: s.Auth, Throttle: s.SignIn, Secure: s.secure, SessionTTL: s.cfg.SessionTTL,
		LocalAccounts: s.cfg.LocalAccounts}
	authH.Routes = func(role string) []string { return s.granted[role] }
	authH.Home = home
	o := s.cfg.OIDC
	s.OIDC = &auth.OIDC{Handler: authH, Config: auth.OIDCConfig{Issuer: o.Issuer, ClientID: o.ClientID,
		ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL, ProviderName: o.ProviderName,
		RoleClaim: o.RoleClaim, Roles: o.Roles}}
	areaH := &area.Handler{Store: s.Area}
	importH := &ingest.Handler{Service: s.Imports, SpoolDir: s.cfg.SpoolDir}
	auditH := s.auditHandler()
	hotspotH := &hotspot.Handler{Layers: s.Layers}

	add := s.add
	body := s.cfg.MaxBodyBytes
	upload := s.cfg.MaxUploadBytes

	// The dashboard (web/), at / and every page path the API does not claim.
	hygiene := api.Hygiene(body)
	s.Echo.GET("/*", web.Handler(), hygiene)
	s.Echo.HEAD("/*", web.Handler(), hygiene) // curl -I shows the dashboard's headers
	s.Echo.GET("/healthz", s.healthz, hygiene)
	s.Echo.GET("/readyz", s.readyz, hygiene)
	s.metricsRoute()
	add(http.MethodGet, "/api/v1/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDocument)
	}, public, body)

	add(http.MethodGet, "/api/v1/ui-config", s.uiConfig, public, body)
	add(http.MethodGet, "/api/v1/labels", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]any{"groups": label.Groups()})
	}, public, body)

	// Sign-in and the caller's own account.
	add(http.MethodPost, "/api/v1/auth/login", authH.Login, public, body)
	add(http.MethodGet, "/api/v1/auth/oidc/login", s.OIDC.Login, public, body)
	add(http.MethodGet, "/api/v1/auth/oidc/callback", s.OIDC.Callback, public, body)
	add(http.MethodPost, "/api/v1/auth/logout", authH.Logout, signedIn, body)
	add(http.MethodGet, "/api/v1/auth/me", authH.Me, signedIn, body)
	add(http.MethodPost, "/api/v1/auth/password", authH.ChangePassword, signedIn, body)
	add(http.MethodGet, "/api/v1/tokens", authH.ListTokens, signedIn, body)
	add(http.MethodPost, "/api/v1/tokens", authH.CreateToken, signedIn, body)
	add(http.MethodDelete, "/api/v1/tokens/:id", authH.RevokeToken, signedIn, body)

	// Administration.
	add(http.MethodGet, "/api/v1/users", authH.ListUsers, admin, body)
	add(http.MethodPost, "/api/v1/users", authH.CreateUser, admin, body)
	add(http.MethodPost, "/api/v1/users/:id/disable", authH.DisableUser, admin, body)
	add(http.MethodPost, "/api/v1/users/:id/enable", authH.EnableUser, admin, body)
	add(http.MethodGet, "/api/v1/audit", auditH.List, admin, body)
	// The dashboard's exports of what the map shows, logged before the file is made.
	add(http.MethodPost, "/api/v1/audit/exports", auditH.RecordExport, partnership, body)
	// The table of what the map shows as a workbook, made from the values the dashboard was
	// published (it logs the export first, as above).
	add(http.MethodPost, "/api/v1/workbooks/table", workbook.Handler, partnership, body)

	// Study area.
	add(http.MethodGet, "/api/v1/study-area", areaH.Get, signedIn, body)
	add(http.MethodPut, "/api/v1/study-area", areaH.Put, admin, upload)

	// Local areas: the local authorities the deployment serves, and who sees which.
	add(http.MethodGet, "/api/v1/local-areas", areaH.Locals, signedIn, body)
	add(http.MethodGet, "/api/v1/local-areas/:id", areaH.Local, signedIn, body)
	add(http.MethodPost, "/api/v1/local-areas", areaH.AddLocal, admin, upload)
	add(http.MethodPut, "/api/v1/local-areas/:id", areaH.ChangeLocal, admin, upload)
	add(http.MethodDelete, "/api/v1/local-areas/:id", areaH.DeleteLocal, admin, body)
	add(http.MethodPut, "/api/v1/users/:id/areas", authH.SetAreas, admin, body)
	// The children of each local area by year (CSV: ons_code,year,children), for rates.
	add(http.MethodPut, "/api/v1/local-areas/population", areaH.SetPopulation, admin, upload)

	// Imports of anonymised records.
	add(http.MethodPost, "/api/v1/imports", importH.Create, recordLevel, upload)
	add(http.MethodGet, "/api/v1/imports", importH.List, recordLevel, body)
	add(http.MethodGet, "/api/v1/imports/:id", importH.Get, recordLevel, body)
	add(http.MethodDelete, "/api/v1/imports/:id", importH.Delete, recordLevel, body)

	// Aggregated cells, hot spots and emerging hot spots.
	add(http.MethodGet, "/api/v1/cells", hotspotH.Cells, partnership, body)
	add(http.MethodGet, "/api/v1/cells/:cell", hotspotH.Cell, partnership, body)
	add(http.MethodGet, "/api/v1/hotspots", hotspotH.Hotspots, partnership, body)
	add(http.MethodGet, "/api/v1/hotspots/emerging", hotspotH.Emerging, partnership, body)

	// The map's search box: places and cells for every map reader; the records' streets and
	// LSOAs only for record-level roles (the handler decides, and audit-logs them).
	add(http.MethodGet, "/api/v1/search", (&search.Handler{Store: &search.Store{Pool: s.db.Pool}}).Search, partnership, body)

	// Places register (routes_places.go); interventions, consultations, saved analyses and the
	// VRP review (routes_interventions.go).
	s.placeRoutes()
	s.interventionRoutes()
	s.inspectionRoutes()
	s.evaluationRoutes()
	s.exportRoutes()
	s.ogcRoutes()
	s.tileRoutes()
	s.basemapRoutes()
}

// secure reports whether a request's cookies are marked Secure (and HSTS sent): always, never,
// or, by default, when the request came over HTTPS (directly or through a proxy that says so).
func (s *Server) secure(c echo.Context) bool {
	switch s.cfg.SecureCookies {
	case config.On:
		return true
	case config.Off:
		return false
	}
	return c.Scheme() == "https"
}

// uiConfig tells the dashboard what it needs before sign-in: the basemap, if any (a tile
// URL, or the style and TileJSON of the basemap file the service serves), the
// suppression threshold it writes as "<N", and how people sign in (password, identity
// provider or both).
func (s *Server) uiConfig(c echo.Context) error {
	signIn := map[string]any{"password": s.cfg.LocalAccounts}
	if s.OIDC.Enabled() {
		signIn["provider_name"] = s.cfg.OIDC.ProviderName
		signIn["provider_url"] = "/api/v1/auth/oidc/login"
	}
	body := map[string]any{"suppression_threshold": s.cfg.SuppressionThreshold,
		"basemap_url": s.cfg.BasemapURL, "basemap_attribution": s.cfg.BasemapAttribution, "sign_in": signIn}
	if s.Basemap != nil {
		body["basemap"] = s.basemapSource()
		body["basemap_attribution"] = s.Basemap.Credit()
	}
	return c.JSON(http.StatusOK, body)
}
