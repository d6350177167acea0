package server_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/config"
)

// serveOnPort starts the service on a real port, as in production, and returns its address.
func serveOnPort(t *testing.T, ts *testServer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ts.Serve(ln) }()
	return ln.Addr().String()
}

// trickle opens a connection, sends head at once and then one byte of body every 200 ms, and
// returns how long the service kept the connection open and what it answered.
func trickle(t *testing.T, addr, head string) (time.Duration, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	_ = conn.SetReadDeadline(start.Add(15 * time.Second))
	answer, _ := io.ReadAll(conn) // until the service closes the connection (or 15 s pass)
	first, _, _ := strings.Cut(string(answer), "\r\n")
	return time.Since(start), first
}

// TestSlowClientsAreCutOff plays a slow-loris attack: connections that trickle their headers
// or their body are closed once the configured timeout has passed. A signed-in upload has the
// longer upload timeout, and is closed when that passes.
func TestSlowClientsAreCutOff(t *testing.T) {
	cfg := config.Default()
	cfg.Timeouts = config.Timeouts{ReadHeader: 500 * time.Millisecond, Read: time.Second, Upload: 2 * time.Second,
		Write: 5 * time.Second, Idle: time.Second}
	ts := newTestServerWith(t, cfg)
	addr := serveOnPort(t, ts)

	const margin = 1500 * time.Millisecond
	tests := []struct {
		name    string
		head    string
		timeout time.Duration
	}{
		{"headers trickled", "POST /api/v1/auth/login HTTP/1.1\r\nHost: placesafe\r\nX-Slow: ", cfg.Timeouts.ReadHeader},
		{"sign-in body trickled", "POST /api/v1/auth/login HTTP/1.1\r\nHost: placesafe\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"email\":\"", cfg.Timeouts.Read},
		{"upload trickled without credentials", "POST /api/v1/imports?kind=incidents HTTP/1.1\r\nHost: placesafe\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n", cfg.Timeouts.Read},
		{"signed-in upload trickled", "POST /api/v1/imports?kind=incidents HTTP/1.1\r\nHost: placesafe\r\nAuthorization: Bearer " + ts.tokens["admin"] +
			"\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\nsource_ref", cfg.Timeouts.Upload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, answer := trickle(t, addr, tt.head)
			t.Logf("closed after %v, answer %q", open.Round(10*time.Millisecond), answer)
			if open > tt.timeout+margin {
				t.Errorf("connection open for %v, want it closed within %v of the %v timeout", open, margin, tt.timeout)
			}
			if strings.Contains(answer, " 500 ") {
				t.Errorf("answer %q, want no 500", answer)
			}
		})
	}

	t.Run("fifty connections trickling at once", func(t *testing.T) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var longest time.Duration
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				open, _ := trickle(t, addr, fmt.Sprintf("POST /api/v1/auth/login HTTP/1.1\r\nHost: placesafe\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-N: %d\r\n\r\n{", i))
				mu.Lock()
				longest = max(longest, open)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if longest > cfg.Timeouts.Read+margin {
			t.Errorf("the last connection was open for %v, want all closed within %v", longest, cfg.Timeouts.Read+margin)
		}
	})

	t.Run("an ordinary request still works", func(t *testing.T) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /healthz = %d", resp.StatusCode)
		}
	})
}
