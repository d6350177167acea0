package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestSavedAnalysesOfSomeLocalAreas: an analysis records the local areas it was saved over —
// the whole deployment, West, East by the area switcher, or both — and a user reads it only
// when they see every one of them (a user of both sees every area there is, and so the whole
// deployment's too); to the others it does not exist.
func TestSavedAnalysesOfSomeLocalAreas(t *testing.T) {
	f := newTwoAreaParks(t)
	s := f.s
	both := s.ScopedUser(t, "analyst", f.west, f.east)
	const body = `{"kind":"hotspots","title":"Park robberies","params":{"res":9,"from":"2024-03-01","to":"2024-04-30"}}`
	type saved struct {
		ID         int64   `json:"id"`
		LocalAreas []int64 `json:"local_areas"`
	}
	save := func(who string, header ...string) saved {
		var a saved
		servertest.Decode(t, s.MustSend(t, http.StatusCreated, who, http.MethodPost, "/api/v1/analyses", body, header...), &a)
		return a
	}
	whole, west, east, westEast := save("analyst"), save(f.westAnalyst), save("analyst", "X-Local-Area", fmt.Sprint(f.east)), save(both)
	for _, c := range []struct {
		name string
		got  []int64
		want []int64
	}{{"the whole deployment's", whole.LocalAreas, nil}, {"a West analyst's", west.LocalAreas, []int64{f.west}},
		{"one narrowed to East", east.LocalAreas, []int64{f.east}}, {"a West and East analyst's", westEast.LocalAreas, []int64{f.west, f.east}}} {
		if !slices.Equal(c.got, c.want) || (c.want == nil) != (c.got == nil) {
			t.Errorf("%s analysis covers %v; want %v", c.name, c.got, c.want)
		}
	}

	listed := func(who string) []int64 { return listedIDs(t, s, who, "/api/v1/analyses", "analyses") }
	all := []int64{whole.ID, west.ID, east.ID, westEast.ID}
	for _, c := range []struct {
		who  string
		sees []int64
	}{
		{"analyst", all},
		{"partner", all},
		{f.westAnalyst, []int64{west.ID}},
		{f.westPartner, []int64{west.ID}},
		{both, all},
	} {
		if got := listed(c.who); !slices.Equal(got, c.sees) {
			t.Errorf("%s lists %v; want %v", c.who, got, c.sees)
		}
		for _, id := range all {
			for _, path := range []string{"/api/v1/analyses/%d", "/api/v1/analyses/%d/result"} {
				want := http.StatusNotFound
				if slices.Contains(c.sees, id) {
					want = http.StatusOK
				}
				s.MustSend(t, want, c.who, http.MethodGet, fmt.Sprintf(path, id), "")
			}
		}
	}
}
