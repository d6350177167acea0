// Package metrics holds the service's Prometheus metrics: requests by route and status, imports,
// evidence pack builds, the aggregate cache, the pack queue, the database pool and the Go
// runtime, in a registry of the service's own (never the global one, so that two services in one
// process do not collide).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one service's collectors and the registry that serves them.
type Metrics struct {
	Registry *prometheus.Registry

	requests     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	importRows   *prometheus.CounterVec
	importTime   *prometheus.HistogramVec
	packs        *prometheus.CounterVec
	packTime     prometheus.Histogram
	cacheLookups *prometheus.CounterVec
}

// New registers the service's collectors, the Go runtime's and the process's.
func New() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{Registry: r,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "placesafe_http_requests_total",
			Help: "HTTP requests answered, by route template, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "placesafe_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template, method and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route", "method", "status"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "placesafe_import_rows_total",
			Help: "Rows of imports that ended, by kind of record and outcome (read, imported, skipped, duplicate)."}, []string{"kind", "outcome"}),
		importTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "placesafe_import_duration_seconds",
			Help:    "Time an import took, by kind of record and final status (done, rejected, failed).",
			Buckets: prometheus.ExponentialBuckets(0.1, 2, 14)}, []string{"kind", "status"}),
		packs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "placesafe_evidence_pack_builds_total",
			Help: "Evidence pack builds that ended, by status (done, failed)."}, []string{"status"}),
		packTime: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "placesafe_evidence_pack_build_duration_seconds",
			Help: "Time an evidence pack build took, waiting included.", Buckets: prometheus.ExponentialBuckets(0.5, 2, 12)}),
		cacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "placesafe_aggregate_cache_lookups_total",
			Help: "Lookups in the cache of cell aggregates, by result (hit, miss)."}, []string{"result"}),
	}
	r.MustRegister(m.requests, m.latency, m.importRows, m.importTime, m.packs, m.packTime, m.cacheLookups,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Middleware counts and times every request by its route template (not its URL, so that ids
// do not make a series each). It must be the outermost middleware: an error is rendered here
// so that the status counted is the one sent.
func (m *Metrics) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil && !c.Response().Committed {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			labels := prometheus.Labels{"route": route, "method": c.Request().Method,
				"status": strconv.Itoa(c.Response().Status)}
			m.requests.With(labels).Inc()
			m.latency.With(labels).Observe(time.Since(start).Seconds())
			return nil
		}
	}
}

// ObserveImport records an import that ended.
func (m *Metrics) ObserveImport(kind, status string, read, imported, skipped, duplicate int64, d time.Duration) {
	for outcome, n := range map[string]int64{"read": read, "imported": imported, "skipped": skipped, "duplicate": duplicate} {
		m.importRows.WithLabelValues(kind, outcome).Add(float64(n))
	}
	m.importTime.WithLabelValues(kind, status).Observe(d.Seconds())
}

// ObservePack records an evidence pack build that ended.
func (m *Metrics) ObservePack(status string, d time.Duration) {
	m.packs.WithLabelValues(status).Inc()
	m.packTime.Observe(d.Seconds())
}

// CacheLookup records a lookup in the aggregate cache.
func (m *Metrics) CacheLookup(hit bool) {
	r := "miss"
	if hit {
		r = "hit"
	}
	m.cacheLookups.WithLabelValues(r).Inc()
}

// Gauge registers a gauge read from f at every scrape.
func (m *Metrics) Gauge(name, help string, f func() float64) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// Pool registers the database pool's statistics.
func (m *Metrics) Pool(pool *pgxpool.Pool) { m.Registry.MustRegister(poolCollector{pool}) }
