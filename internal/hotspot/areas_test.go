package hotspot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"
	"github.com/uber/h3-go/v4"
)

// TestTheIndexAnswersAsTheRecordsForSomeLocalAreas: with three local areas, every aggregate
// and emerging analysis of a request of some areas (and of the whole deployment, whose
// protected atoms are split by area) summed from the cell index equals the same computed from
// the records.
func TestTheIndexAnswersAsTheRecordsForSomeLocalAreas(t *testing.T) {
	srv := servertest.New(t)
	west, east := srv.AddWestAndEast(t)
	north := srv.AddLocalArea(t, "North", "E09000903", servertest.Box(-0.3, 51.5, -0.1, 51.6))

	// Six months dense enough for whole months to be summed from dense totals; most records
	// in a few clusters, some of them astride the boundaries.
	rng := rand.New(rand.NewPCG(21, 2026))
	var csv strings.Builder
	csv.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	centres := [][2]float64{{51.45, -0.2}, {51.5, -0.25}, {51.43, -0.27}, {51.55, -0.15}}
	pick := func(vals []string) string { return vals[rng.IntN(len(vals))] }
	for i := range 6000 {
		lat, lng := 51.4+rng.Float64()*0.2, -0.3+rng.Float64()*0.2
		if i%5 != 0 {
			c := centres[rng.IntN(len(centres))]
			lat, lng = c[0]+rng.NormFloat64()*0.004, c[1]+rng.NormFloat64()*0.004
		}
		if lat < 51.4005 || lat > 51.5995 || lng < -0.2995 || lng > -0.1005 {
			continue
		}
		suspect := ""
		if rng.IntN(2) == 0 {
			suspect = pick(incident.AgeBands)
		}
		fmt.Fprintf(&csv, "A-%05d,2024-%02d-%02d,day,%s,%s,%s,%.6f,%.6f,%s,,\n", i, 1+rng.IntN(6), 1+rng.IntN(28),
			pick(incident.Categories), pick(incident.AgeBands), suspect, lat, lng, pick(incident.Settings))
	}
	// And some on the last day of a month, which a day given to the wrong month would move.
	for i, last := range []string{"01-31", "02-29", "03-31", "04-30", "05-31"} {
		for j := range 12 {
			c := centres[j%len(centres)]
			fmt.Fprintf(&csv, "E-%d-%d,2024-%s,day,%s,14-17,,%.6f,%.6f,street,,\n", i, j, last, pick(incident.Categories),
				c[0]+rng.NormFloat64()*0.002, c[1]+rng.NormFloat64()*0.002)
		}
	}
	srv.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
	records := srv.Hotspot.RecordsOnly()
	ctx := context.Background()
	if snap, err := srv.Hotspot.Index().Load(ctx); err != nil || snap.DenseMonths() == 0 {
		t.Fatalf("no month has dense totals (%v): the test would not check them", err)
	}

	viewers := map[string]area.Viewer{"whole deployment": {All: true}, "West": {Areas: []int64{west}},
		"West and East": {Areas: []int64{west, east}}, "North": {Areas: []int64{north}}}
	month := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, record.London()) }
	qrng := rand.New(rand.NewPCG(7, 7))
	perArea := map[string]int64{}
	monthly := map[string]float64{} // the records each viewer's monthly counts hold
	for name, av := range viewers {
		actx := area.WithViewer(ctx, av)
		for _, role := range []string{"analyst", "partner"} {
			v := srv.Policy.For(role)
			filters := []hotspot.Filter{{Kind: hotspot.KindIncidents, Res: 9, AgeScope: allAges}}
			if v.Protected() {
				filters = []hotspot.Filter{{Kind: hotspot.KindIncidents, Res: 9, AgeScope: syvAges},
					{Kind: hotspot.KindIncidents, Res: 7, AgeScope: syvAges, From: month(2024, 2, 1), To: month(2024, 4, 30)}}
			}
			for range 4 {
				f := randomAreaFilter(qrng)
				if v.Protected() {
					f = asProtected(f)
				}
				filters = append(filters, f)
			}
			for i, f := range filters {
				label := fmt.Sprintf("%s %s filter %d %+v", name, role, i, f)
				got, err := srv.Hotspot.AggregateScoped(actx, f, v)
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				want, err := records.AggregateScoped(actx, f, v)
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				sameAggregate(t, label, got, want)
				if i == 0 && !v.Protected() {
					perArea[name] = got.Records
				}
			}
		}
		v := srv.Policy.For("partner")
		atomsOf := func(s *hotspot.Service) []string {
			var out []string
			f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: hotspot.MaxRestrictedRes, AgeScope: syvAges}
			if err := s.MonthlyAtoms(actx, f, v, func(m time.Time, c h3.Cell, t disclosure.Tally) {
				out = append(out, fmt.Sprintf("%s %s %+v", record.Month(m), c, t))
			}); err != nil {
				t.Fatalf("monthly atoms %s: %v", name, err)
			}
			slices.Sort(out)
			return out
		}
		if got, want := atomsOf(srv.Hotspot), atomsOf(records); len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("monthly atoms %s: the index gives %d atoms, the records %d, or other ones", name, len(got), len(want))
		}
		countsOf := func(s *hotspot.Service, f hotspot.Filter, cells []h3.Cell) (string, float64) {
			series, err := s.MonthlyCounts(actx, f, srv.Policy.Raw(), cells)
			if err != nil {
				t.Fatalf("monthly counts %s: %v", name, err)
			}
			var out []string
			var total float64
			for _, c := range cells {
				out = append(out, fmt.Sprintf("%s %v", c, series[c]))
				for _, n := range series[c] {
					total += n
				}
			}
			return strings.Join(out, "; "), total
		}
		for _, f := range []hotspot.Filter{
			{Kind: hotspot.KindIncidents, Res: 10, AgeScope: allAges, From: month(2024, 1, 15), To: month(2024, 5, 10)},
			{Kind: hotspot.KindIncidents, Res: 9, AgeScope: syvAges, From: month(2024, 2, 1), To: month(2024, 6, 30), Categories: incident.Categories[:2]},
		} {
			study, err := srv.Hotspot.StudyCells(ctx, f.Res)
			if err != nil {
				t.Fatal(err)
			}
			// Every other cell, and one twice: the records of the cells left out count nowhere.
			var cells []h3.Cell
			for i := 0; i < len(study); i += 2 {
				cells = append(cells, study[i])
			}
			cells = append(cells, cells[0])
			got, _ := countsOf(srv.Hotspot, f, cells)
			want, total := countsOf(records, f, cells)
			if got != want || total == 0 {
				t.Errorf("monthly counts %s at res %d: the index gives another series than the records (%.0f records), or there are none", name, f.Res, total)
			}
			if f.Res == 10 {
				monthly[name] = total
			}
			if _, err := srv.Hotspot.MonthlyCounts(actx, f, v, cells); err == nil {
				t.Errorf("monthly counts %s: a partner was given exact counts", name)
			}
		}
		o := hotspot.EmergingOptions{GiOptions: hotspot.GiOptions{K: 1, Kernel: geo.KernelUniform, FDR: true}, Bin: "month"}
		f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 8, AgeScope: syvAges}
		got, err := srv.Hotspot.Emerging(actx, f, o, v)
		if err != nil {
			t.Fatalf("emerging %s: %v", name, err)
		}
		want, err := records.Emerging(actx, f, o, v)
		if err != nil {
			t.Fatalf("emerging %s: %v", name, err)
		}
		if fmt.Sprint(got.Cells) != fmt.Sprint(want.Cells) || fmt.Sprint(got.Category) != fmt.Sprint(want.Category) ||
			!closeAll(got.Tau, want.Tau) || !closeAll(got.P, want.P) {
			t.Errorf("emerging %s: the index gives another result than the records", name)
		}
	}
	backwards := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9, AgeScope: allAges, From: month(2024, 3, 1), To: month(2024, 1, 31)}
	if got, err := srv.Hotspot.MonthlyCounts(ctx, backwards, srv.Policy.Raw(), []h3.Cell{0}); err != nil || len(got) != 0 {
		t.Errorf("monthly counts of a period that ends before it starts: %v, %v; want none", got, err)
	}
	if monthly["West"] == 0 || monthly["West and East"] <= monthly["West"] || monthly["West and East"]+monthly["North"] != monthly["whole deployment"] {
		t.Errorf("monthly counts by viewer %v: West and East and North should make the whole deployment", monthly)
	}
	// The areas' records make the whole deployment's, each counted once.
	if perArea["West"] == 0 || perArea["North"] == 0 || perArea["West and East"] <= perArea["West"] ||
		perArea["West and East"]+perArea["North"] != perArea["whole deployment"] {
		t.Errorf("records by viewer %v: West and East and North should make the whole deployment", perArea)
	}
}

