package evaluation

import (
	"math"
	"slices"

	"github.com/uber/h3-go/v4"
)

// Control matching. A suggested control is the set of cells outside the target and the buffer
// whose pre-period level and trend are closest to the target's, per cell:
//
//	level(c) = mean monthly count of c in the pre period
//	trend(c) = ordinary least-squares slope of c's monthly counts over the pre period
//	score(c) = |level(c) − level(T)| / sd(level) + |trend(c) − trend(T)| / sd(trend)
//
// where level(T) and trend(T) are those of the target's mean cell (its monthly counts divided
// by its number of cells) and the standard deviations are taken over the candidates (1 when
// zero). The n lowest scores are taken, n = max(3 × target cells, 5) or every candidate if
// fewer; ties go to the lower cell index, so the suggestion is deterministic.
//
// The monthly counts are the raw ones for a viewer with record-level access. The cells chosen
// are listed to every viewer, so for a viewer without it they are the figures that viewer is
// already shown (publishedPreSeries): each cell's share of its resolution-9 map cell's
// published months, for the target's cells and the candidates alike, candidates that share a
// map cell with the target left out (leaveOutTargetsMapCells).

// matchCount is how many control cells a suggestion takes for a target of n cells.
func matchCount(n, candidates int) int {
	return min(max(3*n, 5), candidates)
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// slope is the least-squares slope of x against 0, 1, 2, …
func slope(x []float64) float64 {
	n := float64(len(x))
	if n < 2 {
		return 0
	}
	mx, my := (n-1)/2, mean(x)
	var sxy, sxx float64
	for i, v := range x {
		dx := float64(i) - mx
		sxy += dx * (v - my)
		sxx += dx * dx
	}
	return sxy / sxx
}

func sd(x []float64) float64 {
	m := mean(x)
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	if len(x) == 0 || s == 0 {
		return 1
	}
	return math.Sqrt(s / float64(len(x)))
}

// suggestControl picks matched control cells for a target whose mean cell has the monthly
// series target, from candidates' series.
func suggestControl(target []float64, candidates map[h3.Cell][]float64, targetCells int) []h3.Cell {
	cells := make([]h3.Cell, 0, len(candidates))
	for c := range candidates {
		cells = append(cells, c)
	}
	slices.Sort(cells)
	levels, trends := make([]float64, len(cells)), make([]float64, len(cells))
	for i, c := range cells {
		levels[i], trends[i] = mean(candidates[c]), slope(candidates[c])
	}
	lt, tt := mean(target), slope(target)
	sl, st := sd(levels), sd(trends)
	idx := make([]int, len(cells))
	score := make([]float64, len(cells))
	for i := range cells {
		idx[i] = i
		score[i] = math.Abs(levels[i]-lt)/sl + math.Abs(trends[i]-tt)/st
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] < score[b]:
			return -1
		case score[a] > score[b]:
			return 1
		}
		return 0
	})
	out := make([]h3.Cell, 0, matchCount(targetCells, len(cells)))
	for _, i := range idx[:cap(out)] {
		out = append(out, cells[i])
	}
	slices.Sort(out)
	return out
}

// matchTarget picks the control for the target cells from series, which holds the monthly
// series of the target's cells and of the candidates (the target's are taken out of it).
func matchTarget(series map[h3.Cell][]float64, target []h3.Cell, months int) []h3.Cell {
	mean := make([]float64, months)
	for _, c := range target {
		for i, v := range series[c] {
			mean[i] += v / float64(len(target))
		}
		delete(series, c)
	}
	return suggestControl(mean, series, len(target))
}

// comparable reports whether a control's pre-period level per cell is within a factor of two
// of the target's (both zero counts as comparable) — the Maryland scale's "comparable
// control" as this service judges it; a suggested control is held to the same rule.
func comparable(targetPerCell, controlPerCell float64) bool {
	if targetPerCell == 0 && controlPerCell == 0 {
		return true
	}
	if targetPerCell == 0 || controlPerCell == 0 {
		return false
	}
	r := controlPerCell / targetPerCell
	return r >= 0.5 && r <= 2
}
