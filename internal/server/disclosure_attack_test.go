package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"

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

// byCell is each cell's count.
func (v cellValues) byCell() map[h3.Cell]float64 {
	out := make(map[h3.Cell]float64, len(v.cells))
	for i, c := range v.cells {
		out[c] = v.count[i]
	}
	return out
}

func layer(t *testing.T, ts *servertest.Server, role, query string) cellValues {
	t.Helper()
	return featureValues(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, query, "").Body.Bytes())
}

// featureProperties reads the properties of a GeoJSON FeatureCollection's features, in order.
func featureProperties(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatalf("%v in %.300s", err, body)
	}
	props := make([]map[string]any, len(fc.Features))
	for i, f := range fc.Features {
		props[i] = f.Properties
	}
	return props
}

// featureValues reads a map layer's GeoJSON.
func featureValues(t *testing.T, body []byte) cellValues {
	t.Helper()
	var v cellValues
	for _, p := range featureProperties(t, body) {
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

// TestGiStarCannotBeSolvedBackIntoCounts is attack (a), on /hotspots and on the hot spot layer of
// a partner's evidence pack.
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
	// The evidence pack's hot spot layer is the same output: the attack is run on it too.
	ids := lookUpDemoIDs(t, ts)
	var inspection int64
	fmt.Sscan(ids["inspections"], &inspection)
	pack, err := ts.PackBuilder().Build(context.Background(), inspection, "partner", nil)
	if err != nil {
		t.Fatal(err)
	}
	files := servertest.ZipFiles(t, pack.Zip)
	packLayer := featureValues(t, files["layers/hotspots.geojson"])
	if len(packLayer.cells) == 0 {
		t.Fatal("no cells in the partner pack's hot spot layer")
	}
	packTruth := layer(t, ts, "analyst", "/api/v1/hotspots?res=9&k=1&from="+packPeriod(t, files["manifest.json"]))
	if n := beyondLabels(reconstruct(t, packLayer, 1), packLayer, packTruth); n > 0 {
		t.Errorf("solving the partner pack's z-scores recovered %d small counts beyond their published labels", n)
	}

	beyond := beyondLabels(reconstruct(t, partner, 1), partner, truth)
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
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/places/%d/profile?from=%s&to=%s", id, demoYear.from, to), ""), &p)
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

// demoIntervention is the demo's Ashdown Park intervention as its page reads it.
type demoIntervention struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Places      []int64  `json:"places"`
	LeadAgency  string   `json:"lead_agency"`
	Partners    []string `json:"partners"`
	Methodology string   `json:"methodology"`
	Dosage      *struct {
		Sessions json.RawMessage `json:"sessions"`
	} `json:"dosage"`
}

func ashdown(t *testing.T, ts *servertest.Server) demoIntervention {
	t.Helper()
	var list struct {
		Interventions []demoIntervention `json:"interventions"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/interventions?limit=100", ""), &list)
	for _, iv := range list.Interventions {
		if iv.Title == "Detached youth work in Ashdown Park" {
			return iv
		}
	}
	t.Fatal("no Ashdown Park intervention in the demo")
	return demoIntervention{}
}

// TestDosageCannotBeDifferencedByADay is attack (c): two drafts of the same intervention whose
// end dates differ by one day; the difference of their dosage is that day's sessions.
func TestDosageCannotBeDifferencedByADay(t *testing.T) {
	ts := demoServer(t)
	iv := ashdown(t, ts)
	draft := func(role, start, end string) int64 {
		body, _ := json.Marshal(map[string]any{"title": "Youth work, " + start + " to " + end, "aim": "Fewer young people hurt",
			"methodology": iv.Methodology, "mechanism": "Trusted adults present", "lead_agency": iv.LeadAgency, "partners": iv.Partners,
			"places": iv.Places, "start_date": start, "end_date": end, "intended_outcomes": "Fewer violent incidents"})
		var out struct{ ID int64 }
		servertest.Decode(t, ts.MustSend(t, http.StatusCreated, role, http.MethodPost, "/api/v1/interventions", string(body)), &out)
		return out.ID
	}
	type published struct {
		Count *int64 `json:"count"`
		Low   int64  `json:"count_low"`
		High  int64  `json:"count_high"`
		Label string `json:"count_label"`
	}
	sessions := func(role string, id int64) published {
		var got struct {
			Dosage struct{ Sessions published } `json:"dosage"`
		}
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodGet, fmt.Sprintf("/api/v1/interventions/%d", id), ""), &got)
		return got.Dosage.Sessions
	}
	// Find, as an analyst, a day whose sessions the difference of two drafts gives exactly.
	pinned := false
	for day := 2; day <= 28 && !pinned; day++ {
		end, endBefore := fmt.Sprintf("2026-03-%02d", day), fmt.Sprintf("2026-03-%02d", day-1)
		a, b := draft("analyst", "2026-03-01", end), draft("analyst", "2026-03-01", endBefore)
		one := draft("analyst", end, end)
		diff := *sessions("analyst", a).Count - *sessions("analyst", b).Count
		if diff != *sessions("analyst", one).Count {
			t.Fatalf("an analyst's dosage difference %d is not the day's %d sessions", diff, *sessions("analyst", one).Count)
		}
		if diff >= 1 && diff <= 4 {
			pinned = true
			// The same attack with a partner's drafts and a partner's view gains nothing.
			pa, pb := draft("partner", "2026-03-01", end), draft("partner", "2026-03-01", endBefore)
			if sa, sb := sessions("partner", pa), sessions("partner", pb); mustJSON(t, sa) != mustJSON(t, sb) {
				t.Errorf("a partner sees %+v and %+v for drafts a day apart: the difference reveals the day", sa, sb)
			}
			if s := sessions("partner", draft("partner", end, end)); s.Count != nil && *s.Count >= 1 && *s.Count <= 4 {
				t.Errorf("a partner sees %d sessions for one day", *s.Count)
			}
		}
	}
	if !pinned {
		t.Fatal("no day of March 2026 had 1 to 4 sessions for an analyst: the attack proves nothing")
	}
}

// TestEvaluationsCannotBeDifferenced is attack (b): two evaluations that differ by one cell or
// one day.
func TestEvaluationsCannotBeDifferenced(t *testing.T) {
	ts := demoServer(t)
	places := demoPlaces(t, ts)
	type counts struct {
		Counts map[string]struct {
			Pre       *float64 `json:"pre"`
			Post      *float64 `json:"post"`
			PostLabel string   `json:"post_label"`
		} `json:"counts"`
		Post struct{ To string } `json:"post"`
	}
	request := func(target any, postTo string) string {
		b, _ := json.Marshal(map[string]any{"target": target, "control": map[string]any{"places": []int64{places[len(places)-1]}},
			"buffer": map[string]any{"rings": 1}, "pre": map[string]string{"from": "2025-05-01", "to": "2025-10-31"},
			"post": map[string]string{"from": "2025-11-01", "to": postTo}})
		return string(b)
	}
	run := func(role, body string) counts {
		var c counts
		servertest.Decode(t, ts.MustSend(t, http.StatusOK, role, http.MethodPost, "/api/v1/evaluations", body), &c)
		return c
	}
	target := map[string]any{"places": []int64{places[0]}}

	// As an analyst, the two evaluations differ by exactly the last day's incidents.
	var a, b counts
	pinned := ""
	for day := 30; day >= 2 && pinned == ""; day-- {
		end, endBefore := fmt.Sprintf("2026-04-%02d", day), fmt.Sprintf("2026-04-%02d", day-1)
		a, b = run("analyst", request(target, end)), run("analyst", request(target, endBefore))
		if d := *a.Counts["target"].Post - *b.Counts["target"].Post; d >= 1 && d <= 4 {
			pinned = end
		}
	}
	if pinned == "" {
		t.Fatal("no day of April 2026 changed the analyst's target count by 1 to 4: the attack proves nothing")
	}
	// As a partner, both periods are the same whole months: identical counts, nothing to subtract.
	day, _ := time.Parse(time.DateOnly, pinned)
	pa, pb := run("partner", request(target, pinned)), run("partner", request(target, day.AddDate(0, 0, -1).Format(time.DateOnly)))
	if ja, jb := mustJSON(t, pa.Counts), mustJSON(t, pb.Counts); ja != jb {
		t.Errorf("a partner's evaluations a day apart differ:\n%s\n%s", ja, jb)
	}
	// Nor may a partner draw the cells: one cell more or less would be the difference.
	cells := `{"target":{"cells":["8a194ad30d67fff"]},"control":{"suggest":true},"buffer":{"rings":1},"pre":{"from":"2025-05-01","to":"2025-10-31"},"post":{"from":"2025-11-01","to":"2026-04-30"}}`
	if rec := ts.Send(t, "partner", http.MethodPost, "/api/v1/evaluations", cells); rec.Code != http.StatusForbidden {
		t.Errorf("a partner's evaluation of drawn cells: %d %s, want 403", rec.Code, rec.Body)
	}
	// The partner's runs are in the audit log.
	var n int
	if err := ts.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id
		WHERE a.action = 'evaluation.run' AND u.role = 'partner'`).Scan(&n); err != nil || n < 2 {
		t.Errorf("%d audit lines for a partner's evaluation runs (%v), want at least 2", n, err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestProtectedCountsHoldTheTruth: at every resolution a partner may see, each published range
// holds the analyst's exact count, and "<5" is shown only on a true 1 to 4.
func TestProtectedCountsHoldTheTruth(t *testing.T) {
	ts := demoServer(t)
	for res := 6; res <= 9; res++ {
		q := fmt.Sprintf("/api/v1/cells?res=%d&from=%s&to=%s", res, demoYear.from, demoYear.to)
		exact, partner := layer(t, ts, "analyst", q).byCell(), layer(t, ts, "partner", q)
		small := 0
		for i, c := range partner.cells {
			n := exact[c]
			if n < partner.low[i] || n > partner.high[i] {
				t.Errorf("res %d cell %s: published %v–%v does not hold %v", res, c, partner.low[i], partner.high[i], n)
			}
			if partner.low[i] == 1 && partner.high[i] == 4 {
				small++
				if n < 1 || n > 4 {
					t.Errorf("res %d cell %s: <5 shown on %v", res, c, n)
				}
			}
		}
		t.Logf("res %d: %d cells, %d shown as <5", res, len(partner.cells), small)
	}
}

// beyondLabels counts the cells whose true count (from truth) is 1 to 4 and which an attack's
// values recover exactly while departing from the published label's middle.
func beyondLabels(got []float64, shown, truth cellValues) int {
	exact := truth.byCell()
	n := 0
	for i, c := range shown.cells {
		v := exact[c]
		// The published value of a range is its middle; a solution that lands on it (to within
		// the solver's own error, far below 0.5) learned nothing beyond the label, even where the
		// middle, 2.5 say, sits on a rounding boundary.
		mid := (shown.low[i] + shown.high[i]) / 2
		if v >= 1 && v <= 4 && math.Round(got[i]) == v && math.Abs(got[i]-mid) > 0.01 {
			n++
		}
	}
	return n
}

// packPeriod is the hot spot period of a pack's manifest as query parameters "from&to=".
func packPeriod(t *testing.T, manifest []byte) string {
	t.Helper()
	var m struct {
		Periods struct {
			Hotspots struct{ From, To string } `json:"hotspots"`
		} `json:"periods"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	return m.Periods.Hotspots.From + "&to=" + m.Periods.Hotspots.To
}
