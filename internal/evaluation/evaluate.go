package evaluation

import (
	"context"

	"github.com/placesafe/placesafe/internal/disclosure"
)

// Evaluate resolves a request's areas and periods and computes every figure for viewer v.
// Viewers without record-level access evaluate registered places over whole months, and get
// counts and figures computed from the published (area, month) counts (see protectRequest).
func (s *Service) Evaluate(ctx context.Context, req *Request, v disclosure.Viewer) (*Result, error) {
	var notes []string
	if v.Protected() {
		var err error
		if notes, err = protectRequest(req); err != nil {
			return nil, err
		}
	}
	scope, err := s.hotspot.AgeScope(req.Scope, v)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, req, scope, v)
	if err != nil {
		return nil, err
	}
	r.notes = append(notes, r.notes...)
	return s.evaluate(ctx, req, r, v)
}
