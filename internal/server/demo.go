package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/demo/seed"
	"github.com/placesafe/placesafe/internal/ingest"
)

// DemoPassword is the password of the demo accounts that `serve --demo` creates in an empty
// database; it is for a local demonstration only, and said so in the README.
const DemoPassword = "northbridge-demo"

// demoUsers are the demo accounts, one per role, each seeing the whole deployment.
var demoUsers = []struct{ email, role string }{
	{"admin@northbridge.example", "admin"},
	{"analyst@northbridge.example", "analyst"},
	{"vrp@northbridge.example", "vrp_lead"},
	{"partner@northbridge.example", "partner"},
	{"inspector@northbridge.example", "inspector"},
}

// demoLocalUsers are the accounts of a VRU demo that see one local area, named.
var demoLocalUsers = []struct{ email, role, area string }{
	{"partner.eastmere@northbridge.example", "partner", "Eastmere"},
	{"analyst.fernley@northbridge.example", "analyst", "Fernley"},
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
	if users == 0 {
		if err := srv.demoLocalUsers(ctx); err != nil {
			return err
		}
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
	if err := srv.demoAreas(ctx, b); err != nil {
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

// demoAreas makes the borough b the study area: one local area, or the local areas of a VRU
// borough with their population figures.
func (srv *Server) demoAreas(ctx context.Context, b *demo.Borough) error {
	if len(b.LocalAreas) == 0 {
		var boundary bytes.Buffer
		if err := b.WriteBoundaryGeoJSON(&boundary); err != nil {
			return err
		}
		_, _, err := srv.Area.Set(ctx, b.Name, boundary.Bytes())
		return err
	}
	for _, a := range b.LocalAreas {
		f, err := a.Feature().MarshalJSON()
		if err != nil {
			return err
		}
		if _, _, err := srv.Area.AddLocal(ctx, area.NewLocalArea{Name: a.Name, ONSCode: &a.ONSCode, Boundary: f}); err != nil {
			return fmt.Errorf("demo local area %s: %w", a.Name, err)
		}
	}
	var population bytes.Buffer
	if err := b.WritePopulationCSV(&population); err != nil {
		return err
	}
	_, err := srv.Area.SetPopulation(ctx, population.Bytes())
	return err
}

// demoLocalUsers makes the accounts of a VRU demo that see one local area, when it has them.
func (srv *Server) demoLocalUsers(ctx context.Context) error {
	for _, u := range demoLocalUsers {
		id, err := srv.demoAreaID(ctx, u.area)
		if err != nil {
			return err
		}
		if id == nil {
			continue
		}
		if _, err := srv.Auth.CreateUser(ctx, u.email, u.role, DemoPassword, auth.AreasRequest{LocalAreas: []int64{*id}}); err != nil {
			return err
		}
	}
	return nil
}

// demoAreaID is the id of the local area named name, or nil when there is none (a demo of one
// borough).
func (srv *Server) demoAreaID(ctx context.Context, name string) (*int64, error) {
	locals, err := srv.Area.Locals(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo local area %s: %w", name, err)
	}
	for _, l := range locals {
		if l.Name == name {
			return &l.ID, nil
		}
	}
	return nil, nil
}
