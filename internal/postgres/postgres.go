// Package postgres opens placesafe's PostgreSQL database: it creates the database when it is
// missing, applies the embedded migrations under an advisory lock, and hands out a pgx pool.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/placesafe/placesafe/migrations"
)

// DB is the open database: a pgx pool for the service and the migration provider that
// /readyz asks whether anything is pending.
type DB struct {
	Pool     *pgxpool.Pool
	provider *goose.Provider
	sqlDB    *sql.DB
}

// DefaultMaxConns is the connection pool's size unless DATABASE_URL sets pool_max_conns.
const DefaultMaxConns = 16

// Open connects to url, creating the database first when it does not exist, and applies
// every pending migration. It fails with a message that says how to start PostgreSQL when the
// server is unreachable.
func Open(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	// pgxpool's default (the larger of 4 and the cores) lets a few slow requests hold every
	// connection while quick ones queue behind them; 16 keeps a map workload of 16 clients,
	// one import and a few slow reads moving. pool_max_conns in the URL overrides it.
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	// The service's queries are short and many: compiling them with JIT cost more than it saved
	// (about 170 ms of compilation on a cell panel over 200,000 records). jit in the URL
	// overrides it.
	if _, set := cfg.ConnConfig.RuntimeParams["jit"]; !set {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	if err := EnsureDatabase(ctx, cfg.ConnConfig); err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	// pgxpool.New returns before connecting: ping so that a bad URL fails here.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", cfg.ConnConfig.Database, err)
	}
	db := &DB{Pool: pool, sqlDB: stdlib.OpenDBFromPool(pool)}
	if err := db.migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// EnsureDatabase creates the database named in cc when it does not exist, connecting to the
// server's maintenance database "postgres" to do so.
func EnsureDatabase(ctx context.Context, cc *pgx.ConnConfig) error {
	admin := cc.Copy()
	admin.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return fmt.Errorf("PostgreSQL is unreachable at %s:%d (start it, e.g. `pg_ctlcluster 15 main start`, or set DATABASE_URL): %w", cc.Host, cc.Port, err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", cc.Database).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %q: %w", cc.Database, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cc.Database}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // created meanwhile by another process
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %q: %w", cc.Database, err)
	}
	return nil
}

func (db *DB) migrate(ctx context.Context, log *slog.Logger) error {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	db.provider, err = goose.NewProvider(goose.DialectPostgres, db.sqlDB, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	results, err := db.provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "source", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// Ready reports an error when the database is unreachable or a migration is pending.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Pool.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	pending, err := db.provider.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("check migrations: %w", err)
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// Close releases the pool.
func (db *DB) Close() {
	if db.sqlDB != nil {
		db.sqlDB.Close()
	}
	db.Pool.Close()
}

// IsUniqueViolation reports whether err is PostgreSQL refusing a row that a unique constraint
// already holds, which stores answer as a conflict naming the value.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
