package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reads pgxpool's statistics at each scrape.
type poolCollector struct{ pool *pgxpool.Pool }

var poolDescs = struct {
	total, idle, acquired, max, acquires, waited, waitSeconds *prometheus.Desc
}{
	total:       prometheus.NewDesc("placesafe_db_pool_connections", "Connections open in the database pool.", nil, nil),
	idle:        prometheus.NewDesc("placesafe_db_pool_idle_connections", "Idle connections in the database pool.", nil, nil),
	acquired:    prometheus.NewDesc("placesafe_db_pool_acquired_connections", "Connections in use.", nil, nil),
	max:         prometheus.NewDesc("placesafe_db_pool_max_connections", "The pool's largest size.", nil, nil),
	acquires:    prometheus.NewDesc("placesafe_db_pool_acquires_total", "Connections taken from the pool.", nil, nil),
	waited:      prometheus.NewDesc("placesafe_db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", nil, nil),
	waitSeconds: prometheus.NewDesc("placesafe_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil),
}

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolDescs.total, poolDescs.idle, poolDescs.acquired, poolDescs.max,
		poolDescs.acquires, poolDescs.waited, poolDescs.waitSeconds} {
		ch <- d
	}
}

func (p poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := p.pool.Stat()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(poolDescs.total, float64(s.TotalConns()))
	gauge(poolDescs.idle, float64(s.IdleConns()))
	gauge(poolDescs.acquired, float64(s.AcquiredConns()))
	gauge(poolDescs.max, float64(s.MaxConns()))
	counter(poolDescs.acquires, float64(s.AcquireCount()))
	counter(poolDescs.waited, float64(s.EmptyAcquireCount()))
	counter(poolDescs.waitSeconds, s.AcquireDuration().Seconds())
}
