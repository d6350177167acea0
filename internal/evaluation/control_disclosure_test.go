package evaluation_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// hiddenWorld is a data set that differs from another only by counts a protected viewer's map
// does not show, with a request for a suggested control beside its one-cell target.
type hiddenWorld struct {
	f      *fixture
	cells  []h3.Cell // cells with records besides the target, whose map cells are compared
	req    *evaluation.Request
	result map[string]*evaluation.Result
}

// hiddenCells are six resolution-10 cells of the City away from St Paul's (the fixture's
// target), each in a resolution-9 cell of its own.
var hiddenCells = [][2]float64{
	{51.5155, -0.0790}, // Bank
	{51.5180, -0.0885}, // Moorgate
	{51.5115, -0.0880}, // Cannon Street
	{51.5140, -0.1060}, // Ludgate Circus
	{51.5170, -0.0830}, // Old Broad Street
	{51.5120, -0.0760}, // Leadenhall
}

// newHiddenWorld is a City fixture whose target has 3 incidents a month before and whose six
// hiddenCells have perMonth[i] a month: 3 or 1, so that every month of every map cell reads <5
// whichever cells have which.
func newHiddenWorld(t *testing.T, perMonth []int) *hiddenWorld {
	t.Helper()
	w := &hiddenWorld{f: newFixture(t), result: map[string]*evaluation.Result{}}
	f := w.f
	grid := map[h3.Cell]bool{f.target.Parent(hotspot.MaxRestrictedRes): true}
	for _, ll := range hiddenCells {
		c, _ := geo.CellAt(ll[0], ll[1], evaluation.DefaultRes)
		if p := c.Parent(hotspot.MaxRestrictedRes); grid[p] {
			t.Fatalf("cell %s shares its resolution-9 cell %s with the target or another hidden cell", c, p)
		}
		if d := f.target.GridDistance(c); d <= 2 {
			t.Fatalf("cell %s is %d rings from the target", c, d)
		}
		grid[c.Parent(hotspot.MaxRestrictedRes)] = true
		w.cells = append(w.cells, c)
	}
	f.spread(t, f.target, "pre", 3*6)
	for i, c := range w.cells {
		f.spread(t, c, "pre", perMonth[i]*6)
	}
	w.req = f.suggestRequest(t)
	return w
}

// suggestRequest is request with the target as a registered place, a one-ring buffer and a
// suggested control.
func (f *fixture) suggestRequest(t *testing.T) *evaluation.Request {
	r := f.request()
	r.Target = evaluation.AreaSpec{Places: []int64{f.placeAt(t, f.target, "Target "+t.Name())}}
	r.Buffer, r.Control = evaluation.BufferSpec{Rings: 1}, evaluation.ControlSpec{Suggest: true}
	return r
}

// evaluate evaluates the world's request as v, once per viewer.
func (w *hiddenWorld) evaluate(t *testing.T, name string, v disclosure.Viewer) *evaluation.Result {
	t.Helper()
	if r, ok := w.result[name]; ok {
		return r
	}
	req := *w.req
	r := w.f.evaluate(t, &req, v)
	w.result[name] = r
	return r
}

// rawSuggestion is the control matched on the raw counts, as every viewer was once suggested.
func (w *hiddenWorld) rawSuggestion(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	analyst := w.f.srv.Policy.Raw()
	r := w.evaluate(t, "analyst", analyst)
	skip := map[string]bool{}
	for _, c := range append(append([]string{}, r.Target...), r.Buffer...) {
		skip[c] = true
	}
	all, err := w.f.srv.Hotspot.StudyCells(ctx, evaluation.DefaultRes)
	if err != nil {
		t.Fatal(err)
	}
	var cands []h3.Cell
	for _, c := range all {
		if !skip[c.String()] {
			cands = append(cands, c)
		}
	}
	scope, err := w.f.srv.Hotspot.AgeScope("", analyst)
	if err != nil {
		t.Fatal(err)
	}
	got, err := evaluation.SuggestOnRawCounts(ctx, w.f.srv.Evaluation, []h3.Cell{w.f.target}, cands, w.req.Pre, scope)
	if err != nil {
		t.Fatal(err)
	}
	return cellNames(got)
}

