package evaluation_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/server"
	"github.com/placesafe/placesafe/internal/server/servertest"
	"github.com/placesafe/placesafe/outcome"
)

// fixture is a City of London database with incidents placed by hand at cell centres (res 10).
type fixture struct {
	srv                     *server.Server
	ts                      *servertest.Server
	target, buffer, control h3.Cell
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := servertest.New(t)
	s.SetArea(t, "City", "../ingest/testdata/city-of-london-boundary.geojson")
	srv := s.Server
	target, _ := geo.CellAt(51.5138, -0.0984, 10)  // St Paul's
	control, _ := geo.CellAt(51.5155, -0.0790, 10) // by Bank, well outside one ring
	buffer := target.GridDisk(1)[1]
	return &fixture{srv: srv, ts: s, target: target, buffer: buffer, control: control}
}

// add imports n incidents at the centre of cell c, in the given month (day 10 to 24).
func (f *fixture) add(t *testing.T, c h3.Cell, month string, n int) {
	t.Helper()
	f.addOneEach(t, slices.Repeat([]h3.Cell{c}, n), month)
}

// addOneEach imports one incident at the centre of each of cells, in the given month, in one
// file.
func (f *fixture) addOneEach(t *testing.T, cells []h3.Cell, month string) {
	t.Helper()
	if len(cells) == 0 { // a file of no rows is refused; there is nothing to add
		return
	}
	var b strings.Builder
	b.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
	for i, c := range cells {
		p := geo.CellPoint(c)
		fmt.Fprintf(&b, "%s-%s-%d,%s-%02d 18:00,exact,robbery,14-17,,%.7f,%.7f,street,\n", c, month, i, month, 10+i%15, p[1], p[0])
	}
	f.ts.Import(t, ingest.KindIncidents, ingest.FormatPlacesafe, strings.NewReader(b.String()))
}

// spread adds total incidents to c over the six months from first (January or July 2024).
func (f *fixture) spread(t *testing.T, c h3.Cell, half string, total int) {
	months := []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"}
	if half == "post" {
		months = []string{"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"}
	}
	for i, m := range months {
		n := total / 6
		if i < total%6 {
			n++
		}
		f.add(t, c, m, n)
	}
}

func (f *fixture) request() *evaluation.Request {
	return &evaluation.Request{
		Target: evaluation.AreaSpec{Cells: []string{f.target.String()}}, Buffer: evaluation.BufferSpec{Cells: []string{f.buffer.String()}},
		Control: evaluation.ControlSpec{Cells: []string{f.control.String()}},
		Pre:     evaluation.Period{From: "2024-01-01", To: "2024-06-30"}, Post: evaluation.Period{From: "2024-07-01", To: "2024-12-31"}}
}

// placeAt registers a small square place at the centre of cell c, covering c alone at res 10.
// evaluate evaluates req as the viewer v sees it, failing the test on an error.
func (f *fixture) evaluate(t *testing.T, req *evaluation.Request, v disclosure.Viewer) *evaluation.Result {
	t.Helper()
	r, err := f.srv.Evaluation.Evaluate(context.Background(), req, v)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) placeAt(t *testing.T, c h3.Cell, name string) int64 {
	t.Helper()
	p, d := geo.CellPoint(c), 0.0001
	pl := &place.Place{Kind: "park", Name: name, Source: "test",
		Geometry: orb.Polygon{{{p[0] - d, p[1] - d}, {p[0] + d, p[1] - d}, {p[0] + d, p[1] + d}, {p[0] - d, p[1] + d}, {p[0] - d, p[1] - d}}}}
	if err := f.srv.Places.Create(context.Background(), pl); err != nil {
		t.Fatalf("place %s: %v", name, err)
	}
	return pl.ID
}

// placeRequest is request with the target and control as registered places and a one-ring buffer.
func (f *fixture) placeRequest(t *testing.T) *evaluation.Request {
	r := f.request()
	r.Target = evaluation.AreaSpec{Places: []int64{f.placeAt(t, f.target, "Target "+t.Name())}}
	r.Control = evaluation.ControlSpec{Places: []int64{f.placeAt(t, f.control, "Control "+t.Name())}}
	r.Buffer = evaluation.BufferSpec{Rings: 1}
	return r
}

func near(a *float64, want, tol float64) bool { return a != nil && math.Abs(*a-want) <= tol }

// show is a figure as a failure message gives it: "nil" when it is not defined.
func show(a *float64) string {
	if a == nil {
		return "nil"
	}
	return fmt.Sprint(*a)
}

