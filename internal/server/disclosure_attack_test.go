package server_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// The attacks below are those an information governance officer would try with a partner
// account (DISCLOSURE.md: derived statistics, differencing). Each is run twice: against what an
// analyst receives (exact counts: the attack must succeed, or the test proves nothing) and
// against what a partner receives (it must recover no count of 1 to 4 beyond what the
// published label already says).

// cellValues is one map layer as numbers by cell: the count (NaN when no number is shown), the
// published bounds and the Gi* z-score.
type cellValues struct {
	cells     []h3.Cell
	count     []float64
	low, high []float64
	z         []float64
}

func layer(t *testing.T, ts *servertest.Server, role, query string) cellValues {
	t.Helper()
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	rec := ts.MustSend(t, http.StatusOK, role, http.MethodGet, query, "")
	if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	var v cellValues
	for _, f := range fc.Features {
		p := f.Properties
		c, err := geo.ParseCell(p["cell"].(string))
		if err != nil {
			t.Fatal(err)
		}
		num := func(k string) float64 {
			if x, ok := p[k].(float64); ok {
				return x
			}
			return math.NaN()
		}
		n := num("count")
		lo, hi := num("count_low"), num("count_high")
		if math.IsNaN(lo) { // exact counts carry no bounds
			lo, hi = n, n
		}
		v.cells, v.count, v.low, v.high, v.z = append(v.cells, c), append(v.count, n), append(v.low, lo), append(v.high, hi), append(v.z, num("gi_z"))
	}
	return v
}

// reconstruct is the linear attack on Gi* with binary weights over k rings: for every cell i,
// Σ_{j∈N(i)} x_j − W_i·m − z_i·D_i·s = 0 with D_i = √((n·W_i − W_i²)/(n−1)), unknowns the counts
// x, the mean m and the standard deviation s. Two anchors (a cell shown as 0 and the largest
// exact count) fix the two free directions; the sparse least-squares system is solved by CGLS.
func reconstruct(t *testing.T, v cellValues, k int) []float64 {
	t.Helper()
	n := len(v.cells)
	nb, err := geo.CellNeighbours(v.cells, k, geo.KernelUniform)
	if err != nil {
		t.Fatal(err)
	}
	zero, top := -1, -1
	for i, c := range v.count {
		if c == 0 && zero < 0 {
			zero = i
		}
		if !math.IsNaN(c) && (top < 0 || c > v.count[top]) {
			top = i
		}
	}
	if zero < 0 || top < 0 {
		t.Fatal("no anchor cells")
	}
	d := make([]float64, n)
	for i := range nb {
		w := float64(len(nb[i]))
		d[i] = math.Sqrt((float64(n)*w - w*w) / float64(n-1))
	}
	const anchorWeight = 100
	// u = (x_0..x_{n-1}, m, s); rows 0..n-1 are the Gi* equations, rows n and n+1 the anchors.
	mul := func(u []float64) []float64 {
		r := make([]float64, n+2)
		for i := range nb {
			for _, j := range nb[i] {
				r[i] += u[j.Index]
			}
			r[i] -= float64(len(nb[i]))*u[n] + v.z[i]*d[i]*u[n+1]
		}
		r[n], r[n+1] = anchorWeight*u[zero], anchorWeight*u[top]
		return r
	}
	mulT := func(r []float64) []float64 {
		u := make([]float64, n+2)
		for i := range nb {
			for _, j := range nb[i] {
				u[j.Index] += r[i]
			}
			u[n] -= float64(len(nb[i])) * r[i]
			u[n+1] -= v.z[i] * d[i] * r[i]
		}
		u[zero] += anchorWeight * r[n]
		u[top] += anchorWeight * r[n+1]
		return u
	}
	b := make([]float64, n+2)
	b[n+1] = anchorWeight * v.count[top]
	// CGLS (Björck, Numerical Methods for Least Squares Problems, §7.4) from u = 0.
	u := make([]float64, n+2)
	r := append([]float64(nil), b...)
	s := mulT(r)
	p := append([]float64(nil), s...)
	gamma := dot(s, s)
	for it := 0; it < 20*n && gamma > 1e-24; it++ {
		q := mul(p)
		alpha := gamma / dot(q, q)
		for i := range u {
			u[i] += alpha * p[i]
		}
		for i := range r {
			r[i] -= alpha * q[i]
		}
		s = mulT(r)
		g := dot(s, s)
		for i := range p {
			p[i] = s[i] + g/gamma*p[i]
		}
		gamma = g
	}
	return u[:n]
}

