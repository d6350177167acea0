package hotspot_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestCellSumsFollowImportsAndWithdrawals runs random sequences of imports (overlapping, so
// that some rows are duplicates, and some two at once) and withdrawals. After each step the
// stored sums equal a recount of the records, and every map aggregate and emerging analysis
// summed from the in-memory index equals the same computed from the records, for an analyst and
// for a partner.
func TestCellSumsFollowImportsAndWithdrawals(t *testing.T) {
	ctx := context.Background()
	srv := servertest.New(t)
	// A year of data, dense enough that most months are summed from dense per-cell totals and
	// the rest row by row. Only the study area is set: the records come in random imports below.
	b := srv.SetDemoBorough(t, demo.Options{Seed: 99, End: demoEnd, Years: 1, Incidents: 5000})
	var csv bytes.Buffer
	if err := b.WriteIncidentsCSV(&csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	header, body := lines[0], lines[1:]
	records := srv.Hotspot.RecordsOnly()

	const seed = 20261129
	rng := rand.New(rand.NewPCG(seed, 1))
	importSome := func() (int64, error) {
		frac := 0.1 + 0.3*rng.Float64()
		var sb strings.Builder
		sb.WriteString(header + "\n")
		for _, l := range body {
			if rng.Float64() < frac {
				sb.WriteString(l + "\n")
			}
		}
		o := ingest.Options{Kind: ingest.KindIncidents, Format: ingest.FormatPlacesafe}
		id, err := srv.Imports.Create(ctx, &o)
		if err != nil {
			return 0, err
		}
		_, err = srv.Imports.Run(ctx, id, o, strings.NewReader(sb.String()))
		return id, err
	}
	var landed []int64
	for step := range 10 {
		op := rng.IntN(3)
		if step < 2 {
			op = 0
		}
		switch {
		case op == 0:
			id, err := importSome()
			if err != nil {
				t.Fatalf("step %d: import: %v", step, err)
			}
			landed = append(landed, id)
		case op == 1: // two imports at once
			var wg sync.WaitGroup
			ids, errs := make([]int64, 2), make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ids[i], errs[i] = importSome()
				}()
			}
			wg.Wait()
			for i := range 2 {
				if errs[i] != nil {
					t.Fatalf("step %d: concurrent import: %v", step, errs[i])
				}
			}
			landed = append(landed, ids...)
		case len(landed) > 0:
			i := rng.IntN(len(landed))
			if _, err := srv.Imports.Withdraw(ctx, landed[i]); err != nil {
				t.Fatalf("step %d: withdraw %d: %v", step, landed[i], err)
			}
			landed = append(landed[:i], landed[i+1:]...)
		}
		n, err := cellcount.Mismatches(ctx, srv.DB.Pool)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("step %d (seed %d): %d summed groups differ from a recount of the records", step, seed, n)
		}
		for q := range 4 {
			f := randomFilter(rng)
			for _, role := range []string{"analyst", "partner"} {
				v := srv.Policy.For(role)
				if v.Protected() {
					f = asProtected(f)
				}
				name := fmt.Sprintf("step %d query %d %s %+v", step, q, role, f)
				got, err := srv.Hotspot.AggregateUncached(ctx, f, v)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, err := records.AggregateUncached(ctx, f, v)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				sameAggregate(t, name, got, want)
			}
		}
	}
	if srv.Hotspot.Index().Scanned() == 0 {
		t.Fatal("no analysis read the cell index")
	}
	if snap, err := srv.Hotspot.Index().Load(ctx); err != nil || snap.DenseMonths() == 0 {
		t.Fatalf("no month was summed from dense totals (%v)", err)
	}
	for _, role := range []string{"analyst", "partner"} {
		for _, bin := range []string{"week", "month"} {
			if role == "partner" && bin == "week" {
				continue
			}
			f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 9, AgeScope: allAges}
			if role == "analyst" {
				f.Categories = []string{incident.ViolenceWithInjury, incident.Robbery}
			} else { // a partner sees the SYV scope only, which reads the records both ways
				f.AgeScope, _ = srv.Hotspot.AgeScope("", srv.Policy.For(role))
			}
			o := hotspot.EmergingOptions{GiOptions: hotspot.GiOptions{K: 1, Kernel: geo.KernelUniform, FDR: true}, Bin: bin}
			v := srv.Policy.For(role)
			got, err := srv.Hotspot.Emerging(ctx, f, o, v)
			if err != nil {
				t.Fatalf("emerging %s %s: %v", role, bin, err)
			}
			want, err := records.Emerging(ctx, f, o, v)
			if err != nil {
				t.Fatalf("emerging %s %s: %v", role, bin, err)
			}
			if fmt.Sprint(got.Category) != fmt.Sprint(want.Category) || !closeAll(got.Tau, want.Tau) || !closeAll(got.P, want.P) {
				t.Errorf("emerging %s %s: the index gives another result than the records", role, bin)
			}
		}
	}
}

