package geo_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

// pysalPoints, pysalY and pysalGiStarZ are the data set and expected Gi* z-scores of PySAL
// esda's G_Local tests and docstring (esda/getisord.py, esda/tests/test_getisord.py,
// test_star_binary: lg.Zs[0] = -1.39727626): points within distance 15 of each other are
// neighbours (libpysal DistanceBand, threshold=15), weights binary, each point its own
// neighbour (star=True).
var (
	pysalPoints  = [][2]float64{{10, 10}, {20, 10}, {40, 10}, {15, 20}, {30, 20}, {30, 30}}
	pysalY       = []float64{2, 3, 3.2, 5, 8, 7}
	pysalGiStarZ = []float64{-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331}
)

// pysalNeighbours builds the binary distance-band neighbourhoods, self included, of pysalPoints.
func pysalNeighbours() [][]geo.Neighbour {
	out := make([][]geo.Neighbour, len(pysalPoints))
	for i, a := range pysalPoints {
		for j, b := range pysalPoints {
			if math.Hypot(a[0]-b[0], a[1]-b[1]) <= 15 {
				out[i] = append(out[i], geo.Neighbour{Index: j, Weight: 1})
			}
		}
	}
	return out
}

func TestGiStarPySAL(t *testing.T) {
	z, err := geo.GiStar(pysalY, pysalNeighbours())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range pysalGiStarZ {
		if math.Abs(z[i]-want) > 5e-9 {
			t.Errorf("z[%d] = %.10f, PySAL gives %.8f", i, z[i], want)
		}
	}
}

func TestGiStarHandWorked(t *testing.T) {
	// x = 1, 2, 3, 6: X̄ = 3, S² = (4 + 1 + 0 + 9)/4 = 3.5, n = 4.
	x := []float64{1, 2, 3, 6}
	self := func(i int) geo.Neighbour { return geo.Neighbour{Index: i, Weight: 1} }
	tests := []struct {
		name string
		nbs  []geo.Neighbour // neighbourhood of value 0 or 3, as index says
		i    int
		want float64
	}{
		// Σwx = 3, Σw = 2, Σw² = 2: (3 − 3·2) / (√3.5 · √((4·2 − 4)/3)).
		{"binary pair at the low end", []geo.Neighbour{self(0), {Index: 1, Weight: 1}}, 0, -3 / (math.Sqrt(3.5) * math.Sqrt(4.0/3))},
		// Σwx = 6 + 1.5 = 7.5, Σw = 1.5, Σw² = 1.25: (7.5 − 4.5) / (√3.5 · √((5 − 2.25)/3)).
		{"weighted pair at the high end", []geo.Neighbour{self(3), {Index: 2, Weight: 0.5}}, 3, 3 / (math.Sqrt(3.5) * math.Sqrt(2.75/3))},
		// Σwx = 6, Σw = 1, Σw² = 1: (6 − 3) / (√3.5 · √((4 − 1)/3)) = 3/√3.5.
		{"self only", []geo.Neighbour{self(3)}, 3, 3 / math.Sqrt(3.5)},
		{"weights scaled by 10 give the same z", []geo.Neighbour{{Index: 3, Weight: 10}, {Index: 2, Weight: 5}}, 3, 3 / (math.Sqrt(3.5) * math.Sqrt(2.75/3))},
		{"empty neighbourhood", nil, 0, 0},
		{"zero weights", []geo.Neighbour{{Index: 0, Weight: 0}}, 0, 0},
		{"every value with equal weight", []geo.Neighbour{self(0), self(1), self(2), self(3)}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nbs := make([][]geo.Neighbour, len(x))
			nbs[tt.i] = tt.nbs
			z, err := geo.GiStar(x, nbs)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(z[tt.i]-tt.want) > 1e-12 {
				t.Errorf("z[%d] = %.15f, want %.15f", tt.i, z[tt.i], tt.want)
			}
		})
	}
}

func TestGiStarAllEqual(t *testing.T) {
	z, err := geo.GiStar([]float64{4, 4, 4, 4}, [][]geo.Neighbour{{{Index: 0, Weight: 1}, {Index: 1, Weight: 1}}, nil, nil, nil})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range z {
		if v != 0 {
			t.Errorf("z[%d] = %v for equal values, want 0", i, v)
		}
	}
}

