package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/ingest"
)

// layout is the local areas of a deployment by id, each a polygon; a point belongs to the
// first (lowest id) that holds it, as orb's planar test says.
type layout map[int64]orb.Polygon

func (l layout) locate(p orb.Point) int64 {
	var best int64
	for id, poly := range l {
		if planar.PolygonContains(poly, p) && (best == 0 || id < best) {
			best = id
		}
	}
	return best
}

// box is the polygon of lng x0..x1, lat y0..y1.
func box(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// TestRedrawingLocalAreasPlacesRecordsAnew imports City of London Police incidents and some
// activity into three local areas, then redraws them step by step: West shrinks (the strip it
// gives up lies in no area), Middle grows over that strip, East goes, East comes back. After
// each step every area holds exactly the records a point-in-polygon test (orb's planar) puts
// in it, the summed cells agree with the records, places follow their geometry, the answer
// counts what moved and the data version moves.
func TestRedrawingLocalAreasPlacesRecordsAnew(t *testing.T) {
	e, areas, ids := newCityThirdsEnv(t)
	ctx, pool := context.Background(), e.db.Pool
	west, middle, east := ids[0], ids[1], ids[2]
	cur := layout{west: cityThirds[0].poly, middle: cityThirds[1].poly, east: cityThirds[2].poly}

	// The records stored are the files' points inside the three areas.
	var incidents []orb.Point
	for _, p := range e.landCityFiles(t) {
		if cur.locate(p) != 0 {
			incidents = append(incidents, p)
		}
	}
	// Activity at every 20th incident's point.
	var activities []orb.Point
	var csv strings.Builder
	csv.WriteString("source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n")
	for i := 0; i < len(incidents); i += 20 {
		p := incidents[i]
		fmt.Fprintf(&csv, "A%d,2024-05-03 16:00,60,patrol,police,%v,%v,0\n", i, p.Lat(), p.Lon())
		activities = append(activities, p)
	}
	e.land(t, ingest.Options{Kind: ingest.KindActivity, Format: ingest.FormatPlacesafe}, csv.String())

	// A bench in the strip West gives up, and a garden astride the line Middle grows to.
	var bench, garden int64
	for _, p := range []struct {
		id   *int64
		name string
		g    string
	}{
		{&bench, "bench", `{"type":"Point","coordinates":[-0.103,51.515]}`},
		{&garden, "garden", polygonJSON(box(-0.108, 51.510, -0.104, 51.512))},
	} {
		if err := pool.QueryRow(ctx, `INSERT INTO places (kind, name, geojson) VALUES ('other', $1, $2) RETURNING id`, p.name, p.g).Scan(p.id); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO place_local_areas VALUES ($1, $2)`, *p.id, west); err != nil {
			t.Fatal(err)
		}
	}

	version := func() string {
		v, err := cellcount.DataVersion(ctx, pool)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	changeTo := func(id int64, poly orb.Polygon) func() (*area.Placement, error) {
		return func() (*area.Placement, error) {
			l, err := areas.Local(ctx, id)
			if err != nil {
				return nil, err
			}
			b := []byte(polygonJSON(poly))
			_, pl, err := areas.ChangeLocal(ctx, id, l.Version, area.LocalAreaPatch{Boundary: b})
			return pl, err
		}
	}
	eastPoly := cityThirds[2].poly
	newEast := int64(0)
	for _, step := range []struct {
		name   string
		change func() (*area.Placement, error)
		after  func() layout
		places map[int64][]int64 // bench and garden's areas after
		moved  int64             // places moved
	}{
		{"West shrinks", changeTo(west, box(-0.1150005, 51.5050005, -0.1060005, 51.5230005)),
			func() layout {
				return layout{west: box(-0.1150005, 51.5050005, -0.1060005, 51.5230005), middle: cur[middle], east: cur[east]}
			},
			map[int64][]int64{bench: {}, garden: {west}}, 1},
		{"Middle grows over the strip", changeTo(middle, box(-0.1060005, 51.5050005, -0.0880005, 51.5230005)),
			func() layout {
				return layout{west: cur[west], middle: box(-0.1060005, 51.5050005, -0.0880005, 51.5230005), east: cur[east]}
			},
			map[int64][]int64{bench: {middle}, garden: {west, middle}}, 2},
		{"East goes", func() (*area.Placement, error) { return areas.DeleteLocal(ctx, east) },
			func() layout { return layout{west: cur[west], middle: cur[middle]} },
			map[int64][]int64{bench: {middle}, garden: {west, middle}}, 0},
		{"East comes back", func() (*area.Placement, error) {
			code := "E09000904"
			l, pl, err := areas.AddLocal(ctx, area.NewLocalArea{Name: "East again", ONSCode: &code, Boundary: []byte(polygonJSON(eastPoly))})
			if l != nil {
				newEast = l.ID
			}
			return pl, err
		},
			func() layout { return layout{west: cur[west], middle: cur[middle], newEast: eastPoly} },
			map[int64][]int64{bench: {middle}, garden: {west, middle}}, 0},
	} {
		before := version()
		pl, err := step.change()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		next := step.after()
		var want area.Placement
		for _, c := range []struct {
			tbl            string
			points         []orb.Point
			moved, outside *int64
		}{{"incidents", incidents, &want.Moved.Incidents, &want.Outside.Incidents}, {"activities", activities, &want.Moved.Activities, &want.Outside.Activities}} {
			wantBy := map[int64]int64{}
			for _, p := range c.points {
				now := next.locate(p)
				wantBy[now]++
				if now != cur.locate(p) {
					*c.moved++
				}
				if now == 0 {
					*c.outside++
				}
			}
			got := countByArea(t, e, c.tbl)
			for id, n := range wantBy {
				if got[id] != n {
					t.Errorf("%s: area %d holds %d %s; %d of their points lie in it", step.name, id, got[id], c.tbl, n)
				}
			}
			for id, n := range got {
				if wantBy[id] == 0 && n > 0 {
					t.Errorf("%s: area %d holds %d %s; none of their points lie in it", step.name, id, n, c.tbl)
				}
			}
		}
		if want.Moved.Incidents == 0 || want.Moved.Activities == 0 {
			t.Fatalf("%s moves no incident or no activity: the test areas are wrong", step.name)
		}
		want.Moved.Places = step.moved
		for _, areas := range step.places {
			if len(areas) == 0 {
				want.Outside.Places++
			}
		}
		if pl.Moved != want.Moved || pl.Outside != want.Outside {
			t.Errorf("%s: answered moved %+v, outside %+v; want %+v, %+v", step.name, pl.Moved, pl.Outside, want.Moved, want.Outside)
		}
		if (pl.Note != "") != (want.Outside != area.Placed{}) {
			t.Errorf("%s: note %q with %+v outside", step.name, pl.Note, want.Outside)
		}
		if n, err := cellcount.Mismatches(ctx, pool); err != nil || n != 0 {
			t.Errorf("%s: %d summed cells differ from the records (%v)", step.name, n, err)
		}
		for id, want := range step.places {
			var got []int64
			if err := pool.QueryRow(ctx, `SELECT coalesce(array_agg(local_area_id ORDER BY local_area_id), '{}') FROM place_local_areas WHERE place_id = $1`, id).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: place %d in areas %v, want %v", step.name, id, got, want)
			}
		}
		if after := version(); after == before {
			t.Errorf("%s: the data version stayed %s", step.name, after)
		}
		cur = next
	}
	if n := e.count(t, "incidents"); n != len(incidents) {
		t.Errorf("%d incidents stored after the redraws, want all %d", n, len(incidents))
	}
}

// countByArea counts tbl's records by local area (0: none).
func countByArea(t *testing.T, e *env, tbl string) map[int64]int64 {
	t.Helper()
	rows, err := e.db.Pool.Query(context.Background(), `SELECT coalesce(local_area_id, 0), count(*) FROM `+tbl+` GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		got[id] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestImportWaitsForARedraw: an import that starts while a local area is being redrawn waits for
// it, and places its records in the new boundary: none lands in the strip West gives up.
func TestImportWaitsForARedraw(t *testing.T) {
	e, _, ids := newCityThirdsEnv(t)
	ctx, pool, west := context.Background(), e.db.Pool, ids[0]
	shrunk := box(-0.1150005, 51.5050005, -0.1060005, 51.5230005)
	path := policeUKFiles(t)[0]
	_, points := policeUKPoints(t, path)
	inStrip := 0
	for _, p := range points {
		if planar.PolygonContains(cityThirds[0].poly, p) && !planar.PolygonContains(shrunk, p) {
			inStrip++
		}
	}
	if inStrip == 0 {
		t.Fatal("no point lies in the strip West gives up: the test cannot show where its records go")
	}
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// A redraw holds the local areas as area.Store does while it places records.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE local_areas IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE local_areas SET geojson = $2, version = version + 1, updated_at = now() WHERE id = $1`,
		west, polygonJSON(shrunk)); err != nil {
		t.Fatal(err)
	}
	o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPoliceUK, Scope: "all", Filename: filepath.Base(path)}
	id, err := e.svc.Create(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.Run(ctx, id, o, strings.NewReader(string(body)))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the import ran during the redraw (%v)", err)
	case <-time.After(500 * time.Millisecond):
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM incidents WHERE local_area_id = $1 AND lng > -0.1060005`, west).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d records landed in the strip West gave up during the import", n)
	}
}
