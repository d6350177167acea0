package postgres_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
)

func TestOpenCreatesDatabaseAndMigrates(t *testing.T) {
	url, name := pgtest.NewDatabaseURL(t)
	t.Cleanup(func() { pgtest.DropDatabase(t, name) })
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	db, err := postgres.Open(ctx, url, log)
	if err != nil {
		t.Fatalf("first open: %v", err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready after migrate: %v", err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, "SELECT count(*) FROM incidents").Scan(&n); err != nil {
		t.Fatalf("incidents table missing: %v", err)
	}
	db.Close()

	// A second open finds the database and nothing left to apply.
	db, err = postgres.Open(ctx, url, log)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer db.Close()
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready on reopen: %v", err)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, "INSERT INTO audit_log (action) VALUES ('test')"); err != nil {
		t.Fatalf("insert: %v", err)
	}
	for _, stmt := range []string{"UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log"} {
		if _, err := db.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded; the audit log must be append-only", stmt)
		}
	}
}