func TestGiStarRefusesBadInput(t *testing.T) {
	ok := [][]geo.Neighbour{{{Index: 0, Weight: 1}}, nil, nil}
	tests := []struct {
		name   string
		values []float64
		nbs    [][]geo.Neighbour
		want   string
	}{
		{"fewer than three values", []float64{1, 2}, [][]geo.Neighbour{nil, nil}, "at least 3"},
		{"lengths differ", []float64{1, 2, 3}, [][]geo.Neighbour{nil}, "3 values but 1 neighbour lists"},
		{"NaN value", []float64{1, math.NaN(), 3}, ok, "value 1 is NaN"},
		{"infinite value", []float64{1, 2, math.Inf(1)}, ok, "value 2 is +Inf"},
		{"index past the end", []float64{1, 2, 3}, [][]geo.Neighbour{nil, {{Index: 3, Weight: 1}}, nil}, "neighbour 3 of value 1 is outside 0..2"},
		{"negative index", []float64{1, 2, 3}, [][]geo.Neighbour{{{Index: -1, Weight: 1}}, nil, nil}, "neighbour -1 of value 0"},
		{"negative weight", []float64{1, 2, 3}, [][]geo.Neighbour{nil, nil, {{Index: 0, Weight: -1}}}, "weight -1"},
		{"NaN weight", []float64{1, 2, 3}, [][]geo.Neighbour{nil, nil, {{Index: 0, Weight: math.NaN()}}}, "weight NaN"},
		{"bad index with equal values", []float64{5, 5, 5}, [][]geo.Neighbour{nil, nil, {{Index: 9, Weight: 1}}}, "outside 0..2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.GiStar(tt.values, tt.nbs)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
}

// giStarReference computes Gi* straight from the formula, one neighbourhood at a time.
func giStarReference(x []float64, nbs [][]geo.Neighbour) []float64 {
	n := float64(len(x))
	var sum, sum2 float64
	for _, v := range x {
		sum += v
		sum2 += v * v
	}
	mean := sum / n
	s := math.Sqrt(sum2/n - mean*mean)
	z := make([]float64, len(x))
	for i, list := range nbs {
		var wx, w, w2 float64
		for _, nb := range list {
			wx += nb.Weight * x[nb.Index]
			w += nb.Weight
			w2 += nb.Weight * nb.Weight
		}
		z[i] = (wx - mean*w) / (s * math.Sqrt((n*w2-w*w)/(n-1)))
	}
	return z
}

// randomNeighbours gives each of n values its own index and up to 18 random others.
func randomNeighbours(rng *rand.Rand, n int) [][]geo.Neighbour {
	nbs := make([][]geo.Neighbour, n)
	for i := range nbs {
		nbs[i] = append(nbs[i], geo.Neighbour{Index: i, Weight: 1})
		for range rng.IntN(19) {
			nbs[i] = append(nbs[i], geo.Neighbour{Index: rng.IntN(n), Weight: rng.Float64()})
		}
	}
	return nbs
}

func TestGiStarMatchesFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{50, 100_000} {
		t.Run(fmt.Sprint(n, " values"), func(t *testing.T) {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(rng.IntN(20))
			}
			nbs := randomNeighbours(rng, n)
			z, err := geo.GiStar(x, nbs)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range giStarReference(x, nbs) {
				if math.Abs(z[i]-want) > 1e-9 {
					t.Fatalf("z[%d] = %v, formula gives %v", i, z[i], want)
				}
			}
		})
	}
}

func TestSpaceTimeGiStar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const cells, slices = 40, 7
	spatial := randomNeighbours(rng, cells)
	cube := make([][]float64, slices)
	for s := range cube {
		cube[s] = make([]float64, cells)
		for i := range cube[s] {
			cube[s][i] = float64(rng.IntN(6))
		}
	}
	for _, steps := range []int{0, 1, 2, 10} {
		t.Run(fmt.Sprint(steps, " time steps"), func(t *testing.T) {
			// The same neighbourhoods spelt out over the flattened cube, bin (s, i) at s·cells + i.
			flat := make([]float64, 0, cells*slices)
			nbs := make([][]geo.Neighbour, 0, cells*slices)
			for s := range cube {
				flat = append(flat, cube[s]...)
				for i := range cells {
					var list []geo.Neighbour
					for u := max(0, s-steps); u <= s; u++ {
						for _, nb := range spatial[i] {
							list = append(list, geo.Neighbour{Index: u*cells + nb.Index, Weight: nb.Weight})
						}
					}
					nbs = append(nbs, list)
				}
			}
			want, err := geo.GiStar(flat, nbs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := geo.SpaceTimeGiStar(cube, spatial, steps)
			if err != nil {
				t.Fatal(err)
			}
			for s := range cube {
				for i := range cells {
					if math.Abs(got[s][i]-want[s*cells+i]) > 1e-12 {
						t.Fatalf("bin (%d, %d): %v, GiStar over the cube gives %v", s, i, got[s][i], want[s*cells+i])
					}
				}
			}
		})
	}
}

