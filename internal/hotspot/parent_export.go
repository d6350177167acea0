package hotspot

import (
	"context"

	"github.com/uber/h3-go/v4"
)

// ParentSQL is the SQL expression for the resolution-res parent of the stored resolution-15
// cell in column col (see parentSQL), for other packages' queries.
func ParentSQL(col string, res int) string { return parentSQL(col, res) }

// StudyCells returns the whole study area's covering at res: every cell that intersects it.
func (s *Service) StudyCells(ctx context.Context, res int) ([]h3.Cell, error) {
	gr, err := s.grids.get(ctx, res, nil)
	if err != nil {
		return nil, err
	}
	return gr.cells, nil
}
