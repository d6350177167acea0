package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/server"
)

type runOptions struct {
	clients, requests, importRows int
	mixed                         time.Duration
	scope                         string
}

type client struct {
	base, token, scope string
	http               *http.Client
}

// get sends one request and reads the whole answer; it returns the status and the time taken.
func (c *client) get(path string) (int, time.Duration, error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+path+sep+"scope="+c.scope, nil)
	return c.do(req)
}

// post sends body as JSON, as get does.
func (c *client) post(path string, body []byte) (int, time.Duration, error) {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return c.do(req)
}

func (c *client) do(req *http.Request) (int, time.Duration, error) {
	req.Header.Set("Authorization", "Bearer "+c.token)
	t := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, time.Since(t), err
}

// span is the data's first and last day.
type span struct{ from, to time.Time }

// period draws a distinct period of 1 to 36 months, as an analyst moving the time slider.
func (s span) period(rng *rand.Rand, seen map[string]bool) string {
	return s.periodOf(rng, seen, 28, 36*30)
}

// periodOf draws a distinct period of shortest to longest days.
func (s span) periodOf(rng *rand.Rand, seen map[string]bool, shortest, longest int) string {
	for {
		days := int(s.to.Sub(s.from).Hours() / 24)
		length := shortest + rng.IntN(longest-shortest)
		start := s.from.AddDate(0, 0, rng.IntN(max(1, days-length)))
		end := start.AddDate(0, 0, length)
		p := fmt.Sprintf("from=%s&to=%s", start.Format(time.DateOnly), end.Format(time.DateOnly))
		if !seen[p] {
			seen[p] = true
			return p
		}
	}
}

type stats struct {
	mu     sync.Mutex
	lat    map[string][]time.Duration
	errors map[string]int
}

func (s *stats) add(kind string, status int, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || status != http.StatusOK {
		s.errors[fmt.Sprintf("%s %d %v", kind, status, err)]++
		return
	}
	s.lat[kind] = append(s.lat[kind], d)
}

func (s *stats) print(kind string, wall time.Duration) {
	l := slices.Clone(s.lat[kind])
	slices.Sort(l)
	if len(l) == 0 {
		fmt.Printf("| %s | no successful requests | | |\n", kind)
		return
	}
	q := func(p float64) float64 {
		return float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds()) / 1000
	}
	fmt.Printf("| %s | %d | %.0f ms | %.0f ms | %.1f req/s |\n", kind, len(l), q(0.5), q(0.99), float64(len(l))/wall.Seconds())
}