// TestHandWorkedEvaluation: target 40 → 20, control 40 → 40, buffer 20 → 30.
//
//	rate ratio = (20/40)/(40/40) = 0.5; Var ln = 1/40 + 1/20 + 1/40 + 1/40 = 0.125, SE 0.353553;
//	95% CI = 0.5·exp(±1.959964·0.353553) = 0.25004 to 0.99982.
//	RES = (40·40)/(40·20) = 2, CI 1.00018 to 3.99930; reduction 1 − 1/2 = 50%.
//	WDQ (Bowers & Johnson 2003): SM = 20/40 − 40/40 = −0.5; BM = 30/40 − 20/40 = 0.25;
//	WDQ = 0.25/−0.5 = −0.5: displacement smaller than the direct effect.
//	TNE = [40·40/40 − 20] + [20·40/40 − 30] = 20 − 10 = 10.
//	WDD (Wheeler & Ratcliffe 2018, one shared control): ΔT − ΔC + ΔD − ΔC = −20 − 0 + 10 − 0 = −10.
//	DiD on monthly means: (20/6 − 40/6) − (40/6 − 40/6) = −3.3333.
func TestHandWorkedEvaluation(t *testing.T) {
	f := newFixture(t)
	f.spread(t, f.target, "pre", 40)
	f.spread(t, f.target, "post", 20)
	f.spread(t, f.control, "pre", 40)
	f.spread(t, f.control, "post", 40)
	f.spread(t, f.buffer, "pre", 20)
	f.spread(t, f.buffer, "post", 30)
	r := f.evaluate(t, f.request(), f.srv.Policy.Raw())
	checks := []struct {
		name      string
		got       *float64
		want, tol float64
	}{
		{"target before", r.Counts["target"].Pre, 40, 0}, {"target after", r.Counts["target"].Post, 20, 0},
		{"control after", r.Counts["control"].Post, 40, 0}, {"buffer after", r.Counts["buffer"].Post, 30, 0},
		{"rate ratio", r.RateRatio.Estimate, 0.5, 1e-9}, {"rate ratio low", r.RateRatio.CILow, 0.25004, 5e-5},
		{"rate ratio high", r.RateRatio.CIHigh, 0.99982, 5e-5},
		{"RES", r.RelativeEffectSize.Estimate, 2, 1e-9}, {"RES low", r.RelativeEffectSize.CILow, 1.00018, 5e-5},
		{"RES high", r.RelativeEffectSize.CIHigh, 3.99930, 5e-4}, {"reduction", r.Reduction.Estimate, 0.5, 1e-9},
		{"WDQ", r.WDQ.Value, -0.5, 1e-9}, {"success measure", r.WDQ.SuccessMeasure, -0.5, 1e-9},
		{"buffer measure", r.WDQ.BufferMeasure, 0.25, 1e-9}, {"total net effect", r.TotalNetEffect, 10, 1e-9},
		{"WDD", r.WDD.Estimate, -10, 1e-9}, {"DiD", r.DiD.Estimate, -20.0 / 6, 1e-9},
	}
	for _, c := range checks {
		if !near(c.got, c.want, c.tol) {
			t.Errorf("%s = %s, want %v", c.name, show(c.got), c.want)
		}
	}
	if r.WDQ.Interpretation != string(outcome.WDQDisplacementSmaller) {
		t.Errorf("WDQ reads %q", r.WDQ.Interpretation)
	}
	if !strings.Contains(r.Statement, "fell by about 50%") {
		t.Errorf("statement %q does not report the fall its interval supports", r.Statement)
	}
	if r.SMS.Level != 3 {
		t.Errorf("SMS level %d for a before–after design with a comparable control, want 3", r.SMS.Level)
	}
	if len(r.Monthly) != 12 || r.Monthly[0].Month != "2024-01" || *r.Monthly[11].Target != 3 {
		t.Errorf("monthly series %v", r.Monthly)
	}
}

