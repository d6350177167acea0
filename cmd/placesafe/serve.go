package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/server"
)

// Main is the running service: Run opens everything and starts serving, Close shuts it down.
// Tests run it on port 0 and talk to it over HTTP.
type Main struct {
	Config config.Config
	Demo   bool
	Log    *slog.Logger
	Out    io.Writer // where the plain "ready" line goes; nil for none

	DB     *postgres.DB
	Server *server.Server
	ln     net.Listener
	served chan error
	// metrics serves /metrics on PLACESAFE_METRICS_ADDR, when set.
	metrics   *http.Server
	metricsLn net.Listener
}

// Run opens the database, marks imports and evidence pack builds cut off by a restart as
// failed, empties the upload spool directory, loads the demo borough when asked and the database is empty, and starts serving in
// the background.
func (m *Main) Run(ctx context.Context) error {
	db, err := postgres.Open(ctx, m.Config.DatabaseURL, m.Log)
	if err != nil {
		return err
	}
	m.DB = db
	m.Server = server.New(m.Config, db, m.Log)
	if n, err := m.Server.Imports.FailInterrupted(ctx); err != nil {
		return err
	} else if n > 0 {
		m.Log.Warn("imports cut off by a restart marked failed; nothing of them was written", "count", n)
	}
	if n, err := m.Server.Exports.FailInterrupted(ctx); err != nil {
		return err
	} else if n > 0 {
		m.Log.Warn("evidence pack builds cut off by a restart marked failed", "count", n)
	}
	if n, err := ingest.CleanSpool(m.Config.SpoolDir); err != nil {
		return err
	} else if n > 0 {
		m.Log.Warn("uploads left by a stopped process removed from the spool directory", "count", n, "dir", m.Config.SpoolDir)
	}
	if m.Demo {
		if err := m.Server.LoadDemo(ctx, demoOptions(time.Now()), m.Log); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
	}
	// The cell index is built from the database before the first map request needs it.
	go func() {
		if err := m.Server.Hotspot.Load(ctx); err != nil {
			m.Log.Warn("cell index not loaded at start; the first map request loads it", "error", err)
		}
	}()
	m.ln, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.Server.Serve(m.ln) }()
	m.Log.Info("placesafe serving", "addr", m.ln.Addr().String())
	if m.Config.MetricsAddr != "" {
		if err := m.serveMetrics(); err != nil {
			return err
		}
	}
	if m.Out != nil { // one plain line for the person who started it, among the JSON logs
		fmt.Fprintf(m.Out, "placesafe is ready: open http://%s/\n", m.ln.Addr())
		if m.Demo {
			fmt.Fprintf(m.Out, "demo accounts: admin@, analyst@, vrp@, partner@ and inspector@northbridge.example, password %s\n", server.DemoPassword)
		}
	}
	return nil
}

// serveMetrics serves /metrics without sign-in on the separate metrics address.
func (m *Main) serveMetrics() error {
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (PLACESAFE_METRICS_ADDR): %w", m.Config.MetricsAddr, err)
	}
	m.metricsLn = ln
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Server.MetricsHandler())
	m.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: m.Config.Timeouts.ReadHeader,
		WriteTimeout: m.Config.Timeouts.Write, IdleTimeout: m.Config.Timeouts.Idle}
	go func() {
		if err := m.metrics.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Log.Error("metrics listener stopped", "error", err.Error())
		}
	}()
	m.Log.Info("metrics serving", "addr", ln.Addr().String())
	return nil
}

// MetricsAddr is the address the metrics listener is on, or "" when there is none.
func (m *Main) MetricsAddr() string {
	if m.metricsLn == nil {
		return ""
	}
	return m.metricsLn.Addr().String()
}

// Addr is the address the service listens on (useful with port 0).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close shuts the service down gracefully and closes the database.
func (m *Main) Close() error {
	var err error
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err = m.Server.Shutdown(ctx)
		if m.metrics != nil {
			err = errors.Join(err, m.metrics.Shutdown(ctx))
		}
		if m.served != nil {
			err = errors.Join(err, <-m.served)
		}
	}
	if m.DB != nil {
		m.DB.Close()
	}
	return err
}

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := config.FromEnv()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	withDemo := fs.Bool("demo", false, "load the demo borough into an empty database")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	m := &Main{Config: cfg, Demo: *withDemo, Log: newLogger(stderr, cfg.LogLevel), Out: stderr}
	if err := m.Run(ctx); err != nil {
		return errors.Join(err, m.Close())
	}

	select {
	case <-ctx.Done():
		m.Log.Info("shutting down")
	case err := <-m.served:
		m.served <- err // Close reads it again
	}
	return m.Close()
}