// randomAreaFilter is a filter of the test's six months at a resolution the index serves.
func randomAreaFilter(rng *rand.Rand) hotspot.Filter {
	from := time.Date(2024, 1, 1+rng.IntN(150), 0, 0, 0, 0, record.London())
	to := from.AddDate(0, 0, 10+rng.IntN(120))
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 6 + rng.IntN(5), AgeScope: allAges, From: from, To: to}
	if rng.IntN(2) == 0 {
		f.AgeScope = syvAges
	}
	if rng.IntN(3) == 0 {
		f.Categories = []string{incident.Robbery, incident.ViolenceWithInjury}
	}
	return f
}

// TestARedrawnBoundaryMovesTheRecordsTheIndexSums: when a boundary is redrawn, the records
// move to the area that now holds them without any import changing, and the cell index (loaded
// before) sums them in their new areas, as the records do.
func TestARedrawnBoundaryMovesTheRecordsTheIndexSums(t *testing.T) {
	srv := servertest.New(t)
	west, east := srv.AddWestAndEast(t)
	var csv strings.Builder
	csv.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement\n")
	// 40 records in West's eastern strip (lng -0.225 to -0.205), 30 elsewhere in West, 20 in East.
	for i := range 90 {
		lng := -0.225 + float64(i%20)*0.001
		switch {
		case i >= 70:
			lng = -0.18 + float64(i%20)*0.002
		case i >= 40:
			lng = -0.29 + float64(i%30)*0.002
		}
		fmt.Fprintf(&csv, "R-%03d,2024-03-%02d,day,%s,%s,,%.6f,%.6f,%s,,\n", i, 1+i%28, incident.Robbery, incident.AgeBands[1], 51.45, lng, incident.Settings[0])
	}
	srv.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(csv.String()))
	ctx := context.Background()
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9, AgeScope: allAges}
	v := srv.Policy.For("analyst")
	count := func(id int64) (index, records int64) {
		t.Helper()
		actx := area.WithViewer(ctx, area.Viewer{Areas: []int64{id}})
		got, err := srv.Hotspot.AggregateScoped(actx, f, v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := srv.Hotspot.RecordsOnly().AggregateScoped(actx, f, v)
		if err != nil {
			t.Fatal(err)
		}
		sameAggregate(t, fmt.Sprintf("area %d", id), got, want)
		return got.Records, want.Records
	}
	if w, _ := count(west); w != 70 {
		t.Fatalf("West holds %d records before the redraw; want 70", w)
	}
	// West gives its eastern strip to East.
	redraw := func(id int64, boundary string) {
		t.Helper()
		l, err := srv.Area.Local(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := srv.Area.ChangeLocal(ctx, id, l.Version, area.LocalAreaPatch{Boundary: []byte(boundary)}); err != nil {
			t.Fatal(err)
		}
	}
	redraw(west, servertest.Box(-0.3, 51.4, -0.23, 51.5))
	redraw(east, servertest.Box(-0.23, 51.4, -0.1, 51.5))
	for id, want := range map[int64]int64{west: 30, east: 60} {
		if index, records := count(id); index != want || records != want {
			t.Errorf("area %d after the redraw: the index sums %d records, the records %d; want %d", id, index, records, want)
		}
	}
}
