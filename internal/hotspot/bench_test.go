package hotspot_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/server"
)

var (
	bigOnce sync.Once
	big     *server.Server
	bigTok  string
)

// bigServer is the service with a 1,000,000-incident demo borough, imported through the real
// pipeline (about half a minute), shared by the benchmarks.
func bigServer(b *testing.B) (*server.Server, string) {
	b.Helper()
	bigOnce.Do(func() {
		db := pgtest.MustOpenDB(&packageTB{T: &testing.T{}})
		srv := server.New(config.Default(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ctx := context.Background()
		bor, err := demo.Generate(demo.Options{Seed: 7, End: demoEnd, Years: 3, Incidents: 1_000_000})
		if err != nil {
			b.Fatal(err)
		}
		var boundary, incidents bytes.Buffer
		_ = bor.WriteBoundaryGeoJSON(&boundary)
		if _, err := srv.Area.Set(ctx, bor.Name, boundary.Bytes()); err != nil {
			b.Fatal(err)
		}
		_ = bor.WriteIncidentsCSV(&incidents)
		o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
		id, _ := srv.Imports.Create(ctx, &o)
		if _, err := srv.Imports.Run(ctx, id, o, &incidents); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Pool.Exec(ctx, "VACUUM ANALYZE incidents"); err != nil {
			b.Fatal(err)
		}
		u, _ := srv.Auth.CreateUser(ctx, "bench@example.org", "analyst", "correct horse battery")
		_, bigTok, _ = srv.Auth.CreateToken(ctx, u.ID, "bench")
		big = srv
	})
	if big == nil {
		b.Fatal("the 1M-incident database could not be built")
	}
	return big, bigTok
}

// BenchmarkAggregateGiStar1M times aggregation over the whole study area plus Gi* (with FDR
// bins) on 1,000,000 incidents, as /hotspots runs it on a cold query: without HTTP and
// without the aggregate cache (the covering and neighbour lists are cached, as in service).
func BenchmarkAggregateGiStar1M(b *testing.B) {
	srv, _ := bigServer(b)
	for _, res := range []int{9, 10} {
		for _, k := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("res=%d/k=%d", res, k), func(b *testing.B) {
				f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: res}
				o := hotspot.GiOptions{K: k, Kernel: geo.KernelUniform, FDR: true}
				if _, err := srv.Hotspot.HotspotsUncached(context.Background(), f, o, srv.Policy.Raw()); err != nil { // warm the covering cache
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := srv.Hotspot.HotspotsUncached(context.Background(), f, o, srv.Policy.Raw()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDisclosureOverhead1M times the same cold /hotspots computation (res 9, k 1, the
// last 12 whole months, 1,000,000 incidents) for an analyst and for a partner, whose counts are
// built from (cell, month) atoms and whose Gi* runs on the published values.
func BenchmarkDisclosureOverhead1M(b *testing.B) {
	srv, _ := bigServer(b)
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9, From: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}
	o := hotspot.GiOptions{K: 1, Kernel: geo.KernelUniform, FDR: true}
	for _, role := range []string{"analyst", "partner"} {
		b.Run(role, func(b *testing.B) {
			v := srv.Policy.For(role)
			if _, err := srv.Hotspot.HotspotsUncached(context.Background(), f, o, v); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := srv.Hotspot.HotspotsUncached(context.Background(), f, o, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHotspotsHTTP1M is the load test: 16 concurrent clients ask /api/v1/hotspots
// (res 9, k 1) over HTTP on loopback; it reports latency percentiles. "same-query" repeats one
// query (the map's usual case, served from the aggregate cache after the first); "distinct"
// gives every request its own period end, so that every one aggregates the 1M records afresh.
func BenchmarkHotspotsHTTP1M(b *testing.B) {
	srv, tok := bigServer(b)
	ts := httptest.NewServer(srv.Echo)
	defer ts.Close()
	seq := 0
	b.Run("same-query", func(b *testing.B) {
		loadTest(b, tok, func() string { return ts.URL + "/api/v1/hotspots?res=9&k=1" })
	})
	b.Run("distinct", func(b *testing.B) {
		var mu sync.Mutex
		loadTest(b, tok, func() string {
			mu.Lock()
			defer mu.Unlock()
			seq++
			end := demoEnd.AddDate(0, 0, -1-seq%1000)
			return ts.URL + "/api/v1/hotspots?res=9&k=1&to=" + end.Format(time.DateOnly)
		})
	})
}

func loadTest(b *testing.B, tok string, next func() string) {
	const clients = 16
	get := func() (time.Duration, error) {
		req, _ := http.NewRequest(http.MethodGet, next(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("status %d", resp.StatusCode)
		}
		return time.Since(start), nil
	}
	if _, err := get(); err != nil { // warm caches
		b.Fatal(err)
	}
	b.ResetTimer()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	per := max(b.N/clients, 1)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				d, err := get()
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	pct := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
}
