package area_test

import (
	"context"
	"testing"

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
		if _, err := writer.Set(ctx, name, []byte(geojson)); err != nil {
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
