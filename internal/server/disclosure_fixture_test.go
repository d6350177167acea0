package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// period is an inclusive span of whole months, as dates.
type period struct{ from, to string }

// demoYear is the last twelve whole months of demoServer's data.
var demoYear = period{"2025-11-01", "2026-10-31"}

// monthEnds lists the last day of each month of the period.
func (p period) monthEnds() []string {
	from, _ := time.Parse(time.DateOnly, p.from)
	to, _ := time.Parse(time.DateOnly, p.to)
	var out []string
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, m.AddDate(0, 1, -1).Format(time.DateOnly))
	}
	return out
}

// demoServer is the service with the demo borough loaded (three years to October 2026).
func demoServer(t *testing.T) *servertest.Server {
	t.Helper()
	ts := servertest.New(t)
	servertest.LoadDemo(t, ts.Server, servertest.DemoOptions)
	return ts
}

// demoPlaces lists the ids of the registered places.
func demoPlaces(t *testing.T, ts *servertest.Server) []int64 {
	t.Helper()
	var fc struct {
		Features []struct {
			ID int64 `json:"id"`
		} `json:"features"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/places?limit=100", ""), &fc)
	var ids []int64
	for _, f := range fc.Features {
		ids = append(ids, f.ID)
	}
	return ids
}
