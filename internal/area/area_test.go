package area_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
)

// TestGetFollowsAChangedArea: the parsed boundary is kept between reads, but a new boundary set
// through another Store (another process, say) is seen at once.
func TestGetFollowsAChangedArea(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	reader, writer := area.NewStore(db.Pool), area.NewStore(db.Pool)
	if sa, err := reader.Get(ctx); err != nil || sa != nil {
		t.Fatalf("no area set: got %v, %v", sa, err)
	}
	set := func(name, geojson string) {
		if _, _, err := writer.Set(ctx, name, []byte(geojson)); err != nil {
			t.Fatal(err)
		}
	}
	set("west", `{"type":"Polygon","coordinates":[[[-1,52],[-0.9,52],[-0.9,52.1],[-1,52.1],[-1,52]]]}`)
	first, err := reader.Get(ctx)
	if err != nil || first.Name != "west" || !first.Area.Contains(52.05, -0.95) {
		t.Fatalf("first read %+v, %v", first, err)
	}
	if again, _ := reader.Get(ctx); again != first {
		t.Error("an unchanged area was parsed again")
	}
	set("east", `{"type":"Polygon","coordinates":[[[1,52],[1.1,52],[1.1,52.1],[1,52.1],[1,52]]]}`)
	second, err := reader.Get(ctx)
	if err != nil || second.Name != "east" || second.Area.Contains(52.05, -0.95) || !second.Area.Contains(52.05, 1.05) {
		t.Errorf("after a change: %+v, %v", second, err)
	}
}

func TestOversizedStudyAreasAreRefusedNamingTheCap(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	s := area.NewStore(db.Pool)
	// A circle-like ring of 200,001 corners around a point in the Midlands.
	var ring strings.Builder
	const n = area.MaxVertices + 1
	for i := range n {
		a := 2 * math.Pi * float64(i%(n-1)) / float64(n-1)
		if i > 0 {
			ring.WriteString(",")
		}
		fmt.Fprintf(&ring, "[%.7f,%.7f]", -1+0.05*math.Cos(a), 52+0.05*math.Sin(a))
	}
	for _, c := range []struct{ name, geojson, want string }{
		{"too many corners", `{"type":"Polygon","coordinates":[[` + ring.String() + `]]}`, "limit of 200000"},
		{"too large", `{"type":"Polygon","coordinates":[[[-3,51],[0,51],[0,54],[-3,54],[-3,51]]]}`, "limit of 10000 km²"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := s.Set(context.Background(), c.name, []byte(c.geojson))
			if apperr.Code(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want an invalid-request error naming %q", err, c.want)
			}
		})
	}
}

// TestRemovingALocalAreaChangesTheStudyArea: the study area's time, which its caches are keyed
// by, moves when a local area goes, even one older than the rest.
func TestRemovingALocalAreaChangesTheStudyArea(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	s := area.NewStore(db.Pool)
	var ids []int64
	for i, code := range []string{"E09000901", "E09000902"} {
		l, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: code, ONSCode: &code,
			Boundary: []byte(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]v,52],[%[2]v,52],[%[2]v,52.1],[%[1]v,52.1],[%[1]v,52]]]}`, float64(i)*0.1, float64(i)*0.1+0.1))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.ID)
	}
	before, err := s.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteLocal(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	after, err := s.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Locals) != 1 || !after.UpdatedAt.After(before.UpdatedAt) || after.Area.Contains(52.05, 0.05) {
		t.Errorf("after removing the first area: %d areas, updated %v (was %v), still holds its point %v",
			len(after.Locals), after.UpdatedAt, before.UpdatedAt, after.Area.Contains(52.05, 0.05))
	}
}

// TestADeploymentHoldsAtMostTheLocalAreasTheCellIndexCanCode: the cell index codes each row's
// local area in one byte, NULL (records outside every area) taking one code, so a deployment
// holds at most cellcount.MaxLocalAreas areas. The areas short of the last are written in SQL;
// then two areas are added at once, and exactly one of them is refused, with a 422 naming the
// limit, having written nothing.
func TestADeploymentHoldsAtMostTheLocalAreasTheCellIndexCanCode(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	s := area.NewStore(db.Pool)
	// Boxes of 0.005° a side (about 340 m by 560 m) in rows of 20, apart from one another.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO local_areas (name, geojson)
		SELECT 'Area ' || i, jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
			jsonb_build_array(x, y), jsonb_build_array(x + 0.005, y), jsonb_build_array(x + 0.005, y + 0.005),
			jsonb_build_array(x, y + 0.005), jsonb_build_array(x, y))))
		FROM generate_series(1, $1::int) i, LATERAL (SELECT -2 + (i % 20) * 0.01 AS x, 52 + (i / 20) * 0.01 AS y) c`,
		cellcount.MaxLocalAreas-1); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error)
	for _, lng := range []float64{0, 0.01} {
		go func() {
			_, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: fmt.Sprint("East of ", lng),
				Boundary: []byte(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]v,52],[%[2]v,52],[%[2]v,52.005],[%[1]v,52.005],[%[1]v,52]]]}`, lng, lng+0.005))})
			errs <- err
		}()
	}
	var refused []error
	for range 2 {
		if err := <-errs; err != nil {
			refused = append(refused, err)
		}
	}
	want := fmt.Sprintf("a deployment holds at most %d local areas", cellcount.MaxLocalAreas)
	if len(refused) != 1 || apperr.Code(refused[0]) != apperr.Unprocessable || !strings.Contains(refused[0].Error(), want) {
		t.Fatalf("two local areas added at once with room for one: refused %v; want one 422 saying %q", refused, want)
	}
	var areas, logged int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM local_areas),
		(SELECT count(*) FROM audit_log WHERE action = 'local_area.create')`).Scan(&areas, &logged); err != nil {
		t.Fatal(err)
	}
	if areas != cellcount.MaxLocalAreas || logged != 1 {
		t.Errorf("after the refusal: %d local areas and %d additions logged, want %d and 1", areas, logged, cellcount.MaxLocalAreas)
	}
}