func TestSpaceTimeGiStarOneSliceIsGiStar(t *testing.T) {
	got, err := geo.SpaceTimeGiStar([][]float64{pysalY}, pysalNeighbours(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range pysalGiStarZ {
		if math.Abs(got[0][i]-want) > 5e-9 {
			t.Errorf("z[%d] = %.10f, PySAL gives %.8f", i, got[0][i], want)
		}
	}
}

func TestSpaceTimeGiStarRefusesBadInput(t *testing.T) {
	nbs := pysalNeighbours()
	tests := []struct {
		name  string
		cube  [][]float64
		nbs   [][]geo.Neighbour
		steps int
		want  string
	}{
		{"no slices", nil, nbs, 1, "no time slices"},
		{"negative time steps", [][]float64{pysalY}, nbs, -1, "must be 0 or more"},
		{"ragged slice", [][]float64{pysalY, pysalY[:5]}, nbs, 1, "slice 1 has 5 values"},
		{"too few bins", [][]float64{{1}, {2}}, [][]geo.Neighbour{nil}, 1, "at least 3"},
		{"NaN value", [][]float64{pysalY, {1, 2, 3, math.NaN(), 5, 6}}, nbs, 1, "slice 1 value 3 is NaN"},
		{"bad index", [][]float64{{1, 2, 3}}, [][]geo.Neighbour{nil, nil, {{Index: 3, Weight: 1}}}, 0, "outside 0..2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.SpaceTimeGiStar(tt.cube, tt.nbs, tt.steps)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
}

func ExampleGiStar() {
	// PySAL esda's G_Local example: six points, neighbours within distance 15, binary
	// weights, each point its own neighbour.
	values := []float64{2, 3, 3.2, 5, 8, 7}
	nb := func(idx ...int) []geo.Neighbour {
		list := make([]geo.Neighbour, len(idx))
		for k, j := range idx {
			list[k] = geo.Neighbour{Index: j, Weight: 1}
		}
		return list
	}
	neighbours := [][]geo.Neighbour{nb(0, 1, 3), nb(0, 1, 3, 4), nb(2, 4), nb(0, 1, 3, 4), nb(1, 2, 3, 4, 5), nb(4, 5)}
	z, err := geo.GiStar(values, neighbours)
	if err != nil {
		panic(err)
	}
	for i := range z {
		p := geo.PValueTwoSided(z[i])
		fmt.Printf("%d z=%+.4f p=%.4f bin=%d\n", i, z[i], p, geo.GiBin(z[i], p))
	}
	// Output:
	// 0 z=-1.3973 p=0.1623 bin=0
	// 1 z=-0.2892 p=0.7724 bin=0
	// 2 z=+0.6506 p=0.5153 bin=0
	// 3 z=-0.2892 p=0.7724 bin=0
	// 4 z=+1.2345 p=0.2170 bin=0
	// 5 z=+2.0242 p=0.0429 bin=2
}

func ExampleSpaceTimeGiStar() {
	// Three cells in a row (each neighbouring the next) over three time slices; each bin's
	// neighbourhood also holds the same cells one slice earlier.
	spatial := [][]geo.Neighbour{
		{{Index: 0, Weight: 1}, {Index: 1, Weight: 1}},
		{{Index: 0, Weight: 1}, {Index: 1, Weight: 1}, {Index: 2, Weight: 1}},
		{{Index: 1, Weight: 1}, {Index: 2, Weight: 1}},
	}
	cube := [][]float64{{0, 1, 0}, {0, 2, 5}, {1, 3, 9}}
	z, err := geo.SpaceTimeGiStar(cube, spatial, 1)
	if err != nil {
		panic(err)
	}
	for t, slice := range z {
		fmt.Printf("slice %d: %+.3f\n", t, slice)
	}
	// By hand for the last bin: over all 9 bins X̄ = 21/9 and S = √(121/9 − X̄²) = √8; its
	// neighbourhood holds 2, 5, 3, 9, so z = (19 − 4X̄) / (√8 · √((9·4 − 4²)/8)) = 2.162.
	// Output:
	// slice 0: [-0.980 -1.414 -0.980]
	// slice 1: [-1.416 -1.414 -0.298]
	// slice 2: [-0.745 +1.414 +2.162]
}