// mapMonths are the monthly counts a partner's map shows of the resolution-9 cells of the
// target and the world's cells over the pre period.
func (w *hiddenWorld) mapMonths(t *testing.T) []hotspot.Count {
	t.Helper()
	partner := w.f.srv.Policy.For(auth.RolePartner)
	filter := hotspot.Filter{Kind: hotspot.KindIncidents, Res: hotspot.MaxRestrictedRes,
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, record.London()), To: time.Date(2024, 6, 30, 0, 0, 0, 0, record.London())}
	var out []hotspot.Count
	for _, c := range append([]h3.Cell{w.f.target}, w.cells...) {
		d, err := w.f.srv.Hotspot.Cell(context.Background(), c.Parent(hotspot.MaxRestrictedRes), filter, partner)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d.Monthly...)
	}
	return out
}

// cellNames are cells as the result lists them, in order.
func cellNames(cells []h3.Cell) []string {
	out := evaluation.CellStrings(cells)
	slices.Sort(out)
	return out
}

// TestASuggestedControlTellsAPartnerNothingTheMapHides: a partner who may not see how many
// incidents each cell had asks for a suggested control beside a one-cell target. Matched on raw
// counts, the cells chosen are those closest to the target's count: in one world the first five
// of six cells, in the other the last five, though the partner's map reads <5 for every month of
// every one of them in both. Matched on the figures the map publishes, the partner is
// suggested the same control in both worlds; an analyst is still matched on the raw counts.
func TestASuggestedControlTellsAPartnerNothingTheMapHides(t *testing.T) {
	worlds := []*hiddenWorld{
		newHiddenWorld(t, []int{3, 3, 3, 3, 3, 1}),
		newHiddenWorld(t, []int{1, 3, 3, 3, 3, 3}),
	}
	if a, b := worlds[0].mapMonths(t), worlds[1].mapMonths(t); !reflect.DeepEqual(a, b) {
		t.Fatalf("the two worlds' maps differ for a partner:\n%+v\n%+v", a, b)
	}
	// Matching on raw counts takes the five cells with the target's 3 a month: the attack.
	raw := [2][]string{worlds[0].rawSuggestion(t), worlds[1].rawSuggestion(t)}
	for i, w := range worlds {
		want := cellNames(slices.DeleteFunc(slices.Clone(w.cells), func(c h3.Cell) bool {
			return slices.Index(w.cells, c) == 5*(1-i)
		}))
		if !slices.Equal(raw[i], want) {
			t.Fatalf("world %d: the control matched on raw counts is %v, want the five cells of 3 a month %v", i, raw[i], want)
		}
	}

	tests := []struct {
		name          string
		viewer        func(*fixture) disclosure.Viewer
		sameInBoth    bool // the control is the same in both worlds
		onRaw         bool // the control is the one matched on raw counts
		publishedNote bool // the notes say the control was matched on published figures
	}{
		{"an analyst is matched on the raw counts, as before", func(f *fixture) disclosure.Viewer { return f.srv.Policy.Raw() }, false, true, false},
		{"a partner is matched on the published figures", func(f *fixture) disclosure.Viewer { return f.srv.Policy.For(auth.RolePartner) }, true, false, true},
		{"an inspector is matched on the published figures", func(f *fixture) disclosure.Viewer { return f.srv.Policy.For(auth.RoleInspector) }, true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [2][]string
			for i, w := range worlds {
				r := w.evaluate(t, tt.name, tt.viewer(w.f))
				if !r.ControlSuggested || len(r.Control) != 5 {
					t.Fatalf("world %d: suggested control %v, want five cells", i, r.Control)
				}
				got[i] = append([]string{}, r.Control...)
				slices.Sort(got[i])
				if tt.onRaw && !slices.Equal(got[i], raw[i]) {
					t.Errorf("world %d: control %v, want the one matched on raw counts %v", i, got[i], raw[i])
				}
				// On the published figures the target's map cell and each of the six read <5 a
				// month: the control is taken from the six map cells' children, which match the
				// target's share exactly, and from no cell of the target's own map cell.
				hidden := map[h3.Cell]bool{}
				for _, c := range w.cells {
					hidden[c.Parent(hotspot.MaxRestrictedRes)] = true
				}
				for _, c := range r.Control {
					cell, _ := geo.ParseCell(c)
					switch parent := cell.Parent(hotspot.MaxRestrictedRes); {
					case !tt.publishedNote:
					case parent == w.f.target.Parent(hotspot.MaxRestrictedRes):
						t.Errorf("world %d: control cell %s shares the target's map cell, whose months hold the target's records", i, c)
					case !hidden[parent]:
						t.Errorf("world %d: control cell %s lies in map cell %s, which publishes nothing like the target's months", i, c, parent)
					}
				}
				if noted := strings.Contains(strings.Join(r.Notes, " | "), "matched on published figures"); noted != tt.publishedNote {
					t.Errorf("world %d: notes %q say matched on published figures: %v, want %v", i, r.Notes, noted, tt.publishedNote)
				}
			}
			if same := slices.Equal(got[0], got[1]); same != tt.sameInBoth {
				t.Errorf("controls %v and %v: the same in both worlds %v, want %v", got[0], got[1], same, tt.sameInBoth)
			}
		})
	}
}

