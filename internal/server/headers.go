package server

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the headers every response carries: no MIME sniffing, no framing (the
// dashboard cannot be clickjacked), HSTS when cookies are Secure; API answers are never cached;
// the OGC API and metrics are data and are never cached either; dashboard pages get a Content-Security-Policy that allows only the service itself and, when
// one is configured, the basemap's tile host.
func (s *Server) securityHeaders() echo.MiddlewareFunc {
	csp := dashboardCSP(s.cfg.BasemapURL)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			if s.secure(c) {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			p := c.Request().URL.Path
			switch {
			case strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz" || p == "/metrics":
				h.Set("Cache-Control", "no-store")
				h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			case p == "/ogc" || strings.HasPrefix(p, "/ogc/"): // data, also as plain HTML pages with inline styles
				h.Set("Cache-Control", "no-store")
				h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
			default:
				h.Set("Content-Security-Policy", csp)
			}
			return next(c)
		}
	}
}

// dashboardCSP is the dashboard's policy: its own scripts, styles, images and API; MapLibre's
// workers and tiles come as blob: and data: URLs; the basemap's host is added for images and
// tile requests when a basemap is configured.
func dashboardCSP(basemapURL string) string {
	extra := ""
	if host := basemapOrigin(basemapURL); host != "" {
		extra = " " + host
	}
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:" + extra + "; connect-src 'self'" + extra + "; worker-src 'self' blob:; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

var templateLabel = regexp.MustCompile(`\{[a-z]+\}`)

// basemapOrigin is the scheme and host of a tile URL template; a template in the host (such as
// {s} for sub-domains) becomes a wildcard label.
func basemapOrigin(tmpl string) string {
	if tmpl == "" {
		return ""
	}
	u, err := url.Parse(templateLabel.ReplaceAllString(tmpl, "x-template-x"))
	if err != nil || u.Host == "" {
		return ""
	}
	host := u.Host
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if strings.Contains(l, "x-template-x") {
			labels[i] = "*"
		}
	}
	return u.Scheme + "://" + strings.Join(labels, ".")
}
