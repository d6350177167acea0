package servertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
)

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
