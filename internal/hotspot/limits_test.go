package hotspot_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

func TestEmergingCapsAnswer400NamingTheCap(t *testing.T) {
	e := demoServer(t)
	for _, c := range []struct {
		name, url, want string
	}{
		{"weeks since year one", "/api/v1/hotspots/emerging?from=0001-01-01&bin=week", "limit of 520 weekly slices"},
		{"months since 1990", "/api/v1/hotspots/emerging?from=1990-01-01&bin=month", "limit of 240 monthly slices"},
		{"quarters since 1990", "/api/v1/hotspots/emerging?from=1990-01-01&bin=quarter", "limit of 80 quarterly slices"},
		{"fine cells over years", "/api/v1/hotspots/emerging?from=2012-01-01&bin=month&res=12", "limit of 3000000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := e.get(t, "analyst", c.url)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), c.want) {
				t.Fatalf("GET %s = %d %.300s; want 400 naming %q", c.url, rec.Code, rec.Body, c.want)
			}
		})
	}
}

// pacedServer is a served demo borough whose analyses run at most one at a time and do not
// wait for a place, with scans that hold at their first block until pace lets them go.
type pacedServer struct {
	srv     *server.Server
	url     string
	token   string
	entered chan struct{} // a scan reached pace
	release chan struct{} // closed: scans go on
	served  chan error
}

func newPacedServer(t *testing.T) *pacedServer {
	t.Helper()
	cfg := config.Default()
	cfg.AnalysisConcurrency, cfg.AnalysisWait = 1, 0
	srv := servertest.NewWith(t, cfg)
	srv.SetDemoBorough(t, demo.Options{Seed: 5, End: demoEnd, Years: 2, Incidents: 2000}, ingest.KindIncidents)
	p := &pacedServer{srv: srv.Server, token: srv.Tokens["analyst"], entered: make(chan struct{}, 16), release: make(chan struct{}), served: make(chan error, 1)}
	srv.Hotspot.SetPace(func(ctx context.Context) {
		p.entered <- struct{}{}
		select {
		case <-p.release:
		case <-ctx.Done():
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.url = "http://" + ln.Addr().String()
	go func() { p.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		select {
		case <-p.release:
		default:
			close(p.release)
		}
	}) // servertest shuts the service down after this, with the scans let go
	return p
}

func (p *pacedServer) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	return http.DefaultClient.Do(req)
}

// waitEntered waits for a scan to reach the pace, failing after 20 s.
func (p *pacedServer) waitEntered(t *testing.T) {
	t.Helper()
	select {
	case <-p.entered:
	case <-time.After(20 * time.Second):
		t.Fatal("no analysis reached the cell index")
	}
}

func TestASaturatedAnalysisLimitAnswers503WithRetryAfter(t *testing.T) {
	p := newPacedServer(t)
	first := make(chan int, 1)
	go func() {
		resp, err := p.get(context.Background(), "/api/v1/hotspots?scope=all&from=2025-01-01&to=2025-06-30")
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	p.waitEntered(t)
	resp, err := p.get(context.Background(), "/api/v1/hotspots?scope=all&from=2025-02-01&to=2025-07-31")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a second analysis while the only place is taken = %d (Retry-After %q) %s; want 503 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	close(p.release)
	if code := <-first; code != http.StatusOK {
		t.Fatalf("the first analysis = %d, want 200", code)
	}
}

func TestAnAnalysisStopsWhenItsClientGoes(t *testing.T) {
	p := newPacedServer(t)
	before := p.srv.Hotspot.Index().Stopped()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := p.get(ctx, "/api/v1/hotspots?scope=all&from=2025-01-01&to=2025-06-30"); err == nil {
			resp.Body.Close()
		}
	}()
	p.waitEntered(t)
	cancel()
	<-done
	deadline := time.Now().Add(20 * time.Second)
	for p.srv.Hotspot.Index().Stopped() == before {
		if time.Now().After(deadline) {
			t.Fatal("the scan went on after its only client had gone")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestShutdownKeepsItsDeadlineDuringAnAnalysis(t *testing.T) {
	p := newPacedServer(t)
	before := p.srv.Hotspot.Index().Stopped()
	go func() {
		if resp, err := p.get(context.Background(), "/api/v1/hotspots/emerging?scope=all&bin=month"); err == nil {
			resp.Body.Close()
		}
	}()
	p.waitEntered(t)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_ = p.srv.Shutdown(ctx)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("shutdown with a 0.5 s deadline took %v", took)
	}
	if err := <-p.served; err != nil {
		t.Fatalf("serve: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for p.srv.Hotspot.Index().Stopped() == before {
		if time.Now().After(deadline) {
			t.Fatal("the running analysis was not stopped by the shutdown")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
