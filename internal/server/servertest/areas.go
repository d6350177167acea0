package servertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
)

// Box is a GeoJSON Polygon of lng x0..x1, lat y0..y1: a boundary for AddLocalArea, or a
// place's geometry.
func Box(x0, y0, x1, y1 float64) string {
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]v,%[2]v],[%[3]v,%[2]v],[%[3]v,%[4]v],[%[1]v,%[4]v],[%[1]v,%[2]v]]]}`, x0, y0, x1, y1)
}

// AddLocalArea adds a local area named name with ONS code code and boundary (GeoJSON), and
// returns its id.
func (s *Server) AddLocalArea(tb testing.TB, name, code, boundary string) int64 {
	tb.Helper()
	l, _, err := s.Area.AddLocal(context.Background(), area.NewLocalArea{Name: name, ONSCode: &code, Boundary: []byte(boundary)})
	if err != nil {
		tb.Fatalf("add local area %s: %v", name, err)
	}
	return l.ID
}

// AddWestAndEast adds two local areas side by side, West (longitude −0.3..−0.2) and East
// (−0.2..−0.1), both over latitude 51.4..51.5, and returns their ids.
func (s *Server) AddWestAndEast(tb testing.TB) (west, east int64) {
	tb.Helper()
	return s.AddLocalArea(tb, "West", "E09000901", Box(-0.3, 51.4, -0.2, 51.5)),
		s.AddLocalArea(tb, "East", "E09000902", Box(-0.2, 51.4, -0.1, 51.5))
}

// ScopedUser creates a user of role who sees the local areas listed (none listed: the whole
// deployment) with an API token, and returns the name to Send as: "role@1,2" (or "role@all").
func (s *Server) ScopedUser(tb testing.TB, role string, areas ...int64) string {
	tb.Helper()
	name := fmt.Sprintf("%s@%v", role, areas)
	if len(areas) == 0 {
		name = role + "@all"
	}
	ctx := context.Background()
	email := fmt.Sprintf("%s.%d@example.org", role, len(s.Tokens))
	u, err := s.Auth.CreateUser(ctx, email, role, "correct horse battery",
		auth.AreasRequest{AllAreas: len(areas) == 0, LocalAreas: areas})
	if err != nil {
		tb.Fatalf("create %s: %v", name, err)
	}
	if _, s.Tokens[name], err = s.Auth.CreateToken(ctx, u.ID, "test"); err != nil {
		tb.Fatalf("create token of %s: %v", name, err)
	}
	return name
}