func TestThinAndEmptyPeriodsAreSaidPlainly(t *testing.T) {
	f := newFixture(t)
	f.spread(t, f.target, "pre", 6)
	f.spread(t, f.target, "post", 3)
	f.spread(t, f.buffer, "pre", 2)
	// The control has no events at all.
	r := f.evaluate(t, f.request(), f.srv.Policy.Raw())
	if r.RateRatio.Estimate != nil || r.WDQ.Value != nil {
		t.Errorf("a control with no events gave a rate ratio %v / WDQ %v", r.RateRatio.Estimate, r.WDQ.Value)
	}
	joined := strings.Join(r.Notes, " | ")
	if !strings.Contains(joined, "fewer than 10") {
		t.Errorf("notes %q do not say the data are too thin", joined)
	}
	if r.Verdict.Effect.Finding != evaluation.FindingNotEstimable || !strings.Contains(r.Statement, "cannot yet say") {
		t.Errorf("verdict %+v", r.Verdict)
	}
	// The same areas as registered places for a partner: each (area, month) is an atom of the
	// disclosure rule, so the target's three months of one event read as a range, never 3.
	p := f.evaluate(t, f.placeRequest(t), f.srv.Policy.For(auth.RolePartner))
	if tp := p.Counts["target"]; tp.Post != nil || !tp.PostSuppressed || tp.PostLabel != "3–12" || !p.Suppressed || p.RateRatio.Estimate != nil {
		t.Errorf("partner saw target after %v (%q), protected %v; want the range 3–12", tp.Post, tp.PostLabel, p.Suppressed)
	}
	for _, m := range p.Monthly {
		for _, v := range []*float64{m.Target, m.Buffer, m.Control} {
			if v != nil && *v > 0 && *v < 5 {
				t.Errorf("partner saw %v in %s", *v, m.Month)
			}
		}
	}
}

func TestOverlappingAreasAreRefused(t *testing.T) {
	f := newFixture(t)
	req := f.request()
	req.Control.Cells = []string{f.buffer.String()}
	_, err := f.srv.Evaluation.Evaluate(context.Background(), req, f.srv.Policy.Raw())
	if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), "buffer and control areas overlap") {
		t.Errorf("overlapping buffer and control: %v", err)
	}
	req = f.request()
	req.Buffer = evaluation.BufferSpec{Rings: 1}
	req.Control.Cells = []string{f.target.String()}
	if _, err := f.srv.Evaluation.Evaluate(context.Background(), req, f.srv.Policy.Raw()); apperr.Code(err) != apperr.Unprocessable {
		t.Errorf("control equal to target: %v", err)
	}
	req = f.request()
	req.Post = evaluation.Period{From: "2024-06-01", To: "2024-12-31"}
	if _, err := f.srv.Evaluation.Evaluate(context.Background(), req, f.srv.Policy.Raw()); apperr.Code(err) != apperr.Invalid {
		t.Errorf("post starting inside pre: %v", err)
	}
}

func TestSuggestedControlIsOutsideTargetAndBuffer(t *testing.T) {
	f := newFixture(t)
	f.spread(t, f.target, "pre", 30)
	f.spread(t, f.control, "pre", 30)
	req := f.request()
	req.Buffer = evaluation.BufferSpec{Metres: 200}
	req.Control = evaluation.ControlSpec{Suggest: true}
	r := f.evaluate(t, req, f.srv.Policy.Raw())
	if !r.ControlSuggested || len(r.Control) < 5 {
		t.Fatalf("suggested control %v", r.Control)
	}
	in := map[string]bool{}
	for _, c := range append(r.Target, r.Buffer...) {
		in[c] = true
	}
	for _, c := range r.Control {
		if in[c] {
			t.Errorf("suggested control cell %s is in the target or buffer", c)
		}
	}
	// The only other cell with 30 events before is the closest match by level.
	found := false
	for _, c := range r.Control {
		found = found || c == f.control.String()
	}
	if !found {
		t.Errorf("the cell matching the target's pre-period level (%s) was not suggested: %v", f.control, r.Control)
	}
}

func TestRestrictedNotesHideSmallCounts(t *testing.T) {
	f := newFixture(t)
	f.spread(t, f.target, "pre", 3)
	f.spread(t, f.control, "pre", 12)
	f.spread(t, f.control, "post", 12)
	r := f.evaluate(t, f.placeRequest(t), f.srv.Policy.For(auth.RolePartner))
	for _, n := range r.Notes {
		for _, small := range []string{" 1 event", " 2 events", " 3 events", " 4 events"} {
			if strings.Contains(n, small) {
				t.Errorf("a partner's note shows a small count: %q", n)
			}
		}
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "fewer than 10 events in a period (published counts)") {
		t.Errorf("notes %q: the thin-data caveat should still be there, without a count", r.Notes)
	}
}

