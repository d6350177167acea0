package export

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

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

// embedded is a file of the pack as a data URI, so that report.html opens with its pictures
// wherever it is copied on its own (an e-mail attachment, a folder of its own).
func (b *build) embedded(path string) string {
	mime := "image/png"
	if strings.HasSuffix(path, ".svg") {
		mime = "image/svg+xml"
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b.files[path])
}
