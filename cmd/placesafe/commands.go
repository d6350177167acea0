package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/server"
)

// open reads the configuration and opens (creating and migrating) the database.
func open(ctx context.Context, stderr io.Writer) (config.Config, *postgres.DB, *slog.Logger, error) {
	cfg, err := config.FromEnv()
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return cfg, nil, nil, fmt.Errorf("configuration: %w", err)
	}
	log := newLogger(stderr, cfg.LogLevel)
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, db, log, nil
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

func cmdMigrate(ctx context.Context, args []string, stderr io.Writer) error {
	if err := parseFlags(flag.NewFlagSet("migrate", flag.ContinueOnError), args); err != nil {
		return err
	}
	_, db, log, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("database is up to date")
	return nil
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("import: want `import incidents|activity --format F FILE`")
	}
	kind := args[0]
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	format := fs.String("format", ingest.FormatPlacesafe, "placesafe, policeuk (a CSV or a police.uk ZIP archive) or geojson")
	scope := fs.String("scope", "", "syv (default) or all")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import: give exactly one FILE")
	}
	o := ingest.Options{Kind: kind, Format: *format, Scope: *scope, Filename: filepath.Base(fs.Arg(0))}
	if err := o.Validate(); err != nil {
		return usagef("import: %v", err)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close() // read only
	cfg, db, log, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	srv := server.New(cfg, db, log)
	id, err := srv.Imports.Create(ctx, &o)
	if err != nil {
		return err
	}
	rep, err := srv.Imports.Run(ctx, id, o, bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return describe(err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func cmdAreaSet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("area set", flag.ContinueOnError)
	name := fs.String("name", "", "a name for the study area")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("area set: give exactly one FILE")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	cfg, db, log, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	sa, pl, err := server.New(cfg, db, log).Area.Set(ctx, *name, data)
	if err != nil {
		return describe(err)
	}
	b := sa.Area.Bound()
	fmt.Fprintf(stdout, "study area %q set: %d polygon(s), bounds %.5f,%.5f to %.5f,%.5f\n",
		sa.Name, len(sa.Area.MultiPolygon()), b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	if pl != nil {
		fmt.Fprintf(stdout, "moved in or out: %d incidents, %d activity records, %d places; now outside it: %d, %d, %d\n",
			pl.Moved.Incidents, pl.Moved.Activities, pl.Moved.Places, pl.Outside.Incidents, pl.Outside.Activities, pl.Outside.Places)
		if pl.Note != "" {
			fmt.Fprintln(stdout, pl.Note)
		}
	}
	return nil
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	email := fs.String("email", "", "the user's email")
	role := fs.String("role", "", strings.Join(auth.Roles, ", "))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usagef("user add: --email and --role are required")
	}
	pw, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	pw = strings.TrimRight(pw, "\r\n")
	_, db, _, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.NewStore(db.Pool).CreateUser(ctx, *email, *role, pw)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "user %d %s added with role %s\n", u.ID, u.Email, u.Role)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "the user the token acts for")
	name := fs.String("name", "cli", "a label for the token")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return usagef("token create: --email is required")
	}
	cfg, db, _, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	store := auth.NewStore(db.Pool)
	store.TokenTTL = cfg.TokenTTL
	u, err := store.UserByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	t, secret, err := store.CreateToken(ctx, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	fmt.Fprintf(stderr, "the token expires at %s\n", t.ExpiresAt.Format(time.RFC3339))
	return nil
}

func cmdDemoWrite(args []string) error {
	if len(args) != 1 {
		return usagef("demo write: give exactly one DIR")
	}
	b, err := demo.Generate(demoOptions(time.Now()))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(args[0], 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(io.Writer) error{
		"boundary.geojson": b.WriteBoundaryGeoJSON, "incidents.csv": b.WriteIncidentsCSV, "activity.csv": b.WriteActivityCSV,
		"local-areas.geojson": b.WriteLocalAreasGeoJSON, "population.csv": b.WritePopulationCSV} {
		if err := writeFile(filepath.Join(args[0], name), write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close() // the write's error is the one to report
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		f.Close() // the flush's error is the one to report
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
