package server

import (
	"log/slog"
	"net/http"

	"github.com/placesafe/placesafe/internal/basemap"
	"github.com/placesafe/placesafe/internal/config"
)

// basemapPrefix is where the basemap file's tiles, TileJSON and style are served.
const basemapPrefix = "/basemap"

// openBasemap opens the configured basemap file; Validate has opened it once already, so a
// failure here (the file changed since) leaves the map without a basemap and says why.
func openBasemap(cfg config.Config, log *slog.Logger) *basemap.Handler {
	if cfg.BasemapFile == "" {
		return nil
	}
	a, err := basemap.Open(cfg.BasemapFile)
	if err != nil {
		log.Error("basemap file; the map has no basemap", "err", err)
		return nil
	}
	log.Info("basemap file", "path", a.Path, "format", a.Format, "tiles", a.Info.TileType,
		"minzoom", a.Info.MinZoom, "maxzoom", a.Info.MaxZoom)
	return &basemap.Handler{Archive: a, Prefix: basemapPrefix, Attribution: cfg.BasemapAttribution,
		CacheControl: "private, max-age=86400"} // the file changes only with a restart
}

// basemapRoutes serves the basemap file to signed-in users (the partnership's licence for
// the data may not reach further), beside the dashboard: tiles under its page policy and
// cached for a day, which an API route would not be.
func (s *Server) basemapRoutes() {
	if s.Basemap == nil {
		return
	}
	body := s.cfg.MaxBodyBytes
	s.add(http.MethodGet, basemapPrefix+"/:z/:x/:y", s.Basemap.Tile, signedIn, body)
	s.add(http.MethodGet, basemapPrefix+"/tiles.json", s.Basemap.ServeTileJSON, signedIn, body)
	s.add(http.MethodGet, basemapPrefix+"/style.json", s.Basemap.ServeStyle, signedIn, body)
}

// basemapSource is what the dashboard needs to draw the basemap file.
func (s *Server) basemapSource() map[string]any {
	i := s.Basemap.Archive.Info
	return map[string]any{"style": basemapPrefix + "/style.json", "tilejson": basemapPrefix + "/tiles.json",
		"vector": i.Vector(), "minzoom": i.MinZoom, "maxzoom": i.MaxZoom}
}
