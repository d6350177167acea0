// Package web holds the dashboard: plain HTML, CSS and JavaScript modules with MapLibre GL JS
// vendored from npm into static/vendor (see package.json and scripts/vendor.mjs), embedded in
// the binary so that it is served with no CDN and no internet.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed static
var static embed.FS

// Files is the dashboard's file tree.
var Files, _ = fs.Sub(static, "static")

// Handler serves the dashboard: files by path, and index.html for any other page path so that
// the single-page app's own routes load. The server's middleware sets the security headers
// (Content-Security-Policy and the rest).
func Handler() echo.HandlerFunc {
	files := http.FileServer(http.FS(Files))
	return func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean(c.Request().URL.Path), "/")
		w := c.Response()
		if strings.HasPrefix(p, "api/") { // an unknown API route is a JSON 404, not the app
			return echo.ErrNotFound
		}
		if p == "" || p == "." {
			return index(c)
		}
		if _, err := fs.Stat(Files, p); err != nil {
			if path.Ext(p) != "" {
				return echo.ErrNotFound
			}
			return index(c)
		}
		if strings.HasPrefix(p, "vendor/") {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		}
		files.ServeHTTP(w, c.Request())
		return nil
	}
}

func index(c echo.Context) error {
	b, err := fs.ReadFile(Files, "index.html")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, b)
}
