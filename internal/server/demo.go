package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/demo/seed"
	"github.com/placesafe/placesafe/internal/ingest"
)

// DemoPassword is the password of the demo accounts that `serve --demo` creates in an empty
// database; it is for a local demonstration only, and said so in the README.
const DemoPassword = "northbridge-demo"

// demoUsers are the demo accounts, one per role.
var demoUsers = []struct{ email, role string }{
	{"admin@northbridge.example", "admin"},
	{"analyst@northbridge.example", "analyst"},
	{"vrp@northbridge.example", "vrp_lead"},
	{"partner@northbridge.example", "partner"},
	{"inspector@northbridge.example", "inspector"},
}

// LoadDemo fills an empty database with the demo borough made with o: one account per role,
// study area, places, incidents, activity, interventions, consultations and a saved analysis.
// A database that already holds records is left alone (and users are only made in one with
// none).
func (srv *Server) LoadDemo(ctx context.Context, o demo.Options, log *slog.Logger) error {
	db := srv.db
	var records, users int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM activities),
		(SELECT count(*) FROM users)`).Scan(&records, &users); err != nil {
		return err
	}
	if users == 0 {
		for _, u := range demoUsers {
			if _, err := srv.Auth.CreateUser(ctx, u.email, u.role, DemoPassword); err != nil {
				return err
			}
		}
		log.Info("demo accounts created", "password", DemoPassword, "admin", demoUsers[0].email)
	}
	if records > 0 {
		log.Info("database already holds records; demo data not loaded", "records", records)
		return nil
	}
	start := time.Now()
	b, err := demo.Generate(o)
	if err != nil {
		return err
	}
	if err := srv.LoadBorough(ctx, b, demoUsers[1].email, demoUsers[2].email, log); err != nil {
		return err
	}
	if err := srv.DemoInspections(ctx, b.Name); err != nil {
		return err
	}
	log.Info("demo borough loaded", "name", b.Name, "duration", time.Since(start).String())
	return nil
}

// LoadBorough loads the demo borough b into the stores: its study area, places, incidents and
// activity, then its interventions, consultations and saved analysis, authored as the account
// author and reviewed as reviewer (by e-mail; a missing account leaves the step to the system).
func (srv *Server) LoadBorough(ctx context.Context, b *demo.Borough, author, reviewer string, log *slog.Logger) error {
	var boundary bytes.Buffer
	if err := b.WriteBoundaryGeoJSON(&boundary); err != nil {
		return err
	}
	if _, err := srv.Area.Set(ctx, b.Name, boundary.Bytes()); err != nil {
		return err
	}
	if _, err := seed.Places(ctx, srv.Places, b.Places); err != nil {
		return err
	}
	for _, f := range []struct {
		kind  string
		write func(io.Writer) error
	}{{ingest.KindIncidents, b.WriteIncidentsCSV}, {ingest.KindActivity, b.WriteActivityCSV}} {
		o := ingest.Options{Kind: f.kind, Format: ingest.FormatPlacesafe, Filename: "demo-" + f.kind + ".csv"}
		id, err := srv.Imports.Create(ctx, &o)
		if err != nil {
			return err
		}
		// The writer starts only once there is an import to read it, and closing the reader
		// after the run ends it whether or not the import read everything.
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(f.write(pw)) }()
		rep, err := srv.Imports.Run(ctx, id, o, pr)
		pr.Close() // a pipe reader's Close always returns nil
		if err != nil {
			return fmt.Errorf("import demo %s: %w", f.kind, err)
		}
		log.Info("demo data imported", "kind", f.kind, "rows", rep.RowsImported, "skipped", rep.RowsSkipped)
	}
	return seed.Interventions(ctx, srv.db.Pool, srv.Layers, b, author, reviewer)
}
