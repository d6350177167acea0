package evaluation

import "context"

// Evaluate resolves a request's areas and periods and computes every figure. Roles without
// record-level access (restricted) get small counts suppressed and, when any is, no figures.
func (s *Service) Evaluate(ctx context.Context, req *Request, restricted bool) (*Result, error) {
	r, err := s.resolve(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.evaluate(ctx, req, r, restricted)
}
