package cellcount

import (
	"context"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/uber/h3-go/v4"
)

// syntheticSnapshot holds rows summed rows spread evenly over ten years and cells distinct
// resolution-10 cells, with random filter codes and eight local areas (no database: the scan's
// cost alone).
func syntheticSnapshot(rows, cells int) *Snapshot {
	rng := rand.New(rand.NewPCG(1, 2))
	b := newBuilder(emptySnapshot())
	for i := range cells {
		c := h3.Cell(0x8a195da49a47fff + int64(i)<<12) // ids only: the scan never reads the cell
		b.next.cellID[c] = uint32(i)
		b.next.cells = append(b.next.cells, c)
	}
	for k := range loaded {
		for v := range 8 {
			_, _ = b.next.dict[k].codeOf([]byte(fmt.Sprint(v)))
		}
	}
	start := DayOf(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
	for range rows {
		cell := rng.IntN(cells)
		b.day = append(b.day, start+int32(rng.IntN(3653)))
		b.cell = append(b.cell, uint32(cell))
		b.n = append(b.n, 1)
		b.harm = append(b.harm, 1+rng.Float64())
		b.imp = append(b.imp, 0)
		for k := range Keys {
			b.key[k] = append(b.key[k], uint8(rng.IntN(8)))
		}
		// Eight local areas of contiguous cells; one cell in fifty lies on a boundary.
		a := cell * 8 / cells
		if cell%50 == 0 {
			a = rng.IntN(8)
		}
		b.key[areaCol] = append(b.key[areaCol], uint8(a))
	}
	b.next.impIDs = []int64{1}
	return b.build("bench", map[int64]bool{1: true})
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndexSum10M times one map request's sum over a 10,000,000-row index: a period of
// one year, two years and all ten, unfiltered, with a category filter and under an age scope,
// into 60,000 cells. The age scope's dense totals are built by the first request (not timed
// apart: b.Loop's first run includes it).
func BenchmarkIndexSum10M(b *testing.B) {
	s := syntheticSnapshot(10_000_000, 60_000)
	x := &Index{}
	target := make([]int32, len(s.cells))
	for i := range target {
		target[i] = int32(i)
	}
	from := DayOf(time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC))
	for _, years := range []int{1, 2, 10} {
		for _, filter := range []string{"none", "category", "age-scope"} {
			q := Query{From: from, To: from + int32(365*years)}
			if years == 10 {
				q.From = DayOf(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
				q.To = q.From + 3653
			}
			var noAge []int64
			switch filter {
			case "category":
				q.Filters = map[string][]string{"category": {"1", "4"}}
			case "age-scope": // as a map request under an age scope: a rule on the two bands, no-age records counted apart
				q.Keep = func(v, u string) bool { return v == "1" || v == "2" || u == "1" || u == "2" }
				q.NoAge = func(v, u string) bool { return v == "0" && u == "0" }
				noAge = make([]int64, len(target))
			}
			b.Run(fmt.Sprintf("years=%d/filter=%s", years, filter), func(b *testing.B) {
				count, value := make([]int64, len(target)), make([]float64, len(target))
				cpu := cpuTime()
				for b.Loop() {
					clear(count)
					clear(value)
					clear(noAge)
					if err := x.Sum(context.Background(), s, q, target, nil, 0, count, value, noAge); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time, not wall time, is what a request costs the machine's cores; on a
				// shared machine the two differ widely.
				b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// BenchmarkIndexAtoms10M times the atoms of a protected viewer's map request over the
// 10,000,000-row index (eight local areas): the whole deployment's atoms, the same split by
// local area (which reads the rows of the cells astride a boundary, whose dense totals mix
// areas), and one area's.
func BenchmarkIndexAtoms10M(b *testing.B) {
	s := syntheticSnapshot(10_000_000, 60_000)
	x := &Index{}
	atom := make([]int32, len(s.cells))
	for i := range atom {
		atom[i] = int32(i / 7) // about seven resolution-10 cells to a resolution-9 atom
	}
	atoms := len(s.cells)/7 + 1
	for _, years := range []int{1, 10} {
		for _, scope := range []string{"whole", "whole-by-area", "one-area"} {
			q := Query{From: DayOf(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))}
			q.To = q.From + int32(365*years)
			switch scope {
			case "whole-by-area":
				q.ByArea = true
			case "one-area":
				q.Areas, q.ByArea = []int64{3}, true
			}
			b.Run(fmt.Sprintf("years=%d/%s", years, scope), func(b *testing.B) {
				cpu := cpuTime()
				for b.Loop() {
					var n int64
					if err := x.Atoms(context.Background(), s, q, atom, atoms, func(_ time.Time, _ int32, c int64) { n += c }); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
