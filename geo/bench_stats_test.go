package geo_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/placesafe/placesafe/geo"
	"github.com/uber/h3-go/v4"
)

// benchCells is the size of the benchmark study area.
const benchCells = 100_000

var (
	benchOnce       sync.Once
	benchArea       []h3.Cell
	benchNeighbours [][]geo.Neighbour
	benchValues     []float64
)

// benchSetup builds a contiguous study area of 100,000 res-9 cells around the City of London
// (the k=182 disk and part of ring 183, about 60 km across), its k=2 triangular neighbourhoods
// and random counts.
func benchSetup(b *testing.B) {
	b.Helper()
	benchOnce.Do(func() {
		centre, err := geo.CellAt(51.5138, -0.0940, 9)
		if err != nil {
			panic(err)
		}
		benchArea = centre.GridDisk(183)[:benchCells]
		if benchNeighbours, err = geo.CellNeighbours(benchArea, 2, geo.KernelTriangular); err != nil {
			panic(err)
		}
		rng := rand.New(rand.NewPCG(5, 6))
		benchValues = make([]float64, benchCells)
		for i := range benchValues {
			benchValues[i] = float64(rng.IntN(8))
		}
	})
}

func BenchmarkGiStar100kK2(b *testing.B) {
	benchSetup(b)
	for b.Loop() {
		if _, err := geo.GiStar(benchValues, benchNeighbours); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCellNeighbours100kK2(b *testing.B) {
	benchSetup(b)
	for b.Loop() {
		if _, err := geo.CellNeighbours(benchArea, 2, geo.KernelTriangular); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSpaceTimeGiStar100kK2x12 is a year of monthly slices with the previous month in
// each neighbourhood.
func BenchmarkSpaceTimeGiStar100kK2x12(b *testing.B) {
	benchSetup(b)
	cube := make([][]float64, 12)
	for t := range cube {
		cube[t] = benchValues
	}
	for b.Loop() {
		if _, err := geo.SpaceTimeGiStar(cube, benchNeighbours, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConfidenceBinsFDR100k(b *testing.B) {
	benchSetup(b)
	z, err := geo.GiStar(benchValues, benchNeighbours)
	if err != nil {
		b.Fatal(err)
	}
	p := make([]float64, len(z))
	for i := range z {
		p[i] = geo.PValueTwoSided(z[i])
	}
	for b.Loop() {
		if _, err := geo.ConfidenceBins(z, p, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMannKendall tests a weekly series of two years with ties.
func BenchmarkMannKendall(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, 104)
	for i := range x {
		x[i] = float64(rng.IntN(10) + i/20)
	}
	for b.Loop() {
		if _, err := geo.MannKendall(x); err != nil {
			b.Fatal(err)
		}
	}
}
