package geo

import (
	"fmt"
	"math"
	"sync"

	"github.com/uber/h3-go/v4"
)

// Kernel names how a neighbour's weight falls with its H3 grid distance from the focal cell.
type Kernel string

// The kernels KernelWeight knows. Their formulas are given there.
const (
	KernelUniform      Kernel = "uniform" // binary weights, as ArcGIS's fixed distance band
	KernelTriangular   Kernel = "triangular"
	KernelEpanechnikov Kernel = "epanechnikov"
	KernelGaussian     Kernel = "gaussian"
)

// MaxNeighbourRings is the largest k CellNeighbours accepts: a disk of k = 5 already holds 91
// cells.
const MaxNeighbourRings = 5

// ParseKernel returns the kernel named s, or an error naming the kernels there are.
func ParseKernel(s string) (Kernel, error) {
	switch k := Kernel(s); k {
	case KernelUniform, KernelTriangular, KernelEpanechnikov, KernelGaussian:
		return k, nil
	}
	return "", fmt.Errorf("unknown kernel %q: use %q, %q, %q or %q",
		s, KernelUniform, KernelTriangular, KernelEpanechnikov, KernelGaussian)
}

// KernelWeight returns the weight of a neighbour at grid distance ringDist (0 for the focal
// cell itself) in a neighbourhood of k rings (k ≥ 1).
//
// The bandwidth is h = k + 1, one ring beyond the outermost, so that every ring in the
// neighbourhood keeps a positive weight. With u = ringDist / h:
//
//	uniform       w = 1
//	triangular    w = 1 − u
//	epanechnikov  w = 1 − u²
//	gaussian      w = exp(−u²/2)
//
// The usual normalising constants (¾ for Epanechnikov, 1/√(2π) for the Gaussian) are left
// out: Gi* z-scores do not change when all weights are scaled alike. The weight is 0 for
// ringDist outside 0..k, and NaN for an unknown kernel or k < 1, which GiStar refuses.
func KernelWeight(kern Kernel, ringDist, k int) float64 {
	if k < 1 {
		return math.NaN()
	}
	if ringDist < 0 || ringDist > k {
		if _, err := ParseKernel(string(kern)); err != nil {
			return math.NaN()
		}
		return 0
	}
	u := float64(ringDist) / float64(k+1)
	switch kern {
	case KernelUniform:
		return 1
	case KernelTriangular:
		return 1 - u
	case KernelEpanechnikov:
		return 1 - u*u
	case KernelGaussian:
		return math.Exp(-u * u / 2)
	}
	return math.NaN()
}

// CellNeighbours returns, for each of cells, its Gi* neighbourhood: the cells of the study
// area within grid distance k of it (its k-ring disk, itself included), weighted by
// KernelWeight(kern, distance, k). Cells outside the given set are not neighbours, so cells at
// the edge of the study area have smaller neighbourhoods. Indices refer to positions in cells;
// each list holds the cell itself first, then the rings outwards.
//
// All cells must be valid, distinct and of one resolution; k must be 1..MaxNeighbourRings.
// The h3 disk look-ups dominate the cost and run on two goroutines: 100,000 cells at k = 2
// take about 65 ms.
func CellNeighbours(cells []h3.Cell, k int, kern Kernel) ([][]Neighbour, error) {
	if k < 1 || k > MaxNeighbourRings {
		return nil, fmt.Errorf("neighbourhood of %d rings: k must be 1..%d", k, MaxNeighbourRings)
	}
	if _, err := ParseKernel(string(kern)); err != nil {
		return nil, err
	}
	index, err := cellIndex(cells)
	if err != nil {
		return nil, err
	}
	weights := make([]float64, k+1)
	for d := range weights {
		weights[d] = KernelWeight(kern, d, k)
	}

	out := make([][]Neighbour, len(cells))
	half := len(cells) / 2
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); fillNeighbours(out[:half], cells[:half], index, k, weights) }()
	go func() { defer wg.Done(); fillNeighbours(out[half:], cells[half:], index, k, weights) }()
	wg.Wait()
	return out, nil
}

// fillNeighbours writes into out the neighbourhoods of cells, a part of the study area whose
// positions index gives, with weights[d] for grid distance d. The lists share one array.
func fillNeighbours(out [][]Neighbour, cells []h3.Cell, index map[h3.Cell]int, k int, weights []float64) {
	ends := make([]int, len(cells))
	flat := make([]Neighbour, 0, len(cells)*(1+3*k*(k+1))) // full disks: the interior's size
	for i, c := range cells {
		for d, ring := range h3.GridDiskDistances(c, k) {
			for _, nc := range ring {
				// Near pentagons h3 leaves zero cells in the disk; they are not in the index.
				if j, ok := index[nc]; ok {
					flat = append(flat, Neighbour{Index: j, Weight: weights[d]})
				}
			}
		}
		ends[i] = len(flat)
	}
	start := 0
	for i, end := range ends {
		out[i] = flat[start:end:end]
		start = end
	}
}

// cellIndex maps each cell to its position, checking that the cells are valid, distinct and of
// one resolution.
func cellIndex(cells []h3.Cell) (map[h3.Cell]int, error) {
	index := make(map[h3.Cell]int, len(cells))
	for i, c := range cells {
		if !c.IsValid() {
			return nil, fmt.Errorf("cell %d (%v) is not a valid h3 cell", i, c)
		}
		if res := c.Resolution(); res != cells[0].Resolution() {
			return nil, fmt.Errorf("cell %d (%v) has resolution %d but cell 0 (%v) has %d: all cells must have one resolution",
				i, c, res, cells[0], cells[0].Resolution())
		}
		if j, dup := index[c]; dup {
			return nil, fmt.Errorf("cell %d (%v) repeats cell %d", i, c, j)
		}
		index[c] = i
	}
	return index, nil
}
