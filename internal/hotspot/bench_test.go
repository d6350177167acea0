package hotspot_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

var (
	bigOnce sync.Once
	big     *servertest.Server
)

// bigServer is the service with a 1,000,000-incident demo borough, imported through the real
// pipeline (about half a minute), shared by the benchmarks.
func bigServer(b *testing.B) *servertest.Server {
	b.Helper()
	bigOnce.Do(func() {
		srv := servertest.New(&packageTB{TB: b})
		srv.SetDemoBorough(b, demo.Options{Seed: 7, End: demoEnd, Years: 3, Incidents: 1_000_000}, ingest.KindIncidents)
		if _, err := srv.DB.Pool.Exec(context.Background(), "VACUUM ANALYZE incidents"); err != nil {
			b.Fatal(err)
		}
		big = srv
	})
	if big == nil {
		b.Fatal("the 1M-incident database could not be built")
	}
	return big
}

// coldHotspots times the service's Hotspots with the aggregate cache switched off, so that
// every call aggregates the records afresh as a cold query does (the covering and neighbour
// lists stay cached, as in service).
func coldHotspots(b *testing.B, srv *servertest.Server, f hotspot.Filter, o hotspot.GiOptions, v disclosure.Viewer) {
	srv.Hotspot.CacheAggregates(0)
	defer srv.Hotspot.CacheAggregates(hotspot.DefaultAggregateCache)
	if _, err := srv.Hotspot.Hotspots(context.Background(), f, o, v); err != nil { // warm the covering cache
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := srv.Hotspot.Hotspots(context.Background(), f, o, v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAggregateGiStar1M times aggregation over the whole study area plus Gi* (with FDR
// bins) on 1,000,000 incidents, as /hotspots runs it on a cold query: without HTTP and
// without the aggregate cache (the covering and neighbour lists are cached, as in service).
func BenchmarkAggregateGiStar1M(b *testing.B) {
	srv := bigServer(b)
	for _, res := range []int{9, 10} {
		for _, k := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("res=%d/k=%d", res, k), func(b *testing.B) {
				f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: res}
				o := hotspot.GiOptions{K: k, Kernel: geo.KernelUniform, FDR: true}
				coldHotspots(b, srv, f, o, srv.Policy.Raw())
			})
		}
	}
}

// BenchmarkDisclosureOverhead1M times the same cold /hotspots computation (res 9, k 1, the
// last 12 whole months, 1,000,000 incidents) for an analyst and for a partner, whose counts are
// built from (cell, month) atoms and whose Gi* runs on the published values.
func BenchmarkDisclosureOverhead1M(b *testing.B) {
	srv := bigServer(b)
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9, From: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}
	o := hotspot.GiOptions{K: 1, Kernel: geo.KernelUniform, FDR: true}
	for _, role := range []string{"analyst", "partner"} {
		b.Run(role, func(b *testing.B) { coldHotspots(b, srv, f, o, srv.Policy.For(role)) })
	}
}

// BenchmarkHotspotsHTTP1M is the load test: 16 concurrent clients ask /api/v1/hotspots
// (res 9, k 1) over HTTP on loopback; it reports latency percentiles. "same-query" repeats one
// query (the map's usual case, served from the aggregate cache after the first); "distinct"
// gives every request its own period (no two alike), so that every one aggregates the 1M
// records afresh.
func BenchmarkHotspotsHTTP1M(b *testing.B) {
	srv := bigServer(b)
	tok := srv.Tokens["analyst"]
	ts := httptest.NewServer(srv.Echo)
	defer ts.Close()
	b.Run("same-query", func(b *testing.B) {
		loadTest(b, tok, func() (string, error) { return ts.URL + "/api/v1/hotspots?res=9&k=1", nil })
	})
	seq := 0
	b.Run("distinct", func(b *testing.B) {
		var mu sync.Mutex
		loadTest(b, tok, func() (string, error) {
			mu.Lock()
			defer mu.Unlock()
			// A year of period ends times a year of period starts: each pair is asked once.
			const days = 365
			if seq >= days*days {
				return "", fmt.Errorf("more than %d requests: periods would repeat", days*days)
			}
			from, to := demoEnd.AddDate(-3, 0, seq/days), demoEnd.AddDate(0, 0, -1-seq%days)
			seq++
			return ts.URL + "/api/v1/hotspots?res=9&k=1&from=" + from.Format(time.DateOnly) + "&to=" + to.Format(time.DateOnly), nil
		})
	})
}

func loadTest(b *testing.B, tok string, next func() (string, error)) {
	const clients = 16
	get := func() (time.Duration, error) {
		url, err := next()
		if err != nil {
			return 0, err
		}
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close() // the copy's error is the one that matters
		if err != nil {
			return 0, fmt.Errorf("read answer: %w", err)
		}
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
