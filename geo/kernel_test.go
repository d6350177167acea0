package geo_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/uber/h3-go/v4"
)

func TestKernelWeight(t *testing.T) {
	// Worked by hand from the formulas with h = k + 1.
	tests := []struct {
		kern    geo.Kernel
		d, k    int
		want    float64
		comment string
	}{
		{geo.KernelUniform, 0, 1, 1, "self"},
		{geo.KernelUniform, 3, 3, 1, "outermost ring"},
		{geo.KernelTriangular, 0, 2, 1, "self"},
		{geo.KernelTriangular, 1, 1, 0.5, "1 − 1/2"},
		{geo.KernelTriangular, 1, 2, 2.0 / 3, "1 − 1/3"},
		{geo.KernelTriangular, 2, 2, 1.0 / 3, "1 − 2/3"},
		{geo.KernelTriangular, 5, 5, 1.0 / 6, "1 − 5/6"},
		{geo.KernelEpanechnikov, 1, 1, 0.75, "1 − (1/2)²"},
		{geo.KernelEpanechnikov, 1, 2, 8.0 / 9, "1 − (1/3)²"},
		{geo.KernelEpanechnikov, 2, 2, 5.0 / 9, "1 − (2/3)²"},
		{geo.KernelEpanechnikov, 5, 5, 11.0 / 36, "1 − (5/6)²"},
		{geo.KernelGaussian, 0, 3, 1, "exp(0)"},
		{geo.KernelGaussian, 1, 1, 0.8824969025845955, "exp(−(1/2)²/2) = exp(−1/8)"},
		{geo.KernelGaussian, 2, 2, 0.8007374029168081, "exp(−(2/3)²/2) = exp(−2/9)"},
		{geo.KernelTriangular, 3, 2, 0, "beyond the neighbourhood"},
		{geo.KernelGaussian, -1, 2, 0, "negative distance"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s d=%d k=%d %s", tt.kern, tt.d, tt.k, tt.comment), func(t *testing.T) {
			if got := geo.KernelWeight(tt.kern, tt.d, tt.k); math.Abs(got-tt.want) > 1e-15 {
				t.Errorf("KernelWeight = %.17g, want %.17g", got, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		kern geo.Kernel
		d, k int
	}{{"box", 1, 2}, {"box", 9, 2}, {geo.KernelUniform, 0, 0}} {
		if w := geo.KernelWeight(bad.kern, bad.d, bad.k); !math.IsNaN(w) {
			t.Errorf("KernelWeight(%q, %d, %d) = %v, want NaN", bad.kern, bad.d, bad.k, w)
		}
	}
}

func TestParseKernel(t *testing.T) {
	for _, s := range []string{"uniform", "triangular", "epanechnikov", "gaussian"} {
		if k, err := geo.ParseKernel(s); err != nil || string(k) != s {
			t.Errorf("ParseKernel(%q) = %q, %v", s, k, err)
		}
	}
	if _, err := geo.ParseKernel("Uniform"); err == nil || !strings.Contains(err.Error(), `use "uniform"`) {
		t.Errorf("ParseKernel(Uniform) error %v, want one listing the kernels", err)
	}
}

// cheapsideCell is the res-9 cell holding Cheapside in the City of London.
func cheapsideCell(t testing.TB) h3.Cell {
	t.Helper()
	c, err := geo.CellAt(51.5138, -0.0940, 9)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCellNeighbours(t *testing.T) {
	centre := cheapsideCell(t)
	// A study area that is not a disk: the k=3 disk minus one ring-1 cell, so some
	// neighbourhoods have holes and the edge cells have partial ones.
	var cells []h3.Cell
	hole := centre.GridDiskDistances(1)[1][0]
	for _, c := range centre.GridDisk(3) {
		if c != hole {
			cells = append(cells, c)
		}
	}
	for _, tc := range []struct {
		k    int
		kern geo.Kernel
	}{{1, geo.KernelUniform}, {2, geo.KernelTriangular}, {3, geo.KernelGaussian}} {
		t.Run(fmt.Sprintf("k=%d %s", tc.k, tc.kern), func(t *testing.T) {
			nbs, err := geo.CellNeighbours(cells, tc.k, tc.kern)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cells {
				// Independently: every cell of the area within grid distance k, by h3's GridDistance.
				want := map[int]float64{}
				for j, o := range cells {
					if d := c.GridDistance(o); d <= tc.k {
						want[j] = geo.KernelWeight(tc.kern, d, tc.k)
					}
				}
				if len(nbs[i]) != len(want) {
					t.Fatalf("cell %d has %d neighbours, want %d", i, len(nbs[i]), len(want))
				}
				if nbs[i][0] != (geo.Neighbour{Index: i, Weight: 1}) {
					t.Errorf("cell %d: first neighbour %+v, want itself with weight 1", i, nbs[i][0])
				}
				for _, nb := range nbs[i] {
					if w, ok := want[nb.Index]; !ok || w != nb.Weight {
						t.Errorf("cell %d: neighbour %+v, want weight %v (listed: %v)", i, nb, w, ok)
					}
				}
			}
		})
	}
}

func TestCellNeighboursPentagon(t *testing.T) {
	// A pentagon has five neighbours, and h3 leaves gaps in its disks.
	p := h3.Pentagons(2)[0]
	cells := p.GridDisk(1)
	nbs, err := geo.CellNeighbours(cells, 1, geo.KernelUniform)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		if c == p && len(nbs[i]) != 6 {
			t.Errorf("pentagon has %d neighbours with itself, want 6", len(nbs[i]))
		}
	}
}

func TestCellNeighboursRefusesBadInput(t *testing.T) {
	c := cheapsideCell(t)
	ring := c.GridDisk(1)
	tests := []struct {
		name  string
		cells []h3.Cell
		k     int
		kern  geo.Kernel
		want  string
	}{
		{"k of 0", ring, 0, geo.KernelUniform, "k must be 1..5"},
		{"k of 6", ring, 6, geo.KernelUniform, "k must be 1..5"},
		{"unknown kernel", ring, 1, "box", `unknown kernel "box"`},
		{"invalid cell", []h3.Cell{c, 0}, 1, geo.KernelUniform, "cell 1 (0) is not a valid h3 cell"},
		{"mixed resolutions", []h3.Cell{c, c.Parent(8)}, 1, geo.KernelUniform, "has resolution 8 but cell 0"},
		{"repeated cell", []h3.Cell{c, ring[1], c}, 1, geo.KernelUniform, "cell 2 (" + c.String() + ") repeats cell 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.CellNeighbours(tt.cells, tt.k, tt.kern)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
	if nbs, err := geo.CellNeighbours(nil, 2, geo.KernelUniform); err != nil || len(nbs) != 0 {
		t.Errorf("no cells: %v, %v; want no neighbourhoods and no error", nbs, err)
	}
}

func ExampleCellNeighbours() {
	centre, _ := geo.CellAt(51.5138, -0.0940, 9)
	cells := centre.GridDisk(2) // a study area of 19 cells, centre first
	nbs, err := geo.CellNeighbours(cells, 2, geo.KernelTriangular)
	if err != nil {
		panic(err)
	}
	counts := map[float64]int{}
	for _, nb := range nbs[0] {
		counts[math.Round(nb.Weight*1000)/1000]++
	}
	fmt.Println(len(nbs[0]), "neighbours of the centre; weight: count", counts)
	fmt.Println(len(nbs[len(nbs)-1]), "neighbours of the last cell, a corner of the area")
	// Output:
	// 19 neighbours of the centre; weight: count map[0.333:12 0.667:6 1:1]
	// 9 neighbours of the last cell, a corner of the area
}
