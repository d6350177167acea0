package area_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
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
