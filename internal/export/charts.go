package export

import (
	"context"
	"fmt"

	"github.com/placesafe/placesafe/internal/evaluation"
)

// chartPath is where an intervention's evaluation chart goes in the pack.
func chartPath(id int64) string { return fmt.Sprintf("charts/evaluation-%d.svg", id) }

// drawCharts writes charts/evaluation-<id>.svg for every intervention with an evaluation: the
// chart the intervention page shows, from the role's (suppressed) monthly series.
func (b *build) drawCharts(context.Context) error {
	for _, e := range b.evaluations {
		if e.ev == nil {
			continue
		}
		b.files[chartPath(e.iv.ID)] = evaluation.SVG(e.ev.Title+": target and control areas", e.ev.Result)
	}
	return nil
}
