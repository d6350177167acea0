package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// The http.Server's timeouts bound every request: the headers must arrive within
// Timeouts.ReadHeader, the whole request within Timeouts.Read, and the answer be written within
// Timeouts.Write, so that a client trickling bytes cannot hold a connection open. A signed-in
// upload and a download take longer: longDeadlines moves the connection's deadlines on for them,
// once the caller's role has been checked, so that only an account can keep a connection that
// long.

// longDeadlines gives the request Timeouts.Upload to send its body and that plus Timeouts.Write
// to receive the answer.
func (s *Server) longDeadlines() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			rc := http.NewResponseController(c.Response().Writer)
			now := time.Now()
			// A writer that cannot move its deadlines (a test recorder) has none to move.
			_ = rc.SetReadDeadline(now.Add(s.cfg.Timeouts.Upload))
			_ = rc.SetWriteDeadline(now.Add(s.cfg.Timeouts.Upload + s.cfg.Timeouts.Write))
			return next(c)
		}
	}
}

// addDownload registers a route whose answer is a file that may take long to send.
func (s *Server) addDownload(path string, h echo.HandlerFunc, a access) {
	s.addWith(http.MethodGet, path, h, a, s.cfg.MaxBodyBytes, true)
}
