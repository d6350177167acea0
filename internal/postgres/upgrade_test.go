package postgres_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/migrations"
)

// beforeLocalAreas is the last schema version of a deployment with one study area.
const beforeLocalAreas = 18

// databaseAt creates a database migrated to version only, as a deployment of that version left
// it, and returns its URL and a connection to fill it with.
func databaseAt(ctx context.Context, t *testing.T, version int64) (string, *sql.DB) {
	t.Helper()
	url, name := pgtest.NewDatabaseURL(t)
	cc, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	if err := postgres.EnsureDatabase(ctx, cc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropDatabase(t, name) })
	old, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, old, migrations.FS, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		t.Fatalf("migrate to version %d: %v", version, err)
	}
	return url, old
}

// upgrade fills the old deployment's database with statements, closes it and opens it as this
// version does, which upgrades it.
func upgrade(ctx context.Context, t *testing.T, url string, old *sql.DB, statements ...string) *postgres.DB {
	t.Helper()
	for _, q := range statements {
		if _, err := old.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, url, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// TestSingleAreaDeploymentUpgradesToLocalAreas: a database of a deployment with one study area
// upgrades with every record, user and inspection kept, and the study area becomes its one
// local area, holding everything.
func TestSingleAreaDeploymentUpgradesToLocalAreas(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url, old := databaseAt(ctx, t, beforeLocalAreas)
	// A deployment as it was: a study area, two users, an import of incidents with their
	// summed cells, an activity, a place, an intervention and an inspection.
	db := upgrade(ctx, t, url, old,
		`INSERT INTO users (email, password_hash, role) VALUES ('lead@borough.example', 'x', 'admin'), ('partner@borough.example', 'x', 'partner')`,
		`INSERT INTO study_area (id, name, geojson) VALUES (1, 'Borough', '{"type":"MultiPolygon","coordinates":[[[[-0.1,51.5],[-0.09,51.5],[-0.09,51.51],[-0.1,51.51],[-0.1,51.5]]]]}')`,
		`INSERT INTO imports (id, kind, format, status) VALUES (1, 'incidents', 'placesafe', 'done'), (2, 'activity', 'placesafe', 'done')`,
		`INSERT INTO incidents (import_id, row_key, occurred_at, time_precision, category, harm_weight, lat, lng, h3_cell)
			SELECT 1, int8send(g), '2024-03-01T12:00:00Z', 'exact', 'robbery', 1, 51.505, -0.095, 644734577183412650 FROM generate_series(1, 3) g`,
		`INSERT INTO incident_cells (import_id, cell, day, category, n, harm) VALUES (1, 622216579046686719, '2024-03-01', 'robbery', 3, 3)`,
		`INSERT INTO activities (import_id, row_key, started_at, duration_minutes, activity_type, partner, lat, lng, h3_cell)
			VALUES (2, '\x01', '2024-03-01T12:00:00Z', 60, 'patrol', 'police', 51.505, -0.095, 644734577183412650)`,
		`INSERT INTO places (id, kind, name, geojson) VALUES (1, 'park', 'The Green', '{"type":"Point","coordinates":[-0.095,51.505]}')`,
		`INSERT INTO interventions (id, title, methodology, lead_agency, status) VALUES (1, 'Park guardians', 'guardianship', 'council', 'active')`,
		`INSERT INTO intervention_places VALUES (1, 1)`,
		`INSERT INTO consultations (id, held_on, method) VALUES (1, '2024-02-10', 'walkabout')`,
		`INSERT INTO inspections (id, framework, framework_version, local_area, notified_on, status) VALUES (1, 'criminal_exploitation', 1, 'Borough', '2025-01-06', 'notified')`,
	)
	for _, c := range []struct {
		what, query string
		want        int64
	}{
		{"local areas", `SELECT count(*) FROM local_areas WHERE id = 1 AND name = 'Borough' AND ons_code IS NULL
			AND geojson->>'type' = 'MultiPolygon'`, 1},
		{"users, each seeing the whole deployment", `SELECT count(*) FROM users WHERE all_areas`, 2},
		{"incidents in the local area", `SELECT count(*) FROM incidents WHERE local_area_id = 1`, 3},
		{"summed cells in the local area", `SELECT sum(n) FROM incident_cells WHERE local_area_id = 1`, 3},
		{"activities in the local area", `SELECT count(*) FROM activities WHERE local_area_id = 1`, 1},
		{"inspections of the local area", `SELECT count(*) FROM inspections WHERE local_area_id = 1 AND local_area = 'Borough'`, 1},
		{"places in the local area", `SELECT count(*) FROM place_local_areas WHERE place_id = 1 AND local_area_id = 1`, 1},
		{"interventions in the local area", `SELECT count(*) FROM intervention_local_areas WHERE intervention_id = 1 AND local_area_id = 1`, 1},
		{"intervention places kept", `SELECT count(*) FROM intervention_places`, 1},
		{"consultations in the local area", `SELECT count(*) FROM consultation_local_areas WHERE consultation_id = 1 AND local_area_id = 1`, 1},
		{"no study area table left", `SELECT count(*) FROM pg_tables WHERE tablename = 'study_area'`, 0},
	} {
		var got int64
		if err := db.Pool.QueryRow(ctx, c.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	// New rows must name an existing area: the constraint holds for them.
	_, err := db.Pool.Exec(ctx, `INSERT INTO inspections (framework, framework_version, local_area, notified_on, status, local_area_id)
		VALUES ('criminal_exploitation', 1, 'Elsewhere', '2025-02-03', 'notified', 99)`)
	if err == nil {
		t.Error("an inspection of a local area that does not exist was stored")
	}
	// A second local area gets the next id.
	var next int64
	if err := db.Pool.QueryRow(ctx, `INSERT INTO local_areas (name, ons_code, geojson) VALUES ('North', 'E09000001', '{}') RETURNING id`).Scan(&next); err != nil || next != 2 {
		t.Errorf("next local area id = %d, %v; want 2", next, err)
	}
	// New accounts see nothing until given their areas.
	var all bool
	if err := db.Pool.QueryRow(ctx, `INSERT INTO users (email, password_hash, role) VALUES ('new@borough.example', 'x', 'partner') RETURNING all_areas`).Scan(&all); err != nil || all {
		t.Errorf("a new account's all_areas = %v, %v; want false", all, err)
	}
}

// TestDeploymentWithoutStudyAreaUpgrades: without a study area there is no local area to place
// anything in; records stay, belonging to none.
func TestDeploymentWithoutStudyAreaUpgrades(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url, old := databaseAt(ctx, t, beforeLocalAreas)
	db := upgrade(ctx, t, url, old, `INSERT INTO imports (id, kind, format, status) VALUES (1, 'incidents', 'placesafe', 'done');
		INSERT INTO incidents (import_id, row_key, occurred_at, time_precision, category, harm_weight, lat, lng, h3_cell)
		VALUES (1, '\x01', '2024-03-01T12:00:00Z', 'exact', 'robbery', 1, 51.505, -0.095, 644734577183412650)`)
	var areas, unplaced int64
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM local_areas), (SELECT count(*) FROM incidents WHERE local_area_id IS NULL)`).Scan(&areas, &unplaced); err != nil {
		t.Fatal(err)
	}
	if areas != 0 || unplaced != 1 {
		t.Errorf("local areas %d, incidents in none %d; want 0 and 1", areas, unplaced)
	}
}
