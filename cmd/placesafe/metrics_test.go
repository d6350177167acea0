package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMetricsOnTheirOwnAddress: with PLACESAFE_METRICS_ADDR the scraper reads /metrics there
// without credentials, while /metrics on the main address still asks for them.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	cfg := testConfig(t)
	cfg.MetricsAddr = "127.0.0.1:0"
	m := &Main{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	start(t, m, time.Minute)
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("http://" + m.MetricsAddr() + "/metrics"); code != http.StatusOK || !strings.Contains(body, "placesafe_db_pool_connections") {
		t.Errorf("metrics address: %d %.200s", code, body)
	}
	if code, _ := get("http://" + m.Addr() + "/metrics"); code != http.StatusUnauthorized {
		t.Errorf("main address without credentials: %d, want 401", code)
	}
	if code, _ := get("http://" + m.MetricsAddr() + "/api/v1/auth/me"); code != http.StatusNotFound {
		t.Errorf("the metrics address serves the API: %d", code)
	}
}