// TestPartnerEvaluationsAreLimitedToAtoms: a role without record-level access cannot ask for
// what would let two evaluations be differenced into a small count: drawn cells, categories,
// another resolution, a buffer in metres; part months are narrowed to whole months.
func TestPartnerEvaluationsAreLimitedToAtoms(t *testing.T) {
	f := newFixture(t)
	partner := f.srv.Policy.For(auth.RolePartner)
	ctx := context.Background()
	refused := map[string]func(*evaluation.Request){
		"drawn target cells":  func(r *evaluation.Request) { r.Target = evaluation.AreaSpec{Cells: []string{f.target.String()}} },
		"drawn control cells": func(r *evaluation.Request) { r.Control = evaluation.ControlSpec{Cells: []string{f.control.String()}} },
		"a category":          func(r *evaluation.Request) { r.Categories = []string{"robbery"} },
		"resolution 12":       func(r *evaluation.Request) { r.Res = 12 },
		"a buffer in metres":  func(r *evaluation.Request) { r.Buffer = evaluation.BufferSpec{Metres: 100} },
	}
	base := f.placeRequest(t)
	for name, change := range refused {
		req := *base
		change(&req)
		if _, err := f.srv.Evaluation.Evaluate(ctx, &req, partner); apperr.Code(err) != apperr.Forbidden {
			t.Errorf("%s: %v, want forbidden", name, err)
		}
		if _, err := f.srv.Evaluation.Evaluate(ctx, &req, f.srv.Policy.Raw()); apperr.Code(err) == apperr.Forbidden {
			t.Errorf("%s refused to an analyst: %v", name, err)
		}
	}
	// A post period one day shorter is the same whole months: the same published figures.
	a := f.evaluate(t, f.placeRequest(t), partner)
	req := f.placeRequest(t)
	req.Post.To = "2024-12-30"
	b := f.evaluate(t, req, partner)
	if b.Post.To != "2024-11-30" || a.Post.To != "2024-12-31" {
		t.Errorf("post periods %v and %v: a part month is left out for a partner", a.Post, b.Post)
	}
}

// TestOnlyRecordsOfThePeriodsAndUnderTheCellsCount: two events a month all year in the target,
// and one in February and one in August at the centre of each resolution-10 cell within two
// rings of it. With a pre period of January to April and a post period of July to December,
// the events of May and June count in neither. At resolution 10 and in the target's
// resolution-9 parent alike, each area counts the events whose cell lies under one of its
// cells (as the H3 library places them) and no other: the target's 8 before and 12 after
// (worked by hand: 4 × 2 and 6 × 2) and one before and one after for each ring cell under it.
func TestOnlyRecordsOfThePeriodsAndUnderTheCellsCount(t *testing.T) {
	f := newFixture(t)
	f.spread(t, f.target, "pre", 12)
	f.spread(t, f.target, "post", 12)
	f.add(t, f.control, "2024-05", 3) // between the periods
	var ring []h3.Cell
	for _, c := range f.target.GridDisk(2) {
		if c != f.target {
			ring = append(ring, c)
		}
	}
	for _, month := range []string{"2024-02", "2024-08"} {
		f.addOneEach(t, ring, month)
	}
	for _, res := range []int{10, 9} {
		target, control := f.target.Parent(res), f.control.Parent(res)
		req := f.request()
		req.Target = evaluation.AreaSpec{Cells: []string{target.String()}}
		req.Buffer = evaluation.BufferSpec{Rings: 1}
		req.Control = evaluation.ControlSpec{Cells: []string{control.String()}}
		req.Pre = evaluation.Period{From: "2024-01-01", To: "2024-04-30"}
		want := map[string]float64{"target": 0, "buffer": 0, "control": 0}
		for _, c := range ring {
			switch p := c.Parent(res); {
			case p == target:
				want["target"]++
			case p == control:
				want["control"]++
			case p.GridDistance(target) == 1:
				want["buffer"]++
			}
		}
		r := f.evaluate(t, req, f.srv.Policy.Raw())
		for name, extra := range want {
			pre, post := extra, extra
			if name == "target" {
				pre, post = 8+extra, 12+extra
			}
			if got := r.Counts[name]; !near(got.Pre, pre, 0) || !near(got.Post, post, 0) {
				t.Errorf("resolution %d: %s before %s and after %s, want %v and %v", res, name, show(got.Pre), show(got.Post), pre, post)
			}
		}
		var months []string
		for _, m := range r.Monthly {
			months = append(months, m.Month)
		}
		if len(months) != 10 || slices.Contains(months, "2024-05") || slices.Contains(months, "2024-06") {
			t.Errorf("resolution %d: monthly series of %v, want the four months before and the six after", res, months)
		}
	}
}