func dot(a, b []float64) (s float64) {
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestGiStarCannotBeSolvedBackIntoCounts is attack (a).
func TestGiStarCannotBeSolvedBackIntoCounts(t *testing.T) {
	ts := demoServer(t)
	q := "/api/v1/hotspots?res=9&k=1&from=" + demoYear.from + "&to=" + demoYear.to
	truth := layer(t, ts, "analyst", q)

	// Against exact counts the attack recovers the small counts.
	got := reconstruct(t, truth, 1)
	small, recovered := 0, 0
	for i, c := range truth.count {
		if c >= 1 && c <= 4 {
			small++
			if math.Round(got[i]) == c {
				recovered++
			}
		}
	}
	t.Logf("from an analyst's z-scores the attack recovers %d of the %d cells with 1 to 4 incidents exactly", recovered, small)
	if small == 0 || float64(recovered) < 0.9*float64(small) {
		t.Fatalf("the attack recovered %d of %d small counts from an analyst's z-scores: it is not the attack it claims to be", recovered, small)
	}

	// Against a partner's output it recovers the published values and nothing more.
	partner := layer(t, ts, "partner", q)
	if len(partner.cells) != len(truth.cells) {
		t.Fatalf("partner sees %d cells, analyst %d", len(partner.cells), len(truth.cells))
	}
	got = reconstruct(t, partner, 1)
	beyond := 0
	for i, c := range truth.count {
		if c < 1 || c > 4 || partner.cells[i] != truth.cells[i] {
			continue
		}
		guess := math.Round(got[i])
		published := math.Round((partner.low[i] + partner.high[i]) / 2) // what the label already says
		if guess == c && published != c {
			beyond++
		}
	}
	if beyond > 0 {
		t.Errorf("solving a partner's z-scores recovered %d small counts beyond their published labels", beyond)
	}
}

// TestNestedPeriodsRevealNoSmallMonth is attack (d) on the map: two /cells periods that differ by
// one month bound that month's count by the difference of their published ranges.
func TestNestedPeriodsRevealNoSmallMonth(t *testing.T) {
	ts := demoServer(t)
	q := func(to string) string { return "/api/v1/cells?res=9&from=" + demoYear.from + "&to=" + to }
	pinned := func(role string) (small int) {
		ends := demoYear.monthEnds()
		prev := layer(t, ts, role, q(ends[0]))
		for _, end := range ends[1:] {
			next := layer(t, ts, role, q(end))
			for i := range prev.cells {
				lo, hi := math.Max(0, next.low[i]-prev.high[i]), next.high[i]-prev.low[i]
				if lo == hi && lo >= 1 && lo <= 4 {
					small++
				}
			}
			prev = next
		}
		return small
	}
	if n := pinned("analyst"); n == 0 {
		t.Fatal("differencing an analyst's nested periods pinned no small month: the attack proves nothing")
	}
	if n := pinned("partner"); n > 0 {
		t.Errorf("differencing a partner's nested periods pinned %d months of 1 to 4 records", n)
	}
}

// TestNestedPeriodsOfAPlaceRevealNoSmallMonth is attack (d) on place profiles.
func TestNestedPeriodsOfAPlaceRevealNoSmallMonth(t *testing.T) {
	ts := demoServer(t)
	places := demoPlaces(t, ts)
	type total struct {
		Count *float64 `json:"count"`
		Low   float64  `json:"count_low"`
		High  float64  `json:"count_high"`
	}
	profile := func(role string, id int64, to string) total {
		var p struct {
			Incidents struct{ Total total } `json:"incidents"`
		}
		decodeInto(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?from=%s&to=%s", id, demoYear.from, to), ""), &p)
		return p.Incidents.Total
	}
	pinned := func(role string) (small int) {
		ends := demoYear.monthEnds()
		for _, id := range places {
			prev := profile(role, id, ends[0])
			for _, end := range ends[1:] {
				next := profile(role, id, end)
				lo, hi := math.Max(0, next.Low-prev.High), next.High-prev.Low
				if lo == hi && lo >= 1 && lo <= 4 {
					small++
				}
				prev = next
			}
		}
		return small
	}
	if len(places) < 5 {
		t.Fatalf("%d places in the demo", len(places))
	}
	if n := pinned("analyst"); n == 0 {
		t.Fatal("differencing an analyst's nested place profiles pinned no small month: the attack proves nothing")
	}
	if n := pinned("partner"); n > 0 {
		t.Errorf("differencing a partner's place profiles pinned %d months of 1 to 4 incidents", n)
	}
}
