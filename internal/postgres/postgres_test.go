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
	url := pgtest.DatabaseURL(t)
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
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready on reopen: %v", err)
	}
	// The service's connections do not compile queries with JIT unless the URL asks for it.
	var jit string
	if err := db.Pool.QueryRow(ctx, "SHOW jit").Scan(&jit); err != nil || jit != "off" {
		t.Errorf("jit on the service's connections: %q (%v), want off", jit, err)
	}
	db.Close()
	db, err = postgres.Open(ctx, url+"&jit=on", log)
	if err != nil {
		t.Fatalf("open asking for JIT: %v", err)
	}
	defer db.Close()
	if err := db.Pool.QueryRow(ctx, "SHOW jit").Scan(&jit); err != nil || jit != "on" {
		t.Errorf("jit asked for in the URL: %q (%v), want on", jit, err)
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

// TestRecordsKeepTheirLondonMonth: the month stored with each record is its calendar month in
// London, across the clock changes (BST starts 31 March 2024 at 01:00 UTC, ends 27 October).
func TestRecordsKeepTheirLondonMonth(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tests := []struct {
		at   string
		want int // months since year 0
	}{
		{"2024-01-31 23:30:00+00", 2024*12 + 0}, // GMT: still 31 January in London
		{"2024-03-31 23:30:00+00", 2024*12 + 3}, // BST: 00:30 on 1 April in London
		{"2024-04-30 22:59:59+00", 2024*12 + 3}, // 23:59:59 on 30 April in London
		{"2024-04-30 23:00:00+00", 2024*12 + 4}, // midnight, 1 May in London
		{"2024-10-31 23:59:00+00", 2024*12 + 9}, // GMT again: 31 October
		{"2023-12-31 23:59:59+00", 2023*12 + 11},
	}
	for _, tt := range tests {
		var got int
		if err := db.Pool.QueryRow(ctx, "SELECT london_month($1::timestamptz)", tt.at).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("london_month(%s) = %d (%d-%02d), want %d (%d-%02d)", tt.at, got, got/12, got%12+1, tt.want, tt.want/12, tt.want%12+1)
		}
	}
}