// The age scopes: every age, and the SYV strand's default bands.
var (
	allAges = incident.AgeScope{Name: incident.AgeScopeAll}
	syvAges = incident.AgeScope{Name: incident.AgeScopeSYV, Bands: incident.DefaultSYVBands}
)

func randomFilter(rng *rand.Rand) hotspot.Filter {
	start := demoEnd.AddDate(-1, 0, 0)
	from := start.AddDate(0, 0, rng.IntN(330))
	to := from.AddDate(0, 0, rng.IntN(200))
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: 6 + rng.IntN(5), AgeScope: allAges,
		From: time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, record.London()),
		To:   time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, record.London())}
	pick := func(all []string) []string {
		var out []string
		for _, v := range all {
			if rng.IntN(3) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	if rng.IntN(2) == 0 {
		f.Categories = pick(incident.Categories)
	}
	if rng.IntN(2) == 0 {
		f.AgeScope = syvAges
	}
	if rng.IntN(3) == 0 {
		f.AgeBands = pick(incident.AgeBands)
	}
	if rng.IntN(3) == 0 {
		f.Settings = pick(incident.Settings)
	}
	return f
}

// asProtected is f as a protected viewer may ask it: of the SYV age bands, at a resolution
// they may see, and over whole months.
func asProtected(f hotspot.Filter) hotspot.Filter {
	return hotspot.Filter{Kind: f.Kind, Res: min(f.Res, hotspot.MaxRestrictedRes), AgeScope: syvAges,
		From: time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, record.London()),
		To:   time.Date(f.To.Year(), f.To.Month()+1, 0, 0, 0, 0, 0, record.London())}
}

// sameAggregate fails unless two aggregates hold the same cells with the same measures (in any
// order); harm sums may differ in their last bits.
func sameAggregate(t *testing.T, name string, got, want *hotspot.Aggregate) {
	t.Helper()
	if len(got.Cells) != len(want.Cells) {
		t.Fatalf("%s: %d cells, want %d", name, len(got.Cells), len(want.Cells))
	}
	if got.Records != want.Records || got.NoAge != want.NoAge {
		t.Fatalf("%s: %d records, %d without age; want %d, %d", name, got.Records, got.NoAge, want.Records, want.NoAge)
	}
	at := map[string]int{}
	for i, c := range want.Cells {
		at[c.String()] = i
	}
	for i, c := range got.Cells {
		j, ok := at[c.String()]
		if !ok {
			t.Fatalf("%s: cell %s is not in the records' aggregate", name, c)
		}
		if got.Count[i] != want.Count[j] || math.Abs(got.Value[i]-want.Value[j]) > 1e-9*max(1, math.Abs(want.Value[j])) {
			t.Fatalf("%s: cell %s: %d, %g; want %d, %g", name, c, got.Count[i], got.Value[i], want.Count[j], want.Value[j])
		}
		if (got.Protected == nil) != (want.Protected == nil) || got.Protected != nil && got.Protected[i] != want.Protected[j] {
			t.Fatalf("%s: cell %s: protected %+v, want %+v", name, c, got.Protected[i], want.Protected[j])
		}
	}
}

func closeAll(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}