func run(ctx context.Context, srv *server.Server, pool *pgxpool.Pool, o runOptions) error {
	started := time.Now()
	if err := srv.Hotspot.Load(ctx); err != nil {
		return err
	}
	fmt.Printf("cell index loaded in %.1f s (%d summed rows); RSS %s\n", time.Since(started).Seconds(),
		srv.Hotspot.Index().Rows(), rss())
	for _, res := range []int{9, 10} {
		if cells, err := srv.Hotspot.StudyCells(ctx, res); err == nil {
			fmt.Printf("study area: %d cells at resolution %d\n", len(cells), res)
		}
	}
	var incidents int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM incidents`).Scan(&incidents); err != nil {
		return err
	}
	fmt.Printf("%d incidents\n", incidents)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Shutdown(context.Background())
	email := fmt.Sprintf("load-%d@example.org", time.Now().UnixNano())
	u, err := srv.Auth.CreateUser(ctx, email, "analyst", "correct horse battery")
	if err != nil {
		return err
	}
	_, tok, err := srv.Auth.CreateToken(ctx, u.ID, "load")
	if err != nil {
		return err
	}
	c := &client{base: "http://" + ln.Addr().String(), token: tok, scope: o.scope,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}}}
	end := dataEnd()
	sp := span{from: end.AddDate(-10, 0, 0), to: end.AddDate(0, 0, -1)}
	if err := pool.QueryRow(ctx, `SELECT min(occurred_at), max(occurred_at) FROM incidents`).Scan(&sp.from, &sp.to); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	st := &stats{lat: map[string][]time.Duration{}, errors: map[string]int{}}

	fmt.Println("| case | requests | p50 | p99 | throughput |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, res := range []int{9, 10} {
		kind := fmt.Sprintf("hotspots res %d k 1, distinct periods", res)
		paths := make(chan string, o.requests)
		for range o.requests {
			paths <- fmt.Sprintf("/api/v1/hotspots?res=%d&k=1&%s", res, sp.period(rng, seen))
		}
		close(paths)
		wall := drive(o.clients, func() bool {
			p, ok := <-paths
			if ok {
				status, d, err := c.get(p)
				st.add(kind, status, d, err)
			}
			return ok
		})
		st.print(kind, wall)
	}
	for i := range 3 {
		kind := "emerging, whole span, monthly, res 9"
		status, d, err := c.get(fmt.Sprintf("/api/v1/hotspots/emerging?res=9&bin=month&k=%d", 1+i%2))
		st.add(kind, status, d, err)
		if i == 2 {
			st.print(kind, d)
		}
	}

	if err := evaluations(ctx, c, st, pool, sp, rng, o); err != nil {
		return err
	}

	// The mixed workload, with one more file landing meanwhile.
	cells, err := sampleCells(ctx, pool, 9)
	if err != nil {
		return err
	}
	var importTook atomic.Int64
	importDone := make(chan error, 1)
	go func() {
		t := time.Now()
		b, err := demo.Generate(demo.Options{Seed: uint64(time.Now().UnixNano()), End: end, Years: 10, Incidents: o.importRows})
		if err == nil {
			_, err = importBorough(ctx, srv, b, 0, fmt.Sprintf("mixed-%d", time.Now().Unix()))
		}
		importTook.Store(int64(time.Since(t)))
		importDone <- err
	}()
	stop := time.Now().Add(o.mixed)
	var peak atomic.Int64
	go func() {
		for time.Now().Before(stop) {
			peak.Store(max(peak.Load(), rssBytes()))
			time.Sleep(200 * time.Millisecond)
		}
	}()
	var mu sync.Mutex
	wall := drive(o.clients, func() bool {
		if time.Now().After(stop) {
			return false
		}
		mu.Lock()
		x := rng.Float64()
		p := sp.period(rng, seen)
		long := sp.periodOf(rng, seen, 365, 5*365) // an emerging analysis wants a year or more
		cat := incident.Categories[rng.IntN(len(incident.Categories))]
		cell := cells[rng.IntN(len(cells))]
		mu.Unlock()
		var kind, path string
		switch {
		case x < 0.6:
			kind, path = "mixed: hotspots res 9, period slider", "/api/v1/hotspots?res=9&"+p
		case x < 0.8:
			kind, path = "mixed: hotspots res 9, category filter", "/api/v1/hotspots?res=9&category="+cat+"&"+p
		case x < 0.83:
			kind, path = "mixed: emerging, monthly, res 9", "/api/v1/hotspots/emerging?res=9&bin=month&"+long
		default:
			kind, path = "mixed: cell panel", "/api/v1/cells/"+cell+"?"+p
		}
		status, d, err := c.get(path)
		st.add(kind, status, d, err)
		return true
	})
	for _, k := range []string{"mixed: hotspots res 9, period slider", "mixed: hotspots res 9, category filter",
		"mixed: emerging, monthly, res 9", "mixed: cell panel"} {
		st.print(k, wall)
	}
	if err := <-importDone; err != nil {
		return fmt.Errorf("import during the mixed workload: %w", err)
	}
	fmt.Printf("\nimport of %d rows during the mixed workload: %.1f s\n", o.importRows, time.Duration(importTook.Load()).Seconds())
	fmt.Printf("peak RSS of the process (server and load generator) during the mixed workload: %.0f MiB (VmHWM since start %s)\n",
		float64(peak.Load())/(1<<20), hwm())
	for e, n := range st.errors {
		fmt.Printf("failed: %s ×%d\n", e, n)
	}
	return nil
}

// drive runs next on n goroutines until it returns false, and returns the wall time.
func drive(n int, next func() bool) time.Duration {
	t := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next() {
			}
		}()
	}
	wg.Wait()
	return time.Since(t)
}

// sampleCells picks cells of resolution res (10 or coarser) that hold records, from a
// repeatable sample in a fixed order that spreads them over the area, so that runs compare.
func sampleCells(ctx context.Context, pool *pgxpool.Pool, res int) ([]string, error) {
	rows, err := pool.Query(ctx, `SELECT cell FROM (SELECT DISTINCT cell FROM incident_cells TABLESAMPLE SYSTEM (1) REPEATABLE (42)) s
		ORDER BY md5(cell::text) LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("sample cells: %w", err)
	}
	cells, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("sample cells: %w", err)
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("sample cells: the data set holds no summed cells")
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = h3.Cell(c).Parent(res).String()
	}
	return out, nil
}

func rssBytes() int64 {
	var kb int64
	if v := status("VmRSS:"); v != "" {
		fmt.Sscan(v, &kb)
	}
	return kb << 10
}

func rss() string { return status("VmRSS:") }
func hwm() string { return status("VmHWM:") }

func status(field string) string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
