// Package pgtest gives tests a fresh, migrated database of their own on the real PostgreSQL
// server. Tests never skip when the server is down: they fail and say how to start it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/postgres"
)

// ServerURL is the PostgreSQL server tests use; PLACESAFE_TEST_DATABASE_URL overrides it (its
// database name is ignored: each test gets a fresh one).
func ServerURL() string {
	if u := os.Getenv("PLACESAFE_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// MustOpenDB creates a uniquely named database, migrates it and drops it when tb ends.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	url, name := NewDatabaseURL(tb)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, url, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil && strings.Contains(err.Error(), "unreachable") {
		tb.Fatalf("open test database: %v\nplacesafe tests need PostgreSQL at %s (trust auth, user postgres); start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`", err, ServerURL())
	}
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() {
		db.Close()
		DropDatabase(tb, name)
	})
	return db
}

// NewDatabaseURL returns the URL of a not-yet-created database with a unique name, and the
// name. The caller (or postgres.Open) creates it; DropDatabase removes it.
func NewDatabaseURL(tb testing.TB) (string, string) {
	tb.Helper()
	cfg, err := pgx.ParseConfig(ServerURL())
	if err != nil {
		tb.Fatalf("parse test server URL: %v", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "placesafe_test_" + hex.EncodeToString(b)
	url := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
	return url, name
}

// DatabaseURL returns the URL of a not-yet-created database with a unique name, which is
// dropped when tb ends. The caller (or postgres.Open) creates it.
func DatabaseURL(tb testing.TB) string {
	tb.Helper()
	url, name := NewDatabaseURL(tb)
	tb.Cleanup(func() { DropDatabase(tb, name) })
	return url
}

// DropDatabase drops a test database, closing any connection still open to it.
func DropDatabase(tb testing.TB, name string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		tb.Errorf("drop test database %s: %v", name, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		tb.Errorf("drop test database %s: %v", name, err)
	}
}
