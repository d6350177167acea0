package cellcount

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// TestAStoredRangeHoldsTheCellsUnderItAndNoOther checks StoredRange against the H3 library:
// a stored cell lies in the range of its parent at each map resolution and in none of the
// parent's neighbours' ranges, and every stored child the library lists lies in the range.
func TestAStoredRangeHoldsTheCellsUnderItAndNoOther(t *testing.T) {
	in := func(c h3.Cell, of h3.Cell) bool {
		lo, hi := StoredRange(of)
		return lo <= int64(c) && int64(c) <= hi
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		c15 := cellAt(t, 49.9+rng.Float64()*10, -8+rng.Float64()*9, geo.StorageRes)
		for res := 6; res <= 13; res++ {
			p := c15.Parent(res)
			if !in(c15, p) {
				t.Fatalf("%s is not in the range of its parent %s at resolution %d", c15, p, res)
			}
			for _, n := range p.GridDisk(1) {
				if n != p && in(c15, n) {
					t.Fatalf("%s (under %s) is in the range of the neighbour %s at resolution %d", c15, p, n, res)
				}
			}
		}
	}
	// Every stored cell the library puts under a cell, a pentagon's included.
	for _, c := range []h3.Cell{cellAt(t, 51.515, -0.09, 12), h3.Pentagons(12)[3]} {
		children := c.Children(geo.StorageRes)
		if want := map[bool]int{false: 343, true: 286}[c.IsPentagon()]; len(children) != want {
			t.Fatalf("%s has %d stored children, want %d", c, len(children), want)
		}
		for _, child := range children {
			if !in(child, c) {
				t.Fatalf("child %s is not in the range of %s", child, c)
			}
		}
	}
}

// TestTheRangesOfSomeCellsHoldTheirRecordsAndNoOther: for cells round St Paul's (three rings of
// resolution-10 cells, and apart from them a resolution-9 cell given with one of its own
// children), a stored cell near them lies in one of the ranges exactly when it lies under one
// of the cells; and the seven children of a cell make one range, as do its 49 grandchildren.
func TestTheRangesOfSomeCellsHoldTheirRecordsAndNoOther(t *testing.T) {
	centre := cellAt(t, 51.5138, -0.0984, 10)
	apart := cellAt(t, 51.5155, -0.0790, 9)
	cells := append(centre.GridDisk(3), apart, apart.Children(10)[3])
	ranges := storedRanges(cells)
	if len(ranges) >= len(cells) {
		t.Errorf("%d cells in %d ranges: the children of one parent were not joined", len(cells), len(ranges))
	}
	under := func(c15 h3.Cell) bool {
		return c15.Parent(9) == apart || slices.Contains(cells, c15.Parent(10))
	}
	inRanges := func(c15 h3.Cell) bool {
		for _, r := range ranges {
			if r.lo <= int64(c15) && int64(c15) <= r.hi {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var inside int
	for range 20000 {
		c15 := cellAt(t, 51.505+rng.Float64()*0.02, -0.11+rng.Float64()*0.04, geo.StorageRes)
		if u, r := under(c15), inRanges(c15); u != r {
			t.Fatalf("%s: under the cells %v, in the ranges %v", c15, u, r)
		} else if u {
			inside++
		}
	}
	if inside < 1000 {
		t.Fatalf("only %d of the points fell under the cells: the test says little", inside)
	}
	parent := cellAt(t, 51.5138, -0.0984, 9)
	for _, res := range []int{10, 11} {
		r := storedRanges(parent.Children(res))
		lo, hi := StoredRange(parent)
		if len(r) != 1 || r[0].lo != lo || r[0].hi < hi {
			t.Errorf("the children at resolution %d of %s make ranges %v, want one from %d to at least %d", res, parent, r, lo, hi)
		}
	}
	if got := InSQL("h3_cell", nil); got != "false" {
		t.Errorf("no cells give %q, want false", got)
	}
}

func cellAt(t *testing.T, lat, lng float64, res int) h3.Cell {
	t.Helper()
	c, err := geo.CellAt(lat, lng, res)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
