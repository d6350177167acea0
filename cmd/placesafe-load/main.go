// Command placesafe-load builds a large generated data set through the real import path and
// replays a mixed map workload against it, printing the figures BENCHMARKS.md reports.
//
//	placesafe-load build -db URL -incidents 10000000 -years 10 -areas 4
//	placesafe-load run -db URL
//
// build generates side-by-side copies of the demo borough (each a local authority of the
// study area) and imports their incidents in files of up to a million rows. run serves the
// database in this process on a loopback port and measures, over HTTP with a bearer token:
// /hotspots at resolutions 9 and 10 with every request a distinct period, the emerging hot spot
// analysis over the whole span, outcome evaluations of a cell against a given and a suggested
// control, and a mixed workload (period sliders, category filters, emerging analyses, cell
// panels) while one more file is imported; and the process's peak RSS.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/server"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: placesafe-load build|run [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	db := fs.String("db", "postgres://postgres@127.0.0.1:5432/placesafe_load?sslmode=disable", "database (created when missing)")
	o := buildOptions{}
	fs.IntVar(&o.incidents, "incidents", 10_000_000, "incidents to generate (build)")
	fs.IntVar(&o.years, "years", 10, "years of data (build)")
	fs.IntVar(&o.areas, "areas", 4, "local authorities (build)")
	r := runOptions{}
	fs.IntVar(&r.clients, "clients", 16, "concurrent clients (run)")
	fs.IntVar(&r.requests, "requests", 320, "requests per measured case (run)")
	fs.DurationVar(&r.mixed, "mixed", 60*time.Second, "length of the mixed workload (run)")
	fs.IntVar(&r.importRows, "import-rows", 100_000, "rows of the file imported during the mixed workload (run)")
	fs.StringVar(&r.scope, "scope", "syv", "age scope of every request: syv (the map's default) or all (run)")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (run)")
	_ = fs.Parse(os.Args[2:])
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d, err := postgres.Open(ctx, *db, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer d.Close()
	cfg := config.Default()
	srv := server.New(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	switch os.Args[1] {
	case "build":
		err = build(ctx, srv, d.Pool, o)
	case "run":
		err = run(ctx, srv, d.Pool, r)
	default:
		err = fmt.Errorf("unknown command %q: want build or run", os.Args[1])
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