// TestOnlyAChangeThatPlacesRecordsMovesTheDataVersion: a new name or ONS code moves no record,
// nor does the boundary an area has already, so the data version stays and the cell index is not read again (at ten million records that
// takes tens of seconds); adding, redrawing and removing an area place the records anew and
// move it, down to removing the last area.
func TestOnlyAChangeThatPlacesRecordsMovesTheDataVersion(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	s := area.NewStore(db.Pool)
	index := cellcount.NewIndex(db.Pool, nil)
	box := func(lng float64) []byte {
		return []byte(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]v,52],[%[2]v,52],[%[2]v,52.1],[%[1]v,52.1],[%[1]v,52]]]}`, lng, lng+0.1))
	}
	var west, east int64
	add := func(id *int64, name string, lng float64) func() error {
		return func() error {
			l, _, err := s.AddLocal(ctx, area.NewLocalArea{Name: name, Boundary: box(lng)})
			if err == nil {
				*id = l.ID
			}
			return err
		}
	}
	change := func(id *int64, p area.LocalAreaPatch) func() error {
		return func() error {
			l, err := s.Local(ctx, *id)
			if err != nil {
				return err
			}
			_, _, err = s.ChangeLocal(ctx, *id, l.Version, p)
			return err
		}
	}
	remove := func(id *int64) func() error {
		return func() error {
			_, err := s.DeleteLocal(ctx, *id)
			return err
		}
	}
	name, code := "West Borough", "E09000901"
	for _, step := range []struct {
		name   string
		change func() error
		moves  bool
	}{
		{"the first area is added", add(&west, "West", 0), true},
		{"a second area is added", add(&east, "East", 0.1), true},
		{"an area is renamed", change(&west, area.LocalAreaPatch{Name: &name}), false},
		{"an area is given its ONS code", change(&west, area.LocalAreaPatch{ONSCode: &code}), false},
		{"an area is redrawn", change(&east, area.LocalAreaPatch{Boundary: box(0.15)}), true},
		{"an area is given the boundary it has", change(&east, area.LocalAreaPatch{Boundary: box(0.15)}), false},
		// West, placed before East was redrawn, goes: the latest placement was not its own.
		{"an area is removed", remove(&west), true},
		{"the last area is removed", remove(&east), true},
	} {
		before, err := index.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		after, err := index.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if moved := after.Version != before.Version; moved != step.moves {
			t.Errorf("when %s, the data version went from %q to %q; want it to move: %v", step.name, before.Version, after.Version, step.moves)
		}
		if rebuilt := after != before; rebuilt != step.moves {
			t.Errorf("when %s, the cell index was read again: %v; want %v", step.name, rebuilt, step.moves)
		}
	}
}

// TestTheSameBoundaryAgainLeavesTheStudyAreaAsItWas: setting the study area again from the
// same file moves no record and changes nothing the caches of the study area or saved analyses
// are keyed by (its last change), though the area's version moves as any accepted change does.
func TestTheSameBoundaryAgainLeavesTheStudyAreaAsItWas(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	s := area.NewStore(db.Pool)
	boundary := []byte(`{"type":"Polygon","coordinates":[[[0,52],[0.1,52],[0.1,52.1],[0,52.1],[0,52]]]}`)
	before, _, err := s.Set(ctx, "Borough", boundary)
	if err != nil {
		t.Fatal(err)
	}
	after, pl, err := s.Set(ctx, "", boundary)
	if err != nil {
		t.Fatal(err)
	}
	if pl != nil || !after.UpdatedAt.Equal(before.UpdatedAt) || after.Locals[0].Version != before.Locals[0].Version+1 {
		t.Errorf("the same boundary again: placement %v, last change %v (was %v), version %d (was %d); want no placement, the same last change and the next version",
			pl, after.UpdatedAt, before.UpdatedAt, after.Locals[0].Version, before.Locals[0].Version)
	}
}
