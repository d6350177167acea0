package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

// policeUKFile makes a police.uk street-level file of n rows inside the City of London: the real
// March 2024 rows with coordinates, cycled, each given a fresh Crime ID and a small jitter.
func policeUKFile(tb testing.TB, n int) []byte {
	tb.Helper()
	recs := recordtest.ReadCSVFile(tb, policeUKFiles(tb)[2])
	header, rows := recs[0], recs[1:]
	boundary, err := os.ReadFile("testdata/city-of-london-boundary.geojson")
	if err != nil {
		tb.Fatal(err)
	}
	city, err := geo.ParseBoundary(boundary)
	if err != nil {
		tb.Fatal(err)
	}
	var located [][]string
	for _, r := range rows {
		var lng, lat float64
		if _, err := fmt.Sscan(r[4], &lng); err == nil && r[5] != "" {
			fmt.Sscan(r[5], &lat)
			if city.Contains(lat, lng) {
				located = append(located, r)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	for i := 0; i < n; i++ {
		r := append([]string(nil), located[i%len(located)]...)
		r[0] = fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(i))))
		r[1] = fmt.Sprintf("2023-%02d", 1+i%12)
		var lng, lat float64
		fmt.Sscan(r[4], &lng)
		fmt.Sscan(r[5], &lat)
		// Jitter, rounded as police.uk rounds, kept only when it stays inside the City.
		var jlng, jlat float64
		slng, slat := fmt.Sprintf("%.6f", lng+(rng.Float64()-0.5)*1e-4), fmt.Sprintf("%.6f", lat+(rng.Float64()-0.5)*1e-4)
		fmt.Sscan(slng, &jlng)
		fmt.Sscan(slat, &jlat)
		if city.Contains(jlat, jlng) {
			r[4], r[5] = slng, slat
		}
		_ = w.Write(r)
	}
	w.Flush()
	return buf.Bytes()
}

func (e *env) truncate(b *testing.B) {
	b.Helper()
	if _, err := e.db.Pool.Exec(context.Background(), `TRUNCATE incidents, imports CASCADE`); err != nil {
		b.Fatal(err)
	}
}

// heapGrowth samples the heap while f runs and returns the largest HeapInuse seen above what
// was in use before (the file being read is already in memory, so it does not count).
func heapGrowth(f func()) uint64 {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	peak.Store(before.HeapInuse)
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	f()
	close(done)
	return peak.Load() - before.HeapInuse
}

