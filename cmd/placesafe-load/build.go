package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server"
)

type buildOptions struct {
	incidents, years, areas int
}

// chunk is the largest file imported at once (and the most the demo generator makes).
const chunk = 1_000_000

// dataEnd is the first instant after the generated data: the first of this month in London.
func dataEnd() time.Time {
	now := time.Now().In(record.London())
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, record.London())
}

// shift is the longitude offset of local authority a: the demo borough's width and a margin.
func shift(b *demo.Borough, a int) float64 {
	bd := b.Boundary.Bound()
	return float64(a) * 1.05 * (bd.Max[0] - bd.Min[0])
}

// studyArea is the union of the areas' boundaries.
func studyArea(b *demo.Borough, areas int) ([]byte, error) {
	var mp orb.MultiPolygon
	for a := range areas {
		dx := shift(b, a)
		var ring orb.Ring
		for _, p := range b.Boundary[0] {
			ring = append(ring, orb.Point{p[0] + dx, p[1]})
		}
		mp = append(mp, orb.Polygon{ring})
	}
	return json.Marshal(geojson.NewGeometry(mp))
}

// importBorough imports b's incidents moved to area a, streamed as a placesafe CSV file.
func importBorough(ctx context.Context, srv *server.Server, b *demo.Borough, a int, name string) (*ingest.Report, error) {
	dx := shift(b, a)
	for i := range b.Incidents {
		b.Incidents[i].Lng += dx
		b.Incidents[i].SourceRef = fmt.Sprintf("%s-%s", name, b.Incidents[i].SourceRef)
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(b.WriteIncidentsCSV(pw)) }()
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe, Filename: name + ".csv"}
	id, err := srv.Imports.Create(ctx, &o)
	if err != nil {
		return nil, err
	}
	return srv.Imports.Run(ctx, id, o, pr)
}

func build(ctx context.Context, srv *server.Server, pool *pgxpool.Pool, o buildOptions) error {
	end := dataEnd()
	first, err := demo.Generate(demo.Options{Seed: 1, End: end, Years: o.years, Incidents: 1})
	if err != nil {
		return err
	}
	area, err := studyArea(first, o.areas)
	if err != nil {
		return err
	}
	if _, _, err := srv.Area.Set(ctx, fmt.Sprintf("%d generated local authorities", o.areas), area); err != nil {
		return err
	}
	// A data set is grown in place: parts already imported are kept.
	var landed int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM imports WHERE status = 'done' AND filename LIKE 'part%'`).Scan(&landed); err != nil {
		return err
	}
	started := time.Now()
	done := min(landed*chunk, o.incidents)
	for part := landed; done < o.incidents; part++ {
		n := min(chunk, o.incidents-done)
		a := part % o.areas
		b, err := demo.Generate(demo.Options{Seed: uint64(1000 + part), End: end, Years: o.years, Incidents: n})
		if err != nil {
			return err
		}
		t := time.Now()
		rep, err := importBorough(ctx, srv, b, a, fmt.Sprintf("part%02d", part))
		if err != nil {
			return fmt.Errorf("import part %d: %w", part, err)
		}
		took := time.Since(t)
		done += n
		fmt.Printf("part %d (area %d): %d rows imported, %d duplicate, %d skipped in %.1f s (%.0f rows/s); %d of %d done\n",
			part, a, rep.RowsImported, rep.RowsDuplicate, rep.RowsSkipped, took.Seconds(), float64(n)/took.Seconds(), done, o.incidents)
	}
	fmt.Printf("built %d incidents in %.0f s\n", done, time.Since(started).Seconds())
	for _, tbl := range []string{"incidents", "incident_cells"} {
		if _, err := pool.Exec(ctx, "VACUUM ANALYZE "+tbl); err != nil {
			return err
		}
	}
	return nil
}
