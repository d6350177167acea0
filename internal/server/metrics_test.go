package server_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/placesafe/placesafe/internal/config"
)

// scrape reads /metrics with the metrics token and parses it with Prometheus's own parser.
func scrape(t *testing.T, ts *testServer, token string) map[string]*dto.MetricFamily {
	t.Helper()
	rec := ts.getWithToken("/metrics", token)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d: %s", rec.Code, rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("/metrics does not parse as the Prometheus text format: %v", err)
	}
	return families
}

// requestCount is placesafe_http_requests_total for one route, method and status.
func requestCount(families map[string]*dto.MetricFamily, route, method, status string) float64 {
	f := families["placesafe_http_requests_total"]
	if f == nil {
		return 0
	}
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["route"] == route && labels["method"] == method && labels["status"] == status {
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func TestMetricsParseAndCountRequests(t *testing.T) {
	cfg := config.Default()
	cfg.MetricsToken = "metrics-scraper-token-0123456789"
	ts := newTestServerWith(t, cfg)

	before := scrape(t, ts, cfg.MetricsToken)
	for _, name := range []string{"placesafe_db_pool_connections",
		"placesafe_evidence_pack_queue_length", "go_goroutines", "go_memstats_alloc_bytes"} {
		if before[name] == nil {
			t.Errorf("/metrics has no %s", name)
		}
	}
	ts.do(t, "analyst", http.MethodGet, "/api/v1/auth/me", "", "")
	ts.do(t, "analyst", http.MethodGet, "/api/v1/auth/me", "", "")
	ts.do(t, "partner", http.MethodGet, "/api/v1/imports/1", "", "") // 403
	after := scrape(t, ts, cfg.MetricsToken)
	if d := requestCount(after, "/api/v1/auth/me", "GET", "200") - requestCount(before, "/api/v1/auth/me", "GET", "200"); d != 2 {
		t.Errorf("the auth/me 200 counter moved by %v after two requests, want 2", d)
	}
	if after["placesafe_http_request_duration_seconds"] == nil {
		t.Error("/metrics has no latency histogram after requests")
	}
	if d := requestCount(after, "/api/v1/imports/:id", "GET", "403") - requestCount(before, "/api/v1/imports/:id", "GET", "403"); d != 1 {
		t.Errorf("the refused request was counted %v times under its route template and 403, want 1", d)
	}
}

func TestMetricsNeedTheTokenOrAnAdmin(t *testing.T) {
	cfg := config.Default()
	cfg.MetricsToken = "metrics-scraper-token-0123456789"
	ts := newTestServerWith(t, cfg)
	for _, c := range []struct {
		role string
		want int
	}{{"", http.StatusUnauthorized}, {"partner", http.StatusForbidden}, {"analyst", http.StatusForbidden}, {"admin", http.StatusOK}} {
		if rec := ts.do(t, c.role, http.MethodGet, "/metrics", "", ""); rec.Code != c.want {
			t.Errorf("GET /metrics as %q = %d, want %d", c.role, rec.Code, c.want)
		}
	}
	if rec := ts.getWithToken("/metrics", "wrong-token-wrong-token-000"); rec.Code != http.StatusUnauthorized {
		t.Errorf("a wrong metrics token = %d, want 401", rec.Code)
	}
}

// sample is the value of one series of a family whose labels include want.
func sample(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f := families[name]
	if f == nil {
		return 0
	}
	var total float64
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			total += m.Counter.GetValue()
		case m.Gauge != nil:
			total += m.Gauge.GetValue()
		case m.Histogram != nil:
			total += float64(m.Histogram.GetSampleCount())
		}
	}
	return total
}

// TestMetricsFollowImportsAndTheCache: the demo's imports are counted row by row as their
// reports say, and a repeated map request is a cache hit.
func TestMetricsFollowImportsAndTheCache(t *testing.T) {
	ts := demoServer(t)
	token := ts.Tokens["admin"]
	var imported int64
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT sum(rows_imported) FROM imports WHERE status = 'done'`).Scan(&imported); err != nil {
		t.Fatal(err)
	}
	wrap := &testServer{Server: ts.Server}
	before := scrape(t, wrap, token)
	if got := sample(before, "placesafe_import_rows_total", map[string]string{"outcome": "imported"}); int64(got) != imported {
		t.Errorf("placesafe_import_rows_total{outcome=imported} = %v, the imports' reports say %d", got, imported)
	}
	if got := sample(before, "placesafe_import_duration_seconds", map[string]string{"status": "done"}); got < 2 {
		t.Errorf("%v imports timed, want the demo's incidents and activity", got)
	}
	ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/cells?res=8", "")
	ts.MustSend(t, http.StatusOK, "analyst", http.MethodGet, "/api/v1/cells?res=8", "")
	after := scrape(t, wrap, token)
	hits := sample(after, "placesafe_aggregate_cache_lookups_total", map[string]string{"result": "hit"}) -
		sample(before, "placesafe_aggregate_cache_lookups_total", map[string]string{"result": "hit"})
	if hits < 1 {
		t.Errorf("a repeated map request made %v cache hits", hits)
	}
}

var metricName = regexp.MustCompile(`\b(placesafe_[a-z_]+?)(_bucket)?\b`)

// TestGrafanaDashboardReadsServedMetrics keeps docs/grafana-placesafe.json in step with the
// metrics the service serves.
func TestGrafanaDashboardReadsServedMetrics(t *testing.T) {
	b, err := os.ReadFile("../../docs/grafana-placesafe.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.MetricsToken = "metrics-scraper-token-0123456789"
	ts := newTestServerWith(t, cfg)
	ts.do(t, "analyst", http.MethodGet, "/api/v1/auth/me", "", "")
	families := scrape(t, ts, cfg.MetricsToken)
	served := map[string]bool{}
	for name, f := range families {
		served[name] = true
		if f.GetType() == dto.MetricType_HISTOGRAM {
			served[name+"_bucket"] = true
		}
	}
	// Series that appear only once something happened: declared by the service all the same.
	for _, name := range []string{"placesafe_import_rows_total", "placesafe_import_duration_seconds_bucket", "placesafe_evidence_pack_builds_total",
		"placesafe_aggregate_cache_lookups_total"} {
		served[name] = true
	}
	for _, m := range metricName.FindAllStringSubmatch(string(b), -1) {
		name := m[1] + m[2]
		if !served[name] {
			t.Errorf("the Grafana dashboard reads %s, which /metrics does not serve", name)
		}
	}
}
