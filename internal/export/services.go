package export

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/record"
)

// Services are what a pack is built from: the services the API answers with, so that a pack
// shows each role exactly what the API would.
type Services struct {
	Pool          *pgxpool.Pool
	Layers        *hotspot.Layers
	Places        *place.Service
	Interventions *intervention.Store
	Consultations *consultation.Store
	Analyses      *analysis.Service
	Evaluation    *evaluation.Service
	Inspections   *inspection.Store
	Area          *area.Store
	Imports       *ingest.Service
	// Policy is the disclosure rule every file for a role below record-level access follows.
	Policy disclosure.Policy
}

// Period is an inclusive span of London dates, "YYYY-MM-DD"; empty when there is no data.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (p Period) empty() bool { return p.From == "" }

// dataSpan reads the first and last London day of a kind of record in the local areas v
// sees: dates only, no counts.
func dataSpan(ctx context.Context, pool *pgxpool.Pool, v area.Viewer, kind string) (Period, error) {
	table, col := "incidents", "occurred_at"
	if kind == hotspot.KindActivity {
		table, col = "activities", "started_at"
	}
	seen, areas := v.Filter("local_area_id", 1)
	var lo, hi *time.Time
	if err := pool.QueryRow(ctx, fmt.Sprintf(`SELECT min(%[1]s), max(%[1]s) FROM %[2]s WHERE %[3]s`, col, table, seen), areas).Scan(&lo, &hi); err != nil {
		return Period{}, fmt.Errorf("span of %s: %w", kind, err)
	}
	if lo == nil || hi == nil {
		return Period{}, nil
	}
	return Period{From: londonDay(*lo), To: londonDay(*hi)}, nil
}

func londonDay(t time.Time) string { return t.In(record.London()).Format(time.DateOnly) }

// wholeMonths returns the last n whole calendar months of data span p (fewer when the data
// are shorter): from the first day of a month to the last day of the month of p.To. Roles
// below record-level access see whole months only, so every role gets the same period.
func wholeMonths(p Period, n int) (Period, error) {
	if p.empty() {
		return p, nil
	}
	first, errFrom := time.Parse(time.DateOnly, p.From)
	last, errTo := time.Parse(time.DateOnly, p.To)
	if err := errors.Join(errFrom, errTo); err != nil {
		return Period{}, fmt.Errorf("data span: %w", err)
	}
	end := time.Date(last.Year(), last.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	start := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
	firstMonth := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	if n > 0 {
		start = start.AddDate(0, -(n - 1), 0)
	}
	if n <= 0 || start.Before(firstMonth) {
		start = firstMonth
	}
	return Period{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly)}, nil
}