// newSplitWorld is a deployment of two local areas, West and East, whose target in West has 5
// incidents a month before; a cell in East has 7 a month, and a resolution-9 cell astride the
// boundary has west and east a month on either side of it. A partner's map splits that cell's
// months by local area, so 3 and 3 read <5 and <5, as 1 and 1 do; merged they would read 6 or <5.
func newSplitWorld(t *testing.T, west, east int) *hiddenWorld {
	t.Helper()
	s := servertest.New(t)
	s.AddWestAndEast(t)
	target, _ := geo.CellAt(51.45, -0.25, evaluation.DefaultRes)
	other, _ := geo.CellAt(51.45, -0.15, evaluation.DefaultRes)
	astride, _ := geo.CellAt(51.45, -0.2, hotspot.MaxRestrictedRes)
	var w, e h3.Cell
	for _, c := range astride.Children(evaluation.DefaultRes) {
		if lng := geo.CellPoint(c)[0]; lng < -0.2 && w == 0 {
			w = c
		} else if lng > -0.2 && e == 0 {
			e = c
		}
	}
	if w == 0 || e == 0 {
		t.Fatalf("the resolution-9 cell %s does not lie astride the boundary", astride)
	}
	hw := &hiddenWorld{f: &fixture{srv: s.Server, ts: s, target: target}, cells: []h3.Cell{other, w}, result: map[string]*evaluation.Result{}}
	f := hw.f
	f.spread(t, target, "pre", 5*6)
	f.spread(t, other, "pre", 7*6)
	f.spread(t, w, "pre", west*6)
	f.spread(t, e, "pre", east*6)
	hw.req = f.suggestRequest(t)
	return hw
}

// TestASuggestedControlIsMatchedOnTheMapsAtomsByLocalArea: where the map splits a cell's
// months by local area, the partner's control is matched on the split figures the map shows,
// not on the merged ones it does not. Merged, the cell astride the boundary reads 6 a month in
// one world (closer to the target's 5 than the East cell's 7) and <5 in the other (farther):
// matched on the merged counts, the control would take its cells in one world and the East
// cell's in the other.
func TestASuggestedControlIsMatchedOnTheMapsAtomsByLocalArea(t *testing.T) {
	worlds := []*hiddenWorld{newSplitWorld(t, 3, 3), newSplitWorld(t, 1, 1)}
	if a, b := worlds[0].mapMonths(t), worlds[1].mapMonths(t); !reflect.DeepEqual(a, b) {
		t.Fatalf("the two worlds' maps differ for a partner:\n%+v\n%+v", a, b)
	}
	// Split, the cell astride reads 2–8 a month (a middle of 5) in both worlds, as the target's
	// own map cell reads 5: its children match the target's share exactly, and the East cell's
	// (7 a month) do not.
	astride, _ := geo.CellAt(51.45, -0.2, hotspot.MaxRestrictedRes)
	var got [2][]string
	for i, w := range worlds {
		r := w.evaluate(t, "partner", w.f.srv.Policy.For(auth.RolePartner))
		got[i] = append([]string{}, r.Control...)
		slices.Sort(got[i])
		if len(r.Control) != 5 {
			t.Fatalf("world %d: a partner's control %v, want five cells", i, r.Control)
		}
		for _, c := range r.Control {
			if cell, _ := geo.ParseCell(c); cell.Parent(hotspot.MaxRestrictedRes) != astride {
				t.Errorf("world %d: control cell %s is not of the cell astride the boundary %s", i, c, astride)
			}
		}
	}
	if !slices.Equal(got[0], got[1]) {
		t.Errorf("a partner's controls %v and %v differ between worlds whose maps read the same", got[0], got[1])
	}
}
