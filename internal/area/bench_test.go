package area_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
)

// BenchmarkRedraw moves the edge between two local areas back and forth over
// PLACESAFE_BENCH_ROWS incidents (default 1,000,000) at distinct points, the worst case of the
// placement (police.uk records share a few thousand points). A twentieth of the records move each
// time.
func BenchmarkRedraw(b *testing.B) {
	rows := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PLACESAFE_BENCH_ROWS")); err == nil {
		rows = v
	}
	db := pgtest.MustOpenDB(b)
	ctx := context.Background()
	s := area.NewStore(db.Pool)
	box := func(x0, x1 float64) []byte {
		return []byte(`{"type":"Polygon","coordinates":[[[` + ftoa(x0) + `,51.4],[` + ftoa(x1) + `,51.4],[` + ftoa(x1) + `,51.5],[` + ftoa(x0) + `,51.5],[` + ftoa(x0) + `,51.4]]]}`)
	}
	w, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: "West", Boundary: box(-0.3, -0.2)})
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: "East", Boundary: box(-0.2, -0.1)}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO imports (kind, format, status) VALUES ('incidents', 'placesafe', 'done')`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO incidents (import_id, row_key, occurred_at, time_precision, category, harm_weight, lat, lng, h3_cell, local_area_id)
		SELECT 1, int8send(g), '2024-01-01'::timestamptz + (g % 700) * interval '1 day', 'day', 'violence', 1,
			51.4 + random() * 0.1, -0.3 + (g % 20000) / 100000.0 + random() * 0.00001, 644733554000000000 + g % 500000,
			CASE WHEN g % 20000 < 10000 THEN $2::bigint ELSE $2::bigint + 1 END
		FROM generate_series(1, $1::int) g`, rows, w.ID); err != nil {
		b.Fatal(err)
	}
	if err := cellcount.Add(ctx, db.Pool, 1); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `ANALYZE incidents`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		l, err := s.Local(ctx, w.ID)
		if err != nil {
			b.Fatal(err)
		}
		edge := -0.21
		if i%2 == 1 {
			edge = -0.2
		}
		_, pl, err := s.ChangeLocal(ctx, w.ID, l.Version, area.LocalAreaPatch{Boundary: box(-0.3, edge)})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pl.Moved.Incidents), "moved/op")
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