// BenchmarkImportPoliceUK times the whole import of a police.uk file (parse, area check, H3,
// COPY into staging, move with de-duplication) against a bare COPY of the same rows into the
// same table. BENCHMARKS.md reports the ratio.
func BenchmarkImportPoliceUK(b *testing.B) {
	for _, n := range importSizes(b) {
		e := newEnv(b)
		// Read from disk, as the CLI does, so that the file is not on the heap: the heap's
		// growth then shows what the import itself keeps.
		path := b.TempDir() + "/policeuk.csv"
		if err := os.WriteFile(path, policeUKFile(b, n), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("import/rows=%d", n), func(b *testing.B) {
			var peak uint64
			var withdraw time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e.truncate(b)
				b.StartTimer()
				o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all"}
				var rep *ingest.Report
				var err error
				var id int64
				h := heapGrowth(func() {
					f, ferr := os.Open(path)
					if ferr != nil {
						b.Fatal(ferr)
					}
					defer f.Close()
					id, _ = e.svc.Create(context.Background(), &o)
					rep, err = e.svc.Run(context.Background(), id, o, bufio.NewReaderSize(f, 1<<20))
				})
				if err != nil {
					b.Fatalf("import of %d rows: %v", n, err)
				}
				if rep.RowsImported != int64(n) {
					b.Fatalf("imported %d of %d rows (%v)", rep.RowsImported, n, rep.SkippedByReason)
				}
				peak = max(peak, h)
				// The withdrawal of the whole import, outside the import's time.
				b.StopTimer()
				t := time.Now()
				if _, err := e.svc.Withdraw(context.Background(), id); err != nil {
					b.Fatal(err)
				}
				withdraw += time.Since(t)
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "heap-growth-MiB")
			b.ReportMetric(withdraw.Seconds()/float64(b.N), "withdraw-s")
		})
		b.Run(fmt.Sprintf("copy-text/rows=%d", n), func(b *testing.B) {
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				copyText(b, e, path)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
		b.Run(fmt.Sprintf("bare-copy/rows=%d", n), func(b *testing.B) {
			rows := bareRows(b, path)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e.truncate(b)
				var importID int64
				if err := e.db.Pool.QueryRow(context.Background(), `INSERT INTO imports (kind, format, status)
					VALUES ('incidents', 'policeuk', 'done') RETURNING id`).Scan(&importID); err != nil {
					b.Fatal(err)
				}
				for _, r := range rows {
					r[0] = importID
				}
				b.StartTimer()
				cols := append(append([]string{"import_id", "row_key"}, incident.Columns...), "lat", "lng", "h3_cell")
				copied, err := e.db.Pool.CopyFrom(context.Background(), pgx.Identifier{"incidents"}, cols, pgx.CopyFromRows(rows))
				if err != nil || copied != int64(n) {
					b.Fatalf("copy: %d rows, %v", copied, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
		// The floor of de-duplication across imports: the rows' keys alone, COPYed into a table
		// whose only index is their unique key.
		b.Run(fmt.Sprintf("key-copy/rows=%d", n), func(b *testing.B) {
			rows := bareRows(b, path)
			keys := make([][]any, len(rows))
			for i, r := range rows {
				keys[i] = []any{r[1]}
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if _, err := e.db.Pool.Exec(context.Background(), "DROP TABLE IF EXISTS bare_keys; CREATE TABLE bare_keys (row_key bytea PRIMARY KEY)"); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				copied, err := e.db.Pool.CopyFrom(context.Background(), pgx.Identifier{"bare_keys"}, []string{"row_key"}, pgx.CopyFromRows(keys))
				if err != nil || copied != int64(n) {
					b.Fatalf("copy: %d keys, %v", copied, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// importSizes are the file sizes of BenchmarkImportPoliceUK: -import-rows, comma-separated.
func importSizes(b *testing.B) []int {
	var out []int
	for _, f := range strings.Split(*importRows, ",") {
		var n int
		if _, err := fmt.Sscan(f, &n); err != nil || n < 1 {
			b.Fatalf("-import-rows %q: want whole numbers", *importRows)
		}
		out = append(out, n)
	}
	return out
}

var importRows = flag.String("import-rows", "10000,100000", "file sizes of BenchmarkImportPoliceUK")

// copyText is the baseline the import is held to: a COPY of the file's CSV text, as it is,
// into a table of text columns with no index.
func copyText(b *testing.B, e *env, path string) {
	b.Helper()
	ctx := context.Background()
	cols := make([]string, len(recordtest.ReadCSVFile(b, path)[0]))
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d text", i)
	}
	if _, err := e.db.Pool.Exec(ctx, "DROP TABLE IF EXISTS bare_text; CREATE TABLE bare_text ("+strings.Join(cols, ", ")+")"); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	conn, err := e.db.Pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	b.StartTimer()
	if _, err := conn.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY bare_text FROM STDIN (FORMAT csv, HEADER true)"); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
}

// bareRows parses the file once, outside the timer, into the rows a bare COPY sends.
func bareRows(b *testing.B, path string) [][]any {
	file, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	r, err := incident.NewPoliceUKReader(bytes.NewReader(file), incident.ScopeAll)
	if err != nil {
		b.Fatal(err)
	}
	var rows [][]any
	for {
		row, err := r.Next()
		if err != nil {
			break
		}
		cell, _ := geo.CellAt(row.Lat, row.Lng, geo.StorageRes)
		key := sha256.Sum256([]byte(strings.Join(row.Content, "\x1f") + fmt.Sprint(row.Line)))
		vals := append([]any{int64(0), key[:]}, row.Values...)
		rows = append(rows, append(vals, row.Lat, row.Lng, int64(cell)))
	}
	return rows
}
