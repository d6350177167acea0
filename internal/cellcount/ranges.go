package cellcount

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// StoredRange is the range of stored resolution-15 cells under cell c: its resolution set to
// 15 and its finer digits from all 0 to all 7. Every stored cell under c lies in it and no
// other does, so a btree index on the stored column finds them, where the parent of every row
// (ParentSQL) must be computed before it can be compared.
func StoredRange(c h3.Cell) (lo, hi int64) {
	low := int64(1)<<(3*(geo.StorageRes-c.Resolution())) - 1
	base := (int64(c) &^ (int64(15) << 52)) | int64(geo.StorageRes)<<52
	return base &^ low, base | low
}

// InSQL is an SQL condition that holds when the stored cell in col lies under one of cells (of
// any resolutions), as ranges of col with their bounds written out, so that the planner reads
// each range's size from the column's statistics and chooses the index on (h3_cell, time) for
// a few cells.
func InSQL(col string, cells []h3.Cell) string {
	ranges := storedRanges(cells)
	if len(ranges) == 0 {
		return "false"
	}
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = fmt.Sprintf("%s BETWEEN %d AND %d", col, r.lo, r.hi)
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// storedRange is an inclusive range of stored cell indexes.
type storedRange struct{ lo, hi int64 }

// storedRanges are the ranges that hold the stored cells under cells, in order, those that
// meet joined. A cell whose digit is 6, the last a hexagon's children use, ends its range past
// the unused digit 7 (and so on up while its parents' digits are 6 too), so that the seven
// children of one parent make one range.
func storedRanges(cells []h3.Cell) []storedRange {
	ranges := make([]storedRange, 0, len(cells))
	for _, c := range cells {
		lo, hi := StoredRange(c)
		for res := c.Resolution(); res >= 1; res-- {
			shift := 3 * (geo.StorageRes - res)
			if (hi>>shift)&7 != 6 {
				break
			}
			hi |= 7 << shift
		}
		ranges = append(ranges, storedRange{lo, hi})
	}
	slices.SortFunc(ranges, func(a, b storedRange) int { return cmp.Compare(a.lo, b.lo) })
	var out []storedRange
	for _, r := range ranges {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}
