package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/server"
)

// cmdExportEvidencePack builds an inspection's evidence pack as the user with --email would
// get it (their role decides suppression), writes the ZIP and prints the manifest's summary.
func cmdExportEvidencePack(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export evidence-pack", flag.ContinueOnError)
	id := fs.Int64("inspection", 0, "the inspection's id")
	email := fs.String("email", "", "the user the pack is built for (their role decides suppression)")
	out := fs.String("out", "", "the ZIP to write (default placesafe-evidence-pack-<id>.zip)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *id <= 0 || *email == "" || fs.NArg() != 0 {
		return usagef("export evidence-pack: want --inspection ID --email E [--out FILE]")
	}
	path := *out
	if path == "" {
		path = fmt.Sprintf("placesafe-evidence-pack-%d.zip", *id)
	}
	cfg, db, log, err := open(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	srv := server.New(cfg, db, log)
	u, err := srv.Auth.UserByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Email: u.Email, RequestID: "cli"})
	pack, err := srv.PackBuilder().Build(ctx, *id, u.Role, nil)
	if err != nil {
		return describe(err)
	}
	// A pack for a record-level role holds exact counts: readable by its owner only.
	if err := os.WriteFile(path, pack.Zip, 0o600); err != nil {
		return err
	}
	if err := srv.Exports.RecordWrite(ctx, pack, *id, u.Role, path); err != nil {
		return err
	}
	printSummary(stdout, path, pack)
	return nil
}

// printSummary writes what the pack is and holds.
func printSummary(w io.Writer, path string, pack *export.Pack) {
	m := pack.Manifest
	suppression := "not applied (exact counts: keep this file to record-level users)"
	if m.Suppression.Applied {
		suppression = fmt.Sprintf("applied: counts below %d shown as %s", m.Suppression.Threshold, m.Suppression.Mark)
	}
	fmt.Fprintf(w, "evidence pack of inspection %d (%s, %s) written to %s\n", m.Inspection.ID, m.Inspection.LocalArea, m.Inspection.Framework, path)
	fmt.Fprintf(w, "  %d bytes, sha256 %s\n", len(pack.Zip), pack.SHA256)
	fmt.Fprintf(w, "  built for role %s; suppression %s\n", m.Role, suppression)
	fmt.Fprintf(w, "  placesafe %s, generated %s, data as of %s\n", m.Version, m.GeneratedAt.Format("2006-01-02 15:04:05 UTC"), m.DataAsOf.Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(w, "  hot spots %s to %s (res %d, k %d, %s kernel, fdr %t)\n", m.Periods.Hotspots.From, m.Periods.Hotspots.To,
		m.Parameters.Res, m.Parameters.K, m.Parameters.Kernel, m.Parameters.FDR)
	var sources []string
	for _, s := range m.DataSources {
		sources = append(sources, fmt.Sprintf("%d %s %s", s.ImportID, s.Kind, s.Filename))
	}
	if len(sources) == 0 {
		sources = append(sources, "none")
	}
	fmt.Fprintf(w, "  data sources: %s\n", strings.Join(sources, "; "))
	var rows []string
	for _, n := range slices.Sorted(maps.Keys(m.Rows)) {
		rows = append(rows, fmt.Sprintf("%s %d", n, m.Rows[n]))
	}
	fmt.Fprintf(w, "  rows: %s\n", strings.Join(rows, ", "))
	fmt.Fprintf(w, "  %d files, listed with their SHA-256 in manifest.json\n", len(m.Files)+1)
	for _, note := range m.Notes {
		fmt.Fprintf(w, "  note: %s\n", note)
	}
}
